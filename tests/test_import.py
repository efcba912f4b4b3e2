"""Import of the website's exports: encodings, delimiters, XLSX, guessing, matching, all or nothing.

Every fixture file is generated here, in tmp_path (no committed binaries).
"""
from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from pdp_desk import cli
from pdp_desk.domain.identifiers import check_email, check_iin, normalize_phone
from pdp_desk.domain.import_columns import (
    Field,
    Mapping,
    guess_mapping,
    header_signature,
    neutralize,
    order_status,
    parse_amount,
    parse_datetime,
    parse_yes_no,
    to_utc,
)
from pdp_desk.services import audit, importer
from pdp_desk.services.importer import (
    ImportFileError,
    import_file,
    preview,
    read_table,
    remember_mapping,
    remembered_mapping,
)
from pdp_desk.services.catalogue import ensure_defaults
from pdp_desk.services.subjects import SubjectInput, create_subject, find_subjects, validate
from pdp_desk.store.models import AuditEntry, Contact, Order, Subject

HEADERS_RU = ["ФИО", "Телефон", "E-mail", "Город", "Адрес доставки", "Номер заказа", "Дата заказа",
              "Сумма", "Товары", "Согласие на рассылку"]
MAPPING_RU = {"columns": {"ФИО": "full_name", "Телефон": "phone", "E-mail": "email", "Город": "city",
                          "Адрес доставки": "address", "Номер заказа": "order_no",
                          "Дата заказа": "order_date", "Сумма": "order_amount", "Товары": "order_items",
                          "Согласие на рассылку": "consent_marketing"},
              "category": "registered", "source": "website"}

ROWS_RU = [
    ["Әлия Нұрланқызы Сейітова", "8 701 123 45 67", "Aliya.S@Mail.RU", "Алматы", "пр. Абая, 10", "1001",
     "15.01.2024 10:23", "12 345,50 ₸", "Латте; Круассан", "да"],
    ["Пётр Сергеевич Ёлкин", "+7 (777) 000-11-22", "", "Астана", "ул. Кенесары 5", "1002", "16.01.2024",
     "1 200 тг", "Капучино", "нет"],
    ["Жұлдыз Ахметова", "87071234567", "zhuldyz@inbox.kz", "Алматы", "мкр. Самал-2, 33", "1003",
     "2024-01-17 09:00", "2400", "Раф", ""],
]


def write_csv(path: Path, headers, rows, *, encoding="utf-8", delimiter=";", newline="\r\n") -> Path:
    def quote(cell: str) -> str:
        if any(c in cell for c in (delimiter, '"', "\n", "\r")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    text = newline.join(delimiter.join(quote(str(c)) for c in row) for row in [headers, *rows]) + newline
    path.write_bytes(text.encode(encoding))
    return path


def table_counts(db) -> dict[str, int]:
    """Rows per table; without sync's change log, which triggers write for every change (the
    journal entry of an import included): the tables it logs are counted themselves."""
    connection = sqlite3.connect(db.path)
    try:
        names = [n for (n,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'sync_row'")]
        return {n: connection.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        connection.close()


def customers(n: int, start: int = 0) -> list[list[str]]:
    """n distinct customers with one order each, in the RU layout."""
    rows = []
    for i in range(start, start + n):
        rows.append([f"Клиент Номер{i}", f"8 701 {i // 10000:03d} {i // 100 % 100:02d} {i % 100:02d}",
                     f"client{i}@mail.ru", "Алматы", f"ул. Абая {i}", f"A-{i}", "01.02.2024 12:00",
                     "1000", "Латте", "да"])
    return rows


# --- reading files --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding,delimiter,expected", [
    ("utf-8-sig", ";", "utf-8-sig"), ("utf-8-sig", ",", "utf-8-sig"),
    ("cp1251", ";", "windows-1251"), ("cp1251", ",", "windows-1251"),
    ("utf-8", "\t", "utf-8"), ("utf-16", "\t", "utf-16"),
])
def test_csv_encodings_and_delimiters_are_detected_and_imported(db, tmp_path, encoding, delimiter, expected):
    rows = ROWS_RU
    if encoding == "cp1251":
        # Kazakh letters do not exist in Windows-1251: the shop's export holds Russian look-alikes
        kazakh = str.maketrans("ӘәҒғҚқҢңӨөҰұҮүҺһІі", "АаГгКкНнОоУуУуХхИи")
        rows = [[c.translate(kazakh).replace("₸", "тг") for c in row] for row in ROWS_RU]
    path = write_csv(tmp_path / "export.csv", HEADERS_RU, rows, encoding=encoding, delimiter=delimiter)
    with read_table(path) as table:
        assert (table.encoding, table.delimiter) == (expected, delimiter)
        assert table.headers == HEADERS_RU
        rows = list(table.rows)
    assert [number for number, _ in rows] == [2, 3, 4]
    report = import_file(db, path, MAPPING_RU)
    assert (report.created, report.updated, report.unchanged, report.skipped) == (3, 0, 0, [])
    assert report.orders_created == 3
    with db.read() as session:
        names = set(session.scalars(select(Subject.full_name)))
        assert "Пётр Сергеевич Ёлкин" in names and len(names) == 3
        phones = set(session.scalars(select(Contact.normalized).where(Contact.kind == "phone")))
        assert phones == {"+77011234567", "+77770001122", "+77071234567"}
        emails = set(session.scalars(select(Contact.normalized).where(Contact.kind == "email")))
        assert emails == {"aliya.s@mail.ru", "zhuldyz@inbox.kz"}
        order = session.scalars(select(Order).where(Order.external_no == "1001")).one()
        assert order.amount_tiyn == 1_234_550 and order.currency == "KZT"
        # 10:23 in Almaty (UTC+6 before 1 March 2024) is 04:23 UTC
        assert order.placed_at == datetime(2024, 1, 15, 4, 23, tzinfo=timezone.utc)


def test_xlsx_first_sheet_with_typed_cells(db, tmp_path):
    path = tmp_path / "export.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Заказы"
    sheet.append(["Фамилия", "Имя", "Телефон", "ИИН", "Номер заказа", "Дата заказа", "Сумма"])
    sheet.append(["Сейітова", "Әлия", 87011234567, 901123300258, 501, datetime(2024, 5, 1, 9, 30), 1500.5])
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(["Ким", "Анна", "+7 777 000 11 22", "", 502, 45413, "2 000"])
    workbook.create_sheet("Другой лист").append(["ignored"])
    workbook.save(path)
    prev = preview(path)
    assert prev.format == "xlsx"
    assert prev.mapping.columns == {"Фамилия": "last_name", "Имя": "first_name", "Телефон": "phone",
                                    "ИИН": "iin", "Номер заказа": "order_no", "Дата заказа": "order_date",
                                    "Сумма": "order_amount"}
    assert [n for n, _ in prev.rows] == [2, 4]
    report = import_file(db, path, prev.mapping)
    assert (report.created, report.skipped, report.orders_created) == (2, [], 2)
    with db.read() as session:
        aliya = session.scalars(select(Subject).where(Subject.iin == "901123300258")).one()
        assert aliya.full_name == "Сейітова Әлия"
        orders = {o.external_no: o for o in session.scalars(select(Order))}
        assert orders["501"].amount_tiyn == 150_050
        assert orders["501"].placed_at == datetime(2024, 5, 1, 4, 30, tzinfo=timezone.utc)  # UTC+5
        assert orders["502"].placed_at.date().isoformat() == "2024-04-30"  # serial 45413 = 2024-05-01 local


def test_an_iin_typed_as_a_number_gets_its_leading_zero_back(db, tmp_path):
    iin = next(c for c in (f"0501015{n:05d}" for n in range(100)) if check_iin(c).ok)  # born 2005
    path = tmp_path / "iin.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["ИИН", "Имя"])
    workbook.active.append([int(iin), "Дана"])
    workbook.save(path)
    report = import_file(db, path, {"columns": {"ИИН": "iin", "Имя": "full_name"}})
    assert report.created == 1 and report.skipped == []
    with db.read() as session:
        assert session.scalars(select(Subject.iin)).one() == iin


# --- guessing columns -------------------------------------------------------------------------------


@pytest.mark.parametrize("engine,headers,expected", [
    ("Tilda", ["Name", "Phone", "Email", "Date", "Referer", "formname"],
     {"Name": "full_name", "Phone": "phone", "Email": "email", "Date": "order_date"}),
    ("Tilda ru", ["Имя", "Телефон", "Email", "Согласие на рассылку", "Дата"],
     {"Имя": "full_name", "Телефон": "phone", "Email": "email", "Согласие на рассылку": "consent_marketing",
      "Дата": "order_date"}),
    ("InSales", ["Номер заказа", "Дата создания", "Статус", "Сумма заказа", "Стоимость доставки",
                 "Контактное лицо", "Телефон", "E-mail", "Город", "Адрес доставки", "Состав заказа"],
     {"Номер заказа": "order_no", "Дата создания": "order_date", "Статус": "order_status",
      "Сумма заказа": "order_amount", "Контактное лицо": "full_name", "Телефон": "phone",
      "E-mail": "email", "Город": "city", "Адрес доставки": "address", "Состав заказа": "order_items"}),
    ("1C-Bitrix", ["ID", "Номер заказа", "Дата заказа", "Покупатель", "Личный телефон", "E-Mail",
                   "Местоположение", "Адрес", "Сумма", "Товары", "Статус заказа", "Дата рождения"],
     {"ID": "source_id", "Номер заказа": "order_no", "Дата заказа": "order_date", "Покупатель": "full_name",
      "Личный телефон": "phone", "E-Mail": "email", "Местоположение": "city", "Адрес": "address",
      "Сумма": "order_amount", "Товары": "order_items", "Статус заказа": "order_status"}),
    ("WooCommerce", ["Order ID", "Order Date", "Order Status", "Billing First Name", "Billing Last Name",
                     "Billing Email", "Billing Phone", "Shipping Address 1", "Shipping City", "Order Total",
                     "Item Name"],
     {"Order ID": "order_no", "Order Date": "order_date", "Order Status": "order_status",
      "Billing First Name": "first_name", "Billing Last Name": "last_name", "Billing Email": "email",
      "Billing Phone": "phone", "Shipping Address 1": "address", "Shipping City": "city",
      "Order Total": "order_amount", "Item Name": "order_items"}),
    ("OpenCart", ["order_id", "firstname", "lastname", "email", "telephone", "shipping_city",
                  "shipping_address_1", "total", "date_added", "order_status", "newsletter"],
     {"order_id": "order_no", "firstname": "first_name", "lastname": "last_name", "email": "email",
      "telephone": "phone", "shipping_city": "city", "shipping_address_1": "address", "total": "order_amount",
      "date_added": "order_date", "order_status": "order_status", "newsletter": "consent_marketing"}),
    ("Shopify orders", ["Name", "Email", "Financial Status", "Paid at", "Accepts Marketing", "Total",
                        "Created at", "Lineitem quantity", "Lineitem name", "Billing Name", "Billing Phone",
                        "Shipping Name", "Shipping Address1", "Shipping Address2", "Shipping City", "Phone"],
     {"Name": "order_no", "Email": "email", "Financial Status": "order_status", "Paid at": "order_date",
      "Accepts Marketing": "consent_marketing", "Total": "order_amount", "Lineitem name": "order_items",
      "Billing Name": "full_name", "Phone": "phone", "Shipping Address1": "address",
      "Shipping Address2": "address", "Shipping City": "city"}),
    ("Shopify customers", ["First Name", "Last Name", "Email", "Accepts Email Marketing", "Address1",
                           "City", "Phone", "Total Spent"],
     {"First Name": "first_name", "Last Name": "last_name", "Email": "email",
      "Accepts Email Marketing": "consent_marketing", "Address1": "address", "City": "city",
      "Phone": "phone"}),
])
def test_headers_of_shop_engines_are_guessed(engine, headers, expected):
    mapping = guess_mapping(headers)
    mapped = {h: f for h, f in mapping.columns.items() if f != "ignore"}
    assert mapped == expected, engine


def test_header_signature_ignores_order_case_and_spacing():
    a = header_signature(["Имя", "Телефон", "E-mail"])
    assert a == header_signature(["e-mail ", "ТЕЛЕФОН", "Имя:"])
    assert a != header_signature(["Имя", "Телефон"])
    assert len(a) == 32


def test_mapping_is_remembered_by_header_set(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADERS_RU, ROWS_RU)
    chosen = Mapping.from_json({**MAPPING_RU, "category": "recipient"})
    with db.session() as session:
        assert remembered_mapping(session, HEADERS_RU) is None
        assert preview(path, session=session).mapping_origin == "guessed"
        remember_mapping(session, HEADERS_RU, chosen)
    with db.read() as session:
        assert remembered_mapping(session, list(reversed(HEADERS_RU))) == chosen
        prev = preview(path, session=session, rows=2)
    assert prev.mapping_origin == "remembered" and prev.mapping == chosen
    assert len(prev.rows) == 2 and prev.rows[0][1][0] == "Әлия Нұрланқызы Сейітова"


# --- matching people -----------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(db, tmp_path):
    path = write_csv(tmp_path / "export.csv", HEADERS_RU, ROWS_RU + customers(20))
    first = import_file(db, path, MAPPING_RU)
    assert (first.created, first.updated, first.unchanged) == (23, 0, 0)
    counts = table_counts(db)
    second = import_file(db, path, MAPPING_RU)
    assert (second.created, second.updated, second.unchanged, second.skipped) == (0, 0, 23, [])
    assert (second.orders_created, second.orders_updated, second.orders_unchanged) == (0, 0, 23)
    assert (second.contacts_added, second.addresses_added, second.consents_created) == (0, 0, 0)
    after = table_counts(db)
    assert after.pop("audit_entry") == counts.pop("audit_entry") + 1   # the second run's entry only
    assert after == counts


def test_two_rows_of_one_customer_make_one_subject(db, tmp_path):
    rows = [
        ["Әлия Сейітова", "8 701 123 45 67", "", "Алматы", "пр. Абая, 10", "1", "01.02.2024", "100", "Латте", ""],
        ["Алия Сейтова", "+7(701)1234567", "aliya@mail.ru", "Алматы", "пр. Абая, 10", "2", "02.02.2024", "200",
         "Раф", ""],
        ["", "", "ALIYA@mail.ru", "Алматы", "ул. Сатпаева 1", "3", "03.02.2024", "300", "Чай", ""],
    ]
    report = import_file(db, write_csv(tmp_path / "a.csv", HEADERS_RU, rows), MAPPING_RU)
    assert (report.created, report.updated, report.unchanged) == (1, 2, 0)
    with db.read() as session:
        (subject,) = session.scalars(select(Subject)).all()
        assert subject.full_name == "Әлия Сейітова"   # the first spelling is kept
        assert {o.subject_id for o in session.scalars(select(Order))} == {subject.id}
        contacts = session.scalars(select(Contact.normalized).where(Contact.subject_id == subject.id)).all()
        assert sorted(contacts) == ["+77011234567", "aliya@mail.ru"]
    assert report.addresses_added == 2


def test_a_row_matching_an_existing_subject_updates_it(db, tmp_path):
    with db.session() as session:
        existing = create_subject(session, SubjectInput("registered", "Әлия Сейітова",
                                                        phones=["8 701 123 45 67"]))
    rows = [["Aliya S", "+7 (701) 123-45-67", "aliya@mail.ru", "Алматы", "пр. Абая, 10", "9", "01.02.2024",
             "100", "Латте", "да"]]
    report = import_file(db, write_csv(tmp_path / "a.csv", HEADERS_RU, rows), MAPPING_RU)
    assert (report.created, report.updated, report.subjects_updated) == (0, 1, 1)
    assert (report.contacts_added, report.addresses_added, report.consents_created) == (1, 1, 1)
    with db.read() as session:
        (subject,) = session.scalars(select(Subject)).all()
        assert subject.id == existing and subject.full_name == "Әлия Сейітова"   # not overwritten
        assert session.scalars(select(Order.subject_id)).one() == existing
        (hit,) = find_subjects(session, "aliya@mail.ru")
        assert hit.id == existing


def test_a_row_matching_two_subjects_or_a_blocked_one_is_skipped(db, tmp_path):
    with db.session() as session:
        ensure_defaults(session)   # as `pdp-desk init` does: the import would otherwise seed it
        create_subject(session, SubjectInput("registered", "Один", phones=["8 701 111 11 11"]))
        create_subject(session, SubjectInput("registered", "Другой", emails=["two@mail.ru"]))
        blocked = create_subject(session, SubjectInput("registered", "Блок", phones=["8 702 222 22 22"]))
        session.get(Subject, blocked).status = "blocked"
    before = table_counts(db)
    rows = [["X", "87011111111", "two@mail.ru", "", "", "", "", "", "", ""],
            ["Y", "87022222222", "", "", "", "", "", "", "", ""]]
    report = import_file(db, write_csv(tmp_path / "a.csv", HEADERS_RU, rows), MAPPING_RU)
    assert [r for r, _ in report.skipped] == [2, 3]
    assert "merge them" in report.skipped[0][1] and "blocked" in report.skipped[1][1]
    assert report.skipped_by_code == {"several_subjects": 1, "subject_blocked": 1}
    after = table_counts(db)
    assert after.pop("audit_entry") == before.pop("audit_entry") + 1
    assert after == before


def test_the_sites_customer_id_joins_rows_within_the_file(db, tmp_path):
    headers = ["ID клиента", "Имя", "Телефон", "Email"]
    rows = [["c-17", "Дана", "87011112233", ""], ["c-17", "Дана", "", "dana@mail.ru"],
            ["c-18", "Дана", "", "other@mail.ru"]]
    mapping = guess_mapping(headers)
    assert mapping.columns["ID клиента"] == "source_id"
    report = import_file(db, write_csv(tmp_path / "a.csv", headers, rows), mapping)
    assert (report.created, report.updated) == (2, 1)


def test_an_order_number_held_by_another_person_is_left_alone(db, tmp_path):
    import_file(db, write_csv(tmp_path / "a.csv", HEADERS_RU, ROWS_RU[:1]), MAPPING_RU)
    other = [["Пётр", "87770001122", "", "", "", "1001", "15.01.2024 10:23", "999", "Чай", ""]]
    report = import_file(db, write_csv(tmp_path / "b.csv", HEADERS_RU, other), MAPPING_RU)
    assert report.created == 1 and report.orders_unchanged == 1
    assert report.warnings == [(2, "the register holds this order number under another person; "
                                   "the order was not changed")]
    with db.read() as session:
        assert session.scalars(select(Order.amount_tiyn)).one() == 1_234_550


def test_imported_people_are_indexed_for_search(db, tmp_path):
    import_file(db, write_csv(tmp_path / "a.csv", HEADERS_RU, ROWS_RU), MAPPING_RU)
    with db.read() as session:
        assert [h.full_name for h in find_subjects(session, "алия сейитова")] == ["Әлия Нұрланқызы Сейітова"]
        assert [h.full_name for h in find_subjects(session, "Petr Elkin")] == ["Пётр Сергеевич Ёлкин"]
        assert [h.full_name for h in find_subjects(session, "7071234567")] == ["Жұлдыз Ахметова"]


def test_importer_normalises_like_the_register_form():
    """The importer calls the same domain checks as services.subjects.validate, memoised."""
    inputs = ["8 701 123 45 67", "+7(701)1234567", "007 701 123 45 67", "7011234567", "+7 916 123 45 67",
              "+49 30 1234567", "8-701-12"]
    fake = importer._Importer.__new__(importer._Importer)
    fake._phone_memo, fake._phone_raw = {}, {}
    for raw in inputs:
        ours = fake._phone(raw)
        try:
            theirs = validate(SubjectInput("registered", "x", phones=[raw])).phones[0][1]
        except Exception:
            theirs = None
        assert (ours.value if ours.ok else None) == theirs, raw
    clean = validate(SubjectInput("registered", "x", emails=["Aliya.S@Mail.RU"]))
    assert clean.emails[0][1] == "aliya.s@mail.ru"
    for raw in inputs + ["+7 701 123", "8 (701) 123-45-67 доб. 5", "", "++77011234567", "8" * 70]:
        ours, theirs = fake._phone(raw), normalize_phone(raw)   # refusals keep their reason
        assert (ours.ok, ours.value, ours.code) == (theirs.ok, theirs.value, theirs.code), raw


EMAILS = ["user1.2@gmail.com", "User.Name+tag@Mail.RU", "a..b@gmail.com", ".a@gmail.com", "a.@gmail.com",
          "a@localhost", "a@x.local", "a@host.test", "a@123.com", "a@mail.123", "a@-x.com", "a@x-.com",
          "a@x..com", "a@x.com.", "a@xn--80ak6aa92e.com", "a@x", "a@x.c", "a@[1.2.3.4]", '"q"@x.com',
          "a b@x.com", "a@x_y.com", "a@" + "x" * 64 + ".com", "a@" + ("x" * 63 + ".") * 4 + "com",
          "x" * 65 + "@x.com", "x" * 64 + "@x.com", "a!#$%&'*+/=?^_`{|}~-@x.com", "a@x.arpa", "a@x.onion",
          "a@тест.рф", "я@x.com", " a@x.com ", "a@@x.com", "@x.com", "a@", "a@x.co_m", "A@GMAIL.COM",
          "a@x.xn--p1ai", "a@" + "a." * 120 + "com", "a@x.com;b@y.com", "=HYPERLINK(1)@x.com"]


@pytest.mark.parametrize("raw", EMAILS)
def test_plain_emails_get_the_answer_of_check_email(raw):
    """The importer's shortcut for plain addresses (the domain checked once per domain) answers
    what check_email answers, or steps aside."""
    domains: dict = {}
    fast = importer._plain_email(raw, domains)
    full = check_email(raw)
    if fast is not None:
        assert (fast.ok, fast.value, fast.code) == (full.ok, full.value, full.code)
    fake = importer._Importer.__new__(importer._Importer)
    fake._email_memo, fake._domain_memo = {}, domains
    ours = fake._email(raw)
    assert (ours.ok, ours.value, ours.code) == (full.ok, full.value, full.code)


# --- orders ----------------------------------------------------------------------------------------


def test_line_item_rows_of_one_order_merge_and_changed_orders_update(db, tmp_path):
    headers = ["Name", "Email", "Created at", "Total", "Lineitem name", "Financial Status", "Phone"]
    rows = [["#1001", "a@mail.ru", "2024-06-01 10:00:00 +0500", "3000.00", "Латте", "paid", ""],
            ["#1001", "a@mail.ru", "2024-06-01 10:00:00 +0500", "", "Круассан", "", ""]]
    mapping = guess_mapping(headers)
    report = import_file(db, write_csv(tmp_path / "s.csv", headers, rows, delimiter=","), mapping)
    assert (report.created, report.unchanged, report.orders_created) == (1, 1, 1)
    with db.read() as session:
        order = session.scalars(select(Order)).one()
        assert (order.items, order.amount_tiyn, order.status) == ("Латте; Круассан", 300_000, "paid")
        assert order.placed_at == datetime(2024, 6, 1, 5, 0, tzinfo=timezone.utc)
    rows[0][5] = "refunded"
    report = import_file(db, write_csv(tmp_path / "s2.csv", headers, rows, delimiter=","), mapping)
    assert (report.orders_updated, report.updated, report.unchanged) == (1, 1, 1)
    with db.read() as session:
        assert session.scalars(select(Order.status)).one() == "returned"


# --- all or nothing --------------------------------------------------------------------------------


def test_cancel_half_way_leaves_the_register_as_it_was(db, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK", 10)
    import_file(db, write_csv(tmp_path / "old.csv", HEADERS_RU, customers(5)), MAPPING_RU)
    before = table_counts(db)
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return done < 30

    path = write_csv(tmp_path / "a.csv", HEADERS_RU, customers(60, start=3))
    report = import_file(db, path, MAPPING_RU, progress=progress)
    assert report.cancelled and report.rows == 30 and report.created == 0
    assert calls[0] == (0, 60) and calls[-1] == (30, 60)
    assert table_counts(db) == before


def test_an_error_mid_way_imports_nothing(db, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK", 10)
    before = table_counts(db)
    rows = customers(50)
    connection = sqlite3.connect(db.path)
    connection.execute("CREATE TRIGGER boom BEFORE INSERT ON contact WHEN NEW.normalized = 'client37@mail.ru' "
                       "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
    connection.commit()
    connection.close()
    with pytest.raises(sqlite3.IntegrityError, match="injected failure"):
        import_file(db, write_csv(tmp_path / "a.csv", HEADERS_RU, rows), MAPPING_RU)
    assert table_counts(db) == before


def test_dry_run_reports_and_writes_nothing(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADERS_RU, ROWS_RU)
    before = table_counts(db)
    report = import_file(db, path, MAPPING_RU, dry_run=True)
    assert report.dry_run and (report.created, report.orders_created, report.consents_created) == (3, 3, 1)
    assert table_counts(db) == before


def test_with_the_callers_session_a_cancel_rolls_back_only_the_import(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADERS_RU, ROWS_RU)
    with db.session() as session:
        mine = create_subject(session, SubjectInput("registered", "Мой", phones=["8 700 000 00 01"]))
        report = import_file(session, path, MAPPING_RU, progress=lambda done, total: done == 0)
        assert report.cancelled
    with db.read() as session:
        assert session.scalars(select(Subject.id)).all() == [mine]


def test_one_audit_entry_with_counts_and_the_files_hash(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADERS_RU, ROWS_RU)
    report = import_file(db, path, MAPPING_RU, actor="staff-1")
    with db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "import.run")).one()
        assert audit.verify(session).ok
    assert entry.details["created"] == 3 and entry.details["file_sha256"] == report.file_sha256
    assert len(report.file_sha256) == 64 and entry.actor == "staff-1"
    text = json.dumps(entry.details, ensure_ascii=False)
    assert "701" not in text and "Сейітова" not in text and "@" not in text


# --- bad input -------------------------------------------------------------------------------------


def test_random_bytes_are_an_unknown_encoding(tmp_path):
    path = tmp_path / "noise.csv"
    path.write_bytes(random.Random(7).randbytes(50_000))
    with pytest.raises(ImportFileError) as raised:
        read_table(path)
    assert raised.value.code == "unknown_encoding"


def test_utf8_that_breaks_late_in_the_file_falls_back_to_1251(tmp_path):
    """The first 64 KB are plain ASCII (valid UTF-8); the whole file is checked, not a sample."""
    text = "Name;Phone\r\n" + "".join(f"Ivan{i};87011234567\r\n" for i in range(5000))
    path = tmp_path / "late.csv"
    path.write_bytes(text.encode("ascii") + "Пётр;87011234567\r\n".encode("cp1251"))
    with read_table(path) as table:
        assert table.encoding == "windows-1251"
        assert list(table.rows)[-1][1][0] == "Пётр"
    # UTF-8 Cyrillic followed by Windows-1251: neither encoding reads the whole file
    path.write_bytes("Имя;Телефон\r\n".encode("utf-8") + "Пётр;87011234567\r\n".encode("cp1251"))
    with pytest.raises(ImportFileError) as raised:
        read_table(path)
    assert raised.value.code == "unknown_encoding"


def test_broken_quoting_is_refused_with_its_line(db, tmp_path):
    text = 'Имя;Телефон\r\nИван;87011234567\r\n"Пётр;87021234567\r\nАнна;87031234567\r\n'
    path = tmp_path / "broken.csv"
    path.write_text(text, encoding="utf-8")
    before = table_counts(db)
    with pytest.raises(ImportFileError) as raised:
        import_file(db, path, {"columns": {"Имя": "full_name", "Телефон": "phone"}})
    assert raised.value.code == "broken_quoting" and raised.value.line == 3
    assert "line 3" in raised.value.message
    assert table_counts(db) == before


def test_five_hundred_columns_are_refused(tmp_path):
    path = write_csv(tmp_path / "wide.csv", [f"c{i}" for i in range(500)], [["x"] * 500])
    with pytest.raises(ImportFileError) as raised:
        read_table(path)
    assert raised.value.code == "too_many_columns" and "500" in raised.value.message


def test_limits_on_size_and_rows_are_checked_before_work(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "a.csv", HEADERS_RU, customers(30))
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ImportFileError) as raised:
        read_table(path)
    assert raised.value.code == "too_large"
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 10**9)
    monkeypatch.setattr(importer, "MAX_ROWS", 10)
    with pytest.raises(ImportFileError) as raised:
        read_table(path)
    assert raised.value.code == "too_many_rows"


def test_a_cell_over_ten_thousand_characters_skips_its_row(db, tmp_path):
    rows = ROWS_RU[:2] + [["Длинный", "87051234567", "", "", "x" * 10_001, "", "", "", "", ""]]
    report = import_file(db, write_csv(tmp_path / "a.csv", HEADERS_RU, rows), MAPPING_RU)
    assert report.created == 2
    assert report.skipped == [(4, "a cell is longer than 10,000 characters (column “Адрес доставки”)")]


def test_formulas_are_stored_as_inert_text_never_evaluated(db, tmp_path):
    rows = [["=1+2", "87011234567", "", "", '=HYPERLINK("http://evil.example","click")', "7",
             "01.02.2024", "100", "@SUM(A1:A2)", ""]]
    import_file(db, write_csv(tmp_path / "f.csv", HEADERS_RU, rows), MAPPING_RU)
    path = tmp_path / "f.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ФИО", "Телефон", "Адрес доставки"])
    sheet.append(["=1+2", "87021234567", "=HYPERLINK(\"http://evil.example\",\"click\")"])  # formula cells
    text_cell = sheet.cell(row=3, column=1, value="=2*3")
    text_cell.data_type = "s"   # a text cell that starts with "="
    sheet.cell(row=3, column=2, value="87031234567")
    workbook.save(path)
    import_file(db, path, {"columns": {"ФИО": "full_name", "Телефон": "phone", "Адрес доставки": "address"}})
    with db.read() as session:
        names = sorted(session.scalars(select(Subject.full_name)))
        lines = sorted(session.scalars(select(importer_models().Address.line)))
        items = session.scalars(select(Order.items)).one()
    assert names == ["'=1+2", "'=1+2", "'=2*3"]
    assert lines == ['\'=HYPERLINK("http://evil.example","click")'] * 2
    assert items == "'@SUM(A1:A2)"


def importer_models():
    from pdp_desk.store import models

    return models


def test_neutralize_keeps_numbers_and_phones():
    assert neutralize("+7 701 123 45 67") == "+7 701 123 45 67"
    assert neutralize("-500") == "-500"
    assert neutralize("=1+2") == "'=1+2"
    assert neutralize("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert neutralize("Иван") == "Иван"


def test_foreign_phones_are_skipped_or_left_out_with_the_reason(db, tmp_path):
    rows = [["Hans", "+49 30 1234567", "", "", "", "", "", "", "", ""],
            ["Иван", "+7 916 123 45 67", "", "", "", "", "", "", "", ""],
            ["Ольга", "+7 916 765 43 21", "olga@mail.ru", "", "", "", "", "", "", ""]]
    report = import_file(db, write_csv(tmp_path / "a.csv", HEADERS_RU, rows), MAPPING_RU)
    assert report.created == 1
    assert [r for r, _ in report.skipped] == [2, 3]
    assert all("not a Kazakhstan number" in why for _, why in report.skipped)
    assert report.skipped_by_code == {"phone_not_kz": 2}
    assert report.warnings == [(4, "imported without it: the phone in column “Телефон” is not a "
                                   "Kazakhstan number")]
    with db.read() as session:
        assert session.scalars(select(Contact.normalized)).all() == ["olga@mail.ru"]


def test_empty_and_header_only_files(db, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportFileError) as raised:
        read_table(empty)
    assert raised.value.code == "empty_file"
    header_only = write_csv(tmp_path / "h.csv", HEADERS_RU, [])
    prev = preview(header_only)
    assert prev.headers == HEADERS_RU and prev.rows == []
    with pytest.raises(ImportFileError) as raised:
        import_file(db, header_only, MAPPING_RU)
    assert raised.value.code == "no_data_rows" and "no data rows" in raised.value.message


def test_old_excel_and_a_mapping_that_does_not_fit_are_refused(db, tmp_path):
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ImportFileError) as raised:
        read_table(xls)
    assert raised.value.code == "unsupported_format"
    path = write_csv(tmp_path / "a.csv", HEADERS_RU, ROWS_RU)
    with pytest.raises(ImportFileError) as raised:
        import_file(db, path, {"columns": {"Телефон": "phone", "Мобильный": "phone"}})
    assert raised.value.code == "mapping_missing_columns" and "Мобильный" in raised.value.message
    with pytest.raises(ImportFileError) as raised:
        import_file(db, path, {"columns": {"ФИО": "full_name"}})
    assert raised.value.code == "mapping_no_identifier"
    with pytest.raises(ImportFileError) as raised:
        import_file(db, path, {"columns": {"Телефон": "telephone"}})
    assert raised.value.code == "mapping_unknown_field"


# --- the command line ------------------------------------------------------------------------------


def test_cli_import_dry_run_then_for_real(db_path, tmp_path, capsys):
    from pdp_desk.store.database import open_database

    open_database(db_path).close()
    export = write_csv(tmp_path / "export.csv", HEADERS_RU, ROWS_RU + [
        ["Hans", "+49 30 1234567", "", "", "", "", "", "", "", ""]])
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(MAPPING_RU, ensure_ascii=False), encoding="utf-8")
    db = open_database(db_path)
    before = table_counts(db)
    db.close()

    code = cli.main(["import", str(export), "--mapping", str(mapping), "--dry-run", "--db", str(db_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "3 created" in out and "dry run" in out and "skipped\trow 5\t" in out
    db = open_database(db_path)
    assert table_counts(db) == before
    db.close()

    code = cli.main(["import", str(export), "--mapping", str(mapping), "--db", str(db_path), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["created"] == 3 and report["skipped"][0]["row"] == 5
    code = cli.main(["import", str(export), "--mapping", str(mapping), "--db", str(db_path)])
    assert code == 0 and "0 created, 0 updated, 3 unchanged" in capsys.readouterr().out


def test_cli_import_says_what_is_wrong(db_path, tmp_path, capsys):
    from pdp_desk.store.database import open_database

    open_database(db_path).close()
    export = write_csv(tmp_path / "export.csv", HEADERS_RU, ROWS_RU)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"columns": {"Телефон": "phone", "Мобильный": "phone"}}), encoding="utf-8")
    args = ["import", str(export), "--mapping", str(mapping), "--db", str(db_path)]
    assert cli.main(args) == 1
    assert "“Мобильный”" in capsys.readouterr().err
    mapping.write_text("{not json", encoding="utf-8")
    assert cli.main(args) == 1
    assert "not valid JSON" in capsys.readouterr().err
    mapping.write_text(json.dumps(MAPPING_RU, ensure_ascii=False), encoding="utf-8")
    foreign = write_csv(tmp_path / "foreign.csv", HEADERS_RU,
                        [["Hans", "+49 30 1234567", "", "", "", "", "", "", "", ""]])
    assert cli.main(["import", str(foreign), "--mapping", str(mapping), "--db", str(db_path)]) == 1
    assert "every row was skipped" in capsys.readouterr().err
    assert cli.main(["import", str(export), "--mapping", str(mapping),
                     "--db", str(tmp_path / "missing.sqlite")]) == 3


# --- cell parsers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ("15.01.2024", datetime(2024, 1, 15)), ("15.01.2024 10:23", datetime(2024, 1, 15, 10, 23)),
    ("15.01.24", datetime(2024, 1, 15)), ("2024-01-15", datetime(2024, 1, 15)),
    ("2024-01-15T10:23:45", datetime(2024, 1, 15, 10, 23, 45)),
    ("2024-01-15 10:23:45.5", datetime(2024, 1, 15, 10, 23, 45, 500000)),
    ("01/15/2024", datetime(2024, 1, 15)), ("05/03/2024", datetime(2024, 3, 5)),
    ("15 января 2024 г. 10:23", datetime(2024, 1, 15, 10, 23)), ("3 мая 2024", datetime(2024, 5, 3)),
    ("Jan 15, 2024 3:05 PM", datetime(2024, 1, 15, 15, 5)), ("45306", datetime(2024, 1, 15)),
    (45306.5, datetime(2024, 1, 15, 12)),
])
def test_dates(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("text", ["", "вчера", "31.02.2024", "12345", "2024-13-01", "1.1.1800", "ДА"])
def test_not_dates(text):
    assert parse_datetime(text) is None


def test_dates_with_zones_and_kazakhstan_time():
    assert parse_datetime("2024-06-01 10:00:00 +0500") == datetime(2024, 6, 1, 5, tzinfo=timezone.utc).astimezone(
        parse_datetime("2024-06-01 10:00:00 +0500").tzinfo)
    assert to_utc(parse_datetime("2024-01-15T10:23:45Z")) == datetime(2024, 1, 15, 10, 23, 45, tzinfo=timezone.utc)
    assert to_utc(datetime(2024, 2, 29, 12)) == datetime(2024, 2, 29, 6, tzinfo=timezone.utc)   # UTC+6
    assert to_utc(datetime(2024, 3, 1, 12)) == datetime(2024, 3, 1, 7, tzinfo=timezone.utc)    # UTC+5


@pytest.mark.parametrize("text,expected", [
    ("12 345,50 ₸", (1_234_550, "KZT")), ("12345.5", (1_234_550, None)), ("1 200 тг", (120_000, "KZT")),
    ("1\u00a0200,00", (120_000, None)), ("1,200.50", (120_050, None)), ("1.200,50", (120_050, None)),
    ("12,345", (1_234_500, None)), ("12,5", (1_250, None)), ("KZT 990", (99_000, "KZT")),
    ("1 500 руб.", (150_000, "RUB")), ("$19.99", (1_999, "USD")), ("-500", (-50_000, None)),
    (1500.5, (150_050, None)), (2000, (200_000, None)), ("0", (0, None)),
])
def test_amounts(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "бесплатно", "1,2,3", "12.34.56,7", "1e9", "--5"])
def test_not_amounts(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text,expected", [
    ("да", True), ("Да", True), ("yes", True), ("1", True), ("true", True), ("+", True), ("TRUE", True),
    ("нет", False), ("no", False), ("0", False), ("false", False), ("-", False), ("", None), ("может", None),
    (True, True), (0, False),
])
def test_yes_no(text, expected):
    assert parse_yes_no(text) is expected


def test_order_statuses():
    assert [order_status(s) for s in ("Выполнен", "Отменён", "completed", "Новый", "", "на кухне")] == [
        "delivered", "cancelled", "delivered", "new", "delivered", "на кухне"]


def test_order_statuses_are_shown_in_words_and_a_shops_own_word_as_it_is():
    from pdp_desk.domain.import_columns import order_status_label

    codes = ("new", "processing", "paid", "delivered", "cancelled", "returned")
    for language in ("ru", "kk"):
        words = [order_status_label(order_status(code), language) for code in codes]
        assert all(w and w not in codes for w in words) and len(set(words)) == len(codes), words
    assert order_status_label("delivered", "ru") == "доставлен"
    assert order_status_label("на кухне", "kk") == "на кухне" and order_status_label("", "ru") == ""


def test_mapping_json_round_trip():
    mapping = Mapping.from_json(MAPPING_RU)
    assert Mapping.from_json(mapping.to_json()) == mapping
    assert Field.PHONE in {Field(f) for f in mapping.fields()}


# --- reasons of skipped rows as codes ----------------------------------------------------------


def test_skipped_rows_carry_stable_codes_and_are_saved_as_csv(db, tmp_path):
    headers = ["=ФИО", "Телефон", "E-mail"]
    rows = [["Иван", "", ""],                                  # 2: nothing identifies him
            ["Hans", "+49 30 1234567", "hans@@web.de"],        # 3: a foreign phone and a broken e-mail
            ["Я" * 400, "8 701 111 22 33", ""],                # 4: the name is too long
            ["Анна", "8 702 111 22 33", ""]]                   # 5: imported
    mapping = {"columns": {"=ФИО": "full_name", "Телефон": "phone", "E-mail": "email"}}
    report = import_file(db, write_csv(tmp_path / "a.csv", headers, rows), mapping)
    assert report.created == 1
    assert [(s.row, [c for c, _ in s.reasons]) for s in report.skipped_rows] == [
        (2, ["no_identifier"]),
        (3, ["phone_not_kz", "email_invalid", "no_other_identifier"]),
        (4, ["name_too_long"])]
    assert report.skipped_rows[1].reasons[0][1] == {"column": "Телефон", "code": "phone_not_kz"}
    assert report.skipped_rows[2].reasons[0][1] == {"limit": importer.MAX_NAME}
    assert all(code in importer.REASONS for s in report.skipped_rows for code, _ in s.reasons)
    assert report.skipped_by_code == {"no_identifier": 1, "phone_not_kz": 1, "name_too_long": 1}
    # the English text stays what the CLI prints
    assert report.skipped[1] == (3, report.skipped_rows[1].text())
    assert report.skipped[1][1].endswith("; no other phone, e-mail or IIN identifies the person")
    assert [s["codes"] for s in report.to_json()["skipped"]][1] == ["phone_not_kz", "email_invalid",
                                                                    "no_other_identifier"]
    # the CSV of skipped rows, in the words the caller gives (here Russian), opens in Excel as is
    out = tmp_path / "skipped.csv"
    texts = [(s.row, s.code, f"причина {s.code} в «{headers[0]}»") for s in report.skipped_rows]
    assert importer.write_skipped_csv(out, texts, ("Строка", "Код", "Причина")) == 3
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Строка;Код;Причина"
    assert lines[1] == "2;no_identifier;причина no_identifier в «=ФИО»"
    assert "Иван" not in raw.decode("utf-8-sig") and "Hans" not in raw.decode("utf-8-sig")   # no personal data
    assert not list(tmp_path.glob("*.partial"))


def test_a_skipped_rows_csv_that_cannot_be_written_leaves_nothing(tmp_path):
    folder = tmp_path / "no-such-folder"
    with pytest.raises(OSError):
        importer.write_skipped_csv(folder / "skipped.csv", [(2, "no_identifier", "x")], ("a", "b", "c"))
    assert not folder.exists()
