"""Sealed files (sync bundles, backups): round trip, wrong passphrase, damage, truncation."""
from __future__ import annotations

import io

import pytest

from pdp_desk.store import sealed


@pytest.mark.parametrize("size", [0, 1, sealed.CHUNK - 1, sealed.CHUNK, sealed.CHUNK * 2 + 17])
def test_round_trip_of_any_size(size):
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    blob = sealed.seal_bytes(data, "кофе 2026")
    assert size < 64 or data[:64] not in blob  # the plain text does not show through
    assert sealed.open_bytes(blob, "кофе 2026") == data


def test_each_seal_differs_and_the_passphrase_is_unicode_normalised():
    a, b = sealed.seal_bytes(b"same", "й"), sealed.seal_bytes(b"same", "й")
    assert a != b  # fresh salt and nonce every time
    assert sealed.open_bytes(a, "и\u0306") == b"same"  # NFD of "й" opens it too


def test_wrong_passphrase_is_told_apart_from_damage():
    blob = sealed.seal_bytes(b"secret" * 1000, "right")
    with pytest.raises(sealed.WrongPassphrase):
        sealed.open_bytes(blob, "wrong")
    damaged = bytearray(blob)
    damaged[-40] ^= 1
    with pytest.raises(sealed.DamagedFile):
        sealed.open_bytes(bytes(damaged), "right")


def test_every_truncation_and_extension_is_refused():
    blob = sealed.seal_bytes(b"a" * (sealed.CHUNK + 100), "p")
    for cut in (0, 3, 7, 20, 50, len(blob) // 2, len(blob) - 1):
        with pytest.raises(sealed.DamagedFile):
            sealed.open_bytes(blob[:cut], "p")
    with pytest.raises(sealed.DamagedFile):
        sealed.open_bytes(blob + b"\0", "p")
    # dropping the last chunk whole is noticed: the first chunk was not marked last
    h = sealed._HEADER.size
    first_len = int.from_bytes(blob[h:h + 4], "big")
    with pytest.raises(sealed.DamagedFile):
        sealed.open_bytes(blob[: h + 4 + first_len], "p")


def test_garbage_and_newer_versions_get_their_own_errors():
    with pytest.raises(sealed.DamagedFile):
        sealed.open_bytes(b"SQLite format 3\0" + b"\0" * 100, "p")
    blob = bytearray(sealed.seal_bytes(b"x", "p"))
    blob[7] = sealed.VERSION + 1
    with pytest.raises(sealed.NewerFormat):
        sealed.open_bytes(bytes(blob), "p")
    blob = bytearray(sealed.seal_bytes(b"x", "p"))
    blob[8] = 40  # scrypt n = 2**40 would eat all memory: refused before deriving
    with pytest.raises(sealed.DamagedFile):
        sealed.open_bytes(bytes(blob), "p")


def test_empty_passphrase_cannot_seal():
    with pytest.raises(ValueError):
        sealed.seal_stream(io.BytesIO(b"x"), io.BytesIO(), "")


def test_files_are_written_whole_or_not_at_all(tmp_path):
    source = tmp_path / "plain.bin"
    source.write_bytes(b"data" * 100_000)
    target = tmp_path / "sealed.bin"
    sealed.seal_file(source, target, "p")
    back = tmp_path / "back.bin"
    sealed.open_file(target, back, "p")
    assert back.read_bytes() == source.read_bytes()
    with pytest.raises(sealed.WrongPassphrase):
        sealed.open_file(target, tmp_path / "nothing.bin", "q")
    assert not (tmp_path / "nothing.bin").exists()
    assert not (tmp_path / "nothing.bin.part").exists()
