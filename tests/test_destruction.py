"""Destruction: the rules, the use case, and what "destroyed" means on disk."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from pdp_desk.domain import destruction as rules
from pdp_desk.domain.search import fold
from pdp_desk.services import audit
from pdp_desk.services import destruction as d
from pdp_desk.services.subjects import search_tokens, update_subject
from pdp_desk.store import models
from pdp_desk.store.models import (
    ActItem,
    AuditEntry,
    DestructionAct,
    DestructionQueue,
    DestructionRecord,
    Order,
    Subject,
)

from _destruction_fixtures import NOW, TODAY, files_holding, make_org, make_subject, markers, plan_for, snapshot


# --- the rules -----------------------------------------------------------------------------------


def test_every_reason_has_its_basis_in_three_languages():
    for reason, spec in rules.REASONS.items():
        for lang in ("ru", "kk", "en"):
            assert spec.label.get(lang)
            if reason is rules.Reason.OTHER:
                assert spec.needs_text
            else:
                assert "94-V" in spec.basis.get(lang)
    assert "ст. 8 п. 7" in rules.REASONS[rules.Reason.CONSENT_WITHDRAWN].basis.ru
    assert "8-баптың 7-тармағы" in rules.REASONS[rules.Reason.CONSENT_WITHDRAWN].basis.kk
    assert "ст. 18 пп. 3-1)" in rules.REASONS[rules.Reason.UNLAWFUL_PROCESSING].basis.ru
    assert "ст. 6" in rules.REASONS[rules.Reason.PUBLIC_SOURCE_REMOVAL].basis.ru


def test_other_reason_needs_its_text():
    with pytest.raises(rules.DestructionRuleError) as caught:
        rules.check_reason("other", "  ")
    assert caught.value.code == "reason_text_required"
    assert rules.check_reason("other", " Предписание уполномоченного органа ") == (
        rules.Reason.OTHER, "Предписание уполномоченного органа")
    with pytest.raises(rules.DestructionRuleError):
        rules.check_reason("because")


def test_methods_always_include_the_database_and_shredding_when_sheets_are_counted():
    assert rules.check_methods([], 0) == (rules.Method.DATABASE_OVERWRITE,)
    assert rules.check_methods(["database_overwrite"], 3) == (rules.Method.DATABASE_OVERWRITE,
                                                             rules.Method.PAPER_SHREDDING)
    with pytest.raises(rules.DestructionRuleError):
        rules.check_methods(["burning"], 0)


def test_acts_are_kept_three_years():
    assert rules.kept_until(date(2026, 3, 16)) == date(2029, 3, 16)
    assert rules.kept_until(date(2028, 2, 29)) == date(2031, 2, 28)
    assert not rules.act_due_for_destruction(date(2026, 3, 16), date(2029, 3, 16))
    assert rules.act_due_for_destruction(date(2026, 3, 16), date(2029, 3, 17))


def test_act_numbers_carry_the_year_the_pc_and_a_counter():
    number = rules.format_act_number(2026, "7KQ", 14)
    assert number == "А-2026-7KQ-0014" and number[0] == "\u0410"  # Cyrillic А
    assert rules.parse_act_number("a-2026-7kq-0014") == (2026, "7KQ", 14)   # typed with a Latin a
    assert rules.normalize_act_number(" А-2026-7KQ-14 ") == "А-2026-7KQ-0014"
    assert rules.parse_act_number("2026-7KQ-0014") is None


def test_the_fingerprint_is_canonical_and_keeps_names_exactly():
    record = {"b": [1, "Әлия <&> \"q\""], "a": {"y": None, "x": True}}
    same = {"a": {"x": True, "y": None}, "b": [1, "Әлия <&> \"q\""]}
    assert rules.act_fingerprint(record) == rules.act_fingerprint(same)
    assert rules.canonical_json(record) == '{"a":{"x":true,"y":null},"b":[1,"Әлия <&> \\"q\\""]}'
    decomposed = {"b": [1, "Әлия <&> \"q\"".replace("и", "и\u0306")], "a": {"x": True, "y": None}}
    assert rules.act_fingerprint(decomposed) != rules.act_fingerprint(record)  # no normalisation
    with pytest.raises(rules.DestructionRuleError):
        rules.act_fingerprint({"d": date(2026, 1, 1)})
    fp = rules.act_fingerprint(record)
    assert rules.parse_qr_payload(rules.qr_payload("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", fp)) == (
        "0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", fp)
    assert len(rules.format_fingerprint(fp).split()) == 16


# --- the use case --------------------------------------------------------------------------------


@pytest.fixture
def org(db):
    return make_org(db)


def test_review_lists_the_categories_held_and_what_may_be_kept(db, org):
    subject_id = make_subject(db, org, iin="901123300258", orders=3)
    with db.read() as session:
        (review,) = d.review(session, [subject_id])
    assert review.state == "active" and review.label == markers("0001")["name"]
    assert review.categories == ("full_name", "iin", "phone", "email", "delivery_address", "order_history",
                                 "consents", "requests", "attachments", "other")
    assert review.rows["orders"] == 3 and review.rows["attachment"] == 1
    assert len(review.open_requests) == 1
    assert review.operator_id == org.operator_id
    # order amounts can be kept for accounting, without the person (the accounting ledger)
    assert review.keep_options == (d.KeepOption("order_history", "accounting", 3),)


def test_candidates_merge_the_queue_and_the_register(db, org):
    queued = make_subject(db, org, "0001")
    with db.read() as session:
        found = d.candidates(session, TODAY)
    mine = [c for c in found if c.subject_id == queued]
    assert mine and "queue" in mine[0].sources
    assert mine[0].suggested_reason is rules.Reason.CONSENT_WITHDRAWN


def test_execute_destroys_every_row_and_makes_the_act(db, org):
    a = make_subject(db, org, "0001")
    b = make_subject(db, org, "0002")
    keep = make_subject(db, org, "0003")
    plan = plan_for(db, org, [a, b])
    seen = []
    result = d.execute(db, plan, actor=org.staff_id, now=NOW, progress=lambda done, total: seen.append((done, total)))
    assert result.destroyed == 2 and result.excluded == 0
    assert result.number.startswith(f"А-2026-{db.device_code}-") and result.number.endswith("-0001")
    assert result.pdf.startswith(b"%PDF-") and result.checkpointed
    assert seen[0] == (2, 3) and seen[-1] == (3, 3)  # the PDF weighs as half the subjects
    with db.read() as session:
        for table in models.PERSONAL_DATA_TABLES:
            t = models.Base.metadata.tables[table]
            rows = session.execute(select(t.c.subject_id).where(t.c.subject_id.in_([a, b]))).all()
            assert rows == [], table
        assert session.get(Subject, a) is None and session.get(Subject, b) is None
        assert session.get(Subject, keep) is not None
        assert session.scalar(select(text("count(*)")).select_from(Order).where(Order.subject_id == keep)) == 1
        act = session.get(DestructionAct, result.act_id)
        assert act.number == result.number and act.fingerprint == result.fingerprint
        assert act.kept_until == date(2029, 3, 16) and act.state == "executed"
        records = session.scalars(select(DestructionRecord).where(DestructionRecord.act_id == act.id)).all()
        assert {r.subject_ref for r in records} == {a, b}
        assert all(r.device_id == db.device_id and "phone" in r.categories for r in records)
        items = session.scalars(select(ActItem).where(ActItem.act_id == act.id).order_by(ActItem.id)).all()
        assert [i.subject_label for i in items] == [markers("0001")["name"], markers("0002")["name"]]
        assert rules.act_fingerprint(d.stored_record(session, act.id)) == act.fingerprint
        assert audit.verify(session).ok
        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
        assert actions[-2:] == ["subject.destroy", "destruction.execute"]
        destroy = session.scalars(select(AuditEntry).where(AuditEntry.action == "subject.destroy")).one()
        assert set(destroy.entity_ids) == {a, b} and destroy.details["act_id"] == act.id
        rows = d.acts(session, TODAY)
        assert [(r.number, r.subjects, r.state, r.due_for_destruction) for r in rows] == [
            (result.number, 2, "executed", False)]
        log = d.log_extract(session, act.id)
        assert [e.subject_ref for e in log] == [a, b] and log[0].at == NOW and log[0].reason == "consent_withdrawn"
    wal = db.path.parent / (db.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_act_numbers_follow_on(db, org):
    first = d.execute(db, plan_for(db, org, [make_subject(db, org, "0001")]), actor="t", now=NOW)
    second = d.execute(db, plan_for(db, org, [make_subject(db, org, "0002")]), actor="t", now=NOW)
    assert first.number.endswith("-0001") and second.number.endswith("-0002")


def test_register_numbers_stand_for_names_when_the_operator_chooses(db, org):
    subject_id = make_subject(db, org)
    with db.session() as session:
        session.get(Subject, subject_id).register_no = "S-ZZZ-000042"
    result = d.execute(db, plan_for(db, org, [subject_id], names_subjects=False), actor="t", now=NOW)
    with db.read() as session:
        item = session.scalars(select(ActItem).where(ActItem.act_id == result.act_id)).one()
        assert item.subject_label == "S-ZZZ-000042"
        assert session.get(DestructionAct, result.act_id).names_subjects is False


def _find_everywhere(session, needle: str) -> list[str]:
    """table.column of every text column holding `needle` (a check through SQL)."""
    found = []
    for table in models.Base.metadata.sorted_tables:
        for column in table.c:
            hit = session.execute(text(f'SELECT 1 FROM "{table.name}" WHERE CAST("{column.name}" AS TEXT) '
                                       "LIKE :n LIMIT 1"), {"n": f"%{needle}%"}).first()
            if hit:
                found.append(f"{table.name}.{column.name}")
    return found


def _all_markers(tag: str, iin: str) -> list[str]:
    m = markers(tag)
    values = [v for k, v in m.items()]
    values += [fold(m["name"]), *search_tokens(m["name"]), iin]
    return [v for v in values if len(v) >= 6]


def test_nothing_of_a_destroyed_subject_remains_in_any_file(db, org, tmp_path):
    """"Destroyed" means it: every marker value is gone from the database, its WAL and shared
    memory, the search index, attachments and the exports folder (register number on the act)."""
    iin = "901123300258"
    subject_id = make_subject(db, org, "7301", iin=iin, orders=2)
    survivor = make_subject(db, org, "7302", name="Петров Пётр Петрович")
    exports = tmp_path / "exports"
    # every value is on disk before (so the search below can find them)
    db.checkpoint()
    for marker in _all_markers("7301", iin):
        assert files_holding(tmp_path, marker), marker
    result = d.execute(db, plan_for(db, org, [subject_id], names_subjects=False), actor="t", now=NOW)
    d.save_copy(result.pdf, exports / f"act-{result.number}.pdf", result.number)
    db.close()
    for marker in _all_markers("7301", iin):
        assert files_holding(tmp_path, marker) == [], marker
    assert files_holding(tmp_path, markers("7302")["email"])  # the other subject is untouched
    assert survivor


def test_with_names_on_the_act_only_the_act_keeps_the_name(db, org, tmp_path):
    subject_id = make_subject(db, org, "7401")
    result = d.execute(db, plan_for(db, org, [subject_id]), actor="t", now=NOW)
    name = markers("7401")["name"]
    with db.read() as session:
        assert _find_everywhere(session, name) == ["act_item.subject_label"]
    db.close()
    for marker in _all_markers("7401", ""):
        if marker != name:
            assert files_holding(tmp_path, marker) == [], marker
    assert result.destroyed == 1


def test_a_failure_midway_leaves_everything_as_it_was(db, org):
    ids = [make_subject(db, org, f"{k:04d}") for k in range(5)]
    plan = plan_for(db, org, ids)
    before = snapshot(db.path)
    with pytest.raises(d.DestructionError) as caught:
        d.execute(db, plan, actor="t", now=NOW, fail_after=2)
    assert caught.value.code == "failed" and "nothing was destroyed" in caught.value.message
    assert isinstance(caught.value.__cause__, d.InjectedFailure)
    assert snapshot(db.path) == before
    with db.read() as session:
        assert session.scalars(select(DestructionAct)).all() == []
    # and the same plan then goes through
    assert d.execute(db, plan, actor="t", now=NOW).destroyed == 5


def test_a_failure_after_many_subjects_in_several_steps_rolls_back(db, org, monkeypatch):
    monkeypatch.setattr(d, "CHUNK", 2)
    ids = [make_subject(db, org, f"{k:04d}") for k in range(7)]
    before = snapshot(db.path)
    with pytest.raises(d.DestructionError):
        d.execute(db, plan_for(db, org, ids), actor="t", now=NOW, fail_after=5)
    assert snapshot(db.path) == before


def test_cancel_from_the_progress_rolls_back(db, org, monkeypatch):
    monkeypatch.setattr(d, "CHUNK", 1)
    ids = [make_subject(db, org, f"{k:04d}") for k in range(3)]
    before = snapshot(db.path)
    with pytest.raises(d.DestructionError) as caught:
        d.execute(db, plan_for(db, org, ids), actor="t", now=NOW, progress=lambda done, total: done < 2)
    assert caught.value.code == "cancelled"
    assert snapshot(db.path) == before


def test_a_pdf_that_cannot_be_made_destroys_nothing(db, org, monkeypatch):
    ids = [make_subject(db, org, "0001")]
    plan = plan_for(db, org, ids)
    before = snapshot(db.path)

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(d, "render_act", broken)
    with pytest.raises(d.DestructionError) as caught:
        d.execute(db, plan, actor="t", now=NOW)
    assert caught.value.code == "failed" and "No space left" in caught.value.message
    assert snapshot(db.path) == before


def test_saving_a_copy_that_fails_says_the_destruction_stands(db, org, tmp_path):
    result = d.execute(db, plan_for(db, org, [make_subject(db, org)]), actor="t", now=NOW)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(d.SaveFailed) as caught:
        d.save_copy(result.pdf, blocker / "act.pdf", result.number)
    assert "destroyed" in caught.value.message and result.number in caught.value.message
    with db.read() as session:
        assert d.act_pdf(session, result.act_id) == result.pdf


def test_a_subject_changed_after_the_review_is_refused(db, org):
    a = make_subject(db, org, "0001")
    b = make_subject(db, org, "0002")
    plan = plan_for(db, org, [a, b])
    with db.session() as session:
        update_subject(session, b, phones=["+77012223344"], actor="someone-else")
    before = snapshot(db.path)
    with pytest.raises(d.DestructionError) as caught:
        d.execute(db, plan, actor="t", now=NOW)
    assert caught.value.code == "subject_changed" and caught.value.subject_id == b
    assert markers("0002")["name"] in caught.value.message
    assert snapshot(db.path) == before


def test_a_new_row_or_a_queue_entry_changes_the_stamp(db, org):
    a = make_subject(db, org, "0001")
    plan = plan_for(db, org, [a])
    with db.session() as session:
        session.add(Order(subject_id=a, placed_at=NOW, amount_tiyn=1))
    with pytest.raises(d.DestructionError) as caught:
        d.execute(db, plan, actor="t", now=NOW)
    assert caught.value.code == "subject_changed"


def test_an_already_destroyed_subject_is_refused(db, org):
    a = make_subject(db, org, "0001")
    plan = plan_for(db, org, [a])
    first = d.execute(db, plan, actor="t", now=NOW)
    with pytest.raises(d.DestructionError) as caught:
        d.execute(db, plan, actor="t", now=NOW)
    assert caught.value.code == "already_destroyed" and first.number in caught.value.message
    with db.read() as session:
        (review,) = d.review(session, [a])
    assert review.state == "destroyed" and review.destroyed_by_act == first.number and not review.destroyable


def test_excluded_subjects_are_kept_with_their_refusal(db, org):
    a = make_subject(db, org, "0001")
    b = make_subject(db, org, "0002")
    with db.read() as session:
        ra, rb = d.review(session, [a, b])
    plan = plan_for(db, org, [a])
    plan.subjects = [ra.plan_item(), rb.plan_item(excluded=True, refusal_reason="Заказ № 123 не доставлен")]
    result = d.execute(db, plan, actor="t", now=NOW)
    assert (result.destroyed, result.excluded) == (1, 1)
    with db.read() as session:
        assert session.get(Subject, b) is not None
        item = session.scalars(select(ActItem).where(ActItem.subject_ref == b)).one()
        assert item.excluded and item.refusal_reason == "Заказ № 123 не доставлен"
        refusal = session.scalars(select(AuditEntry).where(AuditEntry.action == "destruction.refuse")).one()
        assert refusal.entity_ids == [b, result.act_id]
        assert session.scalars(select(DestructionRecord).where(DestructionRecord.subject_ref == b)).all() == []
        # the refusal settles the queue entry: the subject is not offered again ...
        assert session.scalars(select(DestructionQueue).where(DestructionQueue.subject_id == b)).all() == []
        assert b not in {c.subject_id for c in d.candidates(session, TODAY)}
    with db.session() as session:   # ... until something new happens
        session.add(DestructionQueue(subject_id=b, reason_code="request_upheld", queued_at=NOW + timedelta(days=1)))
    with db.read() as session:
        (again,) = [c for c in d.candidates(session, TODAY) if c.subject_id == b]
        assert again.reason_code == "request_upheld" and "queue" in again.sources


def test_a_refusal_holds_for_a_register_due_date_until_a_later_one(db, org, monkeypatch):
    from types import SimpleNamespace

    from pdp_desk.services import retention

    a, b = make_subject(db, org, "0001"), make_subject(db, org, "0002")
    with db.session() as session:   # due by the register only (not queued)
        session.execute(text("DELETE FROM destruction_queue WHERE subject_id = :s"), {"s": b})
    since = {"day": TODAY - timedelta(days=30)}
    monkeypatch.setattr(retention, "destruction_due", lambda session, today, **kw: iter(
        [SimpleNamespace(subject_id=b, reasons=[], since=since["day"])]))
    with db.read() as session:
        assert b in {c.subject_id for c in d.candidates(session, TODAY)}
        ra, rb = d.review(session, [a, b])
    plan = plan_for(db, org, [a])
    plan.subjects = [ra.plan_item(), rb.plan_item(excluded=True, refusal_reason="Идёт судебный спор")]
    d.execute(db, plan, actor="t", now=NOW)
    with db.read() as session:
        assert b not in {c.subject_id for c in d.candidates(session, TODAY)}
    since["day"] = TODAY + timedelta(days=400)   # a new term that ran out after the refusal
    with db.read() as session:
        assert b in {c.subject_id for c in d.candidates(session, TODAY + timedelta(days=400))}


@pytest.mark.parametrize("change, code", [
    (lambda p: setattr(p, "subjects", []), "nothing_to_destroy"),
    (lambda p: [setattr(i, "excluded", True) or setattr(i, "refusal_reason", "r") for i in p.subjects],
     "nothing_to_destroy"),
    (lambda p: setattr(p.subjects[0], "refusal_reason", "") or setattr(p.subjects[0], "excluded", True),
     "plan_invalid"),
    (lambda p: setattr(p, "reason", "other"), "plan_invalid"),
    (lambda p: setattr(p, "staff", []), "plan_invalid"),
    (lambda p: setattr(p, "operator_id", "nope"), "operator_unknown"),
    (lambda p: setattr(p, "information_system", " "), "plan_invalid"),
    (lambda p: setattr(p, "act_date", date(2099, 1, 1)), "plan_invalid"),
    (lambda p: setattr(p, "act_date", date(2026, 3, 1)), "plan_invalid"),
    (lambda p: setattr(p.subjects[0], "paper_sheets", -1), "plan_invalid"),
    (lambda p: setattr(p.subjects[0], "kept", [("phone", "accounting")]), "plan_invalid"),
    (lambda p: p.subjects.append(p.subjects[0]), "plan_invalid"),
])
def test_bad_plans_are_refused_with_a_code(db, org, change, code):
    plan = plan_for(db, org, [make_subject(db, org)])
    change(plan)
    before = snapshot(db.path)
    with pytest.raises(d.DestructionError) as caught:
        d.execute(db, plan, actor="t", now=NOW)
    assert caught.value.code == code, caught.value.message
    assert snapshot(db.path) == before


def test_another_operators_subject_is_refused(db, org):
    theirs = make_subject(db, org, "0001", operator_id=org.other_operator_id)
    with pytest.raises(d.DestructionError) as caught:
        d.execute(db, plan_for(db, org, [theirs]), actor="t", now=NOW)
    assert caught.value.code == "operator_mismatch" and caught.value.subject_id == theirs


def test_paper_sheets_and_shredding(db, org):
    plan = plan_for(db, org, [make_subject(db, org)])
    plan.subjects[0].paper_sheets = 4
    result = d.execute(db, plan, actor="t", now=NOW)
    with db.read() as session:
        act = session.get(DestructionAct, result.act_id)
        assert act.method == "database_overwrite,paper_shredding"
        assert session.scalars(select(ActItem.paper_sheets)).one() == 4


def test_the_signed_copy_is_attached_and_the_state_changes(db, org):
    result = d.execute(db, plan_for(db, org, [make_subject(db, org)]), actor="t", now=NOW)
    scan = b"%PDF-1.4 scanned signed act"
    with db.session() as session:
        with pytest.raises(d.DestructionError) as caught:
            d.attach_signed_copy(session, result.act_id, b"MZ\x90\x00", "t")
        assert caught.value.code == "copy_invalid"
        d.attach_signed_copy(session, result.act_id, scan, "t", now=NOW)
    with db.session() as session:
        with pytest.raises(d.DestructionError) as caught:
            d.attach_signed_copy(session, result.act_id, scan, "t")
        assert caught.value.code == "copy_exists"
    with db.read() as session:
        (row,) = d.acts(session, TODAY)
        assert row.state == "signed_copy_attached" and row.has_signed_copy
        assert d.signed_copy(session, result.act_id) == scan
        (old,) = d.acts(session, date(2029, 3, 17))
        assert old.due_for_destruction


def test_the_preview_is_a_draft_and_writes_nothing(db, org):
    plan = plan_for(db, org, [make_subject(db, org)])
    before = snapshot(db.path)
    with db.read() as session:
        pdf = d.preview(session, plan, now=NOW)
    assert pdf.startswith(b"%PDF-")
    assert snapshot(db.path) == before
    from io import BytesIO

    from pypdf import PdfReader

    text_ = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "ПРОЕКТ" in text_ and markers("0001")["name"] in text_


# --- keeping order amounts for accounting (the ledger without subjects) -----------------------


def test_order_amounts_are_kept_without_the_person(db, org):
    model = models.AccountingRecord
    subject_id = make_subject(db, org, "0001", orders=3)
    plan = plan_for(db, org, [subject_id], keep=True)
    assert plan.subjects[0].kept == [("order_history", "accounting")]
    result = d.execute(db, plan, actor="t", now=NOW)
    assert result.kept_records == 3
    with db.read() as session:
        ledger = session.scalars(select(model).order_by(model.external_no)).all()
        assert [(r.external_no, r.amount_tiyn, r.operator_id) for r in ledger] == [
            ("WEB-0001-0", 250000, org.operator_id), ("WEB-0001-1", 250001, org.operator_id),
            ("WEB-0001-2", 250002, org.operator_id)]
        assert all(r.keep_until == date(2031, 12, 31) for r in ledger)
        # dated by the order, not by the destruction: nothing lines them up with the act
        assert all(r.created_at.date() == r.placed_on for r in ledger)
        assert "subject_id" not in model.__table__.c
        item = session.scalars(select(ActItem)).one()
        assert item.kept == [{"category": "order_history", "reason": "accounting", "count": 3}]
        assert session.scalars(select(Order)).all() == []
    # a second destruction does not write a ledger line twice for the same order number
    other = make_subject(db, org, "0002", orders=1)
    with db.session() as session:
        session.execute(text("UPDATE orders SET external_no = 'WEB-0001-0' WHERE subject_id = :s"), {"s": other})
    d.execute(db, plan_for(db, org, [other], keep=True), actor="t", now=NOW)
    with db.read() as session:
        assert len(session.scalars(select(model)).all()) == 3


def test_act_defaults_read_the_settings(db, org):
    with db.session() as session:
        session.add(models.Setting(key="acts.name_subjects", value=False))
        session.add(models.Setting(key="acts.information_system", value="1С и сайт"))
    with db.read() as session:
        defaults = d.act_defaults(session)
    assert defaults.names_subjects is False and defaults.information_system == "1С и сайт"
    assert {s.full_name for s in defaults.staff} >= {"Сейітова Әлия Нұрланқызы"}
    assert len(defaults.operators) == 2


def test_a_large_attachment_leaves_nothing_in_freed_pages(db, org, tmp_path):
    """Overflow pages of a large file go to the free list when deleted: secure_delete zeroes them."""
    import hashlib

    from pdp_desk.store.models import Attachment

    subject_id = make_subject(db, org, "7501")
    content = ("ZQ7501-BIG-ATTACHMENT-" + "скан " * 40_000).encode("utf-8")
    with db.session() as session:
        session.add(Attachment(subject_id=subject_id, owner_table="subject", owner_id=subject_id,
                               filename="big.pdf", size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                               content=content))
    db.checkpoint()
    assert files_holding(tmp_path, "ZQ7501-BIG-ATTACHMENT-")
    d.execute(db, plan_for(db, org, [subject_id], names_subjects=False), actor="t", now=NOW)
    db.close()
    assert files_holding(tmp_path, "ZQ7501-BIG-ATTACHMENT-") == []
    assert files_holding(tmp_path, "скан скан скан скан") == []


def test_the_tab_counts_exactly_the_candidates_before_and_after_an_act(tmp_path):
    """count_waiting (SQL, for the tab) and len(candidates()) (the wizard's list) agree on demo
    data (queued people, people due by the register, both), on past and future days, and after
    an act that destroys some and refuses others (a refusal holds until a later due date)."""
    from datetime import datetime, timezone

    from pdp_desk.services.demo import generate
    from pdp_desk.store.database import open_database
    from pdp_desk.store.models import Staff

    demo_today = date(2026, 11, 20)
    db = open_database(tmp_path / "demo.sqlite")
    try:
        generate(db, 1500, seed=3, today=demo_today)
        days = (demo_today - timedelta(days=400), demo_today, demo_today + timedelta(days=400))

        def counts():
            with db.read() as session:
                return [(d.count_waiting(session, day), len(d.candidates(session, day))) for day in days]

        before = counts()
        assert all(sql == listed for sql, listed in before) and before[1][0] > 20
        with db.read() as session:
            found = d.candidates(session, demo_today)
            picked = ([c for c in found if c.sources == ("register",)][:6]
                      + [c for c in found if "queue" in c.sources][:4])
            reviews = d.review(session, [c.subject_id for c in picked])
            operator = reviews[0].operator_id
            reviews = [r for r in reviews if r.operator_id == operator]
            staff = session.scalars(select(Staff.id).where(Staff.operator_id == operator)).first()
        assert len(reviews) >= 4
        plan = d.DestructionPlan(
            reason="consent_withdrawn", operator_id=operator, staff=[d.Signer(staff)], act_date=demo_today,
            subjects=[r.plan_item(excluded=k % 2 == 0, refusal_reason="Идёт спор" if k % 2 == 0 else "")
                      for k, r in enumerate(reviews)])
        d.execute(db, plan, actor="test", now=datetime(2026, 11, 20, 6, tzinfo=timezone.utc))
        after = counts()
        assert all(sql == listed for sql, listed in after)
        assert after[1][0] == before[1][0] - len(reviews)   # destroyed, and refused ones not offered again
    finally:
        db.close()
