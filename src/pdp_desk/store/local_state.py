"""This PC's own values (`local_state`: device id and code, counters, folders, passphrase, the
app password's hash): read and written here, never synced; and the numbering of this PC's series.
The secrets among them are sealed for the Windows user on the way in (store.at_rest)."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdp_desk.store.at_rest import SECRET_KEYS, seal, unseal
from pdp_desk.store.models import LocalState


def read_local(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(LocalState, key)
    if row is None:
        return default
    if key in SECRET_KEYS:   # sealed for this Windows user (store.at_rest); unreadable reads as absent
        value = unseal(row.value)
        return default if value is None else value
    return row.value


def write_local(session: Session, key: str, value: str) -> None:
    if key in SECRET_KEYS:
        value = seal(value)
    row = session.get(LocalState, key)
    if row is None:
        session.add(LocalState(key=key, value=value))
    else:
        row.value = value


def device_code(session: Session) -> str:
    """This PC's three-character code (in request and act numbers)."""
    code = read_local(session, "device_code")
    if code is None:
        raise RuntimeError("this database has no device code yet (open it with open_database)")
    return code


def next_in_series(session: Session, key: str, prefix: str, column, make: Callable[[int], str]) -> str:
    """The next number of one of this PC's series (requests, acts) and advance its counter.

    `key`: the counter in local_state (never synced: each PC numbers with its own code);
    `prefix`: what every number of the series starts with ("2026-7KQ-"); `column`: the
    column holding the numbers; `make(n)`: the n-th number. A missing counter (a restored
    database, demo data) starts after the highest number already present, and a number that is
    somehow taken is skipped, so the unique index never refuses one.
    """
    counter = session.get(LocalState, key)
    if counter is not None:
        n = int(counter.value)
    else:
        # "-" is followed by "." in ASCII: the range holds exactly the numbers with this prefix.
        taken = session.scalars(select(column).where(column >= prefix, column < prefix[:-1] + "."))
        n = max((int(t[len(prefix):]) for t in taken if t and t[len(prefix):].isdigit()), default=0)
        counter = LocalState(key=key, value="0")
        session.add(counter)
    while True:
        n += 1
        number = make(n)
        if session.scalar(select(column).where(column == number)) is None:
            break
    counter.value = str(n)
    return number
