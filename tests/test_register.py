"""The register: paged list with filters and search, the card, add and edit, merge."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select, text

from pdp_desk.domain.search import fold
from pdp_desk.services.consents import consent_status, record_consent, withdraw_consent
from pdp_desk.services.register import (
    Cursor,
    FilterError,
    MergeError,
    RegisterFilter,
    SubjectEdit,
    add_subject,
    cursor_at,
    edit_subject,
    merge_subjects,
    page_at,
    register_count,
    register_page,
    row_at,
    subject_card,
)
from pdp_desk.services.requests import NewRequest, block_subject, register_request
from pdp_desk.services.subjects import SubjectInput, ValidationFailed, create_subject, find_subjects
from pdp_desk.store.models import (
    Address,
    AuditEntry,
    Consent,
    ConsentEvent,
    Contact,
    DestructionRecord,
    Order,
    Request,
    RequestEvent,
    Subject,
    SubjectToken,
)
from register_people import NOW, at, seed_catalogue

TODAY = date(2026, 11, 20)


def everyone(session, flt=None, sort="name", limit=100):
    """All rows through the pages, and the number of pages."""
    flt = flt or RegisterFilter(today=TODAY)
    rows, cursor, pages = [], None, 0
    while True:
        page = register_page(session, flt, sort, cursor, limit)
        rows.extend(page.rows)
        pages += 1
        if page.next_cursor is None:
            return rows, pages
        cursor = page.next_cursor


@pytest.fixture
def people(db):
    ops = seed_catalogue(db)
    with db.session() as session:
        aliya = create_subject(session, SubjectInput(
            "registered", "Әлия Нұрланқызы Сейітова", phones=["8 701 123 45 67"], emails=["Aliya.S@Mail.RU"],
            iin="901123300258", operator_id=ops["op1"], addresses=[("Алматы", "пр. Абая, д. 10, кв. 5")]),
            now=at(2026, 3, 1))
        petr = create_subject(session, SubjectInput("recipient", "Пётр Сергеевич Ёлкин", phones=["+7 (777) 000-11-22"],
                                                    operator_id=ops["op2"]), now=at(2026, 3, 2))
        odd = create_subject(session, SubjectInput("unregistered", 'ТОО «Кофе & <Ко>» "Тест"',
                                                   emails=["shop@example.kz"]), now=at(2026, 3, 3))
        gulnar = create_subject(session, SubjectInput("registered", "Гүлнәр Қасымқызы Ахметова",
                                                      phones=["+77051112233"], operator_id=ops["op1"]), now=at(2026, 3, 4))
        record_consent(session, aliya, "marketing", given_at=at(2026, 3, 1), channel="website", evidence="Форма",
                       now=at(2026, 3, 1))
        record_consent(session, aliya, "delivery", given_at=at(2026, 3, 1), channel="website", evidence="Заказ",
                       now=at(2026, 3, 1))
        record_consent(session, petr, "delivery", given_at=at(2026, 3, 2), channel="paper", evidence="Бумага",
                       valid_until=date(2026, 9, 30), now=at(2026, 3, 2))
        record_consent(session, gulnar, "marketing", given_at=at(2026, 3, 4), channel="website", evidence="Форма",
                       now=at(2026, 3, 4))
        session.add(Order(subject_id=aliya, operator_id=ops["op1"], external_no="DC-1001", placed_at=at(2026, 3, 5),
                          amount_tiyn=150000, items="Капучино; Круассан", created_at=at(2026, 3, 5),
                          updated_at=at(2026, 3, 5)))
    with db.session() as session:
        withdraw_consent(session, gulnar, ["marketing"], at=at(2026, 10, 1), channel="email",
                         evidence="Письмо", now=at(2026, 10, 1, 12))
        block_subject(session, petr, now=at(2026, 10, 2))
    return {"db": db, "aliya": aliya, "petr": petr, "odd": odd, "gulnar": gulnar, **ops}


# --- search through the register ------------------------------------------------------------------


@pytest.mark.parametrize("query,who", [
    ("8 701 123 45 67", "aliya"), ("+7(701)1234567", "aliya"), ("7011234567", "aliya"), ("87011234567", "aliya"),
    ("+7 701 123-45-67", "aliya"), ("8 (701) 123-45-67", "aliya"), ("aliya.s@mail.ru", "aliya"),
    ("ALIYA.S@MAIL.RU", "aliya"), ("901123300258", "aliya"),
    ("алия", "aliya"), ("Әлия", "aliya"), ("АЛИЯ сейіт", "aliya"), ("нурланкызы", "aliya"), ("Aliya Seitova", "aliya"),
    ("петр", "petr"), ("Пётр", "petr"), ("ёлкин", "petr"), ("елкин", "petr"), ("Petr Elkin", "petr"),
    ("8 777 000 11 22", "petr"), ("гульнар", "gulnar"), ("гүлнәр ахмет", "gulnar"), ("касымкызы", "gulnar"),
    ("кофе", "odd"), ('"Тест"', "odd"), ("<Ко>", "odd"), ("&", None), ("SHOP@example.KZ", "odd"),
])
def test_every_spelling_finds_the_person_in_the_register(people, query, who):
    with people["db"].read() as session:
        flt = RegisterFilter(text=query, today=TODAY)
        ids = [r.id for r in register_page(session, flt).rows]
        assert ids == ([people[who]] if who else [])
        assert register_count(session, flt) == len(ids)
        # the search box finds the same
        assert [h.id for h in find_subjects(session, query)] == ids


@pytest.mark.parametrize("query", ['"', "*", "NEAR(a b)", "\\", "'; DROP TABLE subject; --", "%", "_", "a" * 10_000,
                                   "' OR 1=1 --", "алия' OR '1'='1", "\x00", "😀", "ـ", "+7"])
def test_hostile_search_text_is_text(people, query):
    with people["db"].read() as session:
        flt = RegisterFilter(text=query, today=TODAY)
        assert register_page(session, flt).rows == ()
        assert register_count(session, flt) == 0
        assert register_count(session, RegisterFilter(today=TODAY)) == 4


def test_the_broad_plan_finds_the_same_people(people, monkeypatch):
    """A name word matching many people walks the name index instead; same rows, same order."""
    import pdp_desk.services.register as register

    with people["db"].read() as session:
        for query in ("а", "алия", "п", "гүлнәр ахмет"):
            flt = RegisterFilter(text=query, today=TODAY)
            narrow = [r.id for r in register_page(session, flt).rows]
            monkeypatch.setattr(register, "BROAD_WORD", 1)
            broad = [r.id for r in register_page(session, flt).rows]
            monkeypatch.setattr(register, "BROAD_WORD", 20_000)
            assert narrow == broad and narrow


# --- rows and filters --------------------------------------------------------------------------------


def test_rows_show_contacts_consents_and_next_destruction(people):
    with people["db"].read() as session:
        rows = {r.id: r for r in register_page(session, RegisterFilter(today=TODAY)).rows}
    aliya = rows[people["aliya"]]
    assert aliya.phones == ("+7 701 123 45 67",) and aliya.emails == ("aliya.s@mail.ru",)
    assert aliya.consents == {"marketing": "given", "delivery": "given"} and aliya.next_destruction is None
    petr = rows[people["petr"]]
    assert petr.status == "blocked" and petr.consents == {"delivery": "expired"}
    assert petr.next_destruction == date(2026, 10, 1) and petr.due
    assert rows[people["gulnar"]].consents == {"marketing": "withdrawn"}
    assert rows[people["odd"]].due and rows[people["odd"]].consents == {}   # no consent at all
    assert list(rows) == [people[w] for w in ("aliya", "gulnar", "petr", "odd")]   # by folded name: а, г, п, т


@pytest.mark.parametrize("flt,who", [
    (RegisterFilter(category="registered"), {"aliya", "gulnar"}),
    (RegisterFilter(status="blocked"), {"petr"}),
    (RegisterFilter(status="active", category="registered"), {"aliya", "gulnar"}),
    (RegisterFilter(operator_id="op1"), {"aliya", "gulnar"}),
    (RegisterFilter(purpose="marketing"), {"aliya", "gulnar"}),
    (RegisterFilter(purpose="marketing", consent_state="given"), {"aliya"}),
    (RegisterFilter(purpose="marketing", consent_state="withdrawn"), {"gulnar"}),
    (RegisterFilter(purpose="marketing", consent_state="none"), {"petr", "odd"}),
    (RegisterFilter(purpose="delivery", consent_state="expired"), {"petr"}),
    (RegisterFilter(consent_state="given"), {"aliya"}),
    (RegisterFilter(consent_state="none"), {"odd"}),
    (RegisterFilter(due_for_destruction=True), {"petr", "gulnar", "odd"}),
    (RegisterFilter(due_for_destruction=False), {"aliya"}),
    (RegisterFilter(due_for_destruction=True, text="ахметова"), {"gulnar"}),
])
def test_filters(people, flt, who):
    if flt.operator_id:
        flt = RegisterFilter(**{**flt.__dict__, "operator_id": people[flt.operator_id]})
    flt = RegisterFilter(**{**flt.__dict__, "today": TODAY})
    with people["db"].read() as session:
        ids = {r.id for r in register_page(session, flt).rows}
        assert ids == {people[w] for w in who}
        assert register_count(session, flt) == len(who)


@pytest.mark.parametrize("bad", [RegisterFilter(category="vip"), RegisterFilter(status="asleep"),
                                 RegisterFilter(consent_state="maybe")])
def test_unknown_filter_values_are_refused(people, bad):
    with people["db"].read() as session, pytest.raises(FilterError):
        register_page(session, bad)


def test_destroyed_subjects_are_shown_as_ids_only(people):
    db = people["db"]
    with db.session() as session:
        gone = "0190aaaa-0000-7000-8000-00000000000a"
        session.add(DestructionRecord(subject_ref=gone, act_id="0190aaaa-0000-7000-8000-0000000000ac",
                                      destroyed_at=at(2026, 11, 1), categories=["full_name", "phone"],
                                      reason_code="consent_withdrawn", device_id="d"))
        tomb = session.get(Subject, people["odd"])
        tomb.status, tomb.full_name, tomb.name_key = "destroyed", "", ""
    with db.read() as session:
        page = register_page(session, RegisterFilter(status="destroyed", today=TODAY))
        assert [(r.id, r.full_name, r.phones, r.status) for r in page.rows] == [(gone, "", (), "destroyed")]
        assert page.rows[0].destroyed_at == at(2026, 11, 1)
        assert register_count(session, RegisterFilter(status="destroyed")) == 1
        rows = {r.id: r for r in register_page(session, RegisterFilter(today=TODAY)).rows}
        assert rows[people["odd"]].full_name == "" and rows[people["odd"]].emails == ()


# --- paging -------------------------------------------------------------------------------------------


@pytest.fixture
def crowd(db):
    seed_catalogue(db)
    rng = random.Random(3)
    names = ["Әлия Сейітова", "Алия Сейтова", "Пётр Ёлкин", "Петр Елкин", "Ким Анна", "Ерлан Қасымов", "Дана",
             "Ахметов Ерлан", "Жұлдыз Омарова", ""]
    with db.session() as session:
        for k in range(260):
            name = rng.choice(names)   # many equal names: the id breaks the tie across pages
            sid = create_subject(session, SubjectInput(rng.choice(["registered", "recipient", "unregistered"]),
                                                       name, phones=[f"+7701{k:07d}"]),
                                 now=at(2026, 1, 1) + timedelta(minutes=k))
            if rng.random() < 0.6:
                record_consent(session, sid, rng.choice(["marketing", "delivery"]),
                               given_at=at(2026, 2, 10) + timedelta(days=rng.randrange(0, 190)), channel="website",
                               evidence="Форма", valid_until=rng.choice([None, date(2026, 9, 1), date(2027, 1, 1)]),
                               now=NOW)
    return db


@pytest.mark.parametrize("sort", ["name", "created", "next_destruction"])
@pytest.mark.parametrize("flt", [RegisterFilter(today=TODAY), RegisterFilter(category="registered", today=TODAY),
                                 RegisterFilter(text="алия", today=TODAY)])
def test_keyset_pages_cover_every_row_once_in_order(crowd, sort, flt):
    with crowd.read() as session:
        rows, pages = everyone(session, flt, sort, limit=37)
        count = register_count(session, flt)
        assert len(rows) == count == len({r.id for r in rows}) and count > 0
        assert pages == (count + 36) // 37 + (1 if count % 37 == 0 else 0)
        subjects = {s.id: s for s in session.scalars(select(Subject))}
        if sort == "name":
            assert [(fold(r.full_name), r.id) for r in rows] == sorted((subjects[r.id].name_key, r.id) for r in rows)
        elif sort == "created":
            assert [r.id for r in rows] == sorted(r.id for r in rows)
        else:
            keys = [((r.next_destruction is None), r.next_destruction or date.min, r.id) for r in rows]
            assert keys == sorted(keys)
        # jumping anywhere gives the same rows as walking there
        for offset in (0, 1, 36, 37, 100, count - 1, count, count + 5):
            expected = rows[offset:offset + 37]
            page = page_at(session, flt, sort, offset, limit=37)
            assert [r.id for r in page.rows] == [r.id for r in expected], offset
            row = row_at(session, flt, sort, offset)
            assert (row.id if row else None) == (expected[0].id if expected else None)
        assert register_count(session, flt, cap=10) == min(10, count)


def test_a_cursor_of_another_sort_is_refused(crowd):
    with crowd.read() as session:
        cursor = register_page(session, RegisterFilter(today=TODAY), "name", limit=5).next_cursor
        with pytest.raises(FilterError):
            register_page(session, RegisterFilter(today=TODAY), "created", cursor)
        with pytest.raises(FilterError):
            register_page(session, RegisterFilter(today=TODAY), "size")
        assert cursor_at(session, RegisterFilter(today=TODAY), "name", 0) is None
        assert isinstance(cursor_at(session, RegisterFilter(today=TODAY), "name", 3), Cursor)


def test_a_page_costs_the_same_few_queries_whatever_its_size(crowd):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(crowd._reader, "before_cursor_execute", count)
    try:
        for limit in (5, 100):
            with crowd.read() as session:
                statements.clear()
                page = register_page(session, RegisterFilter(today=TODAY), "name", None, limit)
                assert len(page.rows) == limit
                selects = [s for s in statements if s.startswith("SELECT")]
                assert len(selects) == 3, selects   # the page, its contacts, its consents + dates
    finally:
        event.remove(crowd._reader, "before_cursor_execute", count)


# --- the card ----------------------------------------------------------------------------------------


def test_the_card_shows_everything_held_with_source_date_and_history(people):
    db = people["db"]
    with db.read() as session:
        card = subject_card(session, people["aliya"], "ru", now=NOW)
    categories = [(i.category, i.value) for i in card.data]
    assert categories == [("full_name", "Әлия Нұрланқызы Сейітова"), ("phone", "+7 701 123 45 67"),
                          ("email", "Aliya.S@Mail.RU"), ("delivery_address", "Алматы, пр. Абая, д. 10, кв. 5"),
                          ("order_history", "DC-1001: Капучино; Круассан"), ("other", "901123300258")]
    assert card.data[0].category_label == "ФИО" and card.data[0].since == at(2026, 3, 1)
    assert all(i.source for i in card.data)
    assert [o.external_no for o in card.orders] == ["DC-1001"]
    assert card.consents.purpose("marketing").state == "given"
    assert [e.kind for e in card.consents.purpose("marketing").history] == ["given"]
    assert card.category_label == "Зарегистрированный пользователь" and card.operator_name == "ИП Турехан"
    assert card.retention is not None and not card.retention.due
    actions = [e.action for e in card.audit]
    assert actions[:1] == ["subject.create"] and "consent.give" in actions
    with db.read() as session:
        gulnar = subject_card(session, people["gulnar"], "kk", now=NOW)
    assert gulnar.category_label == "Тіркелген пайдаланушы"
    assert [r.type for r in gulnar.requests] == ["consent_withdrawal"]
    assert {"request.register", "consent.withdraw"} <= {e.action for e in gulnar.audit}
    assert gulnar.retention.due


# --- add and edit --------------------------------------------------------------------------------------


def test_add_validates_every_field_and_refuses_a_known_phone(people):
    db = people["db"]
    with pytest.raises(ValidationFailed) as raised:
        with db.session() as session:
            add_subject(session, SubjectInput("registered", "Ерлан", phones=["+7 916 123 45 67"], emails=["no-at"],
                                              iin="901123300255", operator_id="nope", note="x" * 5000,
                                              source="Bad Source!"))
    assert set(raised.value.errors) == {"phones.0", "emails.0", "iin", "operator_id", "note", "source"}
    with pytest.raises(ValidationFailed) as raised:
        with db.session() as session:
            add_subject(session, SubjectInput("registered", "Другая Алия", phones=["87011234567"]))
    assert raised.value.errors["phones.0"][0] == "already_registered"
    with db.session() as session:
        shared = add_subject(session, SubjectInput("recipient", "Муж Алии", phones=["87011234567"]),
                             allow_shared_contacts=True)
    with db.read() as session:
        assert session.get(Subject, shared).full_name == "Муж Алии"


def test_edit_changes_what_is_given_and_journals_field_names(people):
    db = people["db"]
    with db.session() as session:
        changed = edit_subject(session, people["petr"], SubjectEdit(
            category="registered", note="Просил звонить после 18:00", full_name="Пётр Сергеевич Ёлкин-Иванов",
            emails=["petr@example.kz"], operator_id=people["op1"]), now=NOW)
    assert set(changed) == {"category", "note", "full_name", "emails", "operator_id"}
    with db.read() as session:
        subject = session.get(Subject, people["petr"])
        assert subject.category == "registered" and subject.operator_id == people["op1"]
        assert [h.id for h in find_subjects(session, "иванов")] == [people["petr"]]
        details = [e.details for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "subject.update"))]
        assert all("Ёлкин" not in str(d) and "18:00" not in str(d) for d in details)
    with pytest.raises(ValidationFailed):
        with db.session() as session:
            edit_subject(session, people["petr"], SubjectEdit(category="vip", phones=["123"]))
    with db.read() as session:
        assert session.get(Subject, people["petr"]).category == "registered"


# --- merge -------------------------------------------------------------------------------------------------


def test_merge_refuses_people_who_share_nothing(people):
    db = people["db"]
    for keep, gone, code in (("aliya", "petr", "nothing_shared"), ("aliya", "aliya", "same_subject")):
        with pytest.raises(MergeError) as raised:
            with db.session() as session:
                merge_subjects(session, people[keep], people[gone], actor="system")
        assert raised.value.code == code
    with db.session() as session:
        twin = create_subject(session, SubjectInput("registered", "Әлия С.", phones=["+77011234567"],
                                                    iin="950902401642"))
    with pytest.raises(MergeError) as raised:
        with db.session() as session:
            merge_subjects(session, people["aliya"], twin)
    assert raised.value.code == "iin_differs"
    with db.read() as session:
        assert session.get(Subject, twin) is not None


def test_merging_two_records_of_one_person(people):
    db = people["db"]
    with db.session() as session:
        twin = create_subject(session, SubjectInput(
            "recipient", "Алия Сейтова", phones=["+7 701 123 45 67", "+7 702 555 66 77"], emails=["ALIYA.S@mail.ru"],
            addresses=[("Алматы", "пр. Абая, д. 10, кв. 5"), ("Астана", "ул. Кенесары, 5")]), now=at(2026, 2, 1))
        # an earlier marketing consent and a later withdrawn delivery, a request and an order
        record_consent(session, twin, "marketing", given_at=at(2026, 2, 10), channel="paper",
                       evidence="Бумажное согласие", now=at(2026, 2, 10))
        record_consent(session, twin, "website", given_at=at(2026, 2, 10), channel="website", evidence="Форма",
                       now=at(2026, 2, 10))
        request_id = register_request(session, NewRequest(type="access", channel="email", received_at=at(2026, 11, 5),
                                                          subject_id=twin, text="Что вы обо мне храните?"),
                                      now=at(2026, 11, 5))
        number = session.get(Request, request_id).number
        address_id = session.scalars(select(Address.id).where(Address.subject_id == twin, Address.city == "Астана")).one()
        session.add(Order(subject_id=twin, external_no="DC-2002", placed_at=at(2026, 4, 1), address_id=address_id,
                          created_at=at(2026, 4, 1), updated_at=at(2026, 4, 1)))
    with db.read() as session:
        before = {m.__tablename__: session.scalar(select(func.count()).select_from(m))
                  for m in (Contact, Address, Order, Consent, ConsentEvent, Request, RequestEvent)}
    with db.session() as session:
        report = merge_subjects(session, people["aliya"], twin, actor="system", now=NOW)
    assert report.shared == ("email", "phone")
    keep = people["aliya"]
    with db.read() as session:
        assert session.get(Subject, twin) is None
        for table in ("contact", "address", "orders", "consent", "consent_event", "request", "request_event",
                      "subject_token"):
            assert session.execute(text(f"SELECT count(*) FROM {table} WHERE subject_id = :s"), {"s": twin}).scalar() == 0
        contacts = sorted(session.execute(select(Contact.kind, Contact.normalized).where(Contact.subject_id == keep)).all())
        assert contacts == [("email", "aliya.s@mail.ru"), ("phone", "+77011234567"), ("phone", "+77021234567".replace("21234567", "25556677"))]
        assert session.scalar(select(func.count()).select_from(Address).where(Address.subject_id == keep)) == 2
        after = {m.__tablename__: session.scalar(select(func.count()).select_from(m))
                 for m in (Contact, Address, Order, Consent, ConsentEvent, Request, RequestEvent)}
        assert after["contact"] == before["contact"] - 2 and after["address"] == before["address"] - 1
        assert after["orders"] == before["orders"] and after["consent_event"] == before["consent_event"]
        assert after["consent"] == before["consent"] - 1   # one marketing consent remains
        assert after["request"] == before["request"] and after["request_event"] == before["request_event"]
        # the request keeps its number, moved under keep with its timeline
        moved = session.scalars(select(Request).where(Request.number == number)).one()
        assert moved.subject_id == keep and moved.id != request_id
        assert session.scalar(select(func.count()).select_from(RequestEvent)
                              .where(RequestEvent.request_id == moved.id)) >= 1
        # the order follows its address
        order = session.scalars(select(Order).where(Order.external_no == "DC-2002")).one()
        assert session.get(Address, order.address_id).city == "Астана" and order.subject_id == keep
        # marketing: the earlier consent (10.02, paper) stays with both histories
        marketing = consent_status(session, keep, NOW).people[0].purpose("marketing")
        assert marketing.state == "given" and marketing.given_at == at(2026, 2, 10)
        assert [e.kind for e in marketing.history] == ["given", "given"]
        assert consent_status(session, keep, NOW).people[0].purpose("website").state == "given"
        # tokens: the kept name only, and the person found by either phone
        tokens = set(session.scalars(select(SubjectToken.token).where(SubjectToken.subject_id == keep)))
        assert "алия" in tokens and "сейтова" not in tokens
        assert [h.id for h in find_subjects(session, "8 702 555 66 77")] == [keep]
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "subject.merge")).one()
        assert entry.entity_ids == [keep, twin]
        assert entry.details["moved_orders"] == 1 and entry.details["duplicates_contact"] == 2
        assert entry.details["requests_from"] == [request_id] and entry.details["requests_to"] == [moved.id]
        assert "Сейтова" not in str(entry.details) and "+7" not in str(entry.details)
        # the card follows the merge into the journal of the merged record
        card = subject_card(session, keep, now=NOW)
        assert card.merged_from == (twin,)
        assert {"subject.merge", "request.register"} <= {e.action for e in card.audit}
        assert len([e for e in card.audit if e.action == "subject.create"]) == 2


def test_a_block_on_the_merged_record_stays(people):
    db = people["db"]
    with db.session() as session:
        twin = create_subject(session, SubjectInput("recipient", "Ёлкин П.", phones=["87770001122"]))
        merge_subjects(session, twin, people["petr"], now=NOW)
    with db.read() as session:
        kept = session.get(Subject, twin)
        assert kept.status == "blocked" and kept.blocked_at == at(2026, 10, 2)


# --- the search's fast readings equal the validators' --------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pdp_desk.domain.identifiers import check_email, normalize_phone  # noqa: E402
from pdp_desk.services.subjects import read_query, read_query_fully, search_phone  # noqa: E402

_SEPARATORS = st.sampled_from(["", " ", "-", "(", ")", ".", "\t", "\u00a0", "  "])


@st.composite
def typed_phones(draw):
    prefix = draw(st.sampled_from(["+7", "8", "7", "007", "", "+", "00", "+8", "+77", "8 (7", "+1"]))
    digits = draw(st.text("0123456789", min_size=0, max_size=13))
    return prefix + "".join(d + draw(_SEPARATORS) for d in digits)


@settings(max_examples=600, deadline=None)
@given(st.one_of(typed_phones(), st.text("0123456789+()-. \t\u00a0x7", max_size=70)))
def test_the_search_reads_a_phone_as_normalize_phone_does(text_):
    checked = normalize_phone(text_)
    assert search_phone(text_) == (checked.value if checked.ok else None)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(typed_phones(), st.text("0123456789+()-. \t\u00a0x7", max_size=40),
                 st.from_regex(r"\s*(\+7|8|7|\+)?[ ()\-.]{0,9}[0-9]{3}[ ()\-.]{0,9}[0-9]{3}[ ()\-.]{0,9}[0-9]{2,3}"
                               r"[ ()\-.]{0,9}[0-9]{1,3}\s*", fullmatch=True)))
def test_the_usual_phone_spellings_are_read_at_once_as_the_long_way_reads_them(text_):
    assert read_query(text_) == read_query_fully(text_)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.from_regex(r"[A-Za-z0-9._%+\-]{1,20}@[A-Za-z0-9\-]{1,12}(\.[A-Za-z0-9\-]{1,8}){1,3}", fullmatch=True),
                 st.text("aB0._-+@\"\\ ()[]:", max_size=40).filter(lambda t: "@" in t)))
def test_the_search_reads_an_email_as_check_email_does(text_):
    stripped = text_.strip()[:300]
    if not stripped:
        return
    checked = check_email(stripped)
    assert read_query(text_).email == (checked.value if checked.ok else stripped).lower()


@pytest.mark.parametrize("query", ["алия", "ерлан", "ерлан қасымов", "алия сейт", "петр", "а", "е к", "ким анна"])
def test_every_name_search_plan_pages_the_same_rows(crowd, monkeypatch, query):
    """Collected and sorted, walked along the name index, or mixed (a common word checked per
    subject, a rare one collected): the same rows in the same order, page after page."""
    import pdp_desk.services.register as register

    flt = RegisterFilter(text=query, today=TODAY)
    results = {}
    with crowd.read() as session:
        words = register.name_words(query)
        counts = sorted({session.scalar(select(func.count()).select_from(register.word_ids(w).subquery()))
                         for w in words})
        for label, threshold in [("collect", 10**9), ("walk", 1), *[(f"split at {c}", c) for c in counts]]:
            monkeypatch.setattr(register, "BROAD_WORD", threshold)
            rows, _ = everyone(session, flt, "name", limit=7)
            results[label] = [r.id for r in rows]
            assert len(results[label]) == register_count(session, flt)
        name_keys = dict(session.execute(select(Subject.id, Subject.name_key)).all())
    expected = results["collect"]
    assert expected, query
    assert expected == sorted(expected, key=lambda i: (name_keys[i], i))
    for label, ids in results.items():
        assert ids == expected, label
