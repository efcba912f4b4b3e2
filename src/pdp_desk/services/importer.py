"""Use case: import customers and orders from the website's exports (CSV and XLSX).

* `read_table(path)`: the file as headers and rows, whatever the shop wrote: CSV in UTF-8
  (with or without BOM), UTF-16 with BOM (Excel's "Unicode text") or Windows-1251, delimited
  by `,`, `;` or tab; or the first sheet of an XLSX workbook. Bad files are refused before any
  work with an `ImportFileError` whose `code` the GUI translates and whose message says what is
  wrong: unknown encoding, broken quoting (with the line), too many columns, too large, empty.
* `preview(path)`: headers, a guessed (or remembered) mapping and the first rows, for the
  column-mapping dialog; `remember_mapping` / `remembered_mapping` keep a mapping per header
  set (setting "import.mapping.<signature>").
* `import_file(db, path, mapping)`: the import itself, all or nothing.

How the import treats people (see also the report's notes):

* Phones, e-mails and IINs go through the same domain checks as the register's own form
  (`normalize_phone`, `check_email`, `check_iin`, memoised per value: `validate` itself costs
  0.3 ms a row, half a minute for a 100,000-row export). A value that fails (a foreign phone,
  a broken e-mail) is left out with a note on its row; the row is imported when another phone,
  e-mail or IIN identifies the person, and skipped with the reason when none does.
* A person is matched to the register by any of their normalised phones, e-mails or IIN, and
  to the rows before it in the same file (plus the site's customer id within the file). A
  match adds what is new (contacts, addresses, a name or IIN the register lacks); what the
  register already holds is never overwritten. A row that matches two different subjects is
  skipped ("merge them in the register first"); a row of a blocked subject is skipped
  (processing is suspended while blocked). With an operator given, only that operator's
  subjects are matched.
* Orders are keyed by (operator, order number): the same order seen again is compared and
  updated only when it changed, so importing the same file twice changes nothing. Rows of one
  order (one row per line item) are merged into one order.
* A "yes" in the marketing-consent column records a marketing consent (and its "given" event)
  when the subject has none for that operator yet; an import never overrides a withdrawal.

Cells are data, never code: CSV cells are text; an XLSX sheet is read with openpyxl in
read-only mode and `data_only=False`, so a formula cell gives its formula text (openpyxl never
evaluates anything), and any text a spreadsheet would run as a formula ("=1+2",
"=HYPERLINK(...)", "@SUM(...)") is stored with a leading apostrophe (`neutralize`).

Limits, checked before any work where the file allows it: 200 MB, 2,000,000 rows, 200
columns; a row with a cell over 10,000 characters is skipped with the reason.

Speed: rows are read and normalised in chunks; existing contacts are looked up per chunk with
indexed IN queries, existing orders once at the end through a temporary table (there is no
index on the order number); rows are written with `executemany` on the session's own
connection (with a 64 MB page cache while the import runs), ids come from `new_ids`. Memory
grows with the orders of the file (about 2 KB per row with everything it keeps: about 220 MB
for 100,000 rows). Everything runs in one transaction (a savepoint when the caller passes its
own session): a cancel, an error or a dry run rolls it all back.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import json
import re
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from pdp_desk.domain.catalogue import PURPOSES, catalogue_id
from pdp_desk.domain.identifiers import Checked, check_email, check_iin, normalize_phone
from pdp_desk.domain.ids import new_ids
from pdp_desk.domain.import_columns import (
    IDENTIFYING_FIELDS,
    MULTI_FIELDS,
    Field,
    Mapping,
    MappingError,
    clean_text,
    guess_mapping,
    header_signature,
    neutralize,
    normalize_header,
    order_status,
    parse_amount,
    parse_category,
    parse_datetime,
    parse_yes_no,
    to_utc,
)
from pdp_desk.domain.search import fold
from pdp_desk.services import audit
from pdp_desk.services.subjects import MAX_NAME, search_phone, search_tokens
from pdp_desk.store.database import Database
from pdp_desk.store.models import Setting

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ROWS = 2_000_000
MAX_COLUMNS = 200
MAX_CELL = 10_000
MAX_HEADER = 1_000
MAX_XLSX_UNPACKED = 2 * 1024 * 1024 * 1024   # a zip bomb is refused before it is opened
MAX_ITEMS = 4_000
CHUNK = 2_000
CACHE_KIB = 65_536          # page cache of the import's connection while it runs (64 MiB)
SNIFF_BYTES = 64 * 1024
SETTING_PREFIX = "import.mapping."

DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
ENCODING_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "utf-16": "UTF-16",
                   "windows-1251": "Windows-1251"}


class ImportFileError(Exception):
    """A file or mapping that cannot be imported. `code` for the GUI, `message` for people,
    `line` when a line of the file is to blame. (Not named ImportError: that is Python's.)"""

    def __init__(self, code: str, message: str, line: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


# --- reading the file --------------------------------------------------------------------------


@dataclass
class Table:
    """A file opened for reading: its headers and an iterator of (row number, cells).

    The row number is the line of a CSV file where the row starts (the header is line 1 when
    the file starts with it) or the row of the sheet, as a person finds it in the file. Blank
    rows are not yielded. Use as a context manager, or call `close()`.
    """

    path: Path
    format: str                      # "csv" | "xlsx"
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    encoding: str | None             # csv only: "utf-8", "utf-8-sig", "utf-16", "windows-1251"
    delimiter: str | None            # csv only: ",", ";" or "\t"
    row_count_hint: int              # data rows, approximately (multi-line cells count double)
    sha256: str
    size: int
    header_row: int = 1
    _closer: Callable[[], None] | None = None

    def close(self) -> None:
        if self._closer is not None:
            self._closer()
            self._closer = None

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def read_table(path: Path | str) -> Table:
    """Open an export for reading; refuses what cannot be read with an ImportFileError."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise ImportFileError("file_missing", f"There is no file {path}.")
    if path.is_dir():
        raise ImportFileError("file_missing", f"{path} is a folder, not a file.")
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError("empty_file", f"{name} is empty: there is nothing to import.")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            "too_large", f"{name} is {size / 2**20:,.0f} MB; PDP Desk imports files of at most "
            f"{MAX_FILE_BYTES // 2**20} MB. Export a shorter period (for example one month).")
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, size)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "unsupported_format", f"{name} is an old Excel file (.xls). Open it in Excel and save "
            "it as .xlsx or CSV, then import that.")
    return _read_csv(path, size)


def _scan(path: Path, encoding: str | None) -> tuple[str, int, bool, bool]:
    """One pass over the bytes: (sha256, lines, decodes as `encoding` or UTF-8, has NUL).

    Lines: the newlines, plus one when the last line has none."""
    digest = hashlib.sha256()
    newlines = 0
    decoder = codecs.getincrementaldecoder(encoding or "utf-8")("strict")
    decodes, nul = True, False
    newline = b"\n\x00" if encoding == "utf-16-le" else b"\x00\n" if encoding == "utf-16-be" else b"\n"
    last = b""
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
            newlines += chunk.count(newline)
            last = chunk
            if encoding is None or not encoding.startswith("utf-16"):
                nul = nul or b"\x00" in chunk
            if decodes:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    decodes = False
    if decodes:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            decodes = False
    if last and not last.endswith(newline):
        newlines += 1
    return digest.hexdigest(), newlines, decodes, nul


def _cp1251_ok(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("cp1251")("strict")
    try:
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_text(sample: str) -> bool:
    """Text, not binary: almost no control characters other than tab, CR, LF, FF."""
    if not sample:
        return True
    controls = sum(1 for c in sample if c < " " and c not in "\t\r\n\f")
    return controls <= len(sample) // 200


def _detect_encoding(path: Path) -> tuple[str, str, int]:
    """(encoding, sha256, newline count), trying UTF-8 strictly first, then Windows-1251."""
    with path.open("rb") as f:
        raw = f.read(SNIFF_BYTES)
    unknown = ImportFileError(
        "unknown_encoding", f"{path.name} is not text in an encoding PDP Desk knows (UTF-8, "
        "UTF-16 or Windows-1251), or not a CSV file at all. Export it again as CSV in UTF-8, "
        "or as XLSX.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if raw.startswith(b"\xff\xfe") else "utf-16-be"
        sha, newlines, ok, _ = _scan(path, codec)
        if not ok or not _looks_like_text(raw[2:].decode(codec, "ignore")):
            raise unknown
        return "utf-16", sha, newlines
    sha, newlines, utf8, nul = _scan(path, None)
    if nul:
        raise unknown
    if utf8:
        encoding = "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8"
        text = raw.decode("utf-8", "ignore")
    elif not raw.startswith(codecs.BOM_UTF8) and _cp1251_ok(path):
        encoding, text = "windows-1251", raw.decode("cp1251")
    else:
        raise unknown
    if not _looks_like_text(text):
        raise unknown
    return encoding, sha, newlines


def _sniff_delimiter(sample: str) -> str:
    """`,`, `;` or tab: csv.Sniffer on the first lines, checked against the header line."""
    cut = sample.rfind("\n")
    sample = sample[: cut if cut > 0 else len(sample)][:16_384]
    header = next((line for line in sample.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        sniffed = None
    if sniffed in counts and counts[sniffed] > 0:
        return sniffed
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _clean_headers(cells: list[Any], line: int) -> list[str]:
    texts = [clean_text(c) for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    if len(texts) > MAX_COLUMNS:
        raise ImportFileError(
            "too_many_columns", f"The file has {len(texts)} columns; PDP Desk reads at most "
            f"{MAX_COLUMNS}. Is this the shop's customer or order export? Remove the columns you "
            "do not need, or check the delimiter.", line)
    if any(len(t) > MAX_HEADER for t in texts):
        raise ImportFileError("no_header", f"Line {line} should hold the column names, but a cell "
                              f"there is longer than {MAX_HEADER} characters.", line)
    headers: list[str] = []
    seen: Counter[str] = Counter()
    for i, text in enumerate(texts):
        text = text or f"Column {i + 1}"
        seen[text] += 1
        headers.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return headers


def _blank(cells: list[Any]) -> bool:
    try:
        return not "".join(cells).strip()   # CSV: every cell is text
    except TypeError:
        return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _read_csv(path: Path, size: int) -> Table:
    encoding, sha, newlines = _detect_encoding(path)
    if newlines > MAX_ROWS + 1:
        raise ImportFileError(
            "too_many_rows", f"{path.name} has {newlines:,} lines; PDP Desk imports at most "
            f"{MAX_ROWS:,} rows at a time. Export a shorter period.")
    handle = path.open("r", encoding=encoding, newline="", errors="strict")
    try:
        sample = handle.read(SNIFF_BYTES)
        delimiter = _sniff_delimiter(sample)
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
        state = {"line": 0}

        def next_row() -> tuple[int, list[str]] | None:
            start = state["line"] + 1
            try:
                cells = next(reader)
            except StopIteration:
                return None
            except csv.Error as error:
                raise _quoting_error(path, start, reader.line_num, error) from None
            state["line"] = reader.line_num
            if reader.line_num - start > 50 and any(len(c) > MAX_CELL and c.count("\n") > 20 for c in cells):
                # an opening quote that is closed hundreds of lines later swallowed those rows
                raise _quoting_error(path, start, reader.line_num, None)
            return start, cells

        while True:
            first = next_row()
            if first is None:
                raise ImportFileError("empty_file", f"{path.name} holds no rows: there is nothing to import.")
            if not _blank(first[1]):
                break
        header_line, header_cells = first
        headers = _clean_headers(header_cells, header_line)

        def rows() -> Iterator[tuple[int, list[str]]]:
            count = 0
            while (item := next_row()) is not None:
                if _blank(item[1]):
                    continue
                count += 1
                if count > MAX_ROWS:
                    raise ImportFileError("too_many_rows", f"{path.name} has more than {MAX_ROWS:,} rows; "
                                          "export a shorter period.", item[0])
                yield item

        hint = max(0, newlines - header_line)
        return Table(path, "csv", headers, rows(), encoding, delimiter, hint, sha, size, header_line,
                     handle.close)
    except BaseException:
        handle.close()
        raise


def _quoting_error(path: Path, start: int, end: int, error: csv.Error | None) -> ImportFileError:
    detail = f" ({error})" if error else ""
    return ImportFileError(
        "broken_quoting",
        f"{path.name}: the quoting is broken in the row that starts on line {start}{detail}: a "
        "quotation mark opens a cell that is not closed where it should be (lines "
        f"{start}–{max(start, end)}). Fix that line in a text editor, or export the file again.",
        start)


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool, datetime)):
        return value
    text = getattr(value, "text", None)   # ArrayFormula and friends: their formula text
    return text if isinstance(text, str) else str(value)


def _read_xlsx(path: Path, size: int) -> Table:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    not_a_workbook = ImportFileError(
        "not_a_table", f"{path.name} is a ZIP archive but not a readable Excel workbook (.xlsx). "
        "Export the file again as XLSX or CSV.")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            unpacked = sum(entry.file_size for entry in entries)
    except (zipfile.BadZipFile, OSError):
        raise not_a_workbook from None
    if "xl/workbook.xml" not in names:
        raise not_a_workbook
    if unpacked > MAX_XLSX_UNPACKED:
        raise ImportFileError("too_large", f"{path.name} unpacks to {unpacked / 2**30:,.1f} GB; "
                              "export a shorter period.")
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    try:
        # read_only streams the sheet; data_only=False: a formula cell gives its formula text,
        # which is imported as (neutralised) text. openpyxl never evaluates formulas.
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise not_a_workbook from None
    try:
        if not workbook.worksheets:
            raise ImportFileError("empty_file", f"{path.name} has no sheets.")
        sheet = workbook.worksheets[0]
        declared = sheet.max_row or 0
        if declared > MAX_ROWS + 1:
            raise ImportFileError("too_many_rows", f"{path.name} has {declared:,} rows; PDP Desk "
                                  f"imports at most {MAX_ROWS:,} at a time. Export a shorter period.")
        source = sheet.iter_rows(values_only=True)
        header_row, header_cells = 0, None
        for number, cells in enumerate(source, start=1):
            if not _blank(list(cells)):
                header_row, header_cells = number, [_xlsx_value(c) for c in cells]
                break
        if header_cells is None:
            raise ImportFileError("empty_file", f"The first sheet of {path.name} is empty: there is nothing to import.")
        headers = _clean_headers(header_cells, header_row)

        def rows() -> Iterator[tuple[int, list[Any]]]:
            count = 0
            for number, cells in enumerate(source, start=header_row + 1):
                values = [_xlsx_value(c) for c in cells]
                if _blank(values):
                    continue
                count += 1
                if count > MAX_ROWS:
                    raise ImportFileError("too_many_rows", f"{path.name} has more than {MAX_ROWS:,} rows; "
                                          "export a shorter period.", number)
                yield number, values

        hint = max(0, declared - header_row)
        return Table(path, "xlsx", headers, rows(), None, None, hint, digest.hexdigest(), size,
                     header_row, workbook.close)
    except BaseException:
        workbook.close()
        raise


# --- preview and remembered mappings ----------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    headers: list[str]
    mapping: Mapping
    mapping_origin: str              # "given" | "remembered" | "guessed"
    rows: list[tuple[int, list[str]]]
    encoding: str | None
    delimiter: str | None
    format: str
    row_count_hint: int
    signature: str


def preview(path: Path | str, mapping: Mapping | dict | None = None, rows: int = 20, *,
            session: Session | None = None) -> Preview:
    """The first `rows` rows as text, and the mapping to show: the one given, else the one
    remembered for this header set (when a session is given), else a guess."""
    with read_table(path) as table:
        sample = [(number, [clean_text(c) for c in cells[: len(table.headers)]]
                   + [""] * (len(table.headers) - len(cells)))
                  for number, cells in islice(table.rows, max(0, rows))]
        origin = "given"
        if mapping is not None:
            chosen = Mapping.from_json(mapping)
        else:
            chosen = remembered_mapping(session, table.headers) if session is not None else None
            origin = "remembered" if chosen is not None else "guessed"
            chosen = chosen or guess_mapping(table.headers)
        return Preview(table.headers, chosen, origin, sample, table.encoding, table.delimiter,
                       table.format, table.row_count_hint, header_signature(table.headers))


def remember_mapping(session: Session, headers: list[str], mapping: Mapping | dict,
                     actor: str = "") -> str:
    """Keep `mapping` for files with these headers; returns the setting key."""
    mapping = Mapping.from_json(mapping)
    signature = header_signature(headers)
    key = SETTING_PREFIX + signature
    row = session.get(Setting, key)
    value = mapping.to_json()
    if row is None:
        session.add(Setting(key=key, value=value))
    elif row.value != value:
        row.value = value
    else:
        return key
    session.flush()
    audit.record(session, "import.mapping_saved", "setting", [], {"signature": signature}, actor=actor)
    return key


def remembered_mapping(session: Session, headers: list[str]) -> Mapping | None:
    """The mapping kept for this header set, or None (also when it no longer reads)."""
    row = session.get(Setting, SETTING_PREFIX + header_signature(headers))
    if row is None:
        return None
    try:
        return Mapping.from_json(row.value)
    except MappingError:
        return None


# --- the report --------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did (or, with `dry_run`, would do). Rows: created + updated + unchanged +
    skipped = rows read. `skipped` and `warnings` are (row number, reason) pairs."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    skipped_rows: list[SkippedRow] = field(default_factory=list)   # the same rows, with reason codes
    skipped_by_code: dict[str, int] = field(default_factory=dict)
    subjects_updated: int = 0
    contacts_added: int = 0
    addresses_added: int = 0
    orders_created: int = 0
    orders_updated: int = 0
    orders_unchanged: int = 0
    consents_created: int = 0
    dry_run: bool = False
    cancelled: bool = False
    seconds: float = 0.0
    file_sha256: str = ""
    format: str = ""
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def imported(self) -> int:
        """Rows that went in (created, updated or found unchanged)."""
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        if self.cancelled:
            return f"cancelled after {self.rows:,} rows; nothing was imported"
        text = (f"{self.rows:,} rows: {self.created:,} created, {self.updated:,} updated, "
                f"{self.unchanged:,} unchanged, {len(self.skipped):,} skipped; orders: "
                f"{self.orders_created:,} created, {self.orders_updated:,} updated, "
                f"{self.orders_unchanged:,} unchanged")
        return text + (" (dry run: nothing was written)" if self.dry_run else "")

    def to_json(self) -> dict:
        return {
            "rows": self.rows, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "skipped_count": len(self.skipped),
            "skipped": [{"row": s.row, "code": s.code, "codes": [c for c, _ in s.reasons], "reason": s.text()}
                        for s in self.skipped_rows],
            "skipped_by_code": dict(self.skipped_by_code),
            "warnings": [{"row": r, "reason": why} for r, why in self.warnings],
            "subjects_updated": self.subjects_updated, "contacts_added": self.contacts_added,
            "addresses_added": self.addresses_added, "orders_created": self.orders_created,
            "orders_updated": self.orders_updated, "orders_unchanged": self.orders_unchanged,
            "consents_created": self.consents_created, "dry_run": self.dry_run,
            "cancelled": self.cancelled, "seconds": self.seconds, "file_sha256": self.file_sha256,
            "format": self.format, "encoding": self.encoding,
            "delimiter": DELIMITER_NAMES.get(self.delimiter or "", self.delimiter),
        }


def write_skipped_csv(path: Path | str, rows: list[tuple[int, str, str]], headings: tuple[str, str, str]) -> int:
    """Save the skipped rows as a CSV file that Excel opens as it is (UTF-8 with BOM, `;`): the
    row of the file, the reason's code and its text, in the language the caller gives them
    (`headings`: the three column names). Row numbers and reasons only, never a person's data.
    Written to a temporary file first: a failure leaves no half-written file. Returns the rows."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, delimiter=";", quoting=csv.QUOTE_MINIMAL)
            writer.writerow([neutralize(h) for h in headings])
            for row, code, text in rows:
                writer.writerow([row, code, neutralize(text)])   # a column name may start with "="
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return len(rows)


# --- the import --------------------------------------------------------------------------------


class _Cancelled(Exception):
    pass


class _Rollback(Exception):
    pass


def resolve_mapping(mapping: Mapping, headers: list[str]) -> dict[Field, list[int]]:
    """Column indices per field; ImportFileError when the mapping does not fit the file."""
    normalised = [normalize_header(h) for h in headers]
    by_field: dict[Field, list[int]] = {}
    missing: list[str] = []
    for header, name in mapping.columns.items():
        field_ = Field(name)
        if field_ is Field.IGNORE:
            continue
        if header in headers:
            index = headers.index(header)
        else:
            key = normalize_header(header)
            matches = [i for i, h in enumerate(normalised) if h == key and key]
            if len(matches) != 1:
                missing.append(header)
                continue
            index = matches[0]
        by_field.setdefault(field_, [])
        if index not in by_field[field_]:
            by_field[field_].append(index)
    if missing:
        shown = ", ".join(f"“{h[:80]}”" for h in missing[:10])
        have = ", ".join(f"“{h[:40]}”" for h in headers[:30])
        raise ImportFileError("mapping_missing_columns",
                              f"The mapping names column(s) the file does not have: {shown}. "
                              f"The file's columns are: {have}.")
    for field_, cols in by_field.items():
        if len(cols) > 1 and field_ not in MULTI_FIELDS:
            names = ", ".join(f"“{headers[i][:60]}”" for i in cols)
            raise ImportFileError("mapping_duplicate_field",
                                  f"Several columns ({names}) are mapped to {field_.value}; map one.")
    if not IDENTIFYING_FIELDS & set(by_field):
        raise ImportFileError("mapping_no_identifier",
                              "Map at least one column to phone, email or iin: people are matched "
                              "to the register by them.")
    if Field.ORDER_NO in by_field and Field.ORDER_DATE not in by_field:
        raise ImportFileError("mapping_no_order_date",
                              "The order number is mapped but the order date is not: map the "
                              "column with the date of the order (retention counts from it).")
    return by_field


# Why a row is skipped: a stable code (kept in the report, the journal's counts and the CSV of
# skipped rows, translated by the GUI), its English text, and the values the text names.
REASONS = {
    "no_identifier": "no phone, e-mail or IIN to identify the person",
    "no_other_identifier": "no other phone, e-mail or IIN identifies the person",
    "cell_too_long": "a cell is longer than {limit:,} characters (column “{column}”)",
    "name_too_long": "the name is longer than {limit} characters",
    "several_subjects": "the phone/e-mail/IIN belong to different people in the register; merge "
                        "them in the register first",
    "subject_blocked": "the person is blocked in the register: their data are not processed "
                       "while blocked",
    "phone_not_kz": "the phone in column “{column}” is not a Kazakhstan number",
    "phone_invalid": "the phone in column “{column}” is not a valid number ({code})",
    "email_invalid": "the e-mail in column “{column}” is not valid ({code})",
    "iin_invalid": "the IIN in column “{column}” is not valid ({code})",
}


SKIP_CODES = tuple(REASONS)


@dataclass(frozen=True)
class SkippedRow:
    """A row left out of the import, with its reasons as codes of REASONS and the values their
    texts name (`column`: the file's header, `limit`, `code`: the check's own code)."""

    row: int
    reasons: tuple[tuple[str, dict[str, Any]], ...]

    @property
    def code(self) -> str:
        """The main reason (the one counted in skipped_by_code)."""
        return self.reasons[0][0]

    def text(self) -> str:
        """The reasons in English (the CLI's report, the journal never)."""
        return "; ".join(REASONS[code].format(**params) for code, params in self.reasons)


def _ts(moment: datetime) -> str:
    """The text SQLAlchemy's UtcDateTime stores: naive UTC with microseconds."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


class _Person:
    __slots__ = ("id", "existing", "full_name", "iin", "status", "addresses", "has_marketing")

    def __init__(self, id_: str, existing: bool, full_name: str, iin: str | None, status: str):
        self.id = id_
        self.existing = existing
        self.full_name = full_name
        self.iin = iin
        self.status = status
        self.addresses: dict[tuple[str, str], str] | None = None if existing else {}
        self.has_marketing: bool | None = None if existing else False


class _Order:
    __slots__ = ("row", "subject_id", "placed", "amount", "currency", "items", "status",
                 "address_id", "row_unchanged")

    def __init__(self, row, subject_id, placed, amount, currency, items, status, address_id):
        self.row = row
        self.subject_id = subject_id
        self.placed = placed
        self.amount = amount
        self.currency = currency
        self.items = items
        self.status = status
        self.address_id = address_id
        self.row_unchanged = False


_INSERT_SUBJECT = ("INSERT INTO subject (id, created_at, updated_at, register_no, category, operator_id, "
                   "full_name, name_key, iin, status, blocked_at, source, note) "
                   "VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, 'active', NULL, ?, '')")
_INSERT_TOKEN = "INSERT OR IGNORE INTO subject_token (token, subject_id) VALUES (?, ?)"
_INSERT_CONTACT = ("INSERT INTO contact (id, created_at, updated_at, subject_id, kind, value, normalized, "
                   "is_primary, source) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)")
_INSERT_ADDRESS = ("INSERT INTO address (id, created_at, updated_at, subject_id, city, line, source) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)")
_INSERT_ORDER = ("INSERT INTO orders (id, created_at, updated_at, subject_id, operator_id, external_no, "
                 "placed_at, amount_tiyn, currency, items, address_id, status, source) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_UPDATE_ORDER = ("UPDATE orders SET placed_at = ?, amount_tiyn = ?, currency = ?, items = ?, status = ?, "
                 "updated_at = ? WHERE id = ?")
_INSERT_CONSENT = ("INSERT INTO consent (id, created_at, updated_at, subject_id, purpose_id, operator_id, "
                   "policy_version_id, state, given_at, valid_until, withdrawn_at, channel, evidence, "
                   "third_parties_allowed, cross_border_allowed, public_allowed, data_categories) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, 'given', ?, NULL, NULL, 'website', ?, 0, 0, 0, ?)")
_INSERT_CONSENT_EVENT = ("INSERT INTO consent_event (id, created_at, updated_at, subject_id, consent_id, "
                         "kind, at, channel, evidence, policy_version_id, staff_id, request_id) "
                         "VALUES (?, ?, ?, ?, ?, 'given', ?, 'website', ?, ?, NULL, NULL)")
_IN_BATCH = 500
_MARKETING = next(p for p in PURPOSES if p.code == "marketing")
_MARKETING_ID = catalogue_id("purpose", "marketing")
_MARKETING_CATEGORIES = json.dumps([c.value for c in _MARKETING.data_categories])
_PHONE_SPLIT = re.compile(r"[,;/|\n]+")
_EMAIL_SPLIT = re.compile(r"[,;\s]+")
_NATIONAL = re.compile(r"(?:\+7|007|[78])?([0-9]{10})")
# RFC 5322 dot-atom in ASCII: what email_validator accepts unquoted and keeps as typed
_DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


def _plain_email(raw: str, domains: dict[str, Checked]) -> Checked | None:
    """check_email's answer for a plain address (a dot-atom local part, an ASCII domain), with
    the domain checked by check_email once per domain (`domains` keeps the answers): an export
    holds thousands of addresses at a handful of domains, and email_validator spends most of its
    0.2 ms on the domain. None: anything else, left to check_email (tests hold the two equal)."""
    text = raw.strip()
    local, at, domain = text.rpartition("@")
    if (not at or len(text) > 254 or len(local) > 64 or not domain.isascii() or "xn--" in domain.lower()
            or not _DOT_ATOM.fullmatch(local)):
        return None   # (an IDN's Unicode form may be longer)
    checked = domains.get(domain)
    if checked is None:
        if len(domains) > 50_000:
            domains.clear()
        checked = domains[domain] = check_email("x@" + domain)
    if not checked.ok:
        return None
    return Checked(True, local + checked.value[1:], "", checked.message, checked.warnings, "email")


class _Importer:
    """The state of one import: the people and orders met so far, the rows to write."""

    def __init__(self, cursor, table: Table, columns: dict[Field, list[int]], mapping: Mapping,
                 operator_id: str | None, now: datetime, report: ImportReport):
        self.cur = cursor
        self.table = table
        self.columns = columns
        self.headers = table.headers
        self.mapping = mapping
        self.operator_id = operator_id
        self.now = now
        self.now_s = _ts(now)
        self.report = report
        self.source = mapping.source[:40]
        self.owner: dict[tuple[str, str], str] = {}          # key -> subject id, settled in this run
        self.in_db: dict[tuple[str, str], tuple[str, ...]] = {}  # key -> subject ids in the register
        self.people: dict[str, _Person] = {}
        self.orders: dict[str, _Order] = {}
        self.changed_subjects: set[str] = set()
        self.skip_codes: Counter[str] = Counter()
        self._ids: list[str] = []
        self._phone_memo: dict[str, Checked] = {}
        self._phone_raw: dict[str, Checked] = {}
        self._email_memo: dict[str, Checked] = {}
        self._domain_memo: dict[str, Checked] = {}
        self._iin_memo: dict[str, Checked] = {}
        self._tokens_memo: dict[str, tuple[set[str], str]] = {}
        self._category_memo: dict = {}
        self._yes_no_memo: dict = {}
        self._date_memo: dict = {}
        self._amount_memo: dict = {}
        self._status_memo: dict = {}
        self._fold_memo: dict = {}
        # column indices, resolved once
        self.width = len(table.headers)

        def first(field_: Field) -> int | None:
            idx = columns.get(field_)
            return idx[0] if idx else None

        self.i_phone = tuple(columns.get(Field.PHONE, ()))
        self.i_email = tuple(columns.get(Field.EMAIL, ()))
        self.i_iin = first(Field.IIN)
        self.i_name = first(Field.FULL_NAME)
        self.i_parts = tuple(i for i in (first(Field.LAST_NAME), first(Field.FIRST_NAME),
                                         first(Field.MIDDLE_NAME)) if i is not None)
        self.i_city = tuple(columns.get(Field.CITY, ()))
        self.i_address = tuple(columns.get(Field.ADDRESS, ()))
        self.i_category = first(Field.CATEGORY)
        self.i_source = first(Field.SOURCE_ID)
        self.i_order_no = first(Field.ORDER_NO)
        self.i_order_date = first(Field.ORDER_DATE)
        self.i_amount = first(Field.ORDER_AMOUNT)
        self.i_items = tuple(columns.get(Field.ORDER_ITEMS, ()))
        self.i_status = first(Field.ORDER_STATUS)
        self.i_consent = first(Field.CONSENT_MARKETING)
        self.i_consent_at = first(Field.CONSENT_GIVEN_AT)
        self.policies: list[tuple[str, str]] = []
        self.sha_short = table.sha256[:16]
        # Subjects whose retention inputs changed (new subjects, consents, orders): their
        # subject.destroy_after is recomputed once at the end (services.retention).
        self.touched: set[str] = set()
        self._reset_buffers()

    # -- helpers --

    def new_id(self) -> str:
        if not self._ids:
            self._ids = new_ids(4096)
            self._ids.reverse()
        return self._ids.pop()

    def _reset_buffers(self) -> None:
        self.b_subjects: list[tuple] = []
        self.b_tokens: list[tuple] = []
        self.b_contacts: list[tuple] = []
        self.b_addresses: list[tuple] = []
        self.b_consents: list[tuple] = []
        self.b_events: list[tuple] = []
        self.b_names: list[tuple] = []
        self.b_iins: list[tuple] = []

    def skip(self, row: int, *reasons: tuple[str, dict[str, Any]]) -> None:
        skipped = SkippedRow(row, reasons)
        self.report.skipped_rows.append(skipped)
        self.report.skipped.append((row, skipped.text()))
        self.skip_codes[skipped.code] += 1

    def warn(self, row: int, reason: str) -> None:
        self.report.warnings.append((row, reason))

    def _phone(self, raw: str) -> Checked:
        checked = self._phone_raw.get(raw)
        if checked is None:
            if len(self._phone_raw) > 200_000:
                self._phone_raw.clear()
            checked = self._phone_raw[raw] = self._phone_by_shape(raw)
        return checked

    def _phone_by_shape(self, raw: str) -> Checked:
        text = raw.strip()
        shape = text.replace(" ", "").replace("-", "").replace("(", "").replace(")", "").replace(".", "")
        # Spellings of one number share a memo entry ("8 701 ...", "+7(701)...", "7701..."):
        # normalize_phone reads only the digits and a leading "+", and for these shapes its
        # result depends on the ten national digits alone.
        if len(text) <= 64 and (national := _NATIONAL.fullmatch(shape)):
            key = national[1]
        else:
            key = text
        checked = self._phone_memo.get(key)
        if checked is None:
            # search_phone gives normalize_phone's value (tests hold them equal) without its
            # phonenumbers range check, which only ever adds a warning (an import keeps none)
            # and costs 0.1 ms a number; a refusal goes to normalize_phone for its reason.
            value = search_phone(text)
            checked = self._phone_memo[key] = (Checked(True, value, "", "", (), "phone") if value
                                               else normalize_phone(text))
        return checked

    def _email(self, raw: str) -> Checked:
        checked = self._email_memo.get(raw)
        if checked is None:
            checked = self._email_memo[raw] = _plain_email(raw, self._domain_memo) or check_email(raw)
        return checked

    def _iin(self, raw: str) -> Checked:
        checked = self._iin_memo.get(raw)
        if checked is None:
            checked = self._iin_memo[raw] = check_iin(raw)
        return checked

    def _name_index(self, name: str) -> tuple[set[str], str]:
        hit = self._tokens_memo.get(name)
        if hit is None:
            hit = self._tokens_memo[name] = ({t for t in search_tokens(name) if t}, fold(name))
        return hit

    def _fold(self, text: str) -> str:
        folded = self._fold_memo.get(text)
        if folded is None:
            if len(self._fold_memo) > 200_000:
                self._fold_memo.clear()
            folded = self._fold_memo[text] = fold(text)
        return folded

    def _policy_for(self, moment: datetime) -> str | None:
        day = moment.date().isoformat()
        chosen = None
        for policy_id, effective in self.policies:
            if effective <= day:
                chosen = policy_id
        return chosen

    # -- one chunk --

    def _cached(self, memo: dict, parse: Callable[[Any], Any], value: Any) -> Any:
        """parse(value), memoised for text cells (exports repeat their sums, dates, statuses)."""
        if type(value) is not str:
            return parse(value)
        try:
            return memo[value]
        except KeyError:
            if len(memo) > 200_000:
                memo.clear()
            result = memo[value] = parse(value)
            return result

    def _join(self, cells: list[Any], idx: tuple[int, ...]) -> str:
        """The text of a field fed by several columns ("Address1" + "Address2"): joined by ", "."""
        if len(idx) == 1:
            return clean_text(cells[idx[0]])
        parts = [clean_text(cells[i]) for i in idx]
        return ", ".join(dict.fromkeys(p for p in parts if p))

    def _moment(self, value: Any) -> tuple[datetime, str] | None:
        """(aware UTC time, the text the store keeps) of a date cell, or None."""
        parsed = parse_datetime(value)
        if parsed is None:
            return None
        moment = to_utc(parsed)
        return moment, moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")

    def parse(self, number: int, cells: list[Any]) -> dict | None:
        """The row's values, normalised; None (and a skip) when the row cannot be imported."""
        headers = self.headers
        width = len(cells)
        try:
            too_long = max(map(len, cells), default=0) > MAX_CELL   # CSV: every cell is text
        except TypeError:
            too_long = any(isinstance(c, str) and len(c) > MAX_CELL for c in cells)
        if too_long:
            i = next(i for i, c in enumerate(cells) if isinstance(c, str) and len(c) > MAX_CELL)
            column = headers[i] if i < len(headers) else f"Column {i + 1}"
            self.skip(number, ("cell_too_long", {"limit": MAX_CELL, "column": column[:60]}))
            return None
        if width < self.width:
            cells = list(cells) + [None] * (self.width - width)
        elif width > self.width and not _blank(cells[self.width:]):
            self.warn(number, f"the row has {width} cells but the header {self.width}; "
                              "the extra cells were ignored (check the delimiter or quoting)")

        notes: list[tuple[str, str]] = []
        # identifiers
        phones: list[tuple[str, str]] = []
        for i in self.i_phone:
            raw = clean_text(cells[i])
            if not raw:
                continue
            for piece in _PHONE_SPLIT.split(raw) if _PHONE_SPLIT.search(raw) else (raw,):
                piece = piece.strip()
                if not piece:
                    continue
                checked = self._phone(piece)
                if checked.ok:
                    if all(checked.value != v for _, v in phones):
                        phones.append((piece[:320], checked.value))
                else:
                    code = "phone_not_kz" if checked.code == "phone_not_kz" else "phone_invalid"
                    notes.append((code, {"column": headers[i][:60], "code": checked.code}))
        emails: list[tuple[str, str]] = []
        for i in self.i_email:
            raw = clean_text(cells[i])
            if not raw:
                continue
            for piece in _EMAIL_SPLIT.split(raw) if _EMAIL_SPLIT.search(raw) else (raw,):
                if not piece:
                    continue
                checked = self._email(piece)
                if checked.ok:
                    value = checked.value.lower()   # as services.subjects.validate matches them
                    if all(value != v for _, v in emails):
                        emails.append((piece[:320], value))
                else:
                    notes.append(("email_invalid", {"column": headers[i][:60], "code": checked.code}))
        iin = None
        if self.i_iin is not None:
            value = cells[self.i_iin]
            if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
                value = str(int(value)).zfill(12)   # a number cell lost the IIN's leading zero
            raw = clean_text(value)
            if raw:
                checked = self._iin(raw)
                if checked.ok:
                    iin = checked.value
                else:
                    notes.append(("iin_invalid", {"column": headers[self.i_iin][:60], "code": checked.code}))
        if not phones and not emails and not iin:
            if notes:
                self.skip(number, *notes, ("no_other_identifier", {}))
            else:
                self.skip(number, ("no_identifier", {}))
            return None
        for code, params in notes:
            self.warn(number, f"imported without it: {REASONS[code].format(**params)}")

        # name
        name = clean_text(cells[self.i_name]) if self.i_name is not None else ""
        if not name and self.i_parts:
            name = " ".join(p for p in (clean_text(cells[i]) for i in self.i_parts) if p)
        name = neutralize(name)
        if len(name) > MAX_NAME:
            self.skip(number, ("name_too_long", {"limit": MAX_NAME}))
            return None

        # address
        city = neutralize(self._join(cells, self.i_city)) if self.i_city else ""
        line = neutralize(self._join(cells, self.i_address)) if self.i_address else ""
        if len(city) > 100 or len(line) > 500:
            self.warn(number, "the address is too long (city over 100 or address over 500 "
                              "characters); imported without it")
            city = line = ""

        category = self.mapping.category
        if self.i_category is not None:
            raw = clean_text(cells[self.i_category])
            parsed = self._cached(self._category_memo, parse_category, raw)
            if parsed:
                category = parsed
            elif raw:
                self.warn(number, f"category not understood; “{self.mapping.category}” used")

        source_id = clean_text(cells[self.i_source])[:100] if self.i_source is not None else ""

        # order
        order = None
        if self.i_order_no is not None:
            order_no = clean_text(cells[self.i_order_no])
            if order_no:
                order = self._parse_order(number, order_no, cells)
            elif (self.i_amount is not None and clean_text(cells[self.i_amount])) or (
                    self.i_items and self._join(cells, self.i_items)):
                self.warn(number, "the row has order data but no order number; the order was not imported")

        # consent
        consent_at: datetime | None | bool = False
        if self.i_consent is not None:
            value = cells[self.i_consent]
            answer = self._cached(self._yes_no_memo, parse_yes_no, value)
            if answer:
                given = None
                if self.i_consent_at is not None:
                    moment = self._cached(self._date_memo, self._moment, cells[self.i_consent_at])
                    given = moment[0] if moment else None
                if given is None and order is not None:
                    given = order[1]
                consent_at = given   # None: the date is not in the file
            elif answer is None and clean_text(value):
                self.warn(number, f"the marketing consent “{clean_text(value)[:20]}” is neither "
                                  "yes nor no; no consent recorded")

        return {"row": number, "name": name, "phones": phones, "emails": emails, "iin": iin,
                "city": city, "line": line, "category": category, "source_id": source_id,
                "order": order, "consent": consent_at}

    def _parse_order(self, number: int, order_no: str, cells: list[Any]) -> tuple | None:
        if len(order_no) > 64:
            self.warn(number, "the order number is longer than 64 characters; the order was not imported")
            return None
        order_no = neutralize(order_no)
        moment = self._cached(self._date_memo, self._moment, cells[self.i_order_date])
        if moment is None:
            column = self.headers[self.i_order_date]
            self.warn(number, f"the order date in column “{column[:60]}” is not a date; the order "
                              "was not imported")
            return None
        amount, currency = 0, "KZT"
        raw_amount = cells[self.i_amount] if self.i_amount is not None else None
        has_amount = raw_amount is not None and raw_amount != "" and clean_text(raw_amount) != ""
        if has_amount:
            parsed = self._cached(self._amount_memo, parse_amount, raw_amount)
            if parsed is None:
                column = self.headers[self.i_amount]
                self.warn(number, f"the order total in column “{column[:60]}” is not a sum; the order "
                                  "was imported without it")
            else:
                amount, currency = parsed[0], parsed[1] or "KZT"
        items = neutralize(self._join(cells, self.i_items))[:MAX_ITEMS] if self.i_items else ""
        status = (self._cached(self._status_memo, order_status, clean_text(cells[self.i_status]))
                  if self.i_status is not None else "delivered")
        return order_no, moment[0], amount, currency, items, status, has_amount, moment[1]

    def prefetch(self, rows: list[dict]) -> None:
        """Look up, in bulk, the register's owners of the keys this chunk brings for the first time."""
        wanted: dict[str, set[str]] = {"phone": set(), "email": set()}
        iins: set[str] = set()
        for row in rows:
            for _, value in row["phones"]:
                if ("p", value) not in self.in_db:
                    wanted["phone"].add(value)
            for _, value in row["emails"]:
                if ("e", value) not in self.in_db:
                    wanted["email"].add(value)
            if row["iin"] and ("i", row["iin"]) not in self.in_db:
                iins.add(row["iin"])
        found: dict[tuple[str, str], list[str]] = {}
        operator_sql = " AND s.operator_id IS ?" if self.operator_id is not None else ""
        operator_arg = (self.operator_id,) if self.operator_id is not None else ()
        for kind, letter in (("phone", "p"), ("email", "e")):
            values = sorted(wanted[kind])
            for k in range(0, len(values), _IN_BATCH):
                batch = values[k:k + _IN_BATCH]
                sql = ("SELECT c.normalized, c.subject_id FROM contact c JOIN subject s ON s.id = c.subject_id "
                       f"WHERE c.kind = ? AND c.normalized IN ({','.join('?' * len(batch))}) "
                       f"AND s.status != 'destroyed'{operator_sql}")
                for value, subject_id in self.cur.execute(sql, (kind, *batch, *operator_arg)):
                    found.setdefault((letter, value), []).append(subject_id)
            for value in values:
                self.in_db[(letter, value)] = tuple(dict.fromkeys(found.get((letter, value), ())))
        values = sorted(iins)
        for k in range(0, len(values), _IN_BATCH):
            batch = values[k:k + _IN_BATCH]
            sql = (f"SELECT s.iin, s.id FROM subject s WHERE s.iin IN ({','.join('?' * len(batch))}) "
                   f"AND s.status != 'destroyed'{operator_sql}")
            for value, subject_id in self.cur.execute(sql, (*batch, *operator_arg)):
                found.setdefault(("i", value), []).append(subject_id)
        for value in values:
            self.in_db[("i", value)] = tuple(dict.fromkeys(found.get(("i", value), ())))
        # the people behind them
        ids = sorted({sid for ids_ in found.values() for sid in ids_} - set(self.people))
        for k in range(0, len(ids), _IN_BATCH):
            batch = ids[k:k + _IN_BATCH]
            marks = ",".join("?" * len(batch))
            for sid, full_name, iin, status in self.cur.execute(
                    f"SELECT id, full_name, iin, status FROM subject WHERE id IN ({marks})", batch):
                self.people[sid] = _Person(sid, True, full_name or "", iin, status)

    def _load_details(self, person: _Person) -> None:
        """Addresses and marketing consent of a subject already in the register (once)."""
        if person.addresses is None:
            person.addresses = {}
            for address_id, city, line in self.cur.execute(
                    "SELECT id, city, line FROM address WHERE subject_id = ? ORDER BY created_at, id",
                    (person.id,)):
                person.addresses.setdefault((fold(city or ""), fold(line or "")), address_id)
        if person.has_marketing is None:
            sql = "SELECT 1 FROM consent WHERE subject_id = ? AND purpose_id = ?"
            args: tuple = (person.id, _MARKETING_ID)
            if self.operator_id is not None:
                sql += " AND operator_id IS ?"
                args += (self.operator_id,)
            person.has_marketing = self.cur.execute(sql + " LIMIT 1", args).fetchone() is not None

    def apply(self, row: dict) -> None:
        """Match or create the row's person, and queue what is new."""
        number = row["row"]
        phones, emails, iin, source_id = row["phones"], row["emails"], row["iin"], row["source_id"]
        owner_of, in_db = self.owner, self.in_db
        keys = [("p", v) for _, v in phones]
        keys.extend(("e", v) for _, v in emails)
        if iin:
            keys.append(("i", iin))
        if source_id:
            keys.append(("s", source_id))
        owners: set[str] = set()
        for key in keys:
            owner = owner_of.get(key)
            if owner is not None:
                owners.add(owner)
            else:
                found = in_db.get(key)
                if found:
                    owners.update(found)
        if len(owners) > 1:
            self.skip(number, ("several_subjects", {}))
            return
        now_s, source, report = self.now_s, self.source, self.report
        changed = created = False
        name = row["name"]
        if owners:
            (sid,) = owners
            person = self.people[sid]
            if person.status == "blocked":
                self.skip(number, ("subject_blocked", {}))
                return
            if person.existing:
                self._load_details(person)
        else:
            sid = self.new_id()
            person = self.people[sid] = _Person(sid, False, name, iin, "active")
            tokens_, name_key = self._name_index(name)
            self.b_subjects.append((sid, now_s, now_s, row["category"], self.operator_id, name, name_key,
                                    iin, source))
            self.b_tokens.extend((t, sid) for t in tokens_)
            created = True
        # contacts: a phone or e-mail already settled for this person needs nothing
        for kind, letter, pairs in (("phone", "p", phones), ("email", "e", emails)):
            for raw, value in pairs:
                key = (letter, value)
                if owner_of.get(key) != sid and sid not in in_db.get(key, ()):
                    self.b_contacts.append((self.new_id(), now_s, now_s, sid, kind, raw, value, source))
                    report.contacts_added += 1
                    changed = True
                owner_of[key] = sid
        if iin:
            owner_of[("i", iin)] = sid
            if person.iin is None:
                person.iin = iin
                self.b_iins.append((iin, now_s, sid))
                changed = True
            elif person.iin != iin:
                self.warn(number, "the IIN differs from the one in the register; the register's was kept")
        if source_id:
            owner_of[("s", source_id)] = sid
        if name and not person.full_name:
            person.full_name = name
            tokens_, name_key = self._name_index(name)
            self.b_names.append((name, name_key, now_s, sid))
            self.b_tokens.extend((t, sid) for t in tokens_)
            changed = True
        # address
        address_id = None
        city, line = row["city"], row["line"]
        if city or line:
            key = (self._fold(city), self._fold(line))
            address_id = person.addresses.get(key)
            if address_id is None:
                address_id = person.addresses[key] = self.new_id()
                self.b_addresses.append((address_id, now_s, now_s, sid, city, line, source))
                report.addresses_added += 1
                changed = True
        # consent
        consent = row["consent"]
        if consent is not False and not person.has_marketing:
            person.has_marketing = True
            given = consent or self.now
            evidence = (f"Website export, file sha256 {self.sha_short}, row {number}"
                        + ("" if consent else "; the date of consent is not in the file, "
                           "the import time is used"))[:500]
            policy_id = self._policy_for(given)
            consent_id = self.new_id()
            self.b_consents.append((consent_id, now_s, now_s, sid, _MARKETING_ID, self.operator_id,
                                    policy_id, _ts(given), evidence, _MARKETING_CATEGORIES))
            self.b_events.append((self.new_id(), now_s, now_s, sid, consent_id, _ts(given), evidence,
                                  policy_id))
            report.consents_created += 1
            changed = True
        # order: merged here, compared with the register and written at the end
        order = row["order"]
        order_pending_unchanged = False
        if order is not None:
            order_no, _, amount, currency, items, status, has_amount, placed_s = order
            known = self.orders.get(order_no)
            if known is None:
                self.orders[order_no] = _Order(number, sid, placed_s, amount, currency, items, status,
                                               address_id)
                order_pending_unchanged = not created and not changed
            elif known.subject_id != sid:
                self.warn(number, "this order number was already given for another person earlier in "
                                  "the file; this row's order was ignored")
            else:
                if items and items != known.items:
                    have = known.items.split("; ") if known.items else []
                    more = [i for i in items.split("; ") if i not in have]
                    if more:
                        known.items = "; ".join(have + more)[:MAX_ITEMS]
                if has_amount and not known.amount:
                    known.amount, known.currency = amount, currency
                if known.address_id is None:
                    known.address_id = address_id
        if created:
            report.created += 1
        elif changed:
            report.updated += 1
            if person.existing:
                self.changed_subjects.add(sid)
        else:
            report.unchanged += 1
            if order_pending_unchanged:
                self.orders[order[0]].row_unchanged = True

    def flush(self) -> None:
        c = self.cur
        self.touched.update(row[0] for row in self.b_subjects)
        self.touched.update(row[3] for row in self.b_consents)
        if self.b_subjects:
            c.executemany(_INSERT_SUBJECT, self.b_subjects)
        if self.b_names:
            c.executemany("UPDATE subject SET full_name = ?, name_key = ?, updated_at = ? WHERE id = ?",
                          self.b_names)
        if self.b_iins:
            c.executemany("UPDATE subject SET iin = ?, updated_at = ? WHERE id = ?", self.b_iins)
        if self.b_tokens:
            c.executemany(_INSERT_TOKEN, self.b_tokens)
        if self.b_contacts:
            c.executemany(_INSERT_CONTACT, self.b_contacts)
        if self.b_addresses:
            c.executemany(_INSERT_ADDRESS, self.b_addresses)
        if self.b_consents:
            c.executemany(_INSERT_CONSENT, self.b_consents)
            c.executemany(_INSERT_CONSENT_EVENT, self.b_events)
        self._reset_buffers()

    def write_orders(self) -> None:
        """Compare the file's orders with the register's (one pass through a temp table) and
        write the new and changed ones."""
        if not self.orders:
            return
        c = self.cur
        c.execute("CREATE TEMP TABLE IF NOT EXISTS import_order_no (no TEXT PRIMARY KEY)")
        c.execute("DELETE FROM temp.import_order_no")
        c.executemany("INSERT INTO temp.import_order_no (no) VALUES (?)", ((no,) for no in self.orders))
        existing: dict[str, tuple] = {}
        for row in c.execute(
                "SELECT o.external_no, o.id, o.subject_id, o.placed_at, o.amount_tiyn, o.currency, o.items, "
                "o.status FROM orders o WHERE o.operator_id IS ? AND o.external_no IN "
                "(SELECT no FROM temp.import_order_no) ORDER BY o.created_at, o.id", (self.operator_id,)):
            existing.setdefault(row[0], row)
        c.execute("DROP TABLE temp.import_order_no")
        inserts, updates = [], []
        report = self.report
        for no, order in self.orders.items():
            old = existing.get(no)
            if old is None:
                inserts.append((self.new_id(), self.now_s, self.now_s, order.subject_id, self.operator_id,
                                no, order.placed, order.amount, order.currency, order.items,
                                order.address_id, order.status, self.source))
                report.orders_created += 1
            elif old[2] != order.subject_id:
                self.warn(order.row, "the register holds this order number under another person; "
                                     "the order was not changed")
                report.orders_unchanged += 1
                continue
            elif (old[3], old[4], old[5], old[6], old[7]) != (order.placed, order.amount, order.currency,
                                                                order.items, order.status):
                updates.append((order.placed, order.amount, order.currency, order.items, order.status,
                                self.now_s, old[1]))
                report.orders_updated += 1
            else:
                report.orders_unchanged += 1
                continue
            self.touched.add(order.subject_id)
            if order.row_unchanged:   # the row changed nothing but its order: it updated
                report.unchanged -= 1
                report.updated += 1
                if self.people[order.subject_id].existing:
                    self.changed_subjects.add(order.subject_id)
        if inserts:
            c.executemany(_INSERT_ORDER, inserts)
        if updates:
            c.executemany(_UPDATE_ORDER, updates)


def import_file(target: Database | Session, path: Path | str, mapping: Mapping | dict, *,
                dry_run: bool = False, progress: Callable[[int, int], bool] | None = None,
                actor: str = "", operator_id: str | None = None,
                now: datetime | None = None) -> ImportReport:
    """Import the people and orders of an export, all or nothing (see the module's docstring).

    `target`: a Database (the import runs in its own write transaction) or a Session (the
    import runs in a savepoint of the caller's transaction). `progress(done, total)` is called
    after each chunk of rows; returning False cancels, and then nothing is written (the report
    says `cancelled`). `dry_run`: do everything, report, and roll back.

    Raises ImportFileError (file or mapping unusable: nothing written) and lets database
    errors through (nothing written either).
    """
    started = time.perf_counter()
    try:
        mapping = Mapping.from_json(mapping)
    except MappingError as error:
        raise ImportFileError(error.code, error.message) from None
    now = now or datetime.now(timezone.utc)
    report = ImportReport(dry_run=dry_run)
    with read_table(path) as table:
        columns = resolve_mapping(mapping, table.headers)
        report.file_sha256, report.format = table.sha256, table.format
        report.encoding, report.delimiter = table.encoding, table.delimiter

        def run(session: Session) -> None:
            _run(session, table, columns, mapping, operator_id, now, report, progress, actor)

        try:
            if isinstance(target, Database):
                with target.session() as session:
                    run(session)
                    if dry_run:
                        raise _Rollback
            else:
                with target.begin_nested():
                    run(target)
                    if dry_run:
                        raise _Rollback
        except _Rollback:
            pass
        except _Cancelled:
            report = ImportReport(rows=report.rows, cancelled=True, dry_run=dry_run,
                                  file_sha256=table.sha256, format=table.format,
                                  encoding=table.encoding, delimiter=table.delimiter)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _run(session: Session, table: Table, columns: dict[Field, list[int]], mapping: Mapping,
         operator_id: str | None, now: datetime, report: ImportReport,
         progress: Callable[[int, int], bool] | None, actor: str) -> None:
    if Field.CONSENT_MARKETING in columns:
        from pdp_desk.services.catalogue import ensure_defaults

        ensure_defaults(session)
    raw = session.connection().connection.driver_connection
    cursor = raw.cursor()
    # A larger page cache for this connection while the import runs: the rows of seven tables
    # and their indexes are written chunk by chunk, and SQLite's default 2 MB cache thrashes.
    old_cache = cursor.execute("PRAGMA cache_size").fetchone()[0]
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    try:
        importer = _Importer(cursor, table, columns, mapping, operator_id, now, report)
        importer.policies = [(pid, str(day)) for pid, day in cursor.execute(
            "SELECT id, effective_from FROM policy_version ORDER BY effective_from, id")]

        def step(done: int) -> None:
            if progress is not None and progress(done, max(table.row_count_hint, done)) is False:
                raise _Cancelled

        rows = table.rows
        done = 0
        step(0)
        while True:
            chunk = list(islice(rows, CHUNK))
            if not chunk:
                break
            parsed = []
            for number, cells in chunk:
                item = importer.parse(number, cells)
                if item is not None:
                    parsed.append(item)
            importer.prefetch(parsed)
            for item in parsed:
                importer.apply(item)
            importer.flush()
            done += len(chunk)
            report.rows = done
            step(done)
        if done == 0:
            raise ImportFileError("no_data_rows", f"{table.path.name} has a header row but no data "
                                  "rows: there is nothing to import.")
        importer.write_orders()
        from pdp_desk.services.retention import refresh_destroy_after
        refresh_destroy_after(session, importer.touched)
        report.subjects_updated = len(importer.changed_subjects)
        report.skipped_by_code = dict(importer.skip_codes)
        report.skipped.sort()
        report.skipped_rows.sort(key=lambda s: s.row)
        report.warnings.sort()
    finally:
        cursor.execute(f"PRAGMA cache_size={int(old_cache)}")
        cursor.close()
    details: dict[str, Any] = {
        "rows": report.rows, "created": report.created, "updated": report.updated,
        "unchanged": report.unchanged, "skipped": len(report.skipped),
        "subjects_updated": report.subjects_updated, "contacts_added": report.contacts_added,
        "addresses_added": report.addresses_added, "orders_created": report.orders_created,
        "orders_updated": report.orders_updated, "orders_unchanged": report.orders_unchanged,
        "consents_created": report.consents_created, "file_sha256": table.sha256,
        "format": table.format, "source": mapping.source,
    }
    details.update({f"skipped.{code}": n for code, n in sorted(report.skipped_by_code.items())})
    audit.record(session, "import.run", "import", [operator_id] if operator_id else [], details,
                 actor=actor, at=now)
    step(max(table.row_count_hint, report.rows))
