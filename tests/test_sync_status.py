"""The sync core's bookkeeping around a sync: one transaction and one journal entry for a hub
pull, what the status bar counts, what "destroyed here" means, the note on PCs that use only one
place, and the public helpers the hub uses (issue 6, second round)."""
from __future__ import annotations

import ast
import hashlib
import hmac
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sync_harness import (
    PASSPHRASE,
    create,
    destroy,
    live_subjects,
    make_org,
    make_replica,
    sync,
)

from pg_server import hub_url, pg_server  # noqa: F401  (fixtures)
from pdp_desk.services import sync as sync_service
from pdp_desk.services.sync_hub import sync_hub
from pdp_desk.store.models import AuditEntry
from pdp_desk.store.sealed import passphrase_check
from pdp_desk.sync import capture, identity
from pdp_desk.sync.hub import Hub, HubError

SRC = Path(__file__).resolve().parents[1] / "src" / "pdp_desk"


@pytest.fixture
def pcs(tmp_path):
    made = [make_replica(tmp_path, name) for name in ("a", "b", "c")]
    yield made
    for replica in made:
        replica.close()


def journal(replica, action: str) -> int:
    with replica.db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action))


def small_pages(monkeypatch, rows_per_page: int = 7, fail_after: int | None = None) -> None:
    """The hub's snapshot in small pages (many pages from a small register), optionally losing
    the connection after `fail_after` pages."""
    original = Hub.snapshot

    def snapshot(self, rows_per_page_=rows_per_page):
        for n, page in enumerate(original(self, rows_per_page_)):
            if fail_after is not None and n == fail_after:
                raise HubError("hub_lost", "The connection to the hub was lost (test).")
            yield page

    monkeypatch.setattr(Hub, "snapshot", snapshot)


# --- 1. a hub pull: one transaction, one journal entry -------------------------------------------


def test_a_first_sync_through_the_hub_writes_one_journal_entry_however_many_pages(pcs, hub_url, monkeypatch):  # noqa: F811
    a, b, _ = pcs
    op, _ = make_org(a)
    people = [create(a, op, f"31{i:02d}") for i in range(12)]
    sync_hub(a.db, hub_url, PASSPHRASE)
    small_pages(monkeypatch)
    report = sync_hub(b.db, hub_url, PASSPHRASE)
    assert report.received_rows > 3 * 7        # several pages of 7 rows
    assert live_subjects(b) == sorted(people)
    assert journal(b, "sync.apply") == 1


def test_a_hub_lost_in_the_middle_of_the_first_pull_leaves_nothing_half_applied(pcs, hub_url, monkeypatch):  # noqa: F811
    a, b, _ = pcs
    op, _ = make_org(a)
    people = [create(a, op, f"32{i:02d}") for i in range(12)]
    sync_hub(a.db, hub_url, PASSPHRASE)
    small_pages(monkeypatch, fail_after=3)
    with pytest.raises(sync_service.SyncFailed) as failed:
        sync_hub(b.db, hub_url, PASSPHRASE)
    assert failed.value.code == "hub_lost"
    assert live_subjects(b) == [] and journal(b, "sync.apply") == 0
    monkeypatch.undo()
    sync_hub(b.db, hub_url, PASSPHRASE)          # the next sync reads it all again
    assert live_subjects(b) == sorted(people)
    assert journal(b, "sync.apply") == 1


def test_the_hub_snapshot_comes_in_key_order(pcs, hub_url):  # noqa: F811
    """SQLite inserts in key order are much cheaper than scattered ones (a 100,000-subject join)."""
    a, _, _ = pcs
    op, _ = make_org(a)
    for i in range(30):
        create(a, op, f"33{i:02d}")
    sync_hub(a.db, hub_url, PASSPHRASE)
    with Hub.connect(hub_url, PASSPHRASE) as hub:
        keys = [(row.table, row.row_id) for page in hub.snapshot(rows_per_page=11) for row in page.rows]
    assert keys == sorted(keys) and len(keys) > 30


# --- 2. changes waiting: the places set now ---------------------------------------------------------


def test_waiting_changes_count_against_the_places_set_now_not_every_place_ever_used(pcs, tmp_path):
    a, _, _ = pcs
    old, new = tmp_path / "old-share", tmp_path / "new-share"
    old.mkdir()
    new.mkdir()
    op, _ = make_org(a)
    sync_service.save_sync_settings(a.db, sync_service.SyncSettings(folder=str(old), passphrase=PASSPHRASE))
    sync(a, old)                                   # tried once, then given up for another folder
    create(a, op, "3401")
    sync_service.save_sync_settings(a.db, sync_service.SyncSettings(folder=str(new), passphrase=PASSPHRASE))
    assert sync_service.sync_status(a.db).changes_waiting > 0   # never synced with the new one
    sync(a, new)
    assert sync_service.sync_status(a.db).changes_waiting == 0
    create(a, op, "3402")
    assert sync_service.sync_status(a.db).changes_waiting > 0


def test_counting_waiting_changes_reads_an_index_range_not_the_whole_table(pcs):
    a, _, _ = pcs
    plans: list[str] = []
    with a.db.read() as session:
        raw = capture._raw(session)
        statements: list[str] = []
        raw.set_trace_callback(statements.append)
        try:
            capture.changes_waiting(session, 5)
        finally:
            raw.set_trace_callback(None)
        for sql in statements:
            if "sync_row" in sql:
                plans += [row[-1] for row in raw.execute("EXPLAIN QUERY PLAN " + sql)]
    assert plans and all(plan.startswith("SEARCH") for plan in plans), plans


# --- 3. "destroyed here": only subjects this PC had ----------------------------------------------------


def test_a_new_pc_is_not_told_it_destroyed_people_it_never_had(pcs, tmp_path):
    a, b, c = pcs
    share = tmp_path / "share"
    share.mkdir()
    op, staff = make_org(a)
    doomed = create(a, op, "3501")
    sync(a, share)
    sync(b, share)                                   # B had the person
    assert destroy(a, op, staff, doomed)
    sync(a, share)
    assert sync(b, share).destroyed == 1
    report = sync(c, share)                          # C never had them
    assert report.destroyed == 0
    assert live_subjects(c) == []
    assert sync(c, share).destroyed == 0


# --- 4. public helpers ---------------------------------------------------------------------------------


def test_sync_modules_import_no_private_name_of_another_module():
    files = [*sorted((SRC / "sync").glob("*.py")), SRC / "services" / "sync.py", SRC / "services" / "sync_hub.py",
             SRC / "gui" / "settings_sync.py"]
    private = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pdp_desk"):
                module = node.module.rsplit(".", 1)[-1]
                own = path.stem == module or (path.parent.name == "sync" and module == "capture"
                                              and path.stem == "merge")
                private += [f"{path.name}: {node.module}.{a.name}" for a in node.names
                            if a.name.startswith("_") and not own]
    assert private == []


def test_the_hub_passphrase_check_is_the_same_value_as_before_and_tells_a_wrong_passphrase():
    salt = bytes(range(16))
    key = hashlib.scrypt(PASSPHRASE.encode(), salt=salt, n=1 << 15, r=8, p=1, dklen=32, maxmem=64 << 20)
    label = b"pdp-desk hub key check"
    assert passphrase_check(PASSPHRASE, salt, label) == hmac.new(key, label, "sha256").digest()
    assert passphrase_check(PASSPHRASE + "x", salt, label) != passphrase_check(PASSPHRASE, salt, label)


# --- 5. PCs that use only one place --------------------------------------------------------------------


def test_a_pc_using_both_places_names_the_pcs_that_use_only_one(pcs, tmp_path, hub_url):  # noqa: F811
    a, b, c = pcs
    share = tmp_path / "share"
    share.mkdir()
    for replica, name in ((a, "Касса"), (b, "Склад"), (c, "Офис")):
        with replica.db.session() as session:
            identity.set_device_name(session, name)
    op, _ = make_org(a)
    sync(a, share)                                       # A: the folder only
    sync_hub(b.db, hub_url, PASSPHRASE)                  # B: the hub only
    sync_service.save_sync_settings(c.db, sync_service.SyncSettings(folder=str(share), hub_url=hub_url,
                                                                    passphrase=PASSPHRASE))
    sync(c, share)
    sync_hub(c.db, hub_url, PASSPHRASE)
    assert sync_service.sync_status(c.db).one_place_pcs == ("Касса", "Склад")
    # What the note is about: B never receives what A wrote, even through C.
    person = create(a, op, "3601")
    sync(a, share)
    sync(c, share)
    sync_hub(c.db, hub_url, PASSPHRASE)
    sync_hub(b.db, hub_url, PASSPHRASE)
    assert person in live_subjects(c) and person not in live_subjects(b)
    # Every PC on both places: no note.
    for replica in (a, b):
        sync(replica, share)
        sync_hub(replica.db, hub_url, PASSPHRASE)
    sync(c, share)
    sync_hub(c.db, hub_url, PASSPHRASE)
    assert sync_service.sync_status(c.db).one_place_pcs == ()


def test_settings_show_the_note_on_pcs_that_use_only_one_place(pcs, tmp_path, hub_url, qapp):  # noqa: F811
    from pdp_desk.gui.settings_sync import SyncSection

    a, b, c = pcs
    share = tmp_path / "share"
    share.mkdir()
    for replica, name in ((a, "Касса"), (b, "Склад")):
        with replica.db.session() as session:
            identity.set_device_name(session, name)
    sync(a, share)
    sync_hub(b.db, hub_url, PASSPHRASE)
    section = SyncSection(c.db)
    section.refresh()
    assert section.relay_note.isHidden()
    sync_service.save_sync_settings(c.db, sync_service.SyncSettings(folder=str(share), hub_url=hub_url,
                                                                    passphrase=PASSPHRASE))
    sync(c, share)
    sync_hub(c.db, hub_url, PASSPHRASE)
    section.refresh()
    assert not section.relay_note.isHidden()
    assert "Касса, Склад" in section.relay_note.text()
    section.deleteLater()
