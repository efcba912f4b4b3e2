"""This PC's own values (`local_state`: device id and code, counters, folders, passphrase, the
app password's hash): read and written here, never synced."""
from __future__ import annotations

from sqlalchemy.orm import Session

from pdp_desk.store.models import LocalState


def read_local(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(LocalState, key)
    return row.value if row is not None else default


def write_local(session: Session, key: str, value: str) -> None:
    row = session.get(LocalState, key)
    if row is None:
        session.add(LocalState(key=key, value=value))
    else:
        row.value = value
