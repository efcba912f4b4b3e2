"""Sync through a shared folder: bundles, bad input (damaged, half-copied, newer, wrong passphrase,
folder gone), destruction reaching the folder, clones, PC codes, the CLI, the upgrade to 0002."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sync_harness import (
    PASSPHRASE,
    create,
    destroy,
    dump,
    edit,
    files_holding,
    make_org,
    make_replica,
    open_request,
    settle,
    sync,
)

from pdp_desk.services.sync import (
    SettingsRefused,
    SyncFailed,
    SyncSettings,
    confirmation_counts,
    confirmations,
    save_sync_settings,
    sync_folder,
    sync_settings,
    sync_status,
)
from pdp_desk.store import migrate, triggers
from pdp_desk.store.database import open_database
from pdp_desk.store.models import (
    DestructionAct,
    LocalState,
    Request,
    Subject,
    SyncPeer,
    SyncRow,
)
from pdp_desk.sync.bundle import Header, NewerBundle, read_all, write_bundle
from pdp_desk.sync.capture import local_rows
from pdp_desk.sync.folder import ROOT

DATA = Path(__file__).parent / "data"


@pytest.fixture
def shop(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    a = make_replica(tmp_path, "a")
    b = make_replica(tmp_path, "b", clock_offset_ms=-7_200_000)
    org = make_org(a)
    settle([a, b], share)
    yield a, b, org, share
    a.close()
    b.close()


def bundles(share: Path, device_id: str) -> list[Path]:
    return sorted((share / ROOT / device_id).glob("*.pdpsync"))


def subject_name(replica, subject_id):
    with replica.db.read() as session:
        row = session.get(Subject, subject_id)
        return None if row is None else row.full_name


def test_a_change_reaches_the_other_pc_and_each_pc_writes_only_its_own_folder(shop):
    a, b, (op, _), share = shop
    subject_id = create(a, op, "9001")
    report = sync(a, share)
    assert report.sent_rows >= 2 and not report.snapshot and report.bundle
    report = sync(b, share)
    assert report.bundles_applied == 1 and report.received_rows >= 2
    assert subject_name(b, subject_id) == "Маркерова Zq9001"
    assert {p.name for p in (share / ROOT).iterdir() if p.is_dir()} == {a.db.device_id, b.db.device_id}
    assert not list((share / ROOT).rglob("*.part"))
    # nothing new: no new bundle, nothing applied
    before = bundles(share, a.db.device_id)
    report = sync(a, share)
    assert report.bundle == "" and bundles(share, a.db.device_id) == before


def test_bundles_are_sealed_and_never_hold_plain_values(shop):
    a, _, (op, _), share = shop
    create(a, op, "9101")
    sync(a, share)
    newest = bundles(share, a.db.device_id)[-1]
    assert b"Zq9101" not in newest.read_bytes()
    header, rows = read_all(newest, PASSPHRASE)
    assert header.device_id == a.db.device_id
    assert any(r.values.get("full_name") == "Маркерова Zq9101" for r in rows)


def test_a_half_copied_or_damaged_bundle_is_skipped_and_applied_next_time(shop):
    a, b, (op, _), share = shop
    subject_id = create(a, op, "9201")
    sync(a, share)
    newest = bundles(share, a.db.device_id)[-1]
    whole = newest.read_bytes()
    newest.write_bytes(whole[: len(whole) // 2])          # a file-sync tool still copying it
    report = sync(b, share)
    assert [name for name, _ in report.skipped] == [newest.name]
    assert "cut short" in report.skipped[0][1] or "damaged" in report.skipped[0][1]
    assert subject_name(b, subject_id) is None            # nothing of it applied
    assert sync_status(b.db).last_result == "partial"
    flipped = bytearray(whole)
    flipped[len(whole) // 2] ^= 0xFF                       # an altered byte
    newest.write_bytes(bytes(flipped))
    assert sync(b, share).skipped
    newest.write_bytes(whole)                              # the copy completes
    report = sync(b, share)
    assert not report.skipped and subject_name(b, subject_id) == "Маркерова Zq9201"


def test_garbage_empty_and_foreign_files_in_the_folder(shop):
    a, b, _, share = shop
    own = share / ROOT / a.db.device_id
    (own / "000000000999-i-deadbeef.pdpsync").write_bytes(b"")
    (own / "000000001000-i-deadbeef.pdpsync").write_bytes(os.urandom(5000))
    (own / "notes.txt").write_text("a file someone left here")
    (share / ROOT / "not-a-device").mkdir()
    report = sync(b, share)
    assert len(report.skipped) == 1                      # the first bad one; the next waits behind it
    assert "not a PDP Desk sealed file" in report.skipped[0][1]


def test_a_bundle_from_a_newer_version_is_refused_with_a_clear_message(shop):
    a, b, _, share = shop
    with a.db.read() as session:
        header = Header(a.db.device_id, "a", a.db.device_code, None, 10**9, "2030-01-01T00:00:00", format=99)
        write_bundle(share / ROOT / a.db.device_id, header, local_rows(session, None), PASSPHRASE)
    report = sync(b, share)
    assert report.skipped and "newer version" in report.skipped[0][1]
    with pytest.raises(NewerBundle):
        read_all(bundles(share, a.db.device_id)[-1], PASSPHRASE)


def test_wrong_passphrase_changes_nothing(shop):
    a, _, (op, _), share = shop
    create(a, op, "9301")
    before = sorted(p.name for p in (share / ROOT).rglob("*"))
    with pytest.raises(SyncFailed) as raised:
        sync_folder(a.db, share, "not the passphrase")
    assert raised.value.code == "wrong_passphrase" and "passphrase" in raised.value.message
    assert sorted(p.name for p in (share / ROOT).rglob("*")) == before
    assert sync_status(a.db).changes_waiting > 0
    assert sync_status(a.db).last_result == "wrong_passphrase"


def test_a_folder_that_is_gone_then_back(shop, tmp_path):
    a, b, (op, _), share = shop
    moved = tmp_path / "unplugged"
    share.rename(moved)                                    # the USB stick is out
    subject_id = create(a, op, "9401")                     # work goes on
    with pytest.raises(SyncFailed) as raised:
        sync(a, share)
    assert raised.value.code == "folder_missing" and str(share) in raised.value.message
    assert not share.exists()                              # the sync did not make it up
    moved.rename(share)
    sync(a, share)
    sync(b, share)
    assert subject_name(b, subject_id) == "Маркерова Zq9401"


def test_no_passphrase_or_folder_is_a_clear_refusal(shop):
    a, _, _, share = shop
    with pytest.raises(SyncFailed) as raised:
        sync_folder(a.db, share, "")
    assert raised.value.code == "no_passphrase"
    with pytest.raises(SyncFailed) as raised:
        sync_folder(a.db, "", PASSPHRASE)
    assert raised.value.code == "no_folder"


def test_after_a_destruction_no_bundle_keeps_the_destroyed_data(shop, tmp_path):
    a, b, (op, staff), share = shop
    subject_id = create(a, op, "9501")
    request_id = open_request(a, subject_id)
    settle([a, b], share)
    edit(b, subject_id, "9502")
    sync(b, share)                                         # B's bundle now holds the new name too
    old_a, old_b = bundles(share, a.db.device_id), bundles(share, b.db.device_id)
    assert destroy(b, op, staff, subject_id)
    settle([a, b], share)
    for device, old in ((a.db.device_id, old_a), (b.db.device_id, old_b)):
        now = bundles(share, device)
        assert not set(old) & set(now)                     # every older bundle replaced
    values = ["Маркерова Zq9501", "Маркерова Zq9502", "zq.marker9501@example.kz"]
    for r in (a, b):
        r.db.checkpoint()
    assert files_holding([a.path, b.path], share, values) == []
    with a.db.read() as session:
        assert session.get(Request, request_id) is None
        act_id = session.scalar(select(DestructionAct.id))
        assert confirmation_counts(session, [act_id]) == {act_id: 2}
    assert {c.device_id for c in confirmations(a.db, act_id)} == {a.db.device_id, b.db.device_id}
    assert dump(a) == dump(b)


def test_a_forgotten_old_bundle_put_back_does_not_bring_destroyed_data_back(shop, tmp_path):
    a, b, (op, staff), share = shop
    subject_id = create(a, op, "9601")
    sync(a, share)
    stick = tmp_path / "stick"
    shutil.copytree(share / ROOT / a.db.device_id, stick)  # a copy of A's bundles, made before
    assert destroy(a, op, staff, subject_id)
    settle([a, b], share)
    for old in stick.iterdir():                            # someone copies the old bundles back
        shutil.copy(old, share / ROOT / a.db.device_id / old.name)
    with b.db.session() as session:                        # and B has forgotten it applied them
        for peer in session.scalars(select(SyncPeer)):
            peer.applied_seq = 0
    sync(b, share)
    assert subject_name(b, subject_id) is None


def test_a_cloned_database_takes_a_new_identity(shop, tmp_path):
    a, b, (op, _), share = shop
    a.db.checkpoint()
    clone_path = tmp_path / "clone.sqlite"
    shutil.copy(a.path, clone_path)                        # the shop copies PC A's file to a new PC
    clone = open_database(clone_path)
    try:
        assert clone.device_id == a.db.device_id
        create(a, op, "9701")
        sync(a, share)
        report = sync_folder(clone, share, PASSPHRASE)
        assert report.reidentified
        assert clone.device_id != a.db.device_id and clone.device_code != a.db.device_code
        assert not sync(a, share).reidentified              # the original keeps its identity
        sync_folder(clone, share, PASSPHRASE)
        assert {p.name for p in (share / ROOT).iterdir() if p.is_dir()} == {
            a.db.device_id, b.db.device_id, clone.device_id}
        with clone.read() as session:
            assert session.get(LocalState, "device_id").value == clone.device_id
    finally:
        clone.close()


def test_two_pcs_with_the_same_code_end_with_different_codes(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    a, b = make_replica(tmp_path, "a"), make_replica(tmp_path, "b")
    try:
        with b.db.session() as session:
            session.get(LocalState, "device_code").value = a.db.device_code
        b.db.device_code = a.db.device_code
        settle([a, b], share)
        codes = []
        for r in (a, b):
            with r.db.read() as session:
                codes.append(session.get(LocalState, "device_code").value)
        assert codes[0] != codes[1]
        loser = a if a.db.device_id > b.db.device_id else b
        assert loser.db.device_code != (b if loser is a else a).db.device_code
    finally:
        a.close()
        b.close()


def test_status_counts_changes_waiting_and_the_last_sync(shop):
    a, _, (op, _), share = shop
    assert sync_status(a.db).changes_waiting == 0
    create(a, op, "9801")
    status = sync_status(a.db)
    assert status.changes_waiting >= 2 and status.last_result == "ok" and status.peers == 1
    sync(a, share)
    assert sync_status(a.db).changes_waiting == 0


def test_the_cli_syncs_for_a_scheduled_task(shop):
    a, b, (op, _), share = shop
    subject_id = create(a, op, "9901")
    a.close()
    b.close()
    env = {**os.environ, "PDP_DESK_SYNC_PASSPHRASE": PASSPHRASE}
    run = [sys.executable, "-m", "pdp_desk"]
    done = subprocess.run(run + ["sync", "--db", str(a.path), "--folder", str(share)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Synced through" in done.stdout
    done = subprocess.run(run + ["sync", "--db", str(b.path), "--folder", str(share)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    db = open_database(b.path)
    try:
        with db.read() as session:
            assert session.get(Subject, subject_id) is not None
    finally:
        db.close()
    done = subprocess.run(run + ["sync", "--db", str(a.path), "--folder", str(share / "gone")], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1 and "not available" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run(run + ["sync", "--db", str(a.path), "--folder", str(share)],
                          env={k: v for k, v in env.items() if k != "PDP_DESK_SYNC_PASSPHRASE"},
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2 and "passphrase" in done.stderr
    done = subprocess.run(run + ["sync", "--db", str(a.path) + ".missing", "--folder", str(share)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 3


def test_settings_keep_the_folder_and_passphrase_on_this_pc(shop):
    a, _, _, share = shop
    save_sync_settings(a.db, SyncSettings(folder=str(share), passphrase=PASSPHRASE, auto_minutes=15),
                       device_name="  Касса   2 ")
    from pdp_desk.services.sync import sync_settings

    kept = sync_settings(a.db)
    assert kept.folder == str(share) and kept.auto_minutes == 15
    assert sync_status(a.db).device_name == "Касса 2"
    with pytest.raises(ValueError):
        save_sync_settings(a.db, SyncSettings(auto_minutes=-1))


@pytest.mark.parametrize("settings, code", [
    (SyncSettings(auto_minutes=-1), "minutes_range"),
    (SyncSettings(auto_minutes=1441), "minutes_range"),
    (SyncSettings(folder="relative\\share"), "folder_relative"),
    (SyncSettings(folder="C:share"), "folder_relative"),
    (SyncSettings(folder="\\\\server\\sh\tare\\pdp"), "folder_invalid"),
    (SyncSettings(folder="file:///srv/share"), "folder_is_url"),
    (SyncSettings(hub_url="mysql://shop@server/pdp"), "hub_url_invalid"),
    (SyncSettings(hub_url="postgresql://shop@server:5432"), "hub_url_invalid"),
    (SyncSettings(hub_url="postgresql://" + "x" * 2000 + "/pdp"), "hub_url_invalid"),
    (SyncSettings(passphrase="  short  "), "passphrase_short"),
    (SyncSettings(passphrase="p" * 1025), "passphrase_long"),
])
def test_settings_that_could_never_work_are_refused_and_nothing_is_saved(shop, settings, code):
    a, _, _, share = shop
    save_sync_settings(a.db, SyncSettings(folder=str(share), passphrase=PASSPHRASE, auto_minutes=15))
    before = sync_settings(a.db)
    with pytest.raises(SettingsRefused) as refused:
        save_sync_settings(a.db, settings, device_name="Касса 9")
    assert refused.value.code == code
    assert sync_settings(a.db) == before and sync_status(a.db).device_name != "Касса 9"


def test_a_network_folder_a_drive_and_a_hub_address_are_taken(shop):
    a, _, _, _ = shop
    for folder in ("\\\\server\\share\\pdp", "D:\\pdp", "/mnt/share"):
        save_sync_settings(a.db, SyncSettings(folder=folder, hub_url="postgres://shop:pw@hub.local:5432/pdp"))
        assert sync_settings(a.db).folder == folder


def test_upgrade_from_the_first_schema_keeps_data_and_captures_changes(tmp_path):
    copy = tmp_path / "old.sqlite"
    shutil.copy(DATA / "schema-0001.sqlite", copy)
    db = open_database(copy)
    try:
        with db.engine.connect() as connection:
            assert migrate.current_revision(connection) == "0002"
            present = triggers.existing(connection)
        assert {s.split()[5] for s in triggers.statements()} <= present
        with db.read() as session:
            names = session.scalars(select(Subject.full_name)).all()
            assert "Әлия Нұрланқызы Сейітова" in names
            backfilled = session.scalars(select(SyncRow).where(SyncRow.tbl == "subject")).all()
            assert len(backfilled) == len(names)
            rows = list(local_rows(session, None))
        assert {r.table for r in rows} >= {"subject"}
        with db.session() as session:
            subject = session.scalars(select(Subject)).first()
            subject.note = "after the upgrade"
        with db.read() as session:
            changed = [r for r in local_rows(session, 1) if r.table == "subject"]
        assert [r.values["note"] for r in changed] == ["after the upgrade"]
    finally:
        db.close()
    connection = sqlite3.connect(copy)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()


def test_the_same_folder_under_another_path_is_still_known(shop, tmp_path):
    """A USB stick that comes back under another drive letter: no false clone, no new code."""
    a, _, (op, _), share = shop
    elsewhere = tmp_path / "other-letter"
    share.rename(elsewhere)
    device, code = a.db.device_id, a.db.device_code
    create(a, op, "9951")
    report = sync(a, elsewhere)
    assert not report.reidentified and not report.snapshot and report.sent_rows >= 2
    assert (a.db.device_id, a.db.device_code) == (device, code)


def test_a_person_who_withdraws_everything_on_two_pcs_at_once_is_due_on_both(shop):
    """The destruction date is worked out on each PC from the merged data, never sent: withdrawn
    on A (delivery) and on B (marketing) before they sync, the person is due on both after it.
    (Sent with last-writer-wins, each PC's date, computed before the other's withdrawal arrived,
    would say "not yet": the person would never be offered for destruction.)"""
    from datetime import timedelta

    from sync_harness import NOW

    from pdp_desk.services import destruction
    from pdp_desk.services.consents import record_consent, withdraw_consent
    from pdp_desk.services.retention import next_destruction_date

    a, b, (operator_id, _), share = shop
    person = create(a, operator_id, "7001")
    with a.db.session() as session:
        for purpose in ("delivery", "marketing"):
            record_consent(session, person, purpose, given_at=NOW - timedelta(days=30), channel="website",
                           evidence="form-17", actor="test")
    settle([a, b], share)
    with a.db.session() as session:
        withdraw_consent(session, person, ["delivery"], at=NOW - timedelta(days=2), channel="email",
                         evidence="письмо", actor="test")
    with b.db.session() as session:
        withdraw_consent(session, person, ["marketing"], at=NOW - timedelta(days=1), channel="paper",
                         evidence="заявление", actor="test")
    for replica in (a, b):   # each alone: the other purpose still holds (open-ended, or a term ahead)
        with replica.db.read() as session:
            alone = session.get(Subject, person).destroy_after
            assert alone is None or alone > (NOW + timedelta(days=300)).date()
    with a.db.read() as session:
        cells_waiting = session.execute(select(SyncRow).where(SyncRow.tbl == "subject")).all()
    assert cells_waiting   # (the subject row itself travels; its destruction date does not)
    settle([a, b], share)
    today = (NOW + timedelta(days=1)).date()
    for replica in (a, b):
        with replica.db.read() as session:
            assert session.get(Subject, person).destroy_after == (NOW - timedelta(days=1)).date()
            assert next_destruction_date(session, person, today) == (NOW - timedelta(days=1)).date()
            assert person in {c.subject_id for c in destruction.candidates(session, today)}
    assert dump(a)["subject"] == dump(b)["subject"]


def test_a_destruction_date_alone_is_not_a_change_to_send(shop):
    a, b, (operator_id, _), share = shop
    person = create(a, operator_id, "7002")
    settle([a, b], share)
    with a.db.read() as session:
        before = session.execute(select(SyncRow.seq).where(SyncRow.tbl == "subject", SyncRow.row_id == person)).scalar()
    with a.db.session() as session:   # as services.retention writes it: the column alone
        session.execute(text("UPDATE subject SET destroy_after = '2031-01-01' WHERE id = :id"), {"id": person})
    with a.db.read() as session:
        after = session.execute(select(SyncRow.seq).where(SyncRow.tbl == "subject", SyncRow.row_id == person)).scalar()
        assert not any(r.values and "destroy_after" in r.values for r in local_rows(session, None))
    assert after == before
