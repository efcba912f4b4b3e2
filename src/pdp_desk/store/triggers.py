"""SQLite triggers that hold the data model's promises, whatever code writes to the file.

* `subject_id` (and a subject's own id) never changes: a row of personal data always stays
  findable for export and destruction.
* The audit journal and destruction records are append-only.

Kept here, not only in a migration, because Alembic's batch mode rebuilds tables and drops
their triggers: a migration that rebuilds a table calls `create_all` again at its end.
"""
from __future__ import annotations

from sqlalchemy import Connection

from pdp_desk.store.models import APPEND_ONLY_TABLES, PERSONAL_DATA_TABLES


def statements() -> list[str]:
    sql: list[str] = []
    for table in PERSONAL_DATA_TABLES:
        sql.append(
            f"CREATE TRIGGER IF NOT EXISTS trg_{table}_subject_id_immutable "
            f"BEFORE UPDATE OF subject_id ON {table} "
            f"WHEN NEW.subject_id IS NOT OLD.subject_id "
            f"BEGIN SELECT RAISE(ABORT, 'subject_id is immutable'); END"
        )
    sql.append(
        "CREATE TRIGGER IF NOT EXISTS trg_subject_id_immutable "
        "BEFORE UPDATE OF id ON subject WHEN NEW.id IS NOT OLD.id "
        "BEGIN SELECT RAISE(ABORT, 'subject id is immutable'); END"
    )
    for table in APPEND_ONLY_TABLES:
        for verb in ("UPDATE", "DELETE"):
            sql.append(
                f"CREATE TRIGGER IF NOT EXISTS trg_{table}_no_{verb.lower()} "
                f"BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
    return sql


def create_all(connection: Connection) -> None:
    for statement in statements():
        connection.exec_driver_sql(statement)


def existing(connection: Connection) -> set[str]:
    rows = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {name for (name,) in rows}
