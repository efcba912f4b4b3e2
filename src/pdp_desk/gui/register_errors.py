"""The register's refusals in the person's language (validation of a subject, consents, import).

Services refuse with a stable code and an English message. The codes known here are worded in
the interface language; an unknown code shows the service's English message (it still says what
is wrong). Anything that is not a refusal goes to `service_errors.show`: "nothing was saved".
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from pdp_desk.gui import service_errors

# Marked with QT_TRANSLATE_NOOP so lupdate collects them; translated when shown.
_WORDING = {
    # domain.identifiers
    "phone_too_long": QT_TRANSLATE_NOOP("RegisterErrors", "This is too long for a phone number."),
    "phone_empty": QT_TRANSLATE_NOOP("RegisterErrors", "Enter a phone number."),
    "phone_format": QT_TRANSLATE_NOOP("RegisterErrors", "A phone number holds digits, an optional leading +, "
                                      "spaces, hyphens and brackets only."),
    "phone_not_kz": QT_TRANSLATE_NOOP("RegisterErrors", "Not a Kazakhstan number: Kazakhstan numbers start "
                                      "with +7 7."),
    "phone_length": QT_TRANSLATE_NOOP("RegisterErrors", "A Kazakhstan number has ten digits after +7 or 8 "
                                      "(e.g. +7 701 123 45 67)."),
    "email_too_long": QT_TRANSLATE_NOOP("RegisterErrors", "This e-mail address is too long."),
    "email_empty": QT_TRANSLATE_NOOP("RegisterErrors", "Enter an e-mail address."),
    "email_invalid": QT_TRANSLATE_NOOP("RegisterErrors", "This is not a valid e-mail address."),
    "iin_empty": QT_TRANSLATE_NOOP("RegisterErrors", "Enter the IIN."),
    "iin_format": QT_TRANSLATE_NOOP("RegisterErrors", "An IIN has 12 digits."),
    "iin_century_digit": QT_TRANSLATE_NOOP("RegisterErrors", "The 7th digit of an IIN (century and sex) "
                                           "is 1 to 6."),
    "iin_never_issued": QT_TRANSLATE_NOOP("RegisterErrors", "No IIN is ever issued with these first "
                                          "11 digits."),
    "iin_checksum": QT_TRANSLATE_NOOP("RegisterErrors", "The check digit of this IIN is wrong "
                                      "(a typing error?)."),
    # services.subjects
    "unknown_category": QT_TRANSLATE_NOOP("RegisterErrors", "Choose the category of the subject."),
    "too_long": QT_TRANSLATE_NOOP("RegisterErrors", "This is too long."),
    "nothing_identifies": QT_TRANSLATE_NOOP("RegisterErrors", "Give at least a name, a phone number, "
                                            "an e-mail or an IIN."),
    "subject_unknown": QT_TRANSLATE_NOOP("RegisterErrors", "There is no such subject (it may have "
                                         "been destroyed)."),
    "already_registered": QT_TRANSLATE_NOOP("RegisterErrors", "Another person in the register has this; "
                                            "open their card instead."),
    "operator_unknown": QT_TRANSLATE_NOOP("RegisterErrors", "There is no such operator."),
    # services.consents
    "purpose_unknown": QT_TRANSLATE_NOOP("RegisterErrors", "Choose one of the purposes of the policy."),
    "no_purposes": QT_TRANSLATE_NOOP("RegisterErrors", "Choose the purposes the consent is withdrawn for."),
    "consent_not_given": QT_TRANSLATE_NOOP("RegisterErrors", "There is no consent in force for this "
                                           "purpose: nothing to withdraw."),
    "channel_unknown": QT_TRANSLATE_NOOP("RegisterErrors", "Choose how it came."),
    "evidence_missing": QT_TRANSLATE_NOOP("RegisterErrors", "Say how the consent can be proven (the form, "
                                          "the signed paper, the recorded call …)."),
    "evidence_too_long": QT_TRANSLATE_NOOP("RegisterErrors", "The evidence is longer than 500 characters."),
    "policy_unknown": QT_TRANSLATE_NOOP("RegisterErrors", "There is no such version of the policy."),
    "no_policy_in_force": QT_TRANSLATE_NOOP("RegisterErrors", "No version of the policy was in force on "
                                            "that day: choose one."),
    "valid_until_before_given": QT_TRANSLATE_NOOP("RegisterErrors", "The consent cannot end before it "
                                                  "was given."),
    "valid_until_invalid": QT_TRANSLATE_NOOP("RegisterErrors", "The term must be a calendar date."),
    "category_unknown": QT_TRANSLATE_NOOP("RegisterErrors", "Unknown data category."),
    "given_at_missing": QT_TRANSLATE_NOOP("RegisterErrors", "Give the date and time."),
    "given_at_in_future": QT_TRANSLATE_NOOP("RegisterErrors", "The time is in the future. Check the date, "
                                            "and the PC's clock."),
    "given_at_too_old": QT_TRANSLATE_NOOP("RegisterErrors", "The date is before 2000."),
    "at_missing": QT_TRANSLATE_NOOP("RegisterErrors", "Give the date and time."),
    "at_in_future": QT_TRANSLATE_NOOP("RegisterErrors", "The time is in the future. Check the date, and "
                                      "the PC's clock."),
    "at_too_old": QT_TRANSLATE_NOOP("RegisterErrors", "The date is before 2000."),
    "at_before_given": QT_TRANSLATE_NOOP("RegisterErrors", "The consent cannot be withdrawn before it "
                                         "was given."),
}


def wording(code: str, fallback: str) -> str:
    source = _WORDING.get(code or "")
    return QCoreApplication.translate("RegisterErrors", source) if source else fallback


def message_of(error: BaseException) -> str:
    """One paragraph for a refusal: per-field errors joined, or the error's own code."""
    errors = getattr(error, "errors", None)
    if isinstance(errors, dict) and errors:
        return "\n".join(field_texts(error).values())
    return wording(getattr(error, "code", "") or "", getattr(error, "message", "") or str(error))


def field_texts(error: BaseException) -> dict[str, str]:
    """Field -> translated message of a ValidationFailed (errors: field -> (code, message))."""
    out = {}
    for name, value in (getattr(error, "errors", None) or {}).items():
        code, message = value if isinstance(value, tuple) else ("", str(value))
        out[str(name)] = wording(code, message)
    return out


def is_refusal(error: BaseException) -> bool:
    """Raised on purpose by a use case (it carries a code or per-field errors)."""
    return isinstance(getattr(error, "errors", None), dict) or isinstance(getattr(error, "code", None), str)


def show(parent: QWidget | None, error: BaseException, headline: str) -> QMessageBox:
    """A refusal with its reason, or, for anything else, "nothing was saved". Non-blocking."""
    if not is_refusal(error):
        return service_errors.show(parent, error)
    box = QMessageBox(QMessageBox.Icon.Warning, headline, headline, QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(message_of(error))
    box.open()
    return box
