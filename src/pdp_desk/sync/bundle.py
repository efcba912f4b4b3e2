"""A bundle: a batch of rows from one PC, gzip'd JSON lines inside a sealed file (store/sealed.py).

Line 1 is the header (format, the PC, the range of its change numbers, whether it is a
snapshot, the columns of each table); every further line is one row:
`[table, row_id, subject_id, hlc, device, values | null (deleted), {column: [rank, hlc, device]}]`.

Rows are streamed both ways: writing never holds the bundle in memory nor puts its plain text on
disk (only the sealed bytes touch the disk); reading hands rows over in batches as their chunks
pass authentication, so a snapshot of a large register fits in memory.
"""
from __future__ import annotations

import io
import json
import os
import secrets
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from pdp_desk.store import sealed
from pdp_desk.sync.capture import RowChange, columns_of
from pdp_desk.sync.cells import decode_value, encode_value

FORMAT = 1
SUFFIX = ".pdpsync"
BATCH = 5000  # rows handed to the reader at a time


class BundleError(Exception):
    """A bundle that cannot be used now; `reason` is a short code, the message says it plainly."""

    reason = "damaged"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class WrongPassphrase(BundleError):
    reason = "wrong_passphrase"


class DamagedBundle(BundleError):
    reason = "damaged"


class NewerBundle(BundleError):
    reason = "newer_version"


@dataclass(frozen=True)
class Header:
    device_id: str
    device_name: str
    device_code: str
    seq_from: int | None   # None: a snapshot (every row), else the rows changed after this number
    seq_to: int            # the PC's change number when the bundle was made
    made_at: str
    format: int = FORMAT

    @property
    def snapshot(self) -> bool:
        return self.seq_from is None


class _Source(io.RawIOBase):
    """A readable stream over gzip'd JSON lines made on demand (what seal_stream reads)."""

    def __init__(self, header: Header, rows: Iterable[RowChange], tables: dict[str, list[str]]):
        self._lines = self._make(header, rows, tables)
        self._buffer = b""
        self._zip = zlib.compressobj(6, zlib.DEFLATED, 31)  # gzip framing
        self._done = False
        self.rows = 0

    def _make(self, header: Header, rows: Iterable[RowChange], tables: dict[str, list[str]]) -> Iterator[bytes]:
        yield (json.dumps({**asdict(header), "columns": tables}, ensure_ascii=False) + "\n").encode("utf-8")
        for row in rows:
            self.rows += 1
            if row.deleted:
                values = None
            else:
                values = [encode_value(row.values.get(c)) for c in tables[row.table]]
            cells = {c: list(clock) for c, clock in row.cells.items()}
            yield (json.dumps([row.table, row.row_id, row.subject_id, row.hlc, row.device, values, cells or 0],
                              ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while len(self._buffer) < len(target) and not self._done:
            line = next(self._lines, None)
            if line is None:
                self._buffer += self._zip.flush()
                self._done = True
            else:
                self._buffer += self._zip.compress(line)
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def new_token() -> str:
    """The random part of a bundle's name (its writer remembers it: see services.sync)."""
    return secrets.token_hex(4)


def bundle_name(header: Header, token: str | None = None) -> str:
    kind = "s" if header.snapshot else "i"
    return f"{header.seq_to:012d}-{kind}-{token or new_token()}{SUFFIX}"


def parse_name(name: str) -> tuple[int, bool] | None:
    """(seq_to, snapshot) from a bundle's file name, or None for any other file."""
    if not name.endswith(SUFFIX):
        return None
    parts = name[:-len(SUFFIX)].split("-")
    if len(parts) != 3 or not parts[0].isdigit() or parts[1] not in ("s", "i"):
        return None
    return int(parts[0]), parts[1] == "s"


def token_of(name: str) -> str:
    return name[:-len(SUFFIX)].rsplit("-", 1)[-1] if name.endswith(SUFFIX) else ""


def write_bundle(folder: Path, header: Header, rows: Iterable[RowChange], passphrase: str,
                 token: str | None = None) -> tuple[Path, int]:
    """Seal the rows into a new file in `folder`: written as `.part`, then renamed to a name that
    did not exist (never replacing a file another PC may be reading). Returns (path, rows)."""
    from pdp_desk.store.triggers import REPLICATED_TABLES

    tables = {t: columns_of(t) for t in REPLICATED_TABLES}
    source = _Source(header, rows, tables)
    target = folder / bundle_name(header, token)
    if target.exists():
        raise FileExistsError(f"{target.name} exists already")
    part = folder / f".{target.name}.part"
    try:
        with open(part, "wb") as handle:
            sealed.seal_stream(io.BufferedReader(source, sealed.CHUNK), handle, passphrase)
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(part, target)  # fails rather than replace an existing file (Windows and POSIX alike here)
    except BaseException:
        try:
            part.unlink(missing_ok=True)
        except OSError:
            pass
        raise
    return target, source.rows


class _Sink(io.RawIOBase):
    """A writable stream that un-gzips authenticated plain text and hands rows over in batches."""

    def __init__(self, on_header: Callable[[Header, dict], None], on_rows: Callable[[list[RowChange]], None]):
        self._unzip = zlib.decompressobj(31)
        self._rest = b""
        self._header: Header | None = None
        self._columns: dict[str, list[str]] = {}
        self._batch: list[RowChange] = []
        self._on_header, self._on_rows = on_header, on_rows
        self.rows = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        try:
            plain = self._unzip.decompress(bytes(data))
        except zlib.error:
            raise DamagedBundle("The bundle is damaged (its contents do not unpack).") from None
        self._feed(plain)
        return len(data)

    def _feed(self, plain: bytes) -> None:
        lines = (self._rest + plain).split(b"\n")
        self._rest = lines.pop()
        for line in lines:
            if line:
                self._line(line)

    def _line(self, line: bytes) -> None:
        try:
            item = json.loads(line)
        except ValueError:
            raise DamagedBundle("The bundle is damaged (a line is not readable).") from None
        if self._header is None:
            if not isinstance(item, dict) or not isinstance(item.get("format"), int):
                raise DamagedBundle("The bundle has no readable header.")
            if item["format"] > FORMAT:
                raise NewerBundle("The bundle was made by a newer version of PDP Desk; update PDP Desk on this PC.")
            try:
                self._header = Header(item["device_id"], item["device_name"], item["device_code"], item["seq_from"],
                                      int(item["seq_to"]), item["made_at"], item["format"])
                self._columns = {t: list(c) for t, c in item["columns"].items()}
            except (KeyError, TypeError, ValueError, AttributeError):
                raise DamagedBundle("The bundle's header is incomplete.") from None
            self._on_header(self._header, self._columns)
            return
        try:
            table, row_id, subject_id, hlc, device, values, cells = item
            if values is None:
                row = RowChange(table, row_id, subject_id, int(hlc), device, deleted=True)
            else:
                row = RowChange(table, row_id, subject_id, int(hlc), device,
                                {c: decode_value(v) for c, v in zip(self._columns[table], values)},
                                {c: (int(k[0]), int(k[1]), str(k[2])) for c, k in (cells or {}).items()})
        except (KeyError, TypeError, ValueError):
            raise DamagedBundle("The bundle is damaged (a row is not readable).") from None
        self._batch.append(row)
        self.rows += 1
        if len(self._batch) >= BATCH:
            self.flush_rows()

    def flush_rows(self) -> None:
        if self._batch:
            batch, self._batch = self._batch, []
            self._on_rows(batch)

    def finish(self) -> Header:
        self._feed(self._unzip.flush())
        if self._rest.strip():
            self._line(self._rest)
            self._rest = b""
        if self._header is None:
            raise DamagedBundle("The bundle is empty.")
        if not self._unzip.eof:
            raise DamagedBundle("The bundle is cut short.")
        self.flush_rows()
        return self._header


def read_bundle(path: Path, passphrase: str, on_rows: Callable[[list[RowChange]], None],
                on_header: Callable[[Header, dict], None] = lambda h, c: None) -> tuple[Header, int]:
    """Open a bundle and hand its rows to `on_rows` in batches (each batch authenticated).

    Raises WrongPassphrase, NewerBundle or DamagedBundle (half-copied, altered, not a bundle);
    rows may have been handed over before a later part failed: apply them in a transaction that
    the caller rolls back on error. `OSError` (the file vanished, a share dropped) passes through.
    """
    sink = _Sink(on_header, on_rows)
    with open(path, "rb") as source:
        try:
            sealed.open_stream(source, sink, passphrase)
        except sealed.WrongPassphrase:
            raise WrongPassphrase("The sync passphrase does not open this bundle.") from None
        except sealed.NewerFormat:
            raise NewerBundle("The bundle was made by a newer version of PDP Desk; update PDP Desk on this PC.") \
                from None
        except sealed.DamagedFile as error:
            raise DamagedBundle(str(error)) from None
    return sink.finish(), sink.rows


def read_all(path: Path, passphrase: str) -> tuple[Header, list[RowChange]]:
    """The whole bundle in memory (tests, small bundles)."""
    rows: list[RowChange] = []
    header, _ = read_bundle(path, passphrase, rows.extend)
    return header, rows
