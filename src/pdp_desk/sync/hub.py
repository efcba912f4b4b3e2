"""The PostgreSQL hub: one database on the operator's own server that every shop PC syncs with.

The hub keeps, for each (table, row_id, column), the one cell that wins under `Cell.order`,
applied in SQL as a row comparison in the upsert:

    ON CONFLICT ... DO UPDATE ... WHERE (excluded.rank, excluded.hlc, excluded.device)
                                      > (cells.rank, cells.hlc, cells.device)

(`device` is COLLATE "C" so PostgreSQL compares it by code point, as Python does.)

Every stored cell and destruction gets the next value of one server sequence, `seq`; a PC pulls
what has a higher seq than its cursor. Pushes take one advisory lock for their whole transaction,
so seq values become visible in order: a PC that has read up to seq N never later finds a row
below N (without the lock, a slow push could commit seq 7 after a quick one committed seq 8).

Destruction: a push that carries a destruction of subject S records it (with the destruction
records, ids only) and deletes every cell whose subject_id is S in the same transaction; cells
of S pushed afterwards (by a PC that has not heard yet) are refused, and counted.

Values are stored as JSON (`cells.encode_value`), not encrypted: see docs/sync-hub.md for why
(per-cell encryption costs ~5 µs a cell in Python, a minute for a 100,000-subject register of
11 million cells). The passphrase is still checked (an HMAC kept on the hub), so a PC set up for
another shop, or with a mistyped passphrase, is refused as it is by the folder.

What travels is rows (`capture.RowChange`: values and per-column clocks), one COPY line each;
PostgreSQL splits them into cells and groups cells back into rows on the way out, so Python does
per-row work only.

The hub's tables live in their own schema `pdp_desk`, created on first connect; its version is
kept in `pdp_desk.hub_meta` and a hub made by a newer PDP Desk is refused, never changed.
"""
from __future__ import annotations

import hmac
import json
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Self

import psycopg
from psycopg import conninfo

from pdp_desk.sync.capture import RowChange
from pdp_desk.sync.cells import DELETED, Cell, decode_value, encode_value

SCHEMA_VERSION = 1
CONNECT_TIMEOUT = 5  # seconds: a hub that does not answer is reported, not waited for
PAGE = 100_000       # changes (cells) per pulled page: ~8,000 rows
ANALYZE_AFTER = 5000   # cells stored by one push before the hub's statistics are refreshed
LOCK_KEY = 0x5044_5044  # "PDPD": the advisory lock every push and the schema set-up take
BIGINT_MAX = (1 << 63) - 1
INT_MAX = (1 << 31) - 1

# The key check: an HMAC of a constant, so a wrong passphrase is told apart from a damaged hub.
_CHECK = b"pdp-desk hub key check"


class HubError(Exception):
    """A sync with the hub that could not be done. `code` picks the translated sentence;
    `message` is English for logs and the command line. Nothing local is changed by these."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Destruction:
    """A subject destroyed somewhere: its id and the destruction record(s) (ids, codes, dates)."""

    subject_id: str
    records: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Peer:
    """A PC that syncs with the hub, as it last said."""

    device_id: str
    name: str
    code: str
    info: dict = field(default_factory=dict, compare=False)
    last_sync: datetime | None = None


@dataclass
class PushResult:
    stored: int = 0        # cells that won and are now on the hub
    refused: int = 0       # cells of destroyed subjects, not stored
    destroyed: int = 0     # subjects whose destruction is new to the hub
    seq_before: int = 0    # the greatest seq on the hub before this push
    seq_after: int = 0     # ... and after it: a PC that had read up to seq_before may jump here


@dataclass
class PullPage:
    rows: list[RowChange] = field(default_factory=list)   # each changed row, whole
    destructions: list[Destruction] = field(default_factory=list)
    last_seq: int = 0      # the cursor to keep once this page is applied (-1: keep the old one)
    more: bool = False     # another page follows

    @property
    def cells(self) -> list[Cell]:
        return [cell for row in self.rows for cell in row.as_cells()]


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        parts = conninfo.conninfo_to_dict(url)
    except psycopg.Error:
        return "(not a connection URL)"
    user = parts.get("user") or ""
    host = parts.get("host") or "localhost"
    port = parts.get("port") or "5432"
    return f"postgresql://{user + '@' if user else ''}{host}:{port}/{parts.get('dbname') or ''}"


def check_url(url: str) -> dict:
    """The URL's parts, or HubError("hub_url_invalid"). Only postgresql:// URLs are taken, so a
    folder path typed into the wrong box is told apart from a connection string."""
    text = (url or "").strip()
    if not text.startswith(("postgresql://", "postgres://")):
        raise HubError("hub_url_invalid", "The hub address must be a URL like "
                                          "postgresql://user:password@server:5432/database.")
    try:
        parts = conninfo.conninfo_to_dict(text)
    except psycopg.Error as error:
        raise HubError("hub_url_invalid", f"The hub address is not a valid URL ({error}).") from None
    if not parts.get("dbname"):
        raise HubError("hub_url_invalid", "The hub address names no database (…/database at its end).")
    return parts


def _connection_error(error: psycopg.Error, url: str) -> HubError:
    """Tell the person what went wrong: libpq gives text, not codes, on a failed connection."""
    text = str(error)
    where = redact(url)
    lowered = text.lower()
    if isinstance(error, psycopg.errors.ConnectionTimeout) or "timeout expired" in lowered:
        return HubError("hub_unreachable", f"The hub {where} does not answer (waited {CONNECT_TIMEOUT} s).")
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return HubError("hub_password", f"The hub {where} refused the user name or password.")
    if "database" in lowered and "does not exist" in lowered:
        return HubError("hub_database", f"The hub server has no database named in {where}.")
    if ("connection refused" in lowered or "could not translate host" in lowered
            or "failed to resolve host" in lowered or "no route to host" in lowered
            or "network is unreachable" in lowered or "could not connect" in lowered):
        return HubError("hub_unreachable", f"The hub {where} cannot be reached ({_first_line(text)}).")
    return HubError("hub_refused", f"The hub {where} refused the connection ({_first_line(text)}).")


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[-1] if lines else text)[:300]


def _key_check(passphrase: str, salt: bytes) -> str:
    # The same scrypt (and its per-process cache) as sealed files: one slow derivation per hub.
    from pdp_desk.store.sealed import passphrase_check

    return passphrase_check(passphrase, salt, _CHECK).hex()[:16]


_CREATE = """
CREATE SCHEMA IF NOT EXISTS pdp_desk;
CREATE TABLE pdp_desk.hub_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE SEQUENCE pdp_desk.seq AS bigint;
CREATE TABLE pdp_desk.cells (
    table_name  text COLLATE "C" NOT NULL,
    row_id      text COLLATE "C" NOT NULL,
    column_name text COLLATE "C" NOT NULL,
    value       jsonb,                     -- cells.encode_value: bytes as {"b64": ...}
    subject_id  text COLLATE "C",
    rank        integer NOT NULL,
    hlc         bigint NOT NULL,
    device      text COLLATE "C" NOT NULL,
    seq         bigint NOT NULL,
    PRIMARY KEY (table_name, row_id, column_name)
);
CREATE INDEX cells_seq ON pdp_desk.cells (seq);
CREATE INDEX cells_subject ON pdp_desk.cells (subject_id) WHERE subject_id IS NOT NULL;
CREATE INDEX cells_tombstones ON pdp_desk.cells (table_name, row_id) WHERE column_name = '_deleted';
CREATE TABLE pdp_desk.destroyed (
    subject_id text COLLATE "C" PRIMARY KEY,
    records    jsonb NOT NULL,              -- the destruction records: ids, codes, dates only
    seq        bigint NOT NULL
);
CREATE INDEX destroyed_seq ON pdp_desk.destroyed (seq);
CREATE TABLE pdp_desk.peers (               -- the PCs that sync here: no personal data
    device_id  text COLLATE "C" PRIMARY KEY,
    name       text NOT NULL,
    code       text NOT NULL,
    info       jsonb NOT NULL DEFAULT '{}',
    last_sync  timestamptz NOT NULL
);
"""


class Hub:
    """An open connection to a hub. Use as a context manager; every method is one transaction."""

    def __init__(self, connection: psycopg.Connection, url: str, hub_id: str):
        self.connection = connection
        self.url = url
        self.hub_id = hub_id  # cursors are kept per hub: a new hub starts them again

    # --- opening -------------------------------------------------------------------------------

    @classmethod
    def connect(cls, url: str, passphrase: str, *, timeout: float = CONNECT_TIMEOUT) -> Hub:
        check_url(url)
        if not passphrase:
            raise HubError("no_passphrase", "Set the sync passphrase first: every PC of the shop "
                                                 "uses the same one, the hub checks it.")
        try:
            connection = psycopg.connect(
                url.strip(), connect_timeout=max(1, round(timeout)), application_name="PDP Desk",
                options="-c jit=off",  # our queries are short: compiling them costs more than it saves
                # a hub that vanishes mid-sync is noticed in ~30 s rather than hours
                keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3)
        except psycopg.Error as error:
            raise _connection_error(error, url) from None
        connection.adapters.register_loader("jsonb", _JsonbLoader)
        try:
            for attempt in range(3):
                try:
                    hub_id = cls._prepare(connection, passphrase, url)
                    break
                except (psycopg.errors.DuplicateTable, psycopg.errors.DuplicateSchema,
                        psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
                    # Another PC created the schema at the same moment (the catalog we looked at
                    # before the lock was stale): look again in a new transaction.
                    if attempt == 2:
                        raise HubError("hub_failed", f"The hub {redact(url)} could not be prepared.") from None
        except BaseException:
            connection.close()
            raise
        return cls(connection, url, hub_id)

    @staticmethod
    def _prepare(connection: psycopg.Connection, passphrase: str, url: str) -> str:
        """Create the schema on an empty database; refuse a newer one; check the passphrase."""
        try:
            with connection.transaction():
                exists = connection.execute("SELECT to_regclass('pdp_desk.hub_meta')").fetchone()[0]
                if exists is None:
                    connection.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                    # another PC may have created it while we waited for the lock
                    exists = connection.execute("SELECT to_regclass('pdp_desk.hub_meta')").fetchone()[0]
                if exists is None:
                    connection.execute(_CREATE)
                    salt = secrets.token_bytes(16)
                    meta = {"schema_version": str(SCHEMA_VERSION), "hub_id": secrets.token_hex(16),
                            "salt": salt.hex(), "key_check": _key_check(passphrase, salt)}
                    with connection.cursor() as cursor:
                        cursor.executemany("INSERT INTO pdp_desk.hub_meta (key, value) VALUES (%s, %s)",
                                           list(meta.items()))
                else:
                    meta = dict(connection.execute("SELECT key, value FROM pdp_desk.hub_meta").fetchall())
        except (psycopg.errors.DuplicateTable, psycopg.errors.DuplicateSchema,
                psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
            raise
        except psycopg.errors.InsufficientPrivilege:
            raise HubError("hub_permission", f"The user in {redact(url)} may not create the hub's tables "
                                             "(it needs the right to create a schema in that database).") from None
        except psycopg.Error as error:
            raise HubError("hub_failed", f"The hub {redact(url)} could not be prepared "
                                         f"({_first_line(str(error))}).") from None
        try:
            version = int(meta.get("schema_version", ""))
        except ValueError:
            raise HubError("hub_damaged", f"The hub {redact(url)} has no readable schema version.") from None
        if version > SCHEMA_VERSION:
            raise HubError("hub_newer", f"The hub {redact(url)} was set up by a newer version of PDP Desk "
                                        f"(hub schema {version}); update PDP Desk on this PC.")
        try:
            check = _key_check(passphrase, bytes.fromhex(meta["salt"]))
        except (KeyError, ValueError):
            raise HubError("hub_damaged", f"The hub {redact(url)} has no readable key salt.") from None
        if not hmac.compare_digest(check, meta.get("key_check", "")):
            raise HubError("wrong_passphrase", "The sync passphrase of this PC is not the one the hub "
                                               "was set up with.")
        return meta["hub_id"]

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- pushing -------------------------------------------------------------------------------

    def push(self, cells: Iterable[Cell], destructions: Iterable[Destruction] = ()) -> PushResult:
        """Store `destructions` and the `cells` that win, in one transaction (all or nothing)."""
        return self._push((_cell_line(c) for c in cells), destructions)

    def push_rows(self, rows: Iterable[RowChange], destructions: Iterable[Destruction] = ()) -> PushResult:
        """The same for whole rows (what `capture.local_rows` yields): one COPY line a row."""
        return self._push((_row_line(r) for r in rows), destructions)

    def _push(self, lines: Iterable[tuple], destructions: Iterable[Destruction]) -> PushResult:
        destructions = list(destructions)
        result = PushResult()
        try:
            with self.connection.transaction():
                self.connection.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                result.seq_before = self._high_water()
                if destructions:
                    result.destroyed = self._push_destructions(destructions)
                result.stored, result.refused = self._push_lines(lines)
                if result.stored >= ANALYZE_AFTER:
                    # Fresh statistics, or the next pulls' "seq > cursor" is planned as a scan of
                    # the whole table (autovacuum's analyze comes minutes later).
                    self.connection.execute("ANALYZE pdp_desk.cells")
                result.seq_after = self._high_water()
        except HubError:
            raise
        except psycopg.OperationalError as error:
            raise HubError("hub_lost", f"The connection to the hub {redact(self.url)} was lost "
                                       f"({_first_line(str(error))}); nothing of this push was kept.") from None
        except psycopg.Error as error:
            raise HubError("hub_failed", f"The hub {redact(self.url)} refused the push "
                                         f"({_first_line(str(error))}); nothing of it was kept.") from None
        return result

    def _high_water(self) -> int:
        """The greatest seq a stored row has. Under the push lock every earlier push has
        committed, so a PC whose cursor is here has seen everything (sequence values above it
        were spent on cells that lost, or on a push that failed)."""
        return self.connection.execute(
            """SELECT greatest((SELECT max(seq) FROM pdp_desk.cells),
                               (SELECT max(seq) FROM pdp_desk.destroyed), 0)""").fetchone()[0]

    def _push_destructions(self, destructions: list[Destruction]) -> int:
        """Record the destructions (one statement for all) and delete their subjects' cells."""
        merged: dict[str, list[dict]] = {}
        for destruction in destructions:
            records = merged.setdefault(destruction.subject_id, [])
            records += [r for r in destruction.records if r not in records]
        ids = list(merged)
        documents = [json.dumps(merged[i], ensure_ascii=False, default=str) for i in ids]
        with self.connection.cursor() as cursor:
            # A new subject: inserted. A known one: add the records it lacks (another PC's act)
            # with a new seq, so the others hear of it; nothing new: left alone.
            cursor.execute(
                """INSERT INTO pdp_desk.destroyed AS d (subject_id, records, seq)
                   SELECT s, r::jsonb, nextval('pdp_desk.seq')
                     FROM unnest(%s::text[], %s::text[]) AS incoming(s, r)
                   ON CONFLICT (subject_id) DO UPDATE
                      SET records = d.records || (SELECT coalesce(jsonb_agg(e), '[]'::jsonb)
                                                  FROM jsonb_array_elements(excluded.records) e
                                                  WHERE NOT d.records @> jsonb_build_array(e)),
                          seq = excluded.seq
                    WHERE NOT d.records @> excluded.records
                   RETURNING (xmax = 0)""",
                (ids, documents))
            new = sum(1 for (inserted,) in cursor.fetchall() if inserted)
            cursor.execute("DELETE FROM pdp_desk.cells WHERE subject_id = ANY(%s::text[])", (ids,))
        return new

    def _push_lines(self, lines: Iterable[tuple]) -> tuple[int, int]:
        with self.connection.cursor() as cursor:
            cursor.execute("""CREATE TEMP TABLE incoming_rows (
                                table_name text COLLATE "C", row_id text COLLATE "C",
                                subject_id text COLLATE "C", hlc bigint, device text COLLATE "C",
                                vals jsonb, clocks jsonb) ON COMMIT DROP""")
            count = 0
            with cursor.copy("COPY incoming_rows FROM STDIN") as copy:
                for line in lines:
                    copy.write_row(line)
                    count += 1
            if not count:
                return 0, 0
            # Rows into cells, here in PostgreSQL: a cell's clock is its own (`clocks`) or its row's.
            cursor.execute("""CREATE TEMP TABLE incoming ON COMMIT DROP AS
                              SELECT r.table_name, r.row_id, v.key COLLATE "C" AS column_name, v.value,
                                     r.subject_id,
                                     coalesce((r.clocks -> v.key ->> 0)::integer, 0) AS rank,
                                     coalesce((r.clocks -> v.key ->> 1)::bigint, r.hlc) AS hlc,
                                     coalesce(r.clocks -> v.key ->> 2, r.device) COLLATE "C" AS device
                                FROM incoming_rows r CROSS JOIN LATERAL jsonb_each(r.vals) v""")
            cursor.execute("ANALYZE incoming")
            cursor.execute("""SELECT count(*) FROM incoming i JOIN pdp_desk.destroyed d
                              ON d.subject_id = i.subject_id""")
            refused = cursor.fetchone()[0]
            # Of several versions of one cell in a push, the winner; cells of destroyed subjects
            # and cells older than their row's deletion are refused; then the merge rule, as a row
            # comparison, decides against what is stored.
            cursor.execute(
                """INSERT INTO pdp_desk.cells AS c
                       (table_name, row_id, column_name, value, subject_id, rank, hlc, device, seq)
                   SELECT w.*, nextval('pdp_desk.seq') FROM (
                       SELECT DISTINCT ON (i.table_name, i.row_id, i.column_name)
                              i.table_name, i.row_id, i.column_name, i.value, i.subject_id, i.rank, i.hlc,
                              i.device
                       FROM incoming i
                       LEFT JOIN pdp_desk.destroyed d ON d.subject_id = i.subject_id
                       LEFT JOIN pdp_desk.cells t
                              ON t.column_name = %(deleted)s AND t.table_name = i.table_name
                             AND t.row_id = i.row_id AND i.column_name <> %(deleted)s
                       WHERE d.subject_id IS NULL
                         AND (t.row_id IS NULL OR (t.rank, t.hlc, t.device) < (i.rank, i.hlc, i.device))
                       ORDER BY i.table_name, i.row_id, i.column_name, i.rank DESC, i.hlc DESC, i.device DESC
                   ) w
                   ON CONFLICT (table_name, row_id, column_name) DO UPDATE
                      SET value = excluded.value, subject_id = excluded.subject_id,
                          rank = excluded.rank, hlc = excluded.hlc, device = excluded.device,
                          seq = excluded.seq
                    WHERE (excluded.rank, excluded.hlc, excluded.device) > (c.rank, c.hlc, c.device)""",
                {"deleted": DELETED})
            stored = cursor.rowcount
            # A deleted row keeps only its tombstone: the values it had (an old phone number after a
            # correction) do not stay on the hub. Cells written after the deletion (a setting set
            # again) are kept.
            cursor.execute(
                """DELETE FROM pdp_desk.cells c USING pdp_desk.cells t
                   WHERE t.column_name = %(deleted)s AND c.column_name <> %(deleted)s
                     AND c.table_name = t.table_name AND c.row_id = t.row_id
                     AND (c.rank, c.hlc, c.device) < (t.rank, t.hlc, t.device)
                     AND (t.table_name, t.row_id) IN (
                         SELECT table_name, row_id FROM incoming WHERE column_name = %(deleted)s)""",
                {"deleted": DELETED})
            return stored, refused

    # --- pulling -------------------------------------------------------------------------------

    def pull(self, after: int, limit: int = PAGE) -> PullPage:
        """What changed after seq `after`: the next `limit` changes in seq order, each changed row
        given whole (every cell it has on the hub), and the destructions among them.

        Whole rows, because a PC that has never seen a row can only insert it with all its
        columns, and a row's cells are spread over many seq values once some were edited. Cells
        it already has come again and are simply ignored by the merge."""
        page = PullPage(last_seq=after)
        try:
            with self.connection.transaction():
                # One round trip: the page's changes stay on the server; what comes back is each
                # changed row with all its cells, the destructions, and the page's last seq and size.
                found = self.connection.execute(
                    """WITH changes AS (
                           SELECT seq, table_name, row_id, NULL::text AS subject_id, NULL::jsonb AS records
                             FROM pdp_desk.cells WHERE seq > %(after)s
                           UNION ALL
                           SELECT seq, NULL, NULL, subject_id, records
                             FROM pdp_desk.destroyed WHERE seq > %(after)s
                           ORDER BY 1 LIMIT %(limit)s),
                       wanted AS (SELECT DISTINCT table_name, row_id FROM changes WHERE table_name IS NOT NULL)
                       SELECT 'row', c.table_name, c.row_id, max(c.subject_id),
                              jsonb_object_agg(c.column_name, c.value),
                              array_agg(c.column_name), array_agg(c.rank), array_agg(c.hlc), array_agg(c.device),
                              NULL::bigint
                         FROM pdp_desk.cells c JOIN wanted w
                           ON c.table_name = w.table_name AND c.row_id = w.row_id
                        GROUP BY c.table_name, c.row_id
                       UNION ALL
                       SELECT 'destroyed', NULL, NULL, subject_id, records, NULL, NULL, NULL, NULL, NULL
                         FROM changes WHERE table_name IS NULL
                       UNION ALL
                       SELECT 'page', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                              max(seq) * 10000000 + least(count(*), 9999999)
                         FROM changes""",
                    {"after": after, "limit": limit}).fetchall()
        except psycopg.OperationalError as error:
            raise HubError("hub_lost", f"The connection to the hub {redact(self.url)} was lost "
                                       f"({_first_line(str(error))}).") from None
        except psycopg.Error as error:
            raise HubError("hub_failed", f"The hub {redact(self.url)} could not be read "
                                         f"({_first_line(str(error))}).") from None
        for kind, table, row_id, subject_id, data, columns, ranks, hlcs, devices, figures in found:
            if kind == "row":
                page.rows.append(_row_change(table, row_id, subject_id, data, columns, ranks, hlcs, devices))
            elif kind == "destroyed":
                page.destructions.append(Destruction(subject_id, tuple(data or ())))
            elif figures is not None:
                last, count = divmod(figures, 10000000)
                page.last_seq, page.more = last, count >= limit
        return page

    def pull_all(self, after: int, limit: int = PAGE) -> Iterator[PullPage]:
        """Pages until the hub has nothing newer; each page's last_seq is the cursor to keep."""
        while True:
            page = self.pull(after, limit)
            if page.rows or page.destructions:
                yield page
            if not page.more:
                return
            after = page.last_seq

    def snapshot(self, rows_per_page: int = 5000) -> Iterator[PullPage]:
        """Everything the hub holds, for a PC's first pull: every row whole (grouped by
        PostgreSQL in key order, streamed through a server-side cursor) and every destruction.

        One REPEATABLE READ snapshot: pushes serialise under the lock, so whatever a later push
        adds gets a seq above the greatest seq seen here, which the last page gives as the
        cursor (the other pages give none: a snapshot cut short is simply read again)."""
        try:
            with self.connection.transaction():
                self.connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                high = self._high_water()
                destructions = [Destruction(subject_id, tuple(records or ())) for subject_id, records in
                                self.connection.execute("SELECT subject_id, records FROM pdp_desk.destroyed")]
                with self.connection.cursor(name="pdp_desk_snapshot") as cursor:
                    cursor.itersize = rows_per_page
                    cursor.execute("""SELECT table_name, row_id, max(subject_id), jsonb_object_agg(column_name, value),
                                             array_agg(column_name), array_agg(rank), array_agg(hlc),
                                             array_agg(device)
                                        FROM pdp_desk.cells GROUP BY table_name, row_id
                                       ORDER BY table_name, row_id""")
                    page = PullPage(destructions=destructions, last_seq=-1, more=True)
                    for found in cursor:
                        page.rows.append(_row_change(*found))
                        if len(page.rows) >= rows_per_page:
                            yield page
                            page = PullPage(last_seq=-1, more=True)
                    page.last_seq, page.more = high, False
                    yield page
        except psycopg.OperationalError as error:
            raise HubError("hub_lost", f"The connection to the hub {redact(self.url)} was lost "
                                       f"({_first_line(str(error))}).") from None
        except psycopg.Error as error:
            raise HubError("hub_failed", f"The hub {redact(self.url)} could not be read "
                                         f"({_first_line(str(error))}).") from None

    # --- the PCs ---------------------------------------------------------------------------------

    def announce(self, peer: Peer) -> None:
        """Say that this PC synced now, under this name and code."""
        self._run("UPDATE the list of PCs",
                  """INSERT INTO pdp_desk.peers (device_id, name, code, info, last_sync)
                     VALUES (%s, %s, %s, %s::jsonb, now())
                     ON CONFLICT (device_id) DO UPDATE SET name = excluded.name, code = excluded.code,
                            info = excluded.info, last_sync = excluded.last_sync""",
                  (peer.device_id, peer.name, peer.code, json.dumps(peer.info, default=str)))

    def peers(self) -> list[Peer]:
        rows = self._run("read the list of PCs",
                         "SELECT device_id, name, code, info, last_sync FROM pdp_desk.peers ORDER BY name")
        return [Peer(d, n, c, dict(i or {}), at) for d, n, c, i, at in rows]

    def _run(self, what: str, query: str, params=None) -> list[tuple]:
        try:
            with self.connection.transaction():
                cursor = self.connection.execute(query, params)
                return cursor.fetchall() if cursor.description else []
        except psycopg.OperationalError as error:
            raise HubError("hub_lost", f"The connection to the hub {redact(self.url)} was lost "
                                       f"({_first_line(str(error))}).") from None
        except psycopg.Error as error:
            raise HubError("hub_failed", f"The hub {redact(self.url)} could not {what} "
                                         f"({_first_line(str(error))}).") from None

    def top_seq(self) -> int:
        last, called = self._run("read its sequence", "SELECT last_value, is_called FROM pdp_desk.seq")[0]
        return last if called else 0

    def destroyed_among(self, subject_ids: Iterable[str]) -> set[str]:
        """Which of these subjects the hub already knows as destroyed."""
        rows = self._run("read its destructions",
                         "SELECT subject_id FROM pdp_desk.destroyed WHERE subject_id = ANY(%s::text[])",
                         (list(subject_ids),))
        return {subject_id for (subject_id,) in rows}


def _check_clock(table: str, row_id: str, rank: int, hlc: int) -> None:
    """Refuse, before the server does with a less clear message, a clock the hub cannot hold."""
    if not (0 <= hlc <= BIGINT_MAX and -INT_MAX <= rank <= INT_MAX):
        raise HubError("cell_invalid", f"A change has a clock or rank out of range ({table}/{row_id}).")


class _JsonbLoader(psycopg.types.json.JsonbLoader):
    """jsonb as PostgreSQL sends it (text, no space around) read by json's C scanner directly.
    psycopg's own reader goes through json.loads (a copy to bytes, encoding detection, two more
    Python calls): that was ~40 % of the hub reader thread's time in a first join (py-spy, 20,000
    subjects); the join took 5-10 % less without it."""

    def load(self, data) -> object:
        text = str(data, "utf-8")
        try:
            return _SCAN(text, 0)[0]
        except StopIteration:   # not a JSON value at the very start: let json say what is wrong
            return json.loads(text)


_SCAN = json.JSONDecoder().scan_once


def _json(data) -> str:
    try:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        raise HubError("cell_invalid", "A change holds a number JSON cannot carry (NaN or infinity).") from None


def _cell_line(cell: Cell) -> tuple:
    _check_clock(cell.table, cell.row_id, cell.rank, cell.hlc)
    return (cell.table, cell.row_id, cell.subject_id, cell.hlc, cell.device,
            _json({cell.column: encode_value(cell.value)}),
            _json({cell.column: [cell.rank, cell.hlc, cell.device]}))


def _row_line(row: RowChange) -> tuple:
    """One COPY line: the row's values and its clock, plus the clocks of columns written since."""
    _check_clock(row.table, row.row_id, 0, row.hlc)
    for rank, hlc, _ in row.cells.values():
        _check_clock(row.table, row.row_id, rank, hlc)
    if row.deleted:
        return (row.table, row.row_id, row.subject_id, row.hlc, row.device, _json({DELETED: 1}), "{}")
    values = {column: encode_value(value) for column, value in row.values.items()}
    clocks = {column: list(clock) for column, clock in row.cells.items() if column in values}
    return (row.table, row.row_id, row.subject_id, row.hlc, row.device, _json(values), _json(clocks))


def _row_change(table: str, row_id: str, subject_id: str | None, values: dict, columns: list[str],
                ranks: list[int], hlcs: list[int], devices: list[str]) -> RowChange:
    """A row from its cells (values by column; the clocks as parallel lists, which PostgreSQL
    aggregates faster than one JSON array a cell): the most common clock of its ordinary columns
    becomes the row's, the others stay per column (as merge.cells_to_rows)."""
    # Most rows are one write: every column with the same clock, rank 0, no bytes. That case is
    # told with C-speed list and map operations (a first sync handles ~900,000 rows at 100,000
    # subjects; the general path below costs twice as much per row).
    decoded = {column: decode_value(value) for column, value in values.items()} \
        if dict in map(type, values.values()) else values
    if DELETED not in values and not any(ranks) and hlcs.count(hlcs[0]) == len(hlcs) \
            and devices.count(devices[0]) == len(devices):
        return RowChange(table, row_id, subject_id, hlcs[0], devices[0], decoded, {})
    clocks = {column: (rank, hlc, device) for column, rank, hlc, device in zip(columns, ranks, hlcs, devices)}
    if DELETED in clocks:
        _, hlc, device = clocks[DELETED]
        return RowChange(table, row_id, subject_id, hlc, device, deleted=True)
    plain = [(hlc, device) for rank, hlc, device in clocks.values() if rank == 0]
    if not plain:
        _, hlc, device = next(iter(clocks.values()))
    elif plain.count(plain[0]) == len(plain):   # every ordinary column of one write
        hlc, device = plain[0]
    else:
        hlc, device = Counter(plain).most_common(1)[0][0]
    overrides = {column: clock for column, clock in clocks.items() if clock != (0, hlc, device)}
    return RowChange(table, row_id, subject_id, hlc, device, decoded, overrides)
