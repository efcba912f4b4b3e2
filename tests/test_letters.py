"""Reply letters: the template language, every kind in Russian and Kazakh, the stored PDF."""
from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from pdp_desk.documents.letter_templates import (
    DEFAULT_TEMPLATES,
    LETTER_KINDS,
    LETTER_LANGUAGES,
    PLACEHOLDERS,
    Template,
)
from pdp_desk.documents.letters import (
    ConsentInfo,
    HeldData,
    HeldItem,
    LetterData,
    LetterError,
    OperatorInfo,
    OrderInfo,
    PurposeInfo,
    RecipientInfo,
    TemplateError,
    fill,
    render_letter,
    salutation,
    sample_values,
)
from pdp_desk.domain.catalogue import PURPOSES, catalogue_id
from pdp_desk.domain.deadlines import Localized
from pdp_desk.services import letters as letter_service
from pdp_desk.services.catalogue import ensure_defaults
from pdp_desk.services.subjects import SubjectInput, create_subject
from pdp_desk.store.models import (
    Attachment,
    AuditEntry,
    Consent,
    LetterTemplate,
    Operator,
    Order,
    Processor,
    Request,
    RequestEvent,
    Staff,
)

UTC = timezone.utc
TRICKY = 'ТОО «Кофе & <Ко>» "Тест"'
ALIYA = "Әлия Нұрланқызы Сейітова"
GALYMZHAN = "Ғалымжан Құрманғазыұлы"


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def pdf_pages(data: bytes) -> list[str]:
    return [flat(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return " ".join(pdf_pages(data))


# --- the template language -------------------------------------------------------------------

def test_fill_inserts_values_as_text():
    values = {"name": "<b>Әлия</b> & {today}", "today": "05.03.2026"}
    assert fill("Уважаемая {name}, сегодня {today}. {{скобки}}", values) == \
        "Уважаемая <b>Әлия</b> & {today}, сегодня 05.03.2026. {скобки}"
    assert fill("{ name }", {"name": None}) == ""


def test_unknown_field_is_refused_with_its_name_and_place():
    with pytest.raises(TemplateError) as caught:
        fill("Здравствуйте!\nВаш номер {request_nomer}.", {"request_number": "1"})
    assert caught.value.code == "unknown_field"
    assert caught.value.field == "request_nomer"
    assert (caught.value.line, caught.value.column) == (2, 11)
    assert "{request_number}" in caught.value.message  # the known fields are listed


@pytest.mark.parametrize("text,line,column", [
    ("Сумма {request_number", 1, 7),
    ("Раз\nдва { три {request_number}", 2, 5),
    ("Закрыто } лишнее", 1, 9),
    ("{", 1, 1),
])
def test_a_stray_brace_is_a_clear_error(text, line, column):
    with pytest.raises(TemplateError) as caught:
        fill(text, {"request_number": "1"})
    assert caught.value.code == "stray_brace"
    assert (caught.value.line, caught.value.column) == (line, column)
    assert "twice" in caught.value.message


@pytest.mark.parametrize("text,code", [
    ("{request_number.__class__}", "field_access"),
    ("{request_number[0]}", "field_access"),
    ("{request_number!r}", "format_spec"),
    ("{request_number:>30}", "format_spec"),
    ("{request_number:{today}}", "format_spec"),
    ("{}", "empty_field"),
    ("{0}", "unknown_field"),
    ("{__import__}", "unknown_field"),
])
def test_no_attribute_index_format_or_positional_access(text, code):
    with pytest.raises(TemplateError) as caught:
        fill(text, {"request_number": "1", "today": "2"})
    assert caught.value.code == code


def test_every_default_template_fills_with_the_known_fields():
    assert set(sample_values()) == set(PLACEHOLDERS)
    for kind in LETTER_KINDS:
        for language in LETTER_LANGUAGES:
            template = DEFAULT_TEMPLATES[(kind, language)]
            fill(template.title, sample_values(language))
            fill(template.body, sample_values(language))
    assert "{refusal_reason}" in DEFAULT_TEMPLATES[("refusal", "kk")].body


def test_kazakh_templates_are_written_with_kazakh_letters():
    kazakh = set("әғқңөұүһі")
    for kind in LETTER_KINDS:
        text = DEFAULT_TEMPLATES[(kind, "kk")].title + DEFAULT_TEMPLATES[(kind, "kk")].body
        assert kazakh & set(text.lower()), kind


@pytest.mark.parametrize("name,sex,ru,kk", [
    (ALIYA, None, "Уважаемая Әлия Нұрланқызы!", "Құрметті Әлия Нұрланқызы!"),
    (GALYMZHAN, None, "Уважаемый Ғалымжан Құрманғазыұлы!", "Құрметті Ғалымжан Құрманғазыұлы!"),
    ("Кошкаров Асылбек Касымбекович", None, "Уважаемый Асылбек Касымбекович!",
     "Құрметті Асылбек Касымбекович!"),
    ("Сейітова Әлия Нұрлан қызы", None, "Уважаемая Әлия Нұрлан қызы!", "Құрметті Әлия Нұрлан қызы!"),
    ("Турехан Дана", "female", "Уважаемая Турехан Дана!", "Құрметті Турехан Дана!"),
    (TRICKY, None, f"Уважаемый(-ая) {TRICKY}!", f"Құрметті {TRICKY}!"),
    ("", None, "Здравствуйте!", "Сәлеметсіз бе!"),
])
def test_salutation(name, sex, ru, kk):
    assert salutation(name, "ru", sex) == ru
    assert salutation(name, "kk", sex) == kk


# --- rendering without a database -----------------------------------------------------------

def make_data(subject=ALIYA, operator=TRICKY, orders=3, **changes) -> LetterData:
    held = HeldData(
        subject_category="registered",
        items=(HeldItem("full_name", subject, "website", datetime(2025, 3, 1, 7, tzinfo=UTC)),
               HeldItem("phone", "+7 701 123 45 67", "website", date(2025, 3, 1)),
               HeldItem("email", "aliya@example.kz", "import", date(2025, 3, 2)),
               HeldItem("delivery_address", 'г. Алматы, ул. «Абая» & <Сатпаева>, д. 1', "import", date(2025, 3, 2))),
        orders=tuple(OrderInfo(datetime(2025, 4, 1, 9, tzinfo=UTC) + timedelta(days=i), f"DC-{1000 + i}",
                               "Капучино 0,4 л × 2; круассан", 245_000 + i, "KZT", "delivered")
                     for i in range(orders)),
        purposes=(PurposeInfo(Localized("Доставка товаров", "Тауарларды жеткізу", "Delivery"),
                              ("full_name", "phone", "delivery_address"), "after_last_order", 365,
                              date(2026, 4, 3)),),
        consents=(ConsentInfo(Localized("Доставка товаров", "Тауарларды жеткізу", "Delivery"),
                              date(2025, 3, 1), "09.02.2026", "website", "given", None, None, True),
                  ConsentInfo(Localized("Маркетинг", "Маркетинг", "Marketing"), date(2025, 3, 1),
                              "09.02.2026", "phone", "withdrawn", None, date(2026, 1, 15))),
        recipients=(RecipientInfo("ТОО «Жедел Курьер Алматы»", "150240012345", "г. Алматы"),),
    )
    values = dict(operator=OperatorInfo(operator, "950902401642", "г. Алматы, ул. Жандосова, 58", "+77011234567",
                                        "info@example.kz"),
                  subject_name=subject, request_number="2026-7KQ-00014", request_date=date(2026, 3, 2),
                  request_type="access", today=date(2026, 3, 5), reply_to="aliya@example.kz",
                  staff_name=GALYMZHAN, staff_position="менеджер магазина",
                  refusal_reason='Личность не подтверждена: «паспорт» & <копия> "нет"', held=held)
    values.update(changes)
    return LetterData(**values)


@pytest.mark.parametrize("language", LETTER_LANGUAGES)
@pytest.mark.parametrize("kind", LETTER_KINDS)
def test_every_kind_renders_in_both_languages(kind, language):
    data = make_data()
    text = pdf_text(render_letter(kind, language, None, data))
    assert flat(DEFAULT_TEMPLATES[(kind, language)].title) in text
    assert ALIYA in text and TRICKY in text
    assert "2026-7KQ-00014" in text and "05.03.2026" in text and "02.03.2026" in text
    assert GALYMZHAN in text
    assert ("ЖСН/БСН 950902401642" if language == "kk" else "ИИН/БИН 950902401642") in text
    assert "+7 701 123 45 67" in text
    if kind == "refusal":
        assert 'Личность не подтверждена: «паспорт» & <копия> "нет"' in text
    if kind == "access_answer":
        assert 'г. Алматы, ул. «Абая» & <Сатпаева>, д. 1' in text
        assert "ТОО «Жедел Курьер Алматы»" in text
        assert "DC-1002" in text
        assert ("бесплатно" if language == "ru" else "тегін") in text


def test_names_with_markup_characters_survive_in_every_place():
    weird = 'Ким <Ли> & "Ко" \'Пак\''
    data = make_data(subject=weird, operator=TRICKY, reply_to='<script>alert("x")</script>',
                     staff_name='Иванов & <Сидоров>')
    text = pdf_text(render_letter("access_answer", "ru", None, data))
    for value in (weird, TRICKY, '<script>alert("x")</script>', "Иванов & <Сидоров>"):
        assert value in text


def test_kazakh_access_answer_reads_back():
    data = make_data(subject=GALYMZHAN, staff_name=ALIYA)
    raw = render_letter("access_answer", "kk", None, data)
    text = pdf_text(raw)
    assert "Құрметті Ғалымжан Құрманғазыұлы!" in text
    assert "Дербес деректер" in text and "Тапсырыс құрамы" in text
    assert "кері қайтарып алынды" in text  # the withdrawn consent
    assert ALIYA in text
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=raw, capture_output=True,
                             check=True).stdout.decode("utf-8")
        assert "Құрметті Ғалымжан Құрманғазыұлы!" in flat(out)
        assert ALIYA in flat(out)


def test_a_long_access_answer_spans_pages_with_numbers_and_headers():
    data = make_data(orders=160)
    pages = pdf_pages(render_letter("access_answer", "ru", None, data))
    total = len(pages)
    assert total >= 3
    numbers = []
    for n, text in enumerate(pages, start=1):
        assert f"Стр. {n} / {total}" in text
        found = re.findall(r"DC-1\d{3}", text)
        if found:
            assert "Состав заказа" in text, f"page {n} has orders without the table's header"
        numbers += found
    assert numbers == [f"DC-{1000 + i}" for i in range(160)]
    assert "1 / 3" in pages[0].replace("Стр. ", "") or total != 3


def test_refusal_needs_a_reason_and_access_answer_needs_data():
    with pytest.raises(LetterError) as caught:
        render_letter("refusal", "ru", None, make_data(refusal_reason="  "))
    assert caught.value.code == "refusal_reason_required"
    with pytest.raises(LetterError) as caught:
        render_letter("access_answer", "kk", None, make_data(held=None))
    assert caught.value.code == "held_data_missing"
    with pytest.raises(LetterError) as caught:
        render_letter("thanks", "ru", None, make_data())
    assert caught.value.code == "kind_unknown"
    with pytest.raises(LetterError) as caught:
        render_letter("refusal", "en", None, make_data())
    assert caught.value.code == "language_unsupported"


def test_a_template_is_text_even_when_it_looks_like_markup():
    template = Template("<b>Письмо</b> № {request_number}", "{salutation}\n\n<font size=40>{subject_name}</font> & co"
                        "\n\n{held_data}\n\nКонец.")
    text = pdf_text(render_letter("access_answer", "ru", template, make_data()))
    assert "<b>Письмо</b> № 2026-7KQ-00014" in text
    assert f"<font size=40>{ALIYA}</font> & co" in text
    assert text.index("& co") < text.index("Персональные данные") < text.index("Конец.")


def test_a_bad_template_given_to_render_is_refused():
    with pytest.raises(TemplateError) as caught:
        render_letter("blocking_done", "ru", Template("x", "Здравствуйте, {fio}!"), make_data())
    assert (caught.value.code, caught.value.field) == ("unknown_field", "fio")


# --- the services ----------------------------------------------------------------------------

@pytest.fixture
def world(db):
    """An operator with a courier, a staff member, Әлия with contacts, orders, consents, requests."""
    now = datetime(2026, 3, 2, 5, 30, tzinfo=UTC)
    with db.session() as session:
        ensure_defaults(session)
        operator = Operator(name=TRICKY, iin_bin="950902401642", address="г. Алматы, ул. Жандосова, 58",
                            phone="+77011234567", email="shop@example.kz")
        session.add(operator)
        session.flush()
        session.add(Processor(operator_id=operator.id, name="ТОО «Жедел Курьер Алматы»",
                              iin_bin="150240012345", address="г. Алматы, ул. Жандосова, 58, офис 204"))
        staff = Staff(operator_id=operator.id, full_name=GALYMZHAN, position="ответственный за обработку данных")
        session.add(staff)
        sid = create_subject(session, SubjectInput(
            "registered", ALIYA, iin="901123300258", phones=["8 701 123 45 67"], emails=["Aliya.S@Mail.RU"],
            addresses=[("Алматы", 'мкр. «Самал-2» & <дом> 5, кв. "7"')], operator_id=operator.id))
        for i in range(3):
            session.add(Order(subject_id=sid, operator_id=operator.id, external_no=f"DC-{2000 + i}",
                              placed_at=datetime(2025, 5, 1 + i, 9, tzinfo=UTC), amount_tiyn=150_000,
                              items="Латте × 1"))
        delivery = catalogue_id("purpose", "delivery")
        marketing = catalogue_id("purpose", "marketing")
        policy = catalogue_id("policy_version", "09.02.2026")
        session.add(Consent(subject_id=sid, purpose_id=delivery, operator_id=operator.id, policy_version_id=policy,
                            given_at=datetime(2025, 4, 30, 8, tzinfo=UTC), channel="website",
                            third_parties_allowed=True))
        session.add(Consent(subject_id=sid, purpose_id=marketing, operator_id=operator.id, policy_version_id=policy,
                            state="withdrawn", given_at=datetime(2025, 4, 30, 8, tzinfo=UTC),
                            withdrawn_at=datetime(2026, 1, 15, 8, tzinfo=UTC), channel="phone"))
        access = Request(subject_id=sid, number="2026-7KQ-00014", operator_id=operator.id, type="access",
                         channel="email", received_at=now, reply_to="aliya.s@mail.ru", state="in_progress",
                         answer_due=date(2026, 3, 16), responsible_staff_id=staff.id, language="kk")
        refusal = Request(subject_id=sid, number="2026-7KQ-00015", operator_id=operator.id, type="blocking",
                          channel="paper", received_at=now, state="in_progress", answer_due=date(2026, 3, 16),
                          refusal_reason="Нарушение условий обработки не выявлено: <проверка> & «акт»")
        session.add_all([access, refusal])
        session.flush()
        ids = {"operator": operator.id, "staff": staff.id, "subject": sid, "access": access.id,
               "refusal": refusal.id}
    return ids


def test_letter_data_gathers_everything_held(db, world):
    with db.read() as session:
        data = letter_service.letter_data(session, world["access"], today=date(2026, 3, 5))
    assert data.operator.name == TRICKY and data.subject_name == ALIYA
    assert data.staff_name == GALYMZHAN and data.subject_sex == "male"
    held = data.held
    categories = [item.category for item in held.items]
    assert categories == ["full_name", "iin", "phone", "email", "delivery_address"]
    assert "+7 701 123 45 67" in [item.value for item in held.items]
    assert [o.number for o in held.orders] == ["DC-2000", "DC-2001", "DC-2002"]
    assert [c.state for c in held.consents] == ["given", "withdrawn"]
    assert {c.policy_version for c in held.consents} == {"09.02.2026"}
    names = [p.name.ru for p in held.purposes]
    assert names == [s.names["ru"] for s in PURPOSES if s.code in ("marketing", "delivery")]
    delivery = next(p for p in held.purposes if p.retention_rule == "after_last_order")
    assert delivery.kept_until == date(2025, 5, 3) + timedelta(days=365)
    assert [r.name for r in held.recipients] == ["ТОО «Жедел Курьер Алматы»"]


def test_make_letter_stores_the_pdf_with_the_request(db, world):
    with db.session() as session:
        attachment_id = letter_service.make_letter(session, world["access"], "access_answer", None,
                                                   actor="tester", today=date(2026, 3, 5))
    with db.read() as session:
        attachment = session.get(Attachment, attachment_id)
        assert attachment.filename == "2026-7KQ-00014-access_answer-kk.pdf"  # the request's language
        assert (attachment.owner_table, attachment.owner_id) == ("request", world["access"])
        assert attachment.subject_id == world["subject"]
        assert attachment.media_type == "application/pdf"
        assert attachment.sha256 == hashlib.sha256(attachment.content).hexdigest()
        assert attachment.size == len(attachment.content)
        text = pdf_text(attachment.content)
        assert ALIYA in text and TRICKY in text and 'мкр. «Самал-2» & <дом> 5, кв. "7"' in text
        assert "Aliya.S@Mail.RU" in text and "901123300258" in text
        assert "DC-2001" in text and "ТОО «Жедел Курьер Алматы»" in text
        assert "Құрметті Әлия Нұрланқызы!" in text
        event = session.scalar(select(RequestEvent).where(RequestEvent.request_id == world["access"]))
        assert event.kind == "letter_made" and event.subject_id == world["subject"]
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "request.letter_made"))
        assert entry.details == {"kind": "access_answer", "language": "kk"}
        assert entry.entity_ids == [world["access"], attachment_id]


def test_refusal_letter_from_the_database(db, world):
    with db.session() as session:
        attachment_id = letter_service.make_letter(session, world["refusal"], "refusal", "ru",
                                                   staff_id=world["staff"])
        content = session.get(Attachment, attachment_id).content
    text = pdf_text(content)
    assert "Нарушение условий обработки не выявлено: <проверка> & «акт»" in text
    assert "вид обращения: блокирование" in text
    assert GALYMZHAN in text


def test_the_operators_template_overrides_the_default(db, world):
    with db.session() as session:
        letter_service.save_template(session, "access_answer", "ru", "Сведения для {subject_name}",
                                     "{salutation}\n\nВот что у нас есть & <всё>:\n\n{held_data}\n\nКонец.")
        attachment_id = letter_service.make_letter(session, world["access"], "access_answer", "ru")
        text = pdf_text(session.get(Attachment, attachment_id).content)
        template, custom = letter_service.current_template(session, "access_answer", "ru")
    assert custom and template.title == "Сведения для {subject_name}"
    assert f"Сведения для {ALIYA}" in text and "Вот что у нас есть & <всё>:" in text
    with db.session() as session:
        assert letter_service.reset_template(session, "access_answer", "ru", actor="tester")
        assert letter_service.current_template(session, "access_answer", "ru") == (
            DEFAULT_TEMPLATES[("access_answer", "ru")], False)
        assert not letter_service.reset_template(session, "access_answer", "ru")


@pytest.mark.parametrize("kind,title,body,code,field", [
    ("blocking_done", "Уведомление", "Уважаемый {fio}!", "unknown_field", "fio"),
    ("blocking_done", "Уведомление {", "Текст", "stray_brace", None),
    ("blocking_done", "Уведомление", "{subject_name.upper}", "field_access", "subject_name.upper"),
    ("refusal", "Отказ", "Отказываем.", "required_field_missing", "refusal_reason"),
    ("refusal", "Отказ", "   ", "empty", "body"),
    ("refusal", "Отказ" * 100, "{refusal_reason}", "too_long", "title"),
])
def test_a_bad_template_is_not_saved(db, world, kind, title, body, code, field):
    with db.session() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))
        with pytest.raises(TemplateError) as caught:
            letter_service.save_template(session, kind, "ru", title, body, actor="tester")
        assert (caught.value.code, caught.value.field) == (code, field)
        assert session.scalar(select(func.count()).select_from(LetterTemplate)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_make_letter_refuses_before_writing_anything(db, world):
    with db.session() as session:
        session.get(Request, world["refusal"]).refusal_reason = ""
    with db.session() as session:
        with pytest.raises(LetterError) as caught:
            letter_service.make_letter(session, world["refusal"], "refusal", "ru")
        assert caught.value.code == "refusal_reason_required"
        with pytest.raises(LetterError) as caught:
            letter_service.make_letter(session, "no-such-request", "refusal", "ru")
        assert caught.value.code == "request_not_found"
        assert session.scalar(select(func.count()).select_from(Attachment)) == 0
        assert session.scalar(select(func.count()).select_from(RequestEvent)) == 0


def test_every_kind_from_the_database_in_both_languages(db, world, tmp_path: Path):
    with db.session() as session:
        for kind in LETTER_KINDS:
            for language in LETTER_LANGUAGES:
                letter_service.make_letter(session, world["refusal"], kind, language)
        names = sorted(session.scalars(select(Attachment.filename)))
    assert len(names) == len(LETTER_KINDS) * 2
    assert "2026-7KQ-00015-withdrawal_done-kk.pdf" in names
