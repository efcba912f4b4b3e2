"""The log file: pdp-desk.log in the data folder, rotated at 1 MB, five old files kept.

Logs hold ids and codes, never personal values. Our own log calls pass ids; what we do not
control is the text of an exception (SQLAlchemy puts the statement's parameters in it, a
ValueError may quote the value it refused). So an exception is written as its type and its
traceback frames (file, line, function: never local variables), and its message only through
`scrub`, which masks everything that could be a value. The crash dialog shows the same text.
"""
from __future__ import annotations

import logging
import logging.handlers
import platform
import re
import traceback
from pathlib import Path
from types import TracebackType

from pdp_desk import __version__

LOG_NAME = "pdp-desk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_handler: logging.Handler | None = None

# What may be a personal value in an exception's message, masked in this order.
_PARAMETERS = re.compile(r"\[parameters:.*", re.DOTALL)       # SQLAlchemy's bound values
_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|«[^»\n]*»|“[^”\n]*”")
_EMAIL = re.compile(r"\S+@\S+")
_DIGITS = re.compile(r"\+?\d[\d\s()\-]{3,}\d")                 # phones, IIN/BIN, card numbers
_NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*")            # Cyrillic / Kazakh words: names
_CAPITALISED = re.compile(r"(?<![\w.])[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)+")   # "Ivan Petrov"
_LETTERS_AND_DIGITS = re.compile(r"\b(?=\w*\d)(?=\w*[A-Za-z])\w{4,}\b")     # "Zq7345", "B12", a house
_ID = re.compile(r"['\"]?\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b['\"]?")
MASK = "…"
MAX_MESSAGE = 300


def scrub(text: str) -> str:
    """`text` with anything that may be a personal value replaced by "…"."""
    text = _PARAMETERS.sub("[parameters: " + MASK + "]", str(text))
    ids = _ID.findall(text)   # our ids help find the record and are not personal: kept
    text = _ID.sub("\x00", text)
    for pattern in (_QUOTED, _EMAIL, _DIGITS, _NON_ASCII_WORD, _CAPITALISED, _LETTERS_AND_DIGITS):
        text = pattern.sub(MASK, text)
    for found in ids:
        text = text.replace("\x00", found, 1)
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + MASK


def _short_file(filename: str) -> str:
    """Paths from the package on: "pdp_desk/gui/app.py", not the user's folders."""
    parts = Path(filename).parts
    for marker in ("pdp_desk", "site-packages"):
        if marker in parts:
            return "/".join(parts[parts.index(marker):])
    return Path(filename).name


def describe_exception(kind: type[BaseException], value: BaseException | None,
                       tb: TracebackType | None) -> str:
    """The type, the scrubbed message and the frames (no locals) of an exception, its causes too."""
    lines: list[str] = []
    seen: set[int] = set()
    while value is not None and id(value) not in seen:
        seen.add(id(value))
        frames = traceback.extract_tb(tb if tb is not None else value.__traceback__)
        lines.append("Traceback (most recent call last):")
        lines += [f'  File "{_short_file(f.filename)}", line {f.lineno}, in {f.name}' for f in frames]
        message = scrub(str(value))
        lines.append(f"{kind.__module__}.{kind.__qualname__}" + (f": {message}" if message else ""))
        cause = value.__cause__ or (None if value.__suppress_context__ else value.__context__)
        if cause is not None:
            lines.append("")
            lines.append("Caused by:" if value.__cause__ is not None else "While handling:")
        value, tb = cause, None
        kind = type(value) if value is not None else kind
    if not lines:
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
    return "\n".join(lines)


class SafeFormatter(logging.Formatter):
    """Exceptions as `describe_exception` gives them: never their raw message or locals."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached the raw traceback in exc_text: never reuse it.
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei) -> str:  # noqa: N802 - logging's name
        return describe_exception(*ei)

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return ""


def log_path(folder: Path | None = None) -> Path:
    if folder is None:
        from pdp_desk.appdirs import data_dir

        folder = data_dir()
    return folder / LOG_NAME


def setup(folder: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Write the log to `folder` (the data folder by default); once per process.

    Returns the file's path, or None when the folder cannot be written (the program works on
    without a log file rather than refusing to start).
    """
    global _handler
    path = log_path(folder)
    root = logging.getLogger()
    if _handler is not None:
        if Path(getattr(_handler, "baseFilename", "")) == path.absolute():
            return path
        shutdown()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                       encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(SafeFormatter(FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    _handler = handler
    logging.getLogger("pdp_desk").info(
        "PDP Desk %s started (Python %s, %s %s)", __version__, platform.python_version(),
        platform.system(), platform.release())
    return path


def current_path() -> Path | None:
    """The log file being written, if any (the crash dialog names it)."""
    return Path(_handler.baseFilename) if _handler is not None else None


def shutdown() -> None:
    """Close the file (tests; and nothing stays locked on Windows)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None
