"""store.purge: one subject's rows go from every personal-data table; others stay; twice is fine."""
from __future__ import annotations

import sqlite3

from pdp_desk.store.models import PERSONAL_DATA_TABLES
from pdp_desk.store.purge import purge_subjects
from tests._destruction_fixtures import files_holding, make_org, make_subject, markers


def _rows_of(path, subject_id: str) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        counts = {name: connection.execute(f'SELECT count(*) FROM "{name}" WHERE subject_id = ?',
                                           (subject_id,)).fetchone()[0] for name in PERSONAL_DATA_TABLES}
        counts["subject"] = connection.execute("SELECT count(*) FROM subject WHERE id = ?",
                                               (subject_id,)).fetchone()[0]
        return counts
    finally:
        connection.close()


def test_purge_removes_every_row_of_the_subject_and_nothing_else(db, db_path):
    org = make_org(db)
    gone, kept = make_subject(db, org, "0001"), make_subject(db, org, "0002")
    assert all(_rows_of(db_path, gone)[t] for t in ("subject", "contact", "orders", "consent", "attachment"))
    with db.session() as session:
        assert purge_subjects(session, [gone, gone]) == 1
    with db.session() as session:
        assert purge_subjects(session, [gone]) == 0  # already gone: not an error
    db.checkpoint()
    assert not any(_rows_of(db_path, gone).values())
    assert _rows_of(db_path, kept)["contact"] == 2
    assert files_holding(db_path.parent, markers("0001")["email"]) == []
    assert files_holding(db_path.parent, markers("0002")["email"]) != []
