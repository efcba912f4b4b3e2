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

Values are sealed: each cell's value is AES-GCM encrypted with a key derived from the shared sync
passphrase (scrypt, the salt kept in the hub), with the cell's key and order as associated data.
The server's owner, its backups and its WAL see ids, table and column names, never a name or
a phone number; and the bytes PostgreSQL keeps of a deleted row until VACUUM are ciphertext.
See docs/sync-hub.md for why.

The hub's tables live in their own schema `pdp_desk`, created on first connect; its version is
kept in `pdp_desk.hub_meta` and a hub made by a newer PDP Desk is refused, never changed.
"""
from __future__ import annotations

import hmac
import json
import os
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Self

import psycopg
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from psycopg import conninfo

from pdp_desk.sync.cells import DELETED, Cell, decode_value, encode_value

SCHEMA_VERSION = 1
CONNECT_TIMEOUT = 5  # seconds: a hub that does not answer is reported, not waited for
PAGE = 5000          # cells per pulled page
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
    cells: list[Cell] = field(default_factory=list)
    destructions: list[Destruction] = field(default_factory=list)
    last_seq: int = 0      # the cursor to keep once this page is applied
    more: bool = False     # another page follows


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


class Sealer:
    """Per-cell AES-GCM with the hub's key. The associated data binds a value to its cell and
    its order, so a value moved to another cell or given another clock on the server fails."""

    def __init__(self, key: bytes):
        self._aes = AESGCM(key)

    @staticmethod
    def _aad(cell: Cell) -> bytes:
        return "\x1f".join((cell.table, cell.row_id, cell.column, str(cell.rank), str(cell.hlc),
                            cell.device)).encode("utf-8")

    def seal(self, cell: Cell) -> bytes:
        nonce = os.urandom(12)
        plain = json.dumps(encode_value(cell.value), ensure_ascii=False, separators=(",", ":"))
        return nonce + self._aes.encrypt(nonce, plain.encode("utf-8"), self._aad(cell))

    def open(self, cell: Cell, blob: bytes) -> Cell:
        """`cell` carries everything but the value; returns it with the value."""
        try:
            plain = self._aes.decrypt(blob[:12], blob[12:], self._aad(cell))
        except (InvalidTag, ValueError):
            raise HubError("hub_damaged", f"A value on the hub fails its integrity check "
                                          f"({cell.table}/{cell.row_id}/{cell.column}).") from None
        return Cell(cell.table, cell.row_id, cell.column, decode_value(json.loads(plain)),
                    cell.subject_id, cell.rank, cell.hlc, cell.device)


def _derive_key(passphrase: str, salt: bytes) -> bytes:
    # The same scrypt (and its per-process cache) as sealed files: one slow derivation per hub.
    from pdp_desk.store.sealed import N_LOG2, P, R, _key

    return _key(passphrase, salt, N_LOG2, R, P)


def _key_check(key: bytes) -> str:
    return hmac.new(key, _CHECK, "sha256").hexdigest()[:16]


_CREATE = """
CREATE SCHEMA IF NOT EXISTS pdp_desk;
CREATE TABLE pdp_desk.hub_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE SEQUENCE pdp_desk.seq AS bigint;
CREATE TABLE pdp_desk.cells (
    table_name  text COLLATE "C" NOT NULL,
    row_id      text COLLATE "C" NOT NULL,
    column_name text COLLATE "C" NOT NULL,
    value       bytea NOT NULL,            -- sealed: nonce | AES-GCM(json of encode_value)
    subject_id  text COLLATE "C",
    rank        integer NOT NULL,
    hlc         bigint NOT NULL,
    device      text COLLATE "C" NOT NULL,
    seq         bigint NOT NULL,
    PRIMARY KEY (table_name, row_id, column_name)
);
CREATE INDEX cells_seq ON pdp_desk.cells (seq);
CREATE INDEX cells_subject ON pdp_desk.cells (subject_id) WHERE subject_id IS NOT NULL;
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

    def __init__(self, connection: psycopg.Connection, url: str, sealer: Sealer, hub_id: str):
        self.connection = connection
        self.url = url
        self.sealer = sealer
        self.hub_id = hub_id  # cursors are kept per hub: a new hub starts them again

    # --- opening -------------------------------------------------------------------------------

    @classmethod
    def connect(cls, url: str, passphrase: str, *, timeout: float = CONNECT_TIMEOUT) -> Hub:
        check_url(url)
        if not passphrase:
            raise HubError("no_passphrase", "Set the sync passphrase first: the hub keeps values "
                                                 "encrypted with it.")
        try:
            connection = psycopg.connect(
                url.strip(), connect_timeout=max(1, round(timeout)), application_name="PDP Desk",
                # a hub that vanishes mid-sync is noticed in ~30 s rather than hours
                keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3)
        except psycopg.Error as error:
            raise _connection_error(error, url) from None
        try:
            for attempt in range(3):
                try:
                    hub_id, key = cls._prepare(connection, passphrase, url)
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
        return cls(connection, url, Sealer(key), hub_id)

    @staticmethod
    def _prepare(connection: psycopg.Connection, passphrase: str, url: str) -> tuple[str, bytes]:
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
                    key = _derive_key(passphrase, salt)
                    meta = {"schema_version": str(SCHEMA_VERSION), "hub_id": secrets.token_hex(16),
                            "salt": salt.hex(), "key_check": _key_check(key)}
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
            key = _derive_key(passphrase, bytes.fromhex(meta["salt"]))
        except (KeyError, ValueError):
            raise HubError("hub_damaged", f"The hub {redact(url)} has no readable key salt.") from None
        if not hmac.compare_digest(_key_check(key), meta.get("key_check", "")):
            raise HubError("wrong_passphrase", "The sync passphrase of this PC is not the one the hub "
                                               "was set up with.")
        return meta["hub_id"], key

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- pushing -------------------------------------------------------------------------------

    def push(self, cells: Iterable[Cell], destructions: Iterable[Destruction] = ()) -> PushResult:
        """Store `destructions` and the `cells` that win, in one transaction (all or nothing)."""
        destructions = list(destructions)
        result = PushResult()
        try:
            with self.connection.transaction():
                self.connection.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                result.seq_before = self._high_water()
                if destructions:
                    result.destroyed = self._push_destructions(destructions)
                stored, refused = self._push_cells(cells)
                result.stored, result.refused = stored, refused
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

    def _push_cells(self, cells: Iterable[Cell]) -> tuple[int, int]:
        with self.connection.cursor() as cursor:
            cursor.execute("""CREATE TEMP TABLE incoming (
                                table_name text COLLATE "C", row_id text COLLATE "C",
                                column_name text COLLATE "C", value bytea, subject_id text COLLATE "C",
                                rank integer, hlc bigint, device text COLLATE "C") ON COMMIT DROP""")
            count = 0
            with cursor.copy("COPY incoming FROM STDIN") as copy:
                for cell in cells:
                    _check_cell(cell)
                    copy.write_row((cell.table, cell.row_id, cell.column, self.sealer.seal(cell),
                                    cell.subject_id, cell.rank, cell.hlc, cell.device))
                    count += 1
            if not count:
                return 0, 0
            cursor.execute("""SELECT count(*) FROM incoming i JOIN pdp_desk.destroyed d
                              ON d.subject_id = i.subject_id""")
            refused = cursor.fetchone()[0]
            # Of several versions of one cell in a push, the winner; cells of destroyed subjects are
            # refused; then the merge rule, as a row comparison, decides against what is stored.
            cursor.execute(
                """INSERT INTO pdp_desk.cells AS c
                       (table_name, row_id, column_name, value, subject_id, rank, hlc, device, seq)
                   SELECT w.*, nextval('pdp_desk.seq') FROM (
                       SELECT DISTINCT ON (table_name, row_id, column_name)
                              table_name, row_id, column_name, value, subject_id, rank, hlc, device
                       FROM incoming i
                       WHERE (i.subject_id IS NULL OR NOT EXISTS (
                                SELECT 1 FROM pdp_desk.destroyed d WHERE d.subject_id = i.subject_id))
                         AND NOT EXISTS (  -- a cell older than its row's deletion
                                SELECT 1 FROM pdp_desk.cells t
                                WHERE t.table_name = i.table_name AND t.row_id = i.row_id
                                  AND t.column_name = %(deleted)s AND i.column_name <> %(deleted)s
                                  AND (t.rank, t.hlc, t.device) > (i.rank, i.hlc, i.device))
                       ORDER BY table_name, row_id, column_name, rank DESC, hlc DESC, device DESC
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
                changes = self.connection.execute(
                    """SELECT seq, table_name, row_id, NULL::text, NULL::jsonb
                         FROM pdp_desk.cells WHERE seq > %(after)s
                       UNION ALL
                       SELECT seq, NULL, NULL, subject_id, records
                         FROM pdp_desk.destroyed WHERE seq > %(after)s
                       ORDER BY 1 LIMIT %(limit)s""",
                    {"after": after, "limit": limit + 1}).fetchall()
                page.more = len(changes) > limit
                changes = changes[:limit]
                rows = sorted({(t, r) for _, t, r, _, _ in changes if t is not None})
                cells = self.connection.execute(
                    """SELECT c.table_name, c.row_id, c.column_name, c.value, c.subject_id, c.rank, c.hlc,
                              c.device
                         FROM pdp_desk.cells c
                         JOIN unnest(%s::text[], %s::text[]) AS wanted(t, r)
                           ON c.table_name = wanted.t AND c.row_id = wanted.r""",
                    ([t for t, _ in rows], [r for _, r in rows])).fetchall() if rows else []
        except psycopg.OperationalError as error:
            raise HubError("hub_lost", f"The connection to the hub {redact(self.url)} was lost "
                                       f"({_first_line(str(error))}).") from None
        except psycopg.Error as error:
            raise HubError("hub_failed", f"The hub {redact(self.url)} could not be read "
                                         f"({_first_line(str(error))}).") from None
        for seq, table, _, subject_id, records in changes:
            if table is None:
                page.destructions.append(Destruction(subject_id, tuple(records or ())))
            page.last_seq = seq
        for table, row_id, column, value, subject_id, rank, hlc, device in cells:
            bare = Cell(table, row_id, column, None, subject_id, rank, hlc, device)
            page.cells.append(self.sealer.open(bare, bytes(value)))
        return page

    def pull_all(self, after: int, limit: int = PAGE) -> Iterator[PullPage]:
        """Pages until the hub has nothing newer; each page's last_seq is the cursor to keep."""
        while True:
            page = self.pull(after, limit)
            if page.cells or page.destructions:
                yield page
            if not page.more:
                return
            after = page.last_seq

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


def _check_cell(cell: Cell) -> None:
    """Refuse, before the server does with a less clear message, a cell the hub cannot hold."""
    if not (0 <= cell.hlc <= BIGINT_MAX and -INT_MAX <= cell.rank <= INT_MAX):
        raise HubError("cell_invalid", f"A change has a clock or rank out of range "
                                       f"({cell.table}/{cell.row_id}/{cell.column}).")
    for text in (cell.table, cell.row_id, cell.column, cell.device, cell.subject_id or ""):
        if "\x00" in text:
            raise HubError("cell_invalid", "A change holds a NUL character in its key.")
