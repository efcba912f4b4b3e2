"""Use case: make sure the policy's catalogue (purposes, the first policy version) is present.

Runs when a database is initialised. Rows get fixed ids (domain.catalogue.catalogue_id), so two
PCs that each seed the catalogue hold the same rows, and seeding twice changes nothing.
"""
from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy.orm import Session

from pdp_desk.domain.catalogue import FIRST_POLICY, PURPOSES, catalogue_id
from pdp_desk.resources import resource
from pdp_desk.services import audit
from pdp_desk.store.models import PolicyVersion, Purpose


def ensure_defaults(session: Session) -> list[str]:
    """Add what is missing; return the ids added (empty when the catalogue was complete)."""
    added: list[str] = []
    for spec in PURPOSES:
        if session.get(Purpose, spec.fixed_id) is None:
            session.add(Purpose(
                id=spec.fixed_id, code=spec.code, name_ru=spec.names["ru"], name_kk=spec.names["kk"],
                name_en=spec.names["en"], subject_categories=[c.value for c in spec.subject_categories],
                data_categories=[c.value for c in spec.data_categories],
                retention_rule=spec.retention_rule.value, retention_days=spec.retention_days,
                policy_section=spec.policy_section))
            added.append(spec.fixed_id)
    policy_id = catalogue_id("policy_version", FIRST_POLICY["label"])
    if session.get(PolicyVersion, policy_id) is None:
        text = resource(FIRST_POLICY["resource"]).read_text(encoding="utf-8")
        session.add(PolicyVersion(
            id=policy_id, label=FIRST_POLICY["label"],
            effective_from=date.fromisoformat(FIRST_POLICY["effective_from"]),
            language=FIRST_POLICY["language"], text=text,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest()))
        added.append(policy_id)
    if added:
        session.flush()
        audit.record(session, "catalogue.seed", "catalogue", added, {"count": len(added)}, actor="system")
    return added


def open_for_work(path, **options):
    """Open a database and make sure the policy's catalogue is in it (a new file gets it now).

    What the GUI and the writing commands call instead of store's open_database, so a database
    made anywhere can record consents at once. Raises store.database.DatabaseProblem.
    """
    from pdp_desk.store.database import open_database

    db = open_database(path, **options)
    try:
        with db.session() as session:
            ensure_defaults(session)
    except BaseException:
        db.close()
        raise
    return db
