"""The act's PDF read back as text: names exactly as entered, both languages, long acts."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from io import BytesIO

import pytest
from pypdf import PdfReader

from pdp_desk.documents.act import (
    ActDocument,
    ActLine,
    ActParty,
    ActSigner,
    LogLine,
    read_keywords,
    render_act,
)
from pdp_desk.domain.destruction import kept_until, parse_qr_payload
from pdp_desk.services import destruction as d

from _destruction_fixtures import NOW, make_org, make_subject, plan_for

ACT_ID = "0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
FP = "3f2a9c01" * 8
TRICKY = ["Әлия Сейітова", "O'Brien <b>&amp; \"Quoted\"", "Нұрсұлтан Қуанышұлы Ғабдуллаұлы",
          "Ёлкина & <Ирина>", "Үміт Һәкімқызы Іңкәр-Өмір"]


def document(n: int = len(TRICKY), *, names=None, kept=False, sheets=False, draft=False) -> ActDocument:
    names = names or TRICKY
    lines = tuple(ActLine(names[i % len(names)] + (f" {i}" if n > len(names) else ""),
                          ("full_name", "phone", "email", "order_history"),
                          (("order_history", "accounting", 2),) if kept and i % 2 else (),
                          3 if sheets and i % 3 == 0 else 0) for i in range(n))
    moment = datetime(2026, 3, 16, 6, 30, 5, tzinfo=timezone.utc)
    return ActDocument(
        act_id=ACT_ID, number="А-2026-7KQ-0001", act_date=date(2026, 3, 16),
        operator=ActParty("ИП «Турехан» & <Ко>", "950902401642", "г. Алматы, ул. Абая, 10"),
        reason="consent_withdrawn", information_system="PDP Desk / сайт кофейни",
        methods=("database_overwrite", "paper_shredding") if sheets else ("database_overwrite",),
        staff=(ActSigner("Сейітова Әлия Нұрланқызы", "Менеджер"), ActSigner("Иванов И. И.", "Администратор")),
        lines=lines, kept_until=kept_until(date(2026, 3, 16)), fingerprint=FP,
        processors=(ActParty("ТОО «Доставка & Ко»", "123456789012", "г. Астана"),), executed_at=moment,
        log=tuple(LogLine(moment, line.label, line.categories, "PDP Desk / сайт кофейни", "consent_withdrawn")
                  for line in lines), draft=draft)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("language", ["ru", "kk", "ru+kk"])
def test_names_read_back_exactly_as_entered(language):
    pdf = render_act(document(), language)
    text = flat(" ".join(pages_text(pdf)))
    for name in TRICKY:
        assert name in text, name
    assert "ИП «Турехан» & <Ко>" in text and "ТОО «Доставка & Ко»" in text
    if language != "kk":
        assert "АКТ № А-2026-7KQ-0001 об уничтожении персональных данных" in text
        assert "Выписка из журнала событий информационной системы" in text
        assert "ст. 8 п. 7" in text
    if language != "ru":
        assert "Дербес деректерді жою туралы № А-2026-7KQ-0001 АКТ" in text
        assert "Ақпараттық жүйенің оқиғалар журналынан үзінді" in text
        assert "8-баптың 7-тармағы" in text


def test_the_act_carries_its_fields():
    pdf = render_act(document(kept=True, sheets=True), "ru")
    text = flat(" ".join(pages_text(pdf)))
    for expected in ("Дата уничтожения: 16.03.2026", "ИИН/БИН 950902401642", "адрес: г. Алматы, ул. Абая, 10",
                     "Лица, осуществляющие обработку по поручению оператора: ТОО «Доставка & Ко»",
                     "Информационная система: PDP Desk / сайт кофейни", "уничтожено 6 л.",
                     "Измельчение бумажных носителей", "Отзыв субъектом согласия",
                     "Сейітова Әлия Нұрланқызы", "Менеджер", "Подпись", "Акт хранится до 16.03.2029",
                     "Закон РК «О бухгалтерском учете и финансовой отчетности» № 234-III",
                     "3f2a 9c01 3f2a", ACT_ID, "11:30:05"):
        assert expected in text, expected


def test_metadata_ties_the_file_to_the_record():
    pdf = render_act(document(), "ru")
    info = PdfReader(BytesIO(pdf)).metadata
    words = read_keywords(info["/Keywords"])
    assert parse_qr_payload(words["payload"]) == (ACT_ID, FP)
    assert words["lang"] == "ru" and words["act"] == "1"
    page, x1, y1, x2, y2 = words["sigbox"].split(":")
    assert 1 <= int(page) <= len(PdfReader(BytesIO(pdf)).pages) and float(x2) > float(x1) and float(y2) > float(y1)
    assert parse_qr_payload(info["/Subject"]) == (ACT_ID, FP)


def test_a_draft_has_no_number_and_no_qr():
    pdf = render_act(document(draft=True), "ru")
    text = flat(" ".join(pages_text(pdf)))
    assert "ПРОЕКТ" in text and "А-2026-7KQ-0001" not in text
    assert "payload" not in read_keywords(PdfReader(BytesIO(pdf)).metadata["/Keywords"])


@pytest.mark.parametrize("language, label", [("ru", "Стр."), ("ru+kk", "Стр. / Бет")])
def test_a_long_act_repeats_its_headers_and_numbers_its_pages(language, label):
    pdf = render_act(document(300), language)
    texts = pages_text(pdf)
    total = len(texts)
    assert total > 6
    for i, text in enumerate(texts, 1):
        assert f"{label} {i} / {total}" in flat(text), (i, text[-80:])
    staff_page = next(i for i, t in enumerate(texts) if "Лица, уничтожившие" in t)
    appendix = next(i for i, t in enumerate(texts) if "Выписка из журнала" in t)
    assert staff_page >= 2 and appendix > staff_page
    for i in range(staff_page + 1):
        assert "Категории уничтоженных" in texts[i] and "Субъект (ФИО)" in texts[i], i
    for i in range(appendix, total):
        assert "Дата и время" in texts[i] and "Субъект" in texts[i], i
    # every subject, in order, once in the act and once in the extract
    numbers = [int(m) for m in re.findall(r"Әлия Сейітова (\d+)", " ".join(texts))]
    assert numbers == list(range(0, 300, 5)) * 2
    # long acts number the categories and print their legend
    assert "1 — ФИО" in flat(texts[0]) or "1 — ФИО" in flat(texts[1])


def test_a_very_long_name_wraps_inside_its_cell():
    name = "Кенжебаева-Мухамеджанова " * 6 + "Айгерім"
    pdf = render_act(document(3, names=[name.strip()]), "ru")
    text = flat(" ".join(pages_text(pdf)))
    assert "Айгерім" in text and "Кенжебаева-Мухамеджанова" in text


def test_the_executed_act_reads_back_from_the_database(db):
    org = make_org(db)
    subject_id = make_subject(db, org, "0001", name="O'Brien <Әлия> & \"Quoted\" Ғалымқызы")
    result = d.execute(db, plan_for(db, org, [subject_id], language="ru+kk"), actor="t", now=NOW)
    text = flat(" ".join(pages_text(result.pdf)))
    assert "O'Brien <Әлия> & \"Quoted\" Ғалымқызы" in text
    assert result.number in text and "Дербес деректерді жою туралы" in text
    with db.read() as session:
        again = d.render_act_pdf(session, result.act_id, "kk")
    assert "O'Brien <Әлия> & \"Quoted\" Ғалымқызы" in flat(" ".join(pages_text(again)))
