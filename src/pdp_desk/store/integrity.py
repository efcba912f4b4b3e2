"""References between rows that the database does not enforce (see models.py), checked here.

Sync may bring a row before the row it points to, so the schema has no foreign keys; after a
sync, a backup restore or an import, this report says which references point nowhere.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

# (table, column, target table). A NULL reference is allowed where the column is nullable.
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("processor", "operator_id", "operator"),
    ("staff", "operator_id", "operator"),
    ("subject", "operator_id", "operator"),
    ("contact", "subject_id", "subject"),
    ("address", "subject_id", "subject"),
    ("orders", "subject_id", "subject"),
    ("orders", "operator_id", "operator"),
    ("orders", "address_id", "address"),
    ("consent", "subject_id", "subject"),
    ("consent", "purpose_id", "purpose"),
    ("consent", "operator_id", "operator"),
    ("consent", "policy_version_id", "policy_version"),
    ("consent_event", "subject_id", "subject"),
    ("consent_event", "consent_id", "consent"),
    ("consent_event", "policy_version_id", "policy_version"),
    ("consent_event", "staff_id", "staff"),
    ("consent_event", "request_id", "request"),
    ("request", "subject_id", "subject"),
    ("request", "operator_id", "operator"),
    ("request", "responsible_staff_id", "staff"),
    ("request_event", "subject_id", "subject"),
    ("request_event", "request_id", "request"),
    ("request_event", "staff_id", "staff"),
    ("attachment", "subject_id", "subject"),
    ("destruction_queue", "subject_id", "subject"),
    ("destruction_queue", "request_id", "request"),
    ("subject_token", "subject_id", "subject"),
    ("destruction_act", "operator_id", "operator"),
    ("act_item", "act_id", "destruction_act"),
    ("destruction_record", "act_id", "destruction_act"),
)


@dataclass(frozen=True)
class Dangling:
    table: str
    column: str
    target: str
    count: int


def dangling_references(connection: Connection) -> list[Dangling]:
    found: list[Dangling] = []
    for table, column, target in REFERENCES:
        count = connection.exec_driver_sql(
            f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {target} x WHERE x.id = t.{column})").scalar()
        if count:
            found.append(Dangling(table, column, target, count))
    return found
