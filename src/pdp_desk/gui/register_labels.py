"""Words for the register's codes (category, status, purpose, consent state, channel).

Categories and channels have their wording in the domain (the same words go into documents);
the rest is worded here through Qt's translation. Unknown codes (a row synced from a newer
version) are shown as the code itself.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from pdp_desk.domain.catalogue import SUBJECT_CATEGORY_LABELS, SubjectCategory
from pdp_desk.domain.workflow import channel_label as _channel_label
from pdp_desk.gui import i18n

PURPOSE_CODES = ("website", "marketing", "delivery")  # the policy's §4, in its order
CATEGORIES = tuple(c.value for c in SubjectCategory)
STATUSES = ("active", "blocked", "destroyed")
CONSENT_CHANNELS = ("website", "email", "paper", "in_person", "phone")

# QT_TRANSLATE_NOOP marks the literals for lupdate; `_word` translates them when shown.
_STATUS = {"active": QT_TRANSLATE_NOOP("RegisterLabels", "Active"),
           "blocked": QT_TRANSLATE_NOOP("RegisterLabels", "Blocked"),
           "destroyed": QT_TRANSLATE_NOOP("RegisterLabels", "Destroyed")}
_PURPOSE = {"website": QT_TRANSLATE_NOOP("RegisterLabels", "Website use"),
            "marketing": QT_TRANSLATE_NOOP("RegisterLabels", "Marketing"),
            "delivery": QT_TRANSLATE_NOOP("RegisterLabels", "Delivery")}
_PURPOSE_LETTER = {"website": QT_TRANSLATE_NOOP("RegisterLabels", "W"),
                   "marketing": QT_TRANSLATE_NOOP("RegisterLabels", "M"),
                   "delivery": QT_TRANSLATE_NOOP("RegisterLabels", "D")}
_CONSENT = {"given": QT_TRANSLATE_NOOP("RegisterLabels", "Consent given"),
            "withdrawn": QT_TRANSLATE_NOOP("RegisterLabels", "Withdrawn"),
            "expired": QT_TRANSLATE_NOOP("RegisterLabels", "Expired"),
            "none": QT_TRANSLATE_NOOP("RegisterLabels", "No consent")}
_CATEGORY_SHORT = {"unregistered": QT_TRANSLATE_NOOP("RegisterLabels", "Unregistered"),
                   "registered": QT_TRANSLATE_NOOP("RegisterLabels", "Registered"),
                   "recipient": QT_TRANSLATE_NOOP("RegisterLabels", "Recipient")}
_YES_NO = {True: QT_TRANSLATE_NOOP("RegisterLabels", "yes"), False: QT_TRANSLATE_NOOP("RegisterLabels", "no")}


def _word(table: dict, code, fallback: str) -> str:
    source = table.get(code)
    return QCoreApplication.translate("RegisterLabels", source) if source else fallback


def category(code: str) -> str:
    try:
        return SUBJECT_CATEGORY_LABELS[SubjectCategory(code)][i18n.current()]
    except (ValueError, KeyError):
        return code


def category_short(code: str) -> str:
    """One word for a table cell; the full name (category()) goes in its tooltip."""
    return _word(_CATEGORY_SHORT, code, category(code))


def status(code: str) -> str:
    return _word(_STATUS, code, code)


def purpose(code: str) -> str:
    """A purpose's short name (the long one, from the policy, is in the database)."""
    return _word(_PURPOSE, code, code)


def purpose_letter(code: str) -> str:
    """One letter per purpose for the register's "consents at a glance" column."""
    return _word(_PURPOSE_LETTER, code, code[:1].upper())


def consent_state(code: str) -> str:
    return _word(_CONSENT, code, code)


def channel(code: str) -> str:
    return _channel_label(code, i18n.current()) if code else ""


def yes_no(value: bool) -> str:
    return _word(_YES_NO, bool(value), "")
