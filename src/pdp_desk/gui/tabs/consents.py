"""Consents tab: "may we send this person marketing?" answered at a glance, for now or any moment.

One field (phone in any spelling, e-mail, IIN or name) and an "as of" moment. The answer is one
big row per purpose of the policy: yes or no in words and colour, since when, how and with what
proof, under which version of the policy (its text one click away), until when, and whether the
person is blocked. Buttons record a consent given or its withdrawal (which opens a request).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from pdp_desk.gui import i18n, moments, register_errors, register_labels
from pdp_desk.gui.consent_dialogs import (OpenedRequest, RecordConsentDialog, WithdrawDialog,
                                          channel_text, from_qdatetime, moment_edit, to_qdatetime)
from pdp_desk.gui.formats import format_date
from pdp_desk.gui.settings_policy import text_view
from pdp_desk.services import consents, policy
from pdp_desk.services.inbox_views import request_numbers
from pdp_desk.store.database import Database

SEARCH_DELAY_MS = 300
YES_STYLE = "background:#e8f5e9; border:1px solid #a5d6a7; border-radius:6px"
NO_STYLE = "background:#ffebee; border:1px solid #ef9a9a; border-radius:6px"
NONE_STYLE = "background:#f5f5f5; border:1px solid #d0d0d0; border-radius:6px"
YES_COLOR, NO_COLOR = "#1b5e20", "#b71c1c"


class PurposeRow(QFrame):
    """One purpose's answer: a big yes/no in words, then the facts behind it."""

    show_policy = Signal(str)  # policy version id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("purposeRow")
        self.answer = QLabel()
        self.answer.setObjectName("answer")
        font = self.answer.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.answer.setFont(font)
        self.answer.setMinimumWidth(120)
        self.answer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question = QLabel()
        qfont = self.question.font()
        qfont.setPointSizeF(qfont.pointSizeF() * 1.15)
        qfont.setBold(True)
        self.question.setFont(qfont)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.policy_button = QPushButton()
        self.policy_button.setFlat(True)
        self.policy_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.policy_button.setStyleSheet("text-align:left; color:#0d47a1; text-decoration:underline; border:none")
        self.policy_button.clicked.connect(lambda: self.show_policy.emit(self._policy_id or ""))
        self._policy_id: str | None = None
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.question)
        text.addWidget(self.reason)
        text.addWidget(self.facts)
        text.addWidget(self.policy_button, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout(self)
        row.addWidget(self.answer, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        self.may = False

    def show_status(self, status: consents.PurposeStatus, question: str, reason: str, facts: list[str],
                    policy_label: str) -> None:
        self.may = status.may_process
        self.setStyleSheet(f"#purposeRow {{{YES_STYLE if status.may_process else (NONE_STYLE if status.state == 'none' else NO_STYLE)}}}")
        color = YES_COLOR if status.may_process else NO_COLOR
        self.answer.setStyleSheet(f"color:{color}")
        self.answer.setText(("✓ " + self.tr("Yes")) if status.may_process else ("✗ " + self.tr("No")))
        self.question.setText(question)
        self.reason.setText(reason)
        self.reason.setStyleSheet(f"color:{color}")
        self.facts.setText("\n".join(facts))
        self.facts.setVisible(bool(facts))
        self._policy_id = status.policy_version_id
        self.policy_button.setText(policy_label)
        self.policy_button.setVisible(bool(status.policy_version_id))


class PersonAnswer(QWidget):
    """One person: who it is, blocked or not, the three purposes, and the buttons."""

    def __init__(self, tab: "ConsentsTab"):
        super().__init__()
        self.tab = tab
        self.person: consents.PersonConsents | None = None
        self.name = QLabel()
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.blocked = QLabel()
        self.blocked.setWordWrap(True)
        self.blocked.setStyleSheet("background:#b71c1c; color:white; padding:6px; border-radius:4px; font-weight:bold")
        self.rows = {code: PurposeRow() for code in register_labels.PURPOSE_CODES}
        for row in self.rows.values():
            row.show_policy.connect(tab.show_policy)
        self.record_button = QPushButton()
        self.record_button.clicked.connect(lambda: tab.record_consent())
        self.withdraw_button = QPushButton()
        self.withdraw_button.clicked.connect(lambda: tab.withdraw())
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name)
        layout.addWidget(self.details)
        layout.addWidget(self.blocked)
        for row in self.rows.values():
            layout.addWidget(row)
        layout.addLayout(buttons)
        layout.addStretch(1)


class ConsentsTab(QWidget):
    consents_changed = Signal()   # a consent recorded or withdrawn (the register's marks change)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.result: consents.LookupResult | None = None
        self.request_numbers: dict[str, str] = {}   # withdrawal request id -> its number
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.query = QLineEdit()
        self.query.setClearButtonEnabled(True)
        self.query.setMaxLength(300)
        self.query.returnPressed.connect(self.look_up)
        self.as_of_caption = QLabel()
        self.as_of = moment_edit()
        self.now_button = QPushButton()
        self.now_button.clicked.connect(self.set_now)
        self.look_button = QPushButton()
        self.look_button.setDefault(True)
        self.look_button.clicked.connect(self.look_up)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.as_of_caption)
        top.addWidget(self.as_of)
        top.addWidget(self.now_button)
        top.addWidget(self.look_button)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.people = QListWidget()  # shown when several people match
        self.people.setMaximumHeight(110)
        self.people.currentRowChanged.connect(self._show_person)
        self.answer = PersonAnswer(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.answer)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        self.notice = QLabel()  # what the last action did ("request № … opened")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setStyleSheet("background:#e3f2fd; padding:6px; border-radius:4px")
        self.notice.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.summary)
        layout.addWidget(self.people)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.hint)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.look_up)
        self.query.textEdited.connect(lambda _text: self._debounce.start())
        self.as_of.dateTimeChanged.connect(self._as_of_edited)
        # "As of" follows the clock until the person picks a moment: an answer asked an hour
        # after the tab was opened is about now, not about the time the tab was opened.
        self.as_of_is_now = True
        self._dialog = None
        self.retranslate()
        self._show_result()

    # --- asking ----------------------------------------------------------------------------

    def set_now(self) -> None:
        self.as_of_is_now = True
        self._show_as_of(moments.now())
        self.look_up()

    def _show_as_of(self, moment) -> None:
        self.as_of.blockSignals(True)
        self.as_of.setDateTime(to_qdatetime(moment))
        self.as_of.blockSignals(False)

    def _as_of_edited(self, _value) -> None:
        self.as_of_is_now = False
        self._debounce.start()

    def moment(self):
        """The moment asked about: now (to the second) unless the person chose one."""
        if self.as_of_is_now:
            now = moments.now()
            self._show_as_of(now)
            return now
        return from_qdatetime(self.as_of.dateTime())

    def look_up(self) -> consents.LookupResult | None:
        self._debounce.stop()
        text = self.query.text().strip()
        if not text:
            self.result = None
            self._show_result()
            return None
        keep = self.answer.person.subject_id if self.answer.person else None
        try:
            with self.db.read() as session:
                self.result = consents.consent_status(session, text, self.moment(), i18n.current())
                ids = [p.withdrawal_request_id for person in self.result.people for p in person.purposes
                       if p.withdrawal_request_id]
                self.request_numbers = request_numbers(session, ids) if ids else {}
        except Exception as error:  # noqa: BLE001 - a busy file or a bug: say so, keep the window
            self.result = None
            self._box = register_errors.show(self, error, self.tr("The consents could not be read"))
        self._show_result(keep)
        return self.result

    def show_subject(self, subject_id: str) -> None:
        """Answer for one subject (from the register's card)."""
        self.query.setText(subject_id)
        self.look_up()

    def _show_result(self, keep: str | None = None) -> None:
        result = self.result
        people = list(result.people) if result else []
        self.people.blockSignals(True)
        self.people.clear()
        for person in people:
            contacts = ", ".join((*person.phones[:1], *person.emails[:1]))
            name = person.full_name or person.register_no or person.subject_id
            QListWidgetItem(f"{name} — {contacts}" if contacts else name, self.people)
        self.people.blockSignals(False)
        self.people.setVisible(len(people) > 1)
        if result is None:
            self.summary.setText("")
        elif not people:
            self.summary.setText(self.tr("Nobody in the register matches “%1”.").replace("%1", result.query))
        elif len(people) > 1:
            self.summary.setText(self.tr("%n people match: choose one.", "", len(people)))
        else:
            self.summary.setText("")
        index = next((i for i, p in enumerate(people) if p.subject_id == keep), 0)
        if people:
            self.people.setCurrentRow(index)
            self._show_person(index)
        else:
            self._show_person(-1)

    def _show_person(self, index: int) -> None:
        people = list(self.result.people) if self.result else []
        person = people[index] if 0 <= index < len(people) else None
        self.answer.person = person
        self.answer.setVisible(person is not None)
        if person is None:
            return
        a = self.answer
        a.name.setText(person.full_name or self.tr("Subject %1 (data destroyed)").replace(
            "%1", person.register_no or person.subject_id))
        parts = [register_labels.category(person.category)]
        if person.register_no:
            parts.append(self.tr("register № %1").replace("%1", person.register_no))
        parts += list(person.phones) + list(person.emails)
        a.details.setText(" · ".join(parts))
        if person.status == "destroyed":
            a.blocked.setText(self.tr("The data of this person was destroyed: nothing may be processed."))
        elif person.blocked:
            since = moments.format_moment(person.blocked_at)
            a.blocked.setText(self.tr("Blocked since %1: the data may not be processed for any purpose "
                                      "until it is unblocked.").replace("%1", since) if since else
                              self.tr("Blocked: the data may not be processed for any purpose until it is unblocked."))
        a.blocked.setVisible(person.status == "destroyed" or person.blocked)
        for code, row in a.rows.items():
            status = person.purpose(code)
            row.setVisible(status is not None)
            if status is not None:
                row.show_status(status, self.question(code), self.reason(status, person),
                                self.facts(status), self.policy_link(status))
        alive = person.status != "destroyed"
        a.record_button.setEnabled(alive)
        a.withdraw_button.setEnabled(alive and any(p.state == "given" for p in person.purposes))

    # --- wording ---------------------------------------------------------------------------

    def question(self, code: str) -> str:
        return {"website": self.tr("Website use: may we use the person's data for the website?"),
                "marketing": self.tr("Marketing: may we send this person advertising?"),
                "delivery": self.tr("Delivery: may we use the data to deliver orders?")}.get(
            code, register_labels.purpose(code))

    def reason(self, status: consents.PurposeStatus, person: consents.PersonConsents) -> str:
        since = moments.format_moment(status.given_at)
        texts = {
            "allowed": self.tr("Consent given on %1.").replace("%1", since),
            "blocked": self.tr("Consent given, but the person's data is blocked."),
            "no_consent": self.tr("No consent has been recorded."),
            "not_yet_given": self.tr("No consent yet at that moment (it was given later)."),
            "consent_withdrawn": self.tr("Consent withdrawn on %1.").replace(
                "%1", moments.format_moment(status.withdrawn_at)),
            "consent_expired": self.tr("Consent expired on %1.").replace("%1", format_date(status.expired_on)),
            "term_expired": self.tr("The retention term of this purpose has ended (%1).").replace(
                "%1", format_date(status.holds_until)),
            "purpose_achieved": self.tr("The purpose has been achieved: the term after the last order "
                                        "ended on %1.").replace("%1", format_date(status.holds_until)),
        }
        return texts.get(status.reason, status.reason)

    def facts(self, status: consents.PurposeStatus) -> list[str]:
        if status.state == "none":
            return []
        lines = [self.tr("Given: %1 · how: %2").replace("%1", moments.format_moment(status.given_at))
                 .replace("%2", channel_text(status.channel) or "—")]
        if status.evidence:
            lines.append(self.tr("Evidence: %1").replace("%1", status.evidence))
        term = [self.tr("Valid until: %1").replace("%1", format_date(status.valid_until)) if status.valid_until
                else self.tr("Valid until withdrawn")]
        if status.holds_until:
            term.append(self.tr("data kept for this purpose until: %1").replace("%1", format_date(status.holds_until)))
        lines.append(" · ".join(term))
        allowed = [text for flag, text in ((status.third_parties_allowed, self.tr("to third parties")),
                                           (status.cross_border_allowed, self.tr("abroad")),
                                           (status.public_allowed, self.tr("to public sources"))) if flag]
        lines.append(self.tr("Transfer allowed: %1").replace("%1", ", ".join(allowed) if allowed else self.tr("none")))
        if not status.policy_version_id:   # given before the first edition kept here (an older import)
            lines.append(self.tr("Privacy policy: not recorded (given before the earliest edition kept in PDP Desk)."))
        if status.state == "withdrawn" and status.withdrawal_request_id:
            number = self.request_numbers.get(status.withdrawal_request_id) or "—"
            lines.append(self.tr("The withdrawal opened request № %1 (see the Inbox).").replace("%1", number))
        return lines

    def policy_link(self, status: consents.PurposeStatus) -> str:
        return self.tr("Privacy policy of %1 (show the text)").replace("%1", status.policy_label or "?")

    # --- actions ---------------------------------------------------------------------------

    def show_policy(self, version_id: str):
        if not version_id:
            return None
        try:
            with self.db.read() as session:
                text = policy.policy_text(session, version_id) or ""
                label = next((v.label for v in policy.list_versions(session) if v.id == version_id), "")
        except Exception as error:  # noqa: BLE001
            self._box = register_errors.show(self, error, self.tr("The policy text could not be read"))
            return None
        self._dialog = text_view(self.tr("Privacy policy of %1").replace("%1", label), text, self)
        return self._dialog

    def record_consent(self, purpose_code: str | None = None) -> RecordConsentDialog | None:
        person = self.answer.person
        if person is None:
            return None
        dialog = RecordConsentDialog(self.db, person.subject_id, person.full_name, purpose_code, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _id: self._after_change(self.tr("The consent was recorded.")))
        dialog.open()
        self._dialog = dialog
        return dialog

    def withdraw(self) -> WithdrawDialog | None:
        person = self.answer.person
        if person is None:
            return None
        given = [p.purpose_code for p in person.purposes if p.state == "given"]
        dialog = WithdrawDialog(self.db, person.subject_id, person.full_name, given, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.withdrawn.connect(self._withdrawn)
        dialog.open()
        self._dialog = dialog
        return dialog

    def _withdrawn(self, opened: OpenedRequest) -> None:
        text = self.tr("The withdrawal was recorded. Request № %1 was opened: processing must stop, or "
                       "the reasons be given, by %2.").replace("%1", opened.number or "—").replace(
            "%2", format_date(opened.due) or "—")
        self._after_change(text)

    def _after_change(self, notice: str) -> None:
        self.notice.setText(notice)
        self.notice.show()
        self.set_now()
        self.consents_changed.emit()

    # --- language --------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Consent lookup"))
        self.query.setPlaceholderText(self.tr("Phone in any spelling, e-mail, IIN or name"))
        self.as_of_caption.setText(self.tr("as of"))
        self.now_button.setText(self.tr("Now"))
        self.look_button.setText(self.tr("Look up"))
        self.answer.record_button.setText(self.tr("Record a consent given…"))
        self.answer.withdraw_button.setText(self.tr("Withdraw consent…"))
        self.hint.setText(self.tr("The answer is as of the moment chosen: choose a date in the past to see "
                                  "what the person had agreed to then, under the policy in force then."))
        if self.result is not None:
            self.look_up()  # the purpose names and reasons come in the interface language
