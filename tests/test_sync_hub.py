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

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pg_server import hub_url, pg_server  # noqa: F401  (fixtures)

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


def test_values_on_the_hub_are_sealed(hub, hub_url):  # noqa: F811
    hub.push([cell("r1", "name", "MARKER-Zhanar", subject="r1")])
    rows = raw_rows(hub_url)
    assert rows and all(b"MARKER" not in bytes(r[3]) for r in rows)


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


def test_a_value_altered_on_the_server_is_reported_not_taken(hub, hub_url):  # noqa: F811
    hub.push([cell("r1", value="x", hlc=5), cell("r2", value="y", hlc=5)])
    with psycopg.connect(hub_url) as connection:  # the server's owner swaps two values
        connection.execute("UPDATE pdp_desk.cells SET hlc = 99 WHERE row_id = 'r1'")
    with pytest.raises(HubError) as damaged:
        stored(hub)
    assert damaged.value.code == "hub_damaged"


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
