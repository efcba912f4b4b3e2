"""Identifiers people type in: IIN, BIN, Kazakhstan phone numbers, e-mail addresses.

Every check returns a `Checked`: the normalised value when ok, else a stable `code` (for the
GUI to translate) and an English `message`. Checks never raise on bad input, and cap the
length of the text before any parsing, so a pasted 10 MB blob fails at once.

IIN (ЖСН): 12 digits `YYMMDD G NNNN C`; G = century and sex (1/2 born 1800s, 3/4 1900s,
5/6 2000s; odd male, even female); C = check digit (see `_check_digit`). An impossible birth
date is a warning, not a rejection (such numbers were issued).

BIN (БСН): 12 digits `YYMM T A NNNNN C` (year and month of registration; T entity type:
4 resident legal entity, 5 non-resident legal entity, 6 individual entrepreneur in joint
entrepreneurship; A: 0 head unit, 1 branch, 2 representative office, 3 peasant farm in joint
entrepreneurship; same check digit as the IIN). Source: the BIN rules as summarised in
python-stdnum `stdnum/kz/bin.py` (after the OECD "Kazakhstan TIN" sheet). A = 4 is listed by
no source we found but was in our brief: accepted with a warning rather than rejected.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MAX_ID_INPUT = 64
_MAX_PHONE_INPUT = 64
_MAX_EMAIL = 254          # RFC 5321 limit of a forward path
_MAX_EMAIL_INPUT = 1024   # longer input is refused before it is even stripped

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_DIGITS12 = re.compile(r"[0-9]{12}")
_E164_KZ = re.compile(r"\+77[0-9]{9}")
_PHONE_CHARS = frozenset("0123456789+()-. \t\u00a0")

WARNING_MESSAGES = {
    "iin_birth_date_invalid": "The birth date written in the IIN does not exist; check the number.",
    "bin_division_unusual": "The 6th digit of the BIN (4) is not a known division type; check the number.",
    "phone_range_unassigned": "This Kazakhstan number range is not known to be in use; check the number.",
}


@dataclass(frozen=True, slots=True)
class Checked:
    ok: bool
    value: str                        # normalised value; "" when not ok
    code: str                         # "" when ok
    message: str                      # English, for people (the warnings' text when ok)
    warnings: tuple[str, ...] = ()    # warning codes, see WARNING_MESSAGES
    kind: str = ""                    # "iin", "bin", "phone" or "email": what was checked


def _fail(kind: str, code: str, message: str) -> Checked:
    return Checked(False, "", code, message, (), kind)


def _ok(kind: str, value: str, warnings: tuple[str, ...] = ()) -> Checked:
    return Checked(True, value, "", " ".join(WARNING_MESSAGES[w] for w in warnings), warnings, kind)


# --- IIN and BIN -----------------------------------------------------------------------------

def _check_digit(first11: str) -> int | None:
    """Check digit of an IIN/BIN, or None when the number can never be issued.

    r = sum(d[i] * w[i]) mod 11 with w = 1..11; when r = 10, again with w = 3..11, 1, 2;
    when that is 10 too, no number is issued with these 11 digits.
    """
    digits = [ord(c) - 48 for c in first11]
    r = sum(d * w for d, w in zip(digits, _WEIGHTS_1)) % 11
    if r == 10:
        r = sum(d * w for d, w in zip(digits, _WEIGHTS_2)) % 11
    return None if r == 10 else r


def _compact_id(text: object, kind: str) -> str | Checked:
    """Digits of a typed IIN/BIN with spaces and hyphens removed, or the failure."""
    name = kind.upper()
    a_name = f"An {name}" if name == "IIN" else f"A {name}"
    if isinstance(text, str) and len(text) > _MAX_ID_INPUT:
        return _fail(kind, f"{kind}_format", f"{a_name} has 12 digits.")
    if not isinstance(text, str) or not text.strip():
        return _fail(kind, f"{kind}_empty", f"Enter the {name}.")
    s = "".join(text.split()).replace("-", "")
    if not _DIGITS12.fullmatch(s):
        return _fail(kind, f"{kind}_format", f"{a_name} has 12 digits, got {text.strip()!r}.")
    return s


def _checksum_failure(s: str, kind: str) -> Checked | None:
    expected = _check_digit(s[:11])
    name = kind.upper()
    if expected is None:
        return _fail(kind, f"{kind}_never_issued",
                     f"No {name} is ever issued with the first 11 digits {s[:11]}.")
    if expected != ord(s[11]) - 48:
        return _fail(kind, f"{kind}_checksum",
                     f"The check digit of this {name} is wrong (a typing error?).")
    return None


def iin_birth_date(iin: str) -> date | None:
    """The birth date written in an IIN (its check digit is not verified: see check_iin)."""
    s = "".join(iin.split()) if isinstance(iin, str) and len(iin) <= _MAX_ID_INPUT else ""
    if not _DIGITS12.fullmatch(s) or s[6] not in "123456":
        return None
    century = 1800 + 100 * ((int(s[6]) - 1) // 2)
    try:
        return date(century + int(s[:2]), int(s[2:4]), int(s[4:6]))
    except ValueError:
        return None


def iin_sex(iin: str) -> str | None:
    """"male" (odd 7th digit) or "female" (even), or None when the IIN is malformed."""
    s = "".join(iin.split()) if isinstance(iin, str) and len(iin) <= _MAX_ID_INPUT else ""
    if not _DIGITS12.fullmatch(s) or s[6] not in "123456":
        return None
    return "male" if int(s[6]) % 2 else "female"


def check_iin(text: str) -> Checked:
    s = _compact_id(text, "iin")
    if isinstance(s, Checked):
        return s
    if s[6] not in "123456":
        return _fail("iin", "iin_century_digit",
                     f"The 7th digit of an IIN (century and sex) is 1 to 6, got {s[6]}.")
    failure = _checksum_failure(s, "iin")
    if failure is not None:
        return failure
    warnings = () if iin_birth_date(s) else ("iin_birth_date_invalid",)
    return _ok("iin", s, warnings)


def check_bin(text: str) -> Checked:
    s = _compact_id(text, "bin")
    if isinstance(s, Checked):
        return s
    if not 1 <= int(s[2:4]) <= 12:
        return _fail("bin", "bin_month",
                     f"Digits 3-4 of a BIN are the month of registration (01-12), got {s[2:4]}.")
    if s[4] not in "456":
        return _fail("bin", "bin_entity_type",
                     f"The 5th digit of a BIN is 4, 5 or 6 (type of entity), got {s[4]}."
                     + (" Is this an IIN?" if s[4] in "0123" else ""))
    if s[5] not in "01234":
        return _fail("bin", "bin_division",
                     f"The 6th digit of a BIN is 0 to 3 (head unit, branch, representative "
                     f"office, farm), got {s[5]}.")
    failure = _checksum_failure(s, "bin")
    if failure is not None:
        return failure
    return _ok("bin", s, ("bin_division_unusual",) if s[5] == "4" else ())


def check_iin_or_bin(text: str) -> Checked:
    """An operator's number: a sole proprietor's IIN or an entity's BIN (`kind` says which).

    The 5th digit decides: 0-3 is the first digit of a day of birth (IIN), anything else is
    checked as a BIN (whose 5th digit, the entity type, is 4-6).
    """
    s = _compact_id(text, "iin")
    if isinstance(s, Checked):
        return _fail("", s.code.replace("iin_", "iin_or_bin_"),
                     "An IIN or a BIN has 12 digits.")
    return check_iin(s) if s[4] in "0123" else check_bin(s)


# --- phones ----------------------------------------------------------------------------------

def normalize_phone(text: str) -> Checked:
    """A Kazakhstan phone number as E.164 "+77XXXXXXXXX".

    Accepted spellings: +7 / 7 / 8 / 007 / nothing before the ten digits, with spaces,
    hyphens, dots and brackets. Kazakhstan numbers are +7 followed by ten digits starting with
    7; other +7 numbers are Russian ("phone_not_kz"). A number in a range phonenumbers does
    not know is accepted with the warning "phone_range_unassigned" (its data may lag).
    """
    if isinstance(text, str) and len(text) > _MAX_PHONE_INPUT:
        return _fail("phone", "phone_too_long", "This is too long for a phone number.")
    if not isinstance(text, str) or not text.strip():
        return _fail("phone", "phone_empty", "Enter a phone number.")
    s = text.strip()
    if not _PHONE_CHARS.issuperset(s) or "+" in s[1:]:
        return _fail("phone", "phone_format",
                     "A phone number holds digits, an optional leading +, spaces, hyphens "
                     "and brackets only.")
    digits = "".join(c for c in s if "0" <= c <= "9")
    international = s.startswith("+")
    if not international and digits.startswith("00"):
        international, digits = True, digits[2:]
    if international:
        if not digits.startswith("7"):
            return _fail("phone", "phone_not_kz",
                         "Not a Kazakhstan number: Kazakhstan numbers start with +7 7.")
        national = digits[1:]
    elif len(digits) == 11 and digits[0] in "78":
        national = digits[1:]
    else:
        national = digits
    if len(national) != 10:
        return _fail("phone", "phone_length",
                     "A Kazakhstan number has ten digits after +7 or 8 (e.g. +7 701 123 45 67).")
    if national[0] != "7":
        return _fail("phone", "phone_not_kz",
                     f"Not a Kazakhstan number: +7 {national[:3]} ... is a Russian number; "
                     "Kazakhstan numbers start with +7 7.")
    e164 = "+7" + national
    import phonenumbers  # imported here: 20-60 ms at start-up, needed only when a number is checked

    try:
        known = phonenumbers.is_valid_number(phonenumbers.parse(e164))
    except phonenumbers.NumberParseException:
        known = False
    return _ok("phone", e164, () if known else ("phone_range_unassigned",))


def format_phone(e164: str) -> str:
    """"+77011234567" -> "+7 701 123 45 67"; anything else is returned unchanged."""
    if not isinstance(e164, str) or not _E164_KZ.fullmatch(e164):
        return e164
    return f"+7 {e164[2:5]} {e164[5:8]} {e164[8:10]} {e164[10:12]}"


# --- e-mail ----------------------------------------------------------------------------------

def check_email(text: str) -> Checked:
    """An e-mail address checked for syntax only (no DNS: the PCs are mostly offline).

    The normalised value keeps the local part as typed and lower-cases the domain.
    """
    too_long = _fail("email", "email_too_long",
                     f"An e-mail address has at most {_MAX_EMAIL} characters.")
    if isinstance(text, str) and len(text) > _MAX_EMAIL_INPUT:
        return too_long
    s = text.strip() if isinstance(text, str) else ""
    if not s:
        return _fail("email", "email_empty", "Enter an e-mail address.")
    if len(s) > _MAX_EMAIL:
        return too_long
    # imported here: email_validator costs 20-50 ms at start-up, needed only when checking
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(s, check_deliverability=False)
    except EmailNotValidError as error:
        return _fail("email", "email_invalid", str(error))
    return _ok("email", f"{result.local_part}@{result.domain.lower()}")
