"""The Consents tab driven through pytest-qt: the answer for now and a past date, recording,
withdrawing (a request with its clock), the policy text in force, and the policy settings."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPlainTextEdit

from pdp_desk.domain.catalogue import catalogue_id
from pdp_desk.domain.localtime import KAZAKHSTAN
from pdp_desk.gui import i18n, prefs
from pdp_desk.gui.consent_dialogs import to_qdatetime
from pdp_desk.gui.main_window import MainWindow
from pdp_desk.gui.settings_policy import PolicySection
from pdp_desk.gui.tabs.consents import ConsentsTab
from pdp_desk.services import consents, policy, register
from pdp_desk.services.catalogue import ensure_defaults
from pdp_desk.services.inbox_views import request_numbers
from pdp_desk.services.subjects import SubjectInput

NOW = datetime.now(timezone.utc)
GIVEN = NOW - timedelta(days=40)
WITHDRAWN = NOW - timedelta(days=10)


@pytest.fixture(autouse=True)
def isolated_settings(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    i18n.install("en")
    yield
    i18n.install("en")


@pytest.fixture
def person(db) -> str:
    """Әсем: marketing consent given 40 days ago, withdrawn 10 days ago; delivery given."""
    with db.session() as session:
        ensure_defaults(session)
        subject_id = register.add_subject(session, SubjectInput(
            category="registered", full_name="Әсем Қайратқызы", phones=["+7 701 123 45 67"],
            emails=["asem@mail.kz"]))
        first = catalogue_id("policy_version", "09.02.2026")
        for purpose in ("marketing", "delivery"):
            consents.record_consent(session, subject_id, purpose, given_at=GIVEN, channel="website",
                                    evidence="checkbox on the order form", policy_version_id=first)
        # A newer policy since: the consents stay under the one they were given under.
        policy.add_policy_version(session, "newer", (GIVEN + timedelta(days=10)).date(),
                                  "The newer text of the policy.", "ru")
    with db.session() as session:
        consents.withdraw_consent(session, subject_id, ["marketing"], at=WITHDRAWN, channel="email",
                                  evidence="e-mail of the subject")
    return subject_id


@pytest.fixture
def tab(qtbot, db):
    widget = ConsentsTab(db)
    qtbot.addWidget(widget)
    return widget


def ask(tab, text: str, as_of: datetime | None = None):
    tab.query.setText(text)
    if as_of is not None:
        tab.as_of.setDateTime(to_qdatetime(as_of))
    return tab.look_up()


def test_withdrawn_now_but_given_on_a_past_date(tab, person):
    ask(tab, "8 (701) 123-45-67")
    answer = tab.answer
    assert answer.name.text() == "Әсем Қайратқызы"
    marketing = answer.rows["marketing"]
    assert not marketing.may and marketing.answer.text() == "✗ No"
    assert "withdrawn" in marketing.reason.text()
    assert answer.rows["delivery"].may and answer.rows["delivery"].answer.text() == "✓ Yes"
    assert "No consent has been recorded" in answer.rows["website"].reason.text()

    ask(tab, "asem@mail.kz", WITHDRAWN - timedelta(days=5))   # before the withdrawal
    marketing = tab.answer.rows["marketing"]
    assert marketing.may and marketing.answer.text() == "✓ Yes"
    assert "Consent given on" in marketing.reason.text()
    assert "checkbox on the order form" in marketing.facts.text()
    assert "09.02.2026" in marketing.policy_button.text()   # not the newer version

    ask(tab, "asem@mail.kz", GIVEN - timedelta(days=1))      # before it was ever given
    assert not tab.answer.rows["marketing"].may
    assert not tab.answer.rows["delivery"].may


def test_nobody_found_says_so(tab, person):
    ask(tab, "+7 777 000 00 00")
    assert "Nobody in the register matches" in tab.summary.text()
    assert not tab.answer.isVisibleTo(tab)


def test_the_policy_text_in_force_is_one_click_away(tab, person, db):
    ask(tab, "asem@mail.kz")
    dialog = tab.show_policy(tab.answer.rows["delivery"]._policy_id)
    try:
        with db.read() as session:
            first = policy.list_versions(session)[0]
            text = policy.policy_text(session, first.id)
        assert dialog.findChild(QPlainTextEdit).toPlainText() == text
        assert "09.02.2026" in dialog.windowTitle()
    finally:
        dialog.close()


def test_withdrawal_opens_a_request_and_shows_its_number(tab, person, db):
    ask(tab, "asem@mail.kz")
    dialog = tab.withdraw()
    assert not dialog.purposes["marketing"].isEnabled()    # already withdrawn
    assert dialog.purposes["delivery"].isChecked()          # the one consent in force
    assert dialog.save() is None                            # no evidence yet
    assert dialog.errors["evidence"].isVisibleTo(dialog)
    dialog.evidence.setText("letter of 01.03.2026")
    opened = dialog.save()
    assert opened is not None and opened.number and opened.due is not None
    with db.read() as session:
        assert request_numbers(session, [opened.id])[opened.id] == opened.number
    assert opened.number in tab.notice.text()
    assert opened.due.strftime("%d.%m.%Y") in tab.notice.text()
    assert not tab.answer.rows["delivery"].may
    assert "withdrawn" in tab.answer.rows["delivery"].reason.text()


def test_recording_a_consent_checks_the_fields(tab, person):
    ask(tab, "asem@mail.kz")
    dialog = tab.record_consent("marketing")
    assert dialog.categories["email"].isChecked()            # the purpose's categories ticked
    dialog.given_at.setDateTime(to_qdatetime(datetime.now(KAZAKHSTAN) + timedelta(days=2)))
    assert not dialog.save()
    assert dialog.errors["evidence"].isVisibleTo(dialog)
    assert dialog.errors["given_at"].isVisibleTo(dialog)
    dialog.given_at.setDateTime(to_qdatetime(datetime.now(KAZAKHSTAN) - timedelta(minutes=1)))
    dialog.evidence.setText("signed paper form № 12")
    dialog.third_parties.setChecked(True)
    assert dialog.save()
    marketing = tab.answer.rows["marketing"]
    assert marketing.may
    assert "to third parties" in marketing.facts.text()
    assert "recorded" in tab.notice.text()


def test_blocked_person_is_answered_no_with_words(tab, person, db):
    from pdp_desk.services.requests import block_subject

    with db.session() as session:
        block_subject(session, person)
    ask(tab, "asem@mail.kz")
    assert tab.answer.blocked.isVisibleTo(tab)
    assert "Blocked" in tab.answer.blocked.text()
    delivery = tab.answer.rows["delivery"]
    assert not delivery.may and "blocked" in delivery.reason.text()


def test_policy_versions_in_settings(qtbot, db, tmp_path):
    with db.session() as session:
        ensure_defaults(session)
    section = PolicySection(db)
    qtbot.addWidget(section)
    assert section.table.rowCount() == 1
    assert section.table.item(0, 1).text() == "09.02.2026"
    section.table.selectRow(0)
    viewer = section.view_text()
    viewer.close()

    text_file = tmp_path / "policy-2026-10.txt"
    text_file.write_text("Политика конфиденциальности, редакция 2\r\nҚазақша мәтін", encoding="utf-8-sig")
    dialog = section.add_from_file(text_file)
    assert dialog.fingerprint_value.text() == policy.fingerprint(text_file.read_text(encoding="utf-8-sig"))
    assert not dialog.save()                       # no label yet
    assert dialog.error.isVisibleTo(dialog)
    dialog.label.setText("01.10.2026")
    assert dialog.save()
    assert section.table.rowCount() == 2

    again = section.add_from_file(text_file)       # the same text twice is refused
    again.label.setText("again")
    assert not again.save()
    assert "already kept" in again.error.text()
    again.close()


def test_a_withdrawal_makes_the_register_read_again(qtbot, db, person):
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.select_tab("consents")
    tab = window.tab("consents")
    ask(tab, "asem@mail.kz")
    dialog = tab.withdraw()
    dialog.evidence.setText("phone call")
    assert dialog.save() is not None
    register_tab = window.tab("register")
    assert register_tab._stale
    generation = register_tab.model.generation
    window.select_tab("register")
    assert register_tab.model.generation == generation + 1 and not register_tab._stale
    qtbot.waitUntil(register_tab.model.is_idle, timeout=10_000)
    assert window.status.requests_label.text() == "Open requests: 2"
    register_tab.model.wait()
