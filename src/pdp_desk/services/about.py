"""Use case: the facts about an open database that Settings and About show."""
from __future__ import annotations

from pdp_desk.services import audit
from pdp_desk.store.database import Database
from pdp_desk.store.schema import HEAD_REVISION, revision_of


def database_facts(db: Database) -> dict:
    """Path, size in bytes, schema revision (and this version's head), device code, journal size."""
    with db.read() as session:
        revision = revision_of(session.connection())
        journal_entries = audit.count(session)
    try:
        size = db.path.stat().st_size
    except OSError:
        size = None
    return {
        "path": db.path,
        "size": size,
        "revision": revision,
        "head": HEAD_REVISION,
        "device_code": db.device_code,
        "journal_entries": journal_entries,
    }
