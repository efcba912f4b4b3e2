"""The journal of requests for an inspector: PDF, CSV and XLSX; formula injection neutralised."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from pdp_desk.documents.journal import JournalInfo, JournalRow, journal_pdf, neutralise
from pdp_desk.domain.localtime import KAZAKHSTAN
from pdp_desk.services.exports import ExportError, export_journal, journal_rows
from pdp_desk.services.subjects import SubjectInput, create_subject
from pdp_desk.store.models import AuditEntry, Operator, Request

UTC = timezone.utc
INJECTIONS = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)"]
NAMES = INJECTIONS + ["Әлия Нұрланқызы Сейітова", "Ғалымжан Құрманғазыұлы", 'ТОО «Кофе & <Ко>» "Тест"']
TYPES = ["access", "correction", "blocking", "deletion", "consent_withdrawal", "other", "unblocking"]


def local_noon(day: date) -> datetime:
    """Noon in Kazakhstan (the period is counted in Kazakhstan's days)."""
    return datetime.combine(day, time(12), tzinfo=KAZAKHSTAN)


@pytest.fixture
def journal_db(db):
    with db.session() as session:
        operator = Operator(name="ИП Турехан", iin_bin="950902401642", address="г. Алматы")
        session.add(operator)
        session.flush()
        people = [create_subject(session, SubjectInput("registered", name, operator_id=operator.id))
                  for name in NAMES]
        day = date(2026, 2, 2)
        for i, sid in enumerate(people):
            answered = local_noon(day + timedelta(days=i + 3)) if i % 2 == 0 else None
            session.add(Request(
                subject_id=sid, number=f"2026-7KQ-{i + 1:05d}", operator_id=operator.id, type=TYPES[i],
                channel="email", received_at=local_noon(day + timedelta(days=i)),
                state="answered" if answered else "in_progress", is_open=answered is None,
                answer_due=day + timedelta(days=i + 14), action_due=day + timedelta(days=i + 1) if i % 3 else None,
                answered_at=answered, outcome="information_provided" if answered else ""))
        # Outside the period, and a notice that is not a subject's request.
        session.add(Request(subject_id=people[0], number="2026-7KQ-00099", operator_id=operator.id,
                            type="access", channel="email", received_at=local_noon(date(2026, 4, 1)),
                            answer_due=date(2026, 4, 15)))
        session.add(Request(subject_id=people[0], number="2026-7KQ-00098", operator_id=operator.id,
                            type="breach_notice", channel="email", received_at=local_noon(date(2026, 2, 3)),
                            action_due=date(2026, 2, 4)))
    return {"operator": operator.id}


PERIOD = (date(2026, 2, 1), date(2026, 2, 28))


def test_rows_of_the_period_oldest_first(db, journal_db):
    with db.read() as session:
        rows = journal_rows(session, *PERIOD, language="ru")
        with_notices = journal_rows(session, *PERIOD, language="ru", include_notices=True)
        kk = journal_rows(session, *PERIOD, language="kk", operator_id=journal_db["operator"])
    assert [r.number for r in rows] == [f"2026-7KQ-{i:05d}" for i in range(1, 8)]
    assert [r.subject for r in rows] == NAMES
    assert rows[0].type == "Получение сведений, доступ" and rows[0].state == "Ответ дан"
    assert rows[0].outcome == "Сведения предоставлены" and rows[1].state == "В работе"
    assert "2026-7KQ-00098" in [r.number for r in with_notices]
    assert kk[0].type == "Мәліметтер алу, қолжетімділік" and kk[0].state == "Жауап берілді"


def test_the_period_is_counted_in_kazakhstan_days(db, journal_db):
    with db.session() as session:
        sid = create_subject(session, SubjectInput("registered", "Полночь Ночная"))
        # 1 March 2026, 01:30 in Almaty: still 28 February in UTC.
        session.add(Request(subject_id=sid, number="2026-7KQ-00050", type="access", channel="email",
                            received_at=datetime(2026, 2, 28, 20, 30, tzinfo=UTC), operator_id=journal_db["operator"]))
    with db.read() as session:
        february = [r.number for r in journal_rows(session, *PERIOD)]
        march = journal_rows(session, date(2026, 3, 1), date(2026, 3, 1))
    assert "2026-7KQ-00050" not in february
    assert [r.number for r in march] == ["2026-7KQ-00050"]
    from pdp_desk.documents.journal import texts
    assert texts(march[0])[0] == "01.03.2026 01:30"


def test_neutralise():
    for text in INJECTIONS + ["\tx", "\rx"]:
        assert neutralise(text) == "'" + text
    for text in ("Әлия", "2026-7KQ-00001", "01.02.2026", "", " =1"):
        assert neutralise(text) == text


def test_csv_opens_in_excel_and_runs_no_formula(db, journal_db, tmp_path: Path):
    path = tmp_path / "journal.csv"
    with db.session() as session:
        count = export_journal(session, *PERIOD, path, "csv", "ru", actor="tester")
    assert count == 7
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with open(path, encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream, delimiter=";"))
    assert table[0] == ["№ п/п", "Получено", "Номер", "Вид обращения", "Субъект", "Срок ответа", "Срок исполнения",
                        "Ответ дан", "Результат", "Состояние"]
    assert [row[0] for row in table[1:]] == [str(i) for i in range(1, 8)]
    subjects = [row[4] for row in table[1:]]
    assert subjects[:4] == ["'" + s for s in INJECTIONS]
    assert subjects[4:] == NAMES[4:]
    first = table[1][1:]
    assert re.fullmatch(r"02\.02\.2026 12:00", first[0])
    assert first[1] == "2026-7KQ-00001" and first[4] == "16.02.2026" and first[7] == "Сведения предоставлены"
    for row in table[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_reads_back_with_strings_and_dates(db, journal_db, tmp_path: Path):
    path = tmp_path / "journal.xlsx"
    with db.session() as session:
        export_journal(session, *PERIOD, path, "xlsx", "kk")
    sheet = load_workbook(path).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Дербес деректер субъектілерінің өтініштерін есепке алу журналы"
    assert values[1][0] == "01.02.2026 бастап 28.02.2026 дейінгі кезең"
    assert values[2][0] == "Оператор: ИП Турехан, ЖСН/БСН 950902401642"
    header_at = next(i for i, row in enumerate(values) if row[0] == "Р/с №")
    data = values[header_at + 1:]
    assert len(data) == 7
    assert [row[4] for row in data[:4]] == ["'" + s for s in INJECTIONS]
    assert data[4][4] == "Әлия Нұрланқызы Сейітова"
    assert data[0][1] == datetime(2026, 2, 2, 12, 0)  # local time, as Excel shows it
    assert data[0][5] == datetime(2026, 2, 16)           # a date cell
    for row in sheet.iter_rows(min_row=header_at + 2):
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@"))


def test_pdf_journal(db, journal_db, tmp_path: Path):
    path = tmp_path / "journal.pdf"
    with db.session() as session:
        export_journal(session, *PERIOD, path, "pdf", "ru")
    reader = PdfReader(path)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Журнал учёта обращений субъектов персональных данных" in text
    assert "за период с 01.02.2026 по 28.02.2026" in text
    assert "ИП Турехан, ИИН/БИН 950902401642" in text
    for name in NAMES:
        assert name in text  # in a PDF nothing runs: names print as they are
    assert "2026-7KQ-00099" not in text and "2026-7KQ-00098" not in text
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    assert reader.trailer["/Root"]["/Lang"] == "ru-RU"


def test_a_long_journal_repeats_its_header_and_numbers_its_pages():
    start = datetime(2026, 1, 5, 4, 0, tzinfo=UTC)
    rows = [JournalRow(start + timedelta(hours=i), f"2026-7KQ-{i:05d}", "Получение сведений, доступ",
                       f"Сейітова Әлия {i}", date(2026, 1, 19), None, None, "", "Получено") for i in range(400)]
    reader = PdfReader(io.BytesIO(journal_pdf(rows, JournalInfo(date(2026, 1, 1), date(2026, 3, 31), "kk",
                                                               "ИП Турехан"))))
    total = len(reader.pages)
    assert total > 3
    numbers = []
    for n, page in enumerate(reader.pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"Бет {n} / {total}" in text
        assert "Өтініш түрі" in text and "Жауап мерзімі" in text
        numbers += re.findall(r"2026-7KQ-\d{5}", text)
    assert numbers == [r.number for r in rows]


def test_bad_requests_write_nothing(db, journal_db, tmp_path: Path):
    with db.session() as session:
        with pytest.raises(ExportError) as caught:
            export_journal(session, *PERIOD, tmp_path / "j.ods", "ods", "ru")
        assert caught.value.code == "format_unknown"
        with pytest.raises(ExportError) as caught:
            export_journal(session, *PERIOD, tmp_path / "j.csv", "csv", "en")
        assert caught.value.code == "language_unsupported"
        with pytest.raises(ExportError) as caught:
            export_journal(session, PERIOD[1], PERIOD[0], tmp_path / "j.csv", "csv", "ru")
        assert caught.value.code == "period_reversed"
        with pytest.raises(ExportError) as caught:
            export_journal(session, *PERIOD, tmp_path / "missing" / "j.csv", "csv", "ru")
        assert caught.value.code == "write_failed"
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "requests.journal_export")) is None
    assert list(tmp_path.iterdir()) == [tmp_path / "pdp-desk.sqlite"] or all(
        not p.name.startswith(".journal-") for p in tmp_path.iterdir())


def test_export_is_audited_with_codes_only(db, journal_db, tmp_path: Path):
    with db.session() as session:
        export_journal(session, *PERIOD, tmp_path / "j.csv", "csv", "ru", actor="tester")
    with db.read() as session:
        details = session.scalar(select(AuditEntry.details).where(AuditEntry.action == "requests.journal_export"))
    assert details == {"format": "csv", "language": "ru", "start": "2026-02-01", "end": "2026-02-28",
                             "rows": 7, "operator_id": None}
    assert not any(p.name.startswith(".journal-") for p in tmp_path.iterdir())
