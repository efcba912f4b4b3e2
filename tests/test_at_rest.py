"""Secrets kept on this PC (the sync passphrase, the hub's address) sealed for the Windows user.

DPAPI is what this machine (Linux) lacks: it is replaced by a stand-in that seals per "user";
everything around it is real (the database file, its WAL, the services that save and read the
settings). On Windows the last test runs the real CryptProtectData.
"""
from __future__ import annotations

import sqlite3
import sys
from contextlib import closing

import pytest

from pdp_desk.services import backups
from pdp_desk.services.sync import SyncSettings, save_sync_settings, sync_settings
from pdp_desk.store import at_rest

PASSPHRASE = "кофе и круассаны 2026"
HUB = "postgresql://shop:S3cret-pw@hub.local/pdp"


class FakeDpapi:
    """Seals with a key of the current 'Windows user'; another user's blob does not open."""

    def __init__(self):
        self.user = b"user-1"

    def _xor(self, data: bytes) -> bytes:
        key = (self.user * (len(data) // len(self.user) + 1))[:len(data)]
        return bytes(a ^ b for a, b in zip(data, key))

    def protect(self, data: bytes) -> bytes:
        return self.user + b"|" + self._xor(data)

    def unprotect(self, blob: bytes) -> bytes:
        owner, _, body = blob.partition(b"|")
        if owner != self.user:
            raise OSError(13, "the data was sealed by another user")
        return self._xor(body)


@pytest.fixture
def dpapi(monkeypatch):
    fake = FakeDpapi()
    monkeypatch.setattr(at_rest, "_dpapi", lambda: (fake.protect, fake.unprotect))
    return fake


def _stored(db, key):
    with closing(sqlite3.connect(db.path)) as raw:
        row = raw.execute("SELECT value FROM local_state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _file_bytes(db) -> bytes:
    return b"".join(p.read_bytes() for p in (db.path, db.path.with_name(db.path.name + "-wal")) if p.exists())


def test_the_passphrase_and_the_hub_address_are_sealed_and_read_back(db, dpapi):
    save_sync_settings(db, SyncSettings(hub_url=HUB, passphrase=PASSPHRASE))
    assert _stored(db, "sync.passphrase").startswith(at_rest.PREFIX)
    assert _stored(db, "sync.hub_url").startswith(at_rest.PREFIX)
    for secret in (PASSPHRASE, HUB, "S3cret-pw"):
        assert secret.encode("utf-8") not in _file_bytes(db), secret
    settings = sync_settings(db)
    assert (settings.passphrase, settings.hub_url) == (PASSPHRASE, HUB)
    with db.session() as session:
        backups.set_passphrase(session, "другая фраза-пароль")
    with db.read() as session:
        assert backups.passphrase_of(session) == "другая фраза-пароль"
        assert backups.settings(session).passphrase_set
    db.checkpoint()
    assert "другая фраза-пароль".encode("utf-8") not in _file_bytes(db)


def test_a_value_sealed_by_another_user_reads_as_not_set(db, dpapi, monkeypatch):
    save_sync_settings(db, SyncSettings(hub_url=HUB, passphrase=PASSPHRASE))
    dpapi.user = b"user-2"   # the file copied to another PC, or opened by another Windows user
    monkeypatch.delenv(backups.PASSPHRASE_ENV, raising=False)
    settings = sync_settings(db)
    assert (settings.passphrase, settings.hub_url) == ("", "")
    with db.read() as session:
        assert backups.passphrase_of(session) is None and not backups.settings(session).passphrase_set
    save_sync_settings(db, SyncSettings(hub_url=HUB, passphrase=PASSPHRASE))   # typed again: works
    assert sync_settings(db).passphrase == PASSPHRASE


def test_values_saved_plain_by_an_older_version_still_read(db, dpapi):
    with closing(sqlite3.connect(db.path)) as raw, raw:
        raw.execute("INSERT INTO local_state (key, value) VALUES ('sync.passphrase', ?)", (PASSPHRASE,))
    assert sync_settings(db).passphrase == PASSPHRASE


def test_a_seal_that_does_not_open_again_is_not_trusted(db, monkeypatch):
    monkeypatch.setattr(at_rest, "_dpapi", lambda: (lambda data: b"garbage", lambda blob: b"other"))
    save_sync_settings(db, SyncSettings(passphrase=PASSPHRASE))
    assert _stored(db, "sync.passphrase") == PASSPHRASE   # kept as before rather than lost
    assert sync_settings(db).passphrase == PASSPHRASE


def test_without_dpapi_values_stay_plain_and_a_windows_seal_reads_as_absent(db, monkeypatch):
    monkeypatch.setattr(at_rest, "_dpapi", lambda: None)
    save_sync_settings(db, SyncSettings(passphrase=PASSPHRASE))
    assert _stored(db, "sync.passphrase") == PASSPHRASE
    assert at_rest.unseal(at_rest.PREFIX + "AAAA") is None
    assert at_rest.unseal(at_rest.PREFIX + "not base64 at all!") is None
    assert at_rest.unseal("") == "" and at_rest.unseal(None) is None


@pytest.mark.skipif(sys.platform != "win32", reason="the real DPAPI is Windows'")
def test_windows_dpapi_round_trip():
    sealed = at_rest.seal(PASSPHRASE)
    assert sealed.startswith(at_rest.PREFIX) and PASSPHRASE not in sealed
    assert at_rest.unseal(sealed) == PASSPHRASE
    assert at_rest.unseal(at_rest.PREFIX + "AAAA") is None


def test_secrets_saved_plain_by_an_older_version_are_sealed_at_the_next_open(db_path, dpapi):
    from pdp_desk.store.database import open_database

    first = open_database(db_path)
    first.close()
    with closing(sqlite3.connect(db_path)) as raw, raw:
        raw.execute("INSERT INTO local_state (key, value) VALUES ('sync.passphrase', ?), ('sync.hub_url', ?)",
                    (PASSPHRASE, HUB))
    again = open_database(db_path)
    try:
        assert PASSPHRASE.encode("utf-8") not in db_path.read_bytes()   # out of the main file while it is open
        assert _stored(again, "sync.passphrase").startswith(at_rest.PREFIX)
        assert _stored(again, "sync.hub_url").startswith(at_rest.PREFIX)
        settings = sync_settings(again)
        assert (settings.passphrase, settings.hub_url) == (PASSPHRASE, HUB)
    finally:
        again.close()
    # closed (its WAL checkpointed, secure_delete on): the plain text is in neither file
    for secret in (PASSPHRASE, HUB):
        assert secret.encode("utf-8") not in _file_bytes(again), secret


def test_a_dpapi_that_raises_anything_keeps_the_value_plain_and_reads_as_not_set(db, monkeypatch):
    def broken(_data):
        raise TypeError("argument 1: wrong type")   # as ctypes.ArgumentError would
    monkeypatch.setattr(at_rest, "_dpapi", lambda: (broken, broken))
    save_sync_settings(db, SyncSettings(passphrase=PASSPHRASE))
    assert sync_settings(db).passphrase == PASSPHRASE
    assert at_rest.unseal(at_rest.PREFIX + "AAAA") is None
