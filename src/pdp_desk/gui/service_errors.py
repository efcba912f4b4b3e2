"""Telling a person why a use case refused, in their language, without a traceback.

The services raise errors with a stable `code` and an English `message` (RequestError,
WorkflowError, TemplateError, CalendarError ...) or, for forms, `ValidationFailed` with one
(code, message) per field. Known codes get a translated sentence here; an unknown code shows the
service's English message rather than nothing. Anything else is a bug or a broken file: the
person is told that nothing was saved (every use case runs in one transaction, rolled back on an
error), and the traceback goes to the log only.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)
T = TypeVar("T")


# lupdate finds only literal calls of translate(), not calls through a helper of our own.
translate = QCoreApplication.translate


def known(exc: BaseException) -> bool:
    """An error a use case raised on purpose (it has a code, or per-field errors)."""
    return hasattr(exc, "errors") and isinstance(getattr(exc, "errors"), dict) or (
        isinstance(getattr(exc, "code", None), str) and isinstance(getattr(exc, "message", None), str))


def code_text(code: str, message: str) -> str:
    """The translated sentence for `code`, or the service's own message."""
    texts = {
        # workflow (domain.workflow)
        "same_state": translate("ServiceError", "The request is already in this state."),
        "request_closed": translate("ServiceError", "The request is closed: nothing more can be done with it."),
        "already_finished": translate("ServiceError", "The request is already answered or refused: it can only be closed now."),
        "identity_not_checked": translate("ServiceError", "Check the requester's identity before taking the request into work."),
        "not_in_progress": translate("ServiceError", "Take the request into work first (after checking the requester's identity)."),
        "not_finished": translate("ServiceError", "Answer the request, or refuse it with reasons, before closing it."),
        "cannot_go_back": translate("ServiceError", "A request cannot go back to an earlier step."),
        "representative_incomplete": translate("ServiceError", "A representative must be named and the document that gives "
                                        "authority must be given."),
        # forms
        "received_in_future": translate("ServiceError", "The date received is in the future."),
        "nothing_identifies": translate("ServiceError", "Give at least a name, a phone number, an e-mail or an IIN."),
        "no_subject": translate("ServiceError", "Choose the subject of the request, or enter a new one."),
        "attachment_too_large": translate("ServiceError", "The file is larger than the limit for attachments."),
        "attachment_unreadable": translate("ServiceError", "The file cannot be read."),
        "reason_required": translate("ServiceError", "Give the reason."),
        # requests, letters, the journal (services.requests, services.letters, services.exports)
        "action_open": translate("ServiceError", "The law asks for an action on this request: do it and "
                                                 "record it before closing the request."),
        "nothing_changed": translate("ServiceError", "The data given is the same as on file: nothing was changed."),
        "no_consent_given": translate("ServiceError", "This person has no consent in force for these purposes."),
        "no_purposes": translate("ServiceError", "Choose the purposes the consent is withdrawn for."),
        "no_action_clock": translate("ServiceError", "The law asks for no action on this type of request: "
                                                     "answering it is enough."),
        "subject_blocked": translate("ServiceError", "This person's data is blocked: it may not be used until "
                                                     "the block is lifted."),
        "subject_unknown": translate("ServiceError", "There is no such person in the register (their data may "
                                                     "have been destroyed)."),
        "subject_not_found": translate("ServiceError", "There is no such person in the register (their data may "
                                                       "have been destroyed)."),
        "request_unknown": translate("ServiceError", "There is no such request (it may have been destroyed with "
                                                     "its subject's data)."),
        "attachment_unknown": translate("ServiceError", "There is no such file (it may have been destroyed)."),
        "operator_missing": translate("ServiceError", "The request names no operator, and a letter is written "
                                                      "on the operator's behalf."),
        "refusal_reason_required": translate("ServiceError", "A refusal letter needs the reasons: refuse the "
                                                             "request with reasons first."),
        "documents_before_received": translate("ServiceError", "The documents cannot have come before the "
                                                               "request was received."),
        "confirmed_before_received": translate("ServiceError", "The confirmation cannot come before the request "
                                                               "was received."),
        "documents_at_in_future": translate("ServiceError", "This moment is in the future."),
        "confirmed_at_in_future": translate("ServiceError", "This moment is in the future."),
        "period_reversed": translate("ServiceError", "The period ends before it starts."),
        "write_failed": translate("ServiceError", "The file could not be written. Check that the folder exists "
                                                  "and the file is not open in another program."),
    }
    return texts.get(code, message)


def field_errors(exc: BaseException) -> dict[str, str]:
    """Field name -> translated message, for errors shown next to the fields of a form."""
    errors = getattr(exc, "errors", None)
    if isinstance(errors, dict):
        out = {}
        for name, value in errors.items():
            code, message = value if isinstance(value, tuple) else ("", str(value))
            out[str(name)] = code_text(code, message)
        return out
    field = getattr(exc, "field", None)
    if isinstance(field, str) and field:
        return {field: message_of(exc)}
    return {}


def message_of(exc: BaseException) -> str:
    """One paragraph saying what is wrong, translated where the code is known."""
    errors = getattr(exc, "errors", None)
    if isinstance(errors, dict) and errors:
        return "\n".join(field_errors(exc).values())
    code, message = getattr(exc, "code", None), getattr(exc, "message", None)
    if isinstance(code, str) and isinstance(message, str):
        return code_text(code, message)
    return translate("ServiceError", "Something unexpected went wrong. Nothing was saved: the change was rolled back.")


def show(parent: QWidget | None, exc: BaseException, headline: str | None = None) -> QMessageBox:
    """A window-modal box (not blocking the caller) explaining `exc`; returned for tests."""
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowTitle(translate("ServiceError", "Not saved"))
    if known(exc):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(headline or translate("ServiceError", "This could not be done."))
        box.setInformativeText(message_of(exc))
    else:
        log.error("unexpected error in a use case", exc_info=exc)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(translate("ServiceError", "Something unexpected went wrong. Nothing was saved: the change was rolled back."))
        box.setInformativeText(translate("ServiceError", "Try again. If it happens again, tell whoever looks after PDP Desk."))
        # One line for whoever helps: the kind of error, never a traceback.
        # An unexpected error's message may quote values (a name in SQL parameters): scrubbed.
        from pdp_desk.logs import scrub
        box.setDetailedText(f"{type(exc).__name__}: {scrub(str(exc))[:500]}")
    box.open()
    return box


def attempt(parent: QWidget | None, action: Callable[[], T], headline: str | None = None
            ) -> tuple[bool, T | None, QMessageBox | None]:
    """Run `action`; on any error show it and return (False, None, box)."""
    try:
        return True, action(), None
    except Exception as exc:  # noqa: BLE001 - every error ends in a message, never a crash
        return False, None, show(parent, exc, headline)
