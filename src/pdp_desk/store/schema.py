"""The schema revision this version of PDP Desk works with, without importing Alembic.

Opening a database that is already at this revision needs no migration, so Alembic (about a
third of a second to import) is loaded only when a database must be upgraded. A test checks
that this equals the head of the migration scripts.
"""

HEAD_REVISION = "0002"


def revision_of(connection) -> str | None:
    """The revision stamped in an open database (a DB-API or SQLAlchemy connection)."""
    try:
        row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    except Exception:  # no alembic_version table: an empty or foreign database
        return None
    return row[0] if row else None
