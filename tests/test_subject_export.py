"""Export of one subject's data (the answer to an access request): JSON, CSV and PDF read back."""
from __future__ import annotations

import csv
import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from pdp_desk.services.consents import record_consent, withdraw_consent
from pdp_desk.services.subject_export import ExportError, export_filename, export_subject, neutralize
from pdp_desk.services.subjects import SubjectInput, create_subject
from pdp_desk.store.models import AuditEntry, Order, Subject
from register_people import NOW, at, seed_catalogue

NAME = 'Әлия «Кофе & <Ко>» Сейітова-Ғалымқызы "Тест"'
NOTE = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def person(db):
    ops = seed_catalogue(db)
    with db.session() as session:
        sid = create_subject(session, SubjectInput(
            "registered", NAME, phones=["8 701 123 45 67"], emails=["aliya@example.kz"], iin="901123300258",
            addresses=[("Алматы", "@ул. Жібек Жолы, 1 <кв. 2>"), ("Астана", "-5 этаж, пр. Мәңгілік Ел")],
            operator_id=ops["op1"], note=NOTE), now=at(2026, 3, 1))
        record_consent(session, sid, "marketing", given_at=at(2026, 3, 1), channel="website",
                       evidence="Галочка <согласен> & подпись", now=at(2026, 3, 1))
        record_consent(session, sid, "delivery", given_at=at(2026, 3, 1), channel="website", evidence="Заказ",
                       now=at(2026, 3, 1))
        for k in range(3):
            session.add(Order(subject_id=sid, operator_id=ops["op1"], external_no=f"DC-{1000 + k}",
                              placed_at=at(2026, 4, 1 + k), amount_tiyn=150050 + k, items="+Раф лавандовый ×2; Баурсаки",
                              created_at=at(2026, 4, 1), updated_at=at(2026, 4, 1)))
    with db.session() as session:
        withdraw_consent(session, sid, ["marketing"], at=at(2026, 11, 1), channel="paper", evidence="Заявление",
                         now=at(2026, 11, 2))
    return db, sid


def _export(db, sid, fmt, language="ru"):
    with db.session() as session:
        return export_subject(session, sid, fmt, language=language, actor="system", now=NOW)


def test_json_holds_everything_by_category(person):
    db, sid = person
    doc = json.loads(_export(db, sid, "json").decode("utf-8"))
    assert doc["schema"] == "pdp-desk.subject-export/1" and doc["subject"]["id"] == sid
    held = {(d["category"], d["value"]) for d in doc["data"]}
    assert ("full_name", NAME) in held and ("phone", "+7 701 123 45 67") in held
    assert ("email", "aliya@example.kz") in held and ("other", "901123300258") in held and ("other", NOTE) in held
    assert ("delivery_address", "Алматы, @ул. Жібек Жолы, 1 <кв. 2>") in held
    consents = {c["purpose"]: c for c in doc["consents"]}
    assert consents["marketing"]["state"] == "withdrawn" and consents["delivery"]["state"] == "given"
    assert [e["event"] for e in consents["marketing"]["history"]] == ["given", "withdrawn"]
    assert consents["marketing"]["policy_version"] == "09.02.2026"
    assert [o["number"] for o in doc["orders"]] == ["DC-1002", "DC-1001", "DC-1000"]
    assert [r["type"] for r in doc["requests"]] == ["consent_withdrawal"]


def test_csv_is_excel_ready_and_never_a_formula(person):
    db, sid = person
    raw = _export(db, sid, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["section", "category", "field", "value", "source", "date"]
    values = [r[3] for r in rows[1:]]
    assert NAME in values and "'" + NOTE in values and "'+7 701 123 45 67" in values
    assert "Алматы, @ул. Жібек Жолы, 1 <кв. 2>" in values        # starts with a letter: unchanged
    assert "'+Раф лавандовый ×2; Баурсаки" in values
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    assert neutralize("-5") == "'-5" and neutralize("@x") == "'@x" and neutralize("\tx") == "'\tx"
    assert neutralize("Алия") == "Алия" and neutralize(None) == ""


def test_pdf_reads_back_with_kazakh_letters_and_markup_as_text(person):
    db, sid = person
    data = _export(db, sid, "pdf", "kk")
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    content = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(content.split())
    for piece in ("Субъектінің дербес деректері туралы мәліметтер", "Сейітова-Ғалымқызы", "«Кофе & <Ко>»",
                  '"Тест"', "<кв. 2>", "Галочка <согласен> & подпись", "DC-1001", "901123300258", "09.02.2026",
                  "Мәңгілік"):
        assert piece in flat, piece
    assert "Бет 1 /" in flat


def test_the_pdf_says_channels_sources_terms_and_outcomes_in_words(person):
    """The PDF is read by the person: no codes ("website", "paper", "marketing", "manual")."""
    db, sid = person
    flat = {}
    for language in ("ru", "kk"):
        reader = PdfReader(io.BytesIO(_export(db, sid, "pdf", language)))
        flat[language] = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
    ru, kk = flat["ru"], flat["kk"]
    assert "Форма на сайте" in ru and "Письмо на бумаге" in ru and "до отзыва" in ru and "внесено вручную" in ru
    assert "Сайттағы нысан" in kk and "Қағаз хат" in kk and "кері қайтарылғанға дейін" in kk
    assert "Продвижение товаров" in ru   # the history names the purpose, not its code
    for code in ("website", "paper", "marketing", "delivery", "manual", "information_provided"):
        assert code not in ru and code not in kk, code


def test_every_export_is_journaled_without_personal_values(person):
    db, sid = person
    for fmt in ("json", "csv", "pdf"):
        _export(db, sid, fmt)
    with db.read() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "subject.export")).all()
        assert [e.details["format"] for e in entries] == ["json", "csv", "pdf"]
        assert all(e.entity_ids == [sid] and "Сейітова" not in json.dumps(e.details, ensure_ascii=False)
                   for e in entries)
    assert export_filename(sid, "S-7KQ-000001", "pdf", NOW) == "subject-S-7KQ-000001-20261120.pdf"


def test_unknown_format_and_subject_are_refused(person):
    db, sid = person
    with pytest.raises(ExportError) as raised:
        _export(db, sid, "xlsx")
    assert raised.value.code == "format_unknown"
    with db.session() as session:
        session.get(Subject, sid).status = "destroyed"
    with pytest.raises(ExportError) as raised:
        _export(db, sid, "json")
    assert raised.value.code == "subject_unknown"
    with pytest.raises(ExportError):
        _export(db, "0190aaaa-0000-7000-8000-000000000000", "json")
    with db.read() as session:
        assert session.scalar(select(AuditEntry.id).where(AuditEntry.action == "subject.export")) is None
