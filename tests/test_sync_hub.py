"""The PostgreSQL hub (sync.hub) on a real PostgreSQL server started by the tests (pg_server.py).

The merge rule in SQL is checked against `Cell.wins_over` on random cells; destruction on the hub
removes every cell of the subject and refuses later ones; concurrent pushes never let a puller
skip a row; a hub that is down, refuses the password, lacks the database or is newer is reported
with a code.
"""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pg_server import hub_url, pg_server  # noqa: F401  (fixtures)
from sync_harness import (
    PASSPHRASE,
    consent,
    create,
    destroy,
    dump,
    edit,
    files_holding,
    live_subjects,
    make_org,
    make_replica,
    open_request,
    request_step,
)
from sync_harness import sync as sync_through_folder

from pdp_desk.services.sync import SyncFailed
from pdp_desk.services.sync_hub import sync_hub
from pdp_desk.sync import hub as hub_module
from pdp_desk.sync.cells import Cell
from pdp_desk.sync.hub import BIGINT_MAX, Destruction, Hub, HubError

PASS = "correct horse battery staple"


def cell(row: str, column: str = "name", value="v", *, subject: str | None = None, rank: int = 0,
         hlc: int = 1, device: str = "A", table: str = "subject") -> Cell:
    return Cell(table, row, column, value, subject, rank, hlc, device)


def stored(hub: Hub) -> dict[tuple, Cell]:
    out = {}
    for page in hub.pull_all(0):
        for c in page.cells:
            out[c.key] = c
    return out


def raw_rows(url: str) -> list[tuple]:
    with psycopg.connect(url) as connection:
        return connection.execute("SELECT table_name, row_id, column_name, value, subject_id FROM "
                                  "pdp_desk.cells").fetchall()


@pytest.fixture
def hub(hub_url):  # noqa: F811
    with Hub.connect(hub_url, PASS) as opened:
        yield opened


# --- round trip ---------------------------------------------------------------------------------


def test_push_then_pull_gives_back_every_value_type(hub):
    cells = [cell("r1", "name", "Айгерим Нұрлановна", subject="r1"),
             cell("r1", "age", 41, subject="r1"),
             cell("r1", "score", 0.25, subject="r1"),
             cell("r1", "photo", b"\x00\xffbytes", subject="r1"),
             cell("r1", "note", None, subject="r1"),
             cell("p1", "code", "marketing", table="purpose")]
    result = hub.push(cells)
    assert result.stored == 6 and result.refused == 0
    assert result.seq_after > result.seq_before == 0
    assert set(stored(hub).values()) == set(cells)


@pytest.mark.parametrize("value", ["Жанар «Әлия» \"q\" \\ \u2028", "", 0, -7, 2**62, 0.1, 1e300, True, None,
                                   {"b64": "AQI="}, {"a": [1, {"b": None}]}, [], "😀"])
def test_the_hubs_json_is_read_as_json_reads_it(hub, value):
    """The lean jsonb reader (the C scanner, without json.loads) on what PostgreSQL sends back."""
    import json

    sent = json.dumps(value, ensure_ascii=False)
    back, text = hub.connection.execute("SELECT %s::jsonb, %s::jsonb::text", (sent, sent)).fetchone()
    expected = json.loads(text)   # what psycopg's own reader makes of it (PostgreSQL writes 1e300 out in full)
    assert back == expected and type(back) is type(expected)
    assert back == json.loads(sent) or isinstance(value, float)


def test_the_lean_json_reader_leaves_odd_text_to_json():
    loader = hub_module._JsonbLoader(0)
    assert loader.load(b' {"a": 1}') == {"a": 1}        # space first: the scanner alone would stop
    assert loader.load(memoryview(b'[1, "\xd0\x90"]')) == [1, "А"]
    with pytest.raises(ValueError):
        loader.load(b"")


def test_values_on_the_hub_are_json_as_encode_value_makes_them(hub, hub_url):  # noqa: F811
    hub.push([cell("r1", "name", "Жанар", subject="r1"), cell("r1", "photo", b"\x01\x02", subject="r1")])
    assert sorted((r[2], r[3]) for r in raw_rows(hub_url)) == [("name", "Жанар"), ("photo", {"b64": "AQI="})]


def test_a_second_pc_with_the_same_passphrase_reads_and_a_wrong_one_is_refused(hub, hub_url):  # noqa: F811
    hub.push([cell("r1", value="x")])
    with Hub.connect(hub_url, PASS) as other:
        assert other.hub_id == hub.hub_id
        assert [c.value for c in stored(other).values()] == ["x"]
    with pytest.raises(HubError) as refused:
        Hub.connect(hub_url, "not the passphrase")
    assert refused.value.code == "wrong_passphrase"
    with pytest.raises(HubError) as missing:
        Hub.connect(hub_url, "")
    assert missing.value.code == "no_passphrase"


def test_pull_pages_follow_the_cursor_and_the_last_page_says_no_more(hub):
    hub.push([cell(f"r{i:03}", value=i, hlc=i + 1) for i in range(25)])
    cursor, seen, pages = 0, [], 0
    while True:
        page = hub.pull(cursor, limit=10)
        seen += [c.value for c in page.cells]
        pages += 1
        cursor = page.last_seq
        if not page.more:
            break
    assert sorted(seen) == list(range(25)) and pages == 3
    assert hub.pull(cursor).cells == [] and hub.pull(cursor).last_seq == cursor


def test_a_changed_cell_comes_again_after_the_cursor(hub):
    hub.push([cell("r1", value="old", hlc=1)])
    cursor = hub.pull(0).last_seq
    hub.push([cell("r1", value="new", hlc=2)])
    page = hub.pull(cursor)
    assert [c.value for c in page.cells] == ["new"] and page.last_seq > cursor


# --- the merge rule in SQL is Cell.wins_over ----------------------------------------------------

# Devices whose order differs between code points and a linguistic collation ("B" < "a" < "é").
DEVICES = ["a", "B", "b", "Z", "é", "aa", "ä", "A-1", "a-1"]


@st.composite
def rival_cells(draw):
    key = draw(st.tuples(st.sampled_from(["subject", "request"]), st.sampled_from(["r1", "r2", "r3"]),
                         st.sampled_from(["name", "state"])))
    rank = draw(st.integers(0, 3))
    hlc = draw(st.one_of(st.integers(0, 8), st.integers(0, BIGINT_MAX)))
    device = draw(st.sampled_from(DEVICES))
    # One write has one value: the value follows from the key and the order (as on a real PC).
    return Cell(key[0], key[1], key[2], f"{key}|{rank}|{hlc}|{device}", None, rank, hlc, device)


def reference(cells: list[Cell]) -> dict[tuple, Cell]:
    kept: dict[tuple, Cell] = {}
    for c in cells:
        if c.wins_over(kept.get(c.key)):
            kept[c.key] = c
    return kept


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=st.lists(st.lists(rival_cells(), max_size=12), min_size=1, max_size=5))
def test_the_hub_keeps_what_cell_wins_over_keeps(hub, batches):
    with hub.connection.transaction():
        hub.connection.execute("TRUNCATE pdp_desk.cells, pdp_desk.destroyed")
    for batch in batches:
        hub.push(batch)
    assert stored(hub) == reference([c for batch in batches for c in batch])


def test_the_device_breaks_ties_by_code_point_not_by_language(hub):
    hub.push([cell("r1", value="from é", hlc=7, device="é"), cell("r1", value="from z", hlc=7, device="z")])
    assert stored(hub)[("subject", "r1", "name")].value == "from é"  # "é" > "z" by code point
    hub.push([cell("r1", value="from B", hlc=7, device="B")])
    assert stored(hub)[("subject", "r1", "name")].value == "from é"


def test_a_later_state_wins_whatever_the_clock(hub):
    hub.push([cell("q1", "state", "answered", rank=3, hlc=10, table="request")])
    result = hub.push([cell("q1", "state", "new", rank=0, hlc=10**12, table="request")])
    assert result.stored == 0
    assert stored(hub)[("request", "q1", "state")].value == "answered"


# --- destruction --------------------------------------------------------------------------------


def test_a_destruction_removes_every_cell_of_the_subject_and_refuses_later_ones(hub, hub_url):  # noqa: F811
    hub.push([cell("s1", "name", "MARKER one", subject="s1"),
              cell("c1", "phone", "+7 701 000 0001", subject="s1", table="contact"),
              cell("s2", "name", "Kept", subject="s2"),
              cell("p1", "code", "shared", table="purpose")])
    record = {"id": "d1", "subject_ref": "s1", "act_id": "a1", "reason_code": "purpose_ended"}
    result = hub.push([], [Destruction("s1", (record,))])
    assert result.destroyed == 1
    assert {r[1] for r in raw_rows(hub_url)} == {"s2", "p1"}
    # A PC that has not heard pushes an edit of s1: refused, counted, not stored.
    late = hub.push([cell("s1", "name", "MARKER again", subject="s1", hlc=10**12),
                     cell("s2", "name", "Edited", subject="s2", hlc=5)])
    assert (late.stored, late.refused) == (1, 1)
    assert {r[1] for r in raw_rows(hub_url)} == {"s2", "p1"}
    assert all(r[4] != "s1" for r in raw_rows(hub_url))
    # Every PC hears of the destruction, with its record.
    destructions = [d for page in hub.pull_all(0) for d in page.destructions]
    assert destructions == [Destruction("s1", (record,))]


def test_cells_and_their_destruction_in_one_push_leave_nothing(hub, hub_url):  # noqa: F811
    hub.push([cell("s1", value="MARKER", subject="s1")], [Destruction("s1", ({"id": "d1"},))])
    assert raw_rows(hub_url) == []


def test_a_second_record_of_the_same_destruction_is_added_once_and_travels(hub):
    hub.push([], [Destruction("s1", ({"id": "d1"},))])
    cursor = hub.pull(0).last_seq
    again = hub.push([], [Destruction("s1", ({"id": "d1"},))])   # the same record: nothing new
    assert again.destroyed == 0 and hub.pull(cursor).destructions == []
    hub.push([], [Destruction("s1", ({"id": "d2"},))])           # another PC's act: travels
    assert hub.pull(cursor).destructions == [Destruction("s1", ({"id": "d1"}, {"id": "d2"}))]


# --- concurrency: serialised pushes give gap-free cursors ---------------------------------------


def test_concurrent_pushes_never_let_a_puller_skip_a_row(hub_url):  # noqa: F811
    pushers, batches, per_batch = 3, 15, 40
    errors: list[BaseException] = []
    done = threading.Event()
    seen: set[tuple] = set()

    def push(name: str) -> None:
        try:
            with Hub.connect(hub_url, PASS) as own:
                for b in range(batches):
                    own.push([cell(f"{name}-{b}-{i}", value=i, device=name) for i in range(per_batch)])
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    def pull() -> None:
        try:
            with Hub.connect(hub_url, PASS) as own:
                cursor = 0
                while True:
                    finished = done.is_set()  # read before pulling: the last pull sees everything
                    for page in own.pull_all(cursor, limit=25):
                        seen.update(c.key for c in page.cells)
                        cursor = page.last_seq
                    if finished:
                        return
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    Hub.connect(hub_url, PASS).close()  # the schema first, so the threads race only on pushes
    threads = [threading.Thread(target=push, args=(f"pc{n}",)) for n in range(pushers)]
    reader = threading.Thread(target=pull)
    reader.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    done.set()
    reader.join(120)
    assert not errors, errors
    assert len(seen) == pushers * batches * per_batch


def test_two_pcs_creating_the_hub_at_once_make_one_schema(hub_url):  # noqa: F811
    ids, errors = [], []

    def first_connect():
        try:
            with Hub.connect(hub_url, PASS) as own:
                ids.append(own.hub_id)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=first_connect) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert len(set(ids)) == 1 and len(ids) == 3


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["", "   ", "C:\\Sync\\shop", "http://server/db", "postgresql://",
                                 "postgresql://user@server:5432/", "postgresql://u@h:notaport/db"])
def test_a_url_that_is_not_a_hub_address_is_refused_before_connecting(url):
    with pytest.raises(HubError) as refused:
        Hub.connect(url, PASS)
    assert refused.value.code in {"hub_url_invalid", "hub_unreachable"}


def test_a_server_that_is_down_is_reported_quickly(pg_server):  # noqa: F811
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    started = time.monotonic()
    with pytest.raises(HubError) as down:
        Hub.connect(f"postgresql://pdp_hub:x@127.0.0.1:{port}/db", PASS)
    assert down.value.code == "hub_unreachable"
    assert time.monotonic() - started < 5


def test_a_server_that_never_answers_times_out():
    with socket.socket() as silent:  # accepts connections (the backlog) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(HubError) as mute:
            Hub.connect(f"postgresql://pdp_hub:x@127.0.0.1:{port}/db", PASS, timeout=2)
        elapsed = time.monotonic() - started
    assert mute.value.code == "hub_unreachable"
    assert 1.5 <= elapsed < 6
    assert "x@" not in mute.value.message  # the password is never in a message


def test_a_wrong_password_and_a_missing_database_are_told_apart(pg_server, hub_url):  # noqa: F811
    name = hub_url.rsplit("/", 1)[1]
    with pytest.raises(HubError) as password:
        Hub.connect(pg_server.url(name, password="wrong-password"), PASS)
    assert password.value.code == "hub_password" and "wrong-password" not in password.value.message
    with pytest.raises(HubError) as database:
        Hub.connect(pg_server.url("no_such_hub"), PASS)
    assert database.value.code == "hub_database"


def test_a_hub_made_by_a_newer_version_is_refused_and_left_alone(hub_url):  # noqa: F811
    with Hub.connect(hub_url, PASS) as first:
        first.push([cell("r1")])
    with psycopg.connect(hub_url) as connection:
        connection.execute("UPDATE pdp_desk.hub_meta SET value = %s WHERE key = 'schema_version'",
                           (str(hub_module.SCHEMA_VERSION + 1),))
    with pytest.raises(HubError) as newer:
        Hub.connect(hub_url, PASS)
    assert newer.value.code == "hub_newer"
    assert len(raw_rows(hub_url)) == 1


def test_a_bad_cell_refuses_the_whole_push(hub):
    hub.push([cell("r1", value="kept")])
    before = hub.top_seq()
    with pytest.raises(HubError) as bad:
        hub.push([cell("r2", value="new"), cell("r3", hlc=BIGINT_MAX + 1)])
    assert bad.value.code == "cell_invalid"
    assert list(stored(hub)) == [("subject", "r1", "name")]
    assert hub.pull(before).cells == []


def test_a_connection_lost_mid_sync_is_reported_and_the_next_connect_works(pg_server, hub_url):  # noqa: F811
    opened = Hub.connect(hub_url, PASS)
    try:
        pid = opened.connection.info.backend_pid
        with pg_server.admin() as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(HubError) as lost:
            opened.push([cell("r1")])
        assert lost.value.code in {"hub_lost", "hub_failed"}
    finally:
        opened.close()
    with Hub.connect(hub_url, PASS) as again:
        assert again.push([cell("r1")]).stored == 1


def test_each_pc_announces_itself_and_sees_the_others(hub, hub_url):  # noqa: F811
    from pdp_desk.sync.hub import Peer

    hub.announce(Peer("dev-a", "Касса 1", "7KQ"))
    with Hub.connect(hub_url, PASS) as other:
        other.announce(Peer("dev-b", "Склад", "E8Q", {"clone_token": "t"}))
        other.announce(Peer("dev-b", "Склад 2", "E8Q"))
    peers = {p.device_id: p for p in hub.peers()}
    assert set(peers) == {"dev-a", "dev-b"}
    assert peers["dev-b"].name == "Склад 2" and peers["dev-b"].last_sync is not None


def test_a_deleted_row_keeps_only_its_tombstone_on_the_hub(hub, hub_url):  # noqa: F811
    from pdp_desk.sync.cells import DELETED

    hub.push([cell("c1", "phone", "+7 701 OLD", subject="s1", hlc=5, table="contact"),
              cell("c1", "kind", "phone", subject="s1", hlc=5, table="contact")])
    hub.push([cell("c1", DELETED, 1, subject="s1", hlc=9, table="contact")])
    assert [(r[1], r[2]) for r in raw_rows(hub_url)] == [("c1", DELETED)]
    # A PC that had not heard pushes an older edit: refused; a later re-creation is kept.
    assert hub.push([cell("c1", "phone", "+7 701 LATE", subject="s1", hlc=7, table="contact")]).stored == 0
    assert hub.push([cell("c1", "phone", "+7 701 NEW", subject="s1", hlc=11, table="contact")]).stored == 1
    assert {r[2] for r in raw_rows(hub_url)} == {DELETED, "phone"}


def test_every_page_gives_its_rows_whole_even_when_their_cells_are_far_apart(hub):
    hub.push([cell("r1", c, f"{c}1", hlc=1) for c in ("a", "b", "c")])
    hub.push([cell(f"x{i}", "a", i, hlc=1) for i in range(5)])
    hub.push([cell("r1", "b", "b2", hlc=2)])  # r1's "b" now sits at the far end of the sequence
    cursor, pages = 0, []
    while True:
        page = hub.pull(cursor, limit=2)
        pages.append(page)
        cursor = page.last_seq
        if not page.more:
            break
    first = {c.column: c.value for c in pages[0].cells if c.row_id == "r1"}
    assert first == {"a": "a1", "b": "b2", "c": "c1"}  # the newer b, though its seq is later
    assert all({c.column for c in p.cells if c.row_id == "r1"} in (set(), {"a", "b", "c"}) for p in pages)


# --- the use case: services.sync_hub on real SQLite replicas ---------------------------------------


def hub_sync(replica, url: str):
    return sync_hub(replica.db, url, PASSPHRASE)


def settle_hub(replicas, url: str, rounds: int = 8) -> None:
    """Sync every replica with the hub in turn until a whole round moves nothing."""
    for _ in range(rounds):
        moved = 0
        for replica in replicas:
            report = hub_sync(replica, url)
            moved += report.sent_rows + report.received_rows
        if moved == 0:
            return
    raise AssertionError(f"the replicas did not settle through the hub in {rounds} rounds")


def hub_rows_holding(url: str, values: list[str], subject_id: str | None = None) -> list[str]:
    """Which hub rows hold any of `values` (every table, as text), plus any cell still filed under
    `subject_id`."""
    found = []
    with psycopg.connect(url) as connection:
        for table in ("cells", "destroyed", "peers", "hub_meta"):
            for (text,) in connection.execute(f"SELECT t::text FROM pdp_desk.{table} t"):
                if any(v in text or v.encode("unicode_escape").decode() in text for v in values):
                    found.append(f"{table}: {text[:80]}")
        if subject_id is not None:
            count = connection.execute("SELECT count(*) FROM pdp_desk.cells WHERE subject_id = %s",
                                       (subject_id,)).fetchone()[0]
            if count:
                found.append(f"{count} cell(s) of {subject_id}")
    return found


@pytest.fixture
def replicas(tmp_path):
    made = [make_replica(tmp_path, f"pc{k}", offset) for k, offset in enumerate((-3_600_000, 0, 180_000))]
    yield made
    for replica in made:
        replica.close()


def test_three_pcs_agree_through_the_hub_and_a_destroyed_person_is_gone_from_it(replicas, hub_url):  # noqa: F811
    a, b, c = replicas
    op, staff = make_org(a)
    settle_hub(replicas, hub_url)
    kept = create(a, op, "0001")
    doomed = create(b, op, "0002")
    settle_hub(replicas, hub_url)
    edit(c, doomed, "0003")      # C edits the person that A is about to destroy
    consent(c, kept)
    request_step(c, open_request(c, kept))
    hub_sync(c, hub_url)
    assert destroy(a, op, staff, doomed)
    report = hub_sync(a, hub_url)
    assert report.sent_rows > 0
    markers = [v for r in replicas for v in r.markers.get(doomed, [])]
    assert len(markers) == 3
    assert hub_rows_holding(hub_url, markers, doomed) == []
    settle_hub(replicas, hub_url)
    dumps = [dump(r) for r in replicas]
    for table in dumps[0]:
        assert dumps[0][table] == dumps[1][table] == dumps[2][table], table
    assert live_subjects(a) == live_subjects(b) == live_subjects(c) == [kept]
    for r in replicas:
        r.db.checkpoint()
    assert files_holding([r.path for r in replicas], None, markers) == []
    assert hub_rows_holding(hub_url, markers, doomed) == []
    assert hub_rows_holding(hub_url, a.markers[kept], kept)  # the search does find a live person


def test_a_pc_that_had_not_heard_of_the_destruction_cannot_put_the_person_back(replicas, hub_url):  # noqa: F811
    a, b, _ = replicas
    op, staff = make_org(a)
    doomed = create(a, op, "0101")
    settle_hub([a, b], hub_url)
    edit(b, doomed, "0102")                  # B works offline on the person
    assert destroy(a, op, staff, doomed)
    hub_sync(a, hub_url)
    report = hub_sync(b, hub_url)            # B pulls the destruction first, then pushes
    assert report.destroyed == 1
    assert live_subjects(b) == []
    assert hub_rows_holding(hub_url, [v for r in (a, b) for v in r.markers.get(doomed, [])], doomed) == []


def test_the_first_sync_of_a_new_pc_brings_everything(replicas, hub_url):  # noqa: F811
    a, b, _ = replicas
    op, _ = make_org(a)
    people = [create(a, op, f"02{i:02d}") for i in range(20)]
    for person in people[:5]:
        edit(a, person, f"02e{person[-4:]}")  # edited cells sit far from their rows' other cells
    hub_sync(a, hub_url)
    report = hub_sync(b, hub_url)
    assert report.received_rows > 0
    assert live_subjects(b) == sorted(people)
    assert dump(a)["subject"] == dump(b)["subject"]


def test_a_cloned_database_takes_a_new_identity_at_its_first_hub_sync(tmp_path, hub_url):  # noqa: F811
    import shutil

    original = make_replica(tmp_path, "original")
    try:
        make_org(original)
        hub_sync(original, hub_url)
        original.db.checkpoint()
        shutil.copy(original.path, tmp_path / "copy.sqlite")
        create(original, None, "0301")
        hub_sync(original, hub_url)            # the original syncs again: a new token on the hub
    finally:
        original.close()
    from pdp_desk.store.database import open_database

    copy = open_database(tmp_path / "copy.sqlite")
    try:
        old_id = copy.device_id
        report = sync_hub(copy, hub_url, PASSPHRASE)
        assert report.reidentified and copy.device_id != old_id
        with Hub.connect(hub_url, PASSPHRASE) as hub:
            assert {p.device_id for p in hub.peers()} == {old_id, copy.device_id}
        assert not sync_hub(copy, hub_url, PASSPHRASE).reidentified  # once only
    finally:
        copy.close()


def test_a_sync_cut_short_is_not_taken_for_a_clone_and_resumes(replicas, hub_url, monkeypatch):  # noqa: F811
    a, b, _ = replicas
    op, _ = make_org(a)
    create(a, op, "0401")
    hub_sync(a, hub_url)

    def lost(self, peer):
        raise HubError("hub_lost", "The connection to the hub was lost.")

    monkeypatch.setattr(Hub, "announce", lost)  # the server goes away at the very end
    with pytest.raises(SyncFailed) as cut:
        hub_sync(a, hub_url)
    assert cut.value.code == "hub_lost"
    monkeypatch.undo()
    assert not hub_sync(a, hub_url).reidentified
    hub_sync(b, hub_url)
    assert live_subjects(b) == live_subjects(a)


@pytest.mark.parametrize("breakage, code", [
    ("password", "hub_password"), ("database", "hub_database"), ("down", "hub_unreachable"),
    ("passphrase", "wrong_passphrase"), ("newer", "hub_newer"), ("empty", "no_hub"),
])
def test_a_hub_that_cannot_be_used_changes_nothing_here(replicas, hub_url, pg_server, breakage, code):  # noqa: F811
    a, b, _ = replicas
    op, _ = make_org(a)
    create(a, op, "0501")
    hub_sync(a, hub_url)                 # a working hub first, with A's data on it
    create(b, op, "0502")
    name = hub_url.rsplit("/", 1)[1]
    url, passphrase = hub_url, PASSPHRASE
    if breakage == "password":
        url = pg_server.url(name, password="wrong")
    elif breakage == "database":
        url = pg_server.url("no_such_database")
    elif breakage == "down":
        url = "postgresql://pdp_hub:x@127.0.0.1:1/x"
    elif breakage == "passphrase":
        passphrase = "not the shop's passphrase"
    elif breakage == "newer":
        with psycopg.connect(hub_url) as connection:
            connection.execute("UPDATE pdp_desk.hub_meta SET value = '99' WHERE key = 'schema_version'")
    elif breakage == "empty":
        url = "  "
    before = dump(b)
    with pytest.raises(SyncFailed) as refused:
        sync_hub(b.db, url, passphrase)
    assert refused.value.code == code
    assert "wrong@" not in refused.value.message
    after = dump(b)
    assert {k: v for k, v in after.items() if k != "local_state"} == \
        {k: v for k, v in before.items() if k != "local_state"}
    if breakage != "newer":              # the next sync with the right settings picks up
        hub_sync(b, hub_url)
        assert len(live_subjects(b)) == 2


def test_the_command_line_syncs_with_a_hub(tmp_path, hub_url, monkeypatch, capsys):  # noqa: F811
    from pdp_desk import cli

    a = make_replica(tmp_path, "cli")
    make_org(a)
    a.close()
    monkeypatch.setenv("PDP_DESK_SYNC_PASSPHRASE", PASSPHRASE)
    assert cli.main(["sync", "--db", str(a.path), "--hub", hub_url]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("Synced with the hub postgresql://pdp_hub@127.0.0.1:")
    password = hub_url.split(":")[2].split("@")[0]
    assert password not in out
    assert cli.main(["sync", "--db", str(a.path), "--hub", "postgresql://pdp_hub:x@127.0.0.1:1/x"]) == cli.EXIT_NO
    assert "cannot be reached" in capsys.readouterr().err
    assert cli.main(["sync", "--db", str(a.path), "--hub", "not a url"]) == cli.EXIT_NO
    monkeypatch.delenv("PDP_DESK_SYNC_PASSPHRASE")
    assert cli.main(["sync", "--db", str(a.path), "--hub", hub_url]) == cli.EXIT_USAGE


# --- property: the folder and the hub in random order ---------------------------------------------

OPS = st.lists(st.tuples(
    st.sampled_from(["create", "edit", "consent", "request", "step", "destroy",
                     "folder", "hub", "folder", "hub"]),
    st.integers(0, 2), st.integers(0, 1_000)), min_size=4, max_size=20)


def _mixed_run(pg, ops, folder_root: Path) -> None:
    import shutil

    from pdp_desk.domain.workflow import WorkflowError
    from pdp_desk.services.destruction import DestructionError
    from pdp_desk.services.requests import RequestError
    from pdp_desk.services.subjects import ValidationFailed

    name = pg.new_database()
    url = pg.url(name)
    folder_root.mkdir(parents=True)
    share = folder_root / "share"
    share.mkdir()
    reps = [make_replica(folder_root, f"pc{k}", off) for k, off in enumerate((-3_600_000, 0, 180_000))]
    try:
        op, staff = make_org(reps[0])
        requests, destroyed, tag = [], [], 0
        for kind, who, pick in ops:
            replica = reps[who]
            tag += 1
            subjects = live_subjects(replica)
            try:
                if kind == "create":
                    create(replica, op, f"9{tag:03d}")
                elif kind == "folder":
                    assert not sync_through_folder(replica, share).skipped
                elif kind == "hub":
                    hub_sync(replica, url)
                elif not subjects:
                    continue
                elif kind == "edit":
                    edit(replica, subjects[pick % len(subjects)], f"9{tag:03d}")
                elif kind == "consent":
                    consent(replica, subjects[pick % len(subjects)])
                elif kind == "request":
                    requests.append(open_request(replica, subjects[pick % len(subjects)]))
                elif kind == "step" and requests:
                    request_step(replica, requests[pick % len(requests)])
                elif kind == "destroy":
                    subject = subjects[pick % len(subjects)]
                    if destroy(replica, op, staff, subject):
                        destroyed.append(subject)
            except (RequestError, ValidationFailed, WorkflowError, DestructionError):
                pass
        # Everyone through both, until nothing moves.
        for _ in range(8):
            moved = 0
            for replica in reps:
                report = sync_through_folder(replica, share)
                moved += report.sent_rows + report.bundles_applied
                report = hub_sync(replica, url)
                moved += report.sent_rows + report.received_rows
            if moved == 0:
                break
        else:
            raise AssertionError("the replicas did not settle")
        dumps = [dump(r) for r in reps]
        for table in dumps[0]:
            assert dumps[0][table] == dumps[1][table] == dumps[2][table], table
        for r in reps:
            r.db.checkpoint()
        for subject in destroyed:
            values = [v for r in reps for v in r.markers.get(subject, [])]
            assert values
            assert files_holding([r.path for r in reps], share, values) == [], subject
            assert hub_rows_holding(url, values, subject) == [], subject
    finally:
        for r in reps:
            r.close()
        pg.drop_database(name)
        shutil.rmtree(folder_root, ignore_errors=True)


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_replicas_syncing_through_the_folder_and_the_hub_in_any_order_agree(pg_server, tmp_path, ops):  # noqa: F811
    import secrets

    _mixed_run(pg_server, ops, tmp_path / secrets.token_hex(4))


def test_a_week_offline_then_folder_and_hub_in_turn(pg_server, tmp_path):  # noqa: F811
    _mixed_run(pg_server, [("create", 0, 0), ("hub", 0, 0), ("folder", 1, 0), ("hub", 1, 0), ("hub", 2, 0),
                           ("edit", 1, 0), ("consent", 2, 0), ("request", 2, 0), ("step", 2, 0),
                           ("create", 1, 0), ("destroy", 0, 0), ("edit", 2, 0), ("step", 1, 0),
                           ("folder", 2, 0), ("hub", 1, 0), ("folder", 0, 0), ("hub", 0, 0)],
               tmp_path / "week")
