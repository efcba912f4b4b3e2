"""Destruction of personal data: the pure rules (policy §9; Law of the RK No. 94-V, Art. 18).

* Reasons, each with its legal basis in Russian, Kazakh and English (`REASONS`). The citations
  follow `legal-notes.md`; they are the program's defaults and must be re-checked against the
  current edition of the Law (adilet Z1300000094) before a release.
* Methods (`METHODS`): deletion from the database with the freed space overwritten, shredding of
  paper media (with the number of sheets per subject).
* What can be kept after destruction because another law requires it (`KEEPABLE`): only the
  accounting facts of orders (number, date, amount), kept without anything that identifies the
  person. Anything else a law requires to keep means the subject is *excluded* from the act with
  a reasoned refusal, not half-destroyed.
* `kept_until(act_date)`: acts are kept three years (policy §9.5).
* Act numbers "А-2026-7KQ-0001": the year of the act, this PC's three-character device code
  and a counter of this PC, so two PCs numbering offline never collide (the same rule as request
  numbers). "А" is the Cyrillic letter (Акт); `normalize_act_number` also accepts a Latin A.
* `act_fingerprint(record)`: SHA-256 of a canonical JSON of the act's record. It is printed on
  the act, put in its QR code and its metadata, and stored with the act: verification recomputes
  it from the database and compares.

Nothing here knows of Qt or SQL.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pdp_desk.domain.catalogue import DATA_CATEGORY_LABELS, DataCategory
from pdp_desk.domain.deadlines import Localized

ACT_RETENTION_YEARS = 3                   # policy §9.5
ACCOUNTING_RETENTION_YEARS = 5            # primary accounting documents (see KEEP_ACCOUNTING)
FINGERPRINT_SCHEMA = "pdp-desk.act/1"
QR_PREFIX = "pdp-desk:act:"
ACT_LANGUAGES = ("ru", "kk", "ru+kk")
MAX_REASON_TEXT = 2000
MAX_SHEETS = 100_000


class DestructionRuleError(ValueError):
    """A value the rules refuse; `code` is stable, `message` is English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# --- reasons --------------------------------------------------------------------------------


class Reason(StrEnum):
    PURPOSE_ACHIEVED = "purpose_achieved"
    TERM_EXPIRED = "term_expired"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    UPHELD_REQUEST = "upheld_request"
    UNLAWFUL_PROCESSING = "unlawful_processing"
    COURT_DECISION = "court_decision"
    PUBLIC_SOURCE_REMOVAL = "public_source_removal"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ReasonSpec:
    code: Reason
    label: Localized
    basis: Localized            # the citation printed on the act
    short_basis: Localized      # for narrow columns (the log extract)
    needs_text: bool = False    # "other": the operator writes the reason and its basis


_LAW_RU = "Закон РК «О персональных данных и их защите» № 94-V"
_LAW_KK = "«Дербес деректер және оларды қорғау туралы» ҚР № 94-V Заңы"
_LAW_EN = "Law of the RK No. 94-V “On Personal Data and Their Protection”"

REASONS: dict[Reason, ReasonSpec] = {
    Reason.PURPOSE_ACHIEVED: ReasonSpec(
        Reason.PURPOSE_ACHIEVED,
        Localized("Достижение целей обработки персональных данных",
                  "Дербес деректерді өңдеу мақсаттарына қол жеткізу",
                  "The purpose of processing has been achieved"),
        Localized(f"{_LAW_RU}, ст. 12 п. 2, ст. 18, ст. 25 п. 2 пп. 4); Политика оператора, п. 9.1",
                  f"{_LAW_KK}, 12-баптың 2-тармағы, 18-бап, 25-баптың 2-тармағының 4) тармақшасы; "
                  "Оператор саясаты, 9.1-т.",
                  f"{_LAW_EN}, Art. 12 p. 2, Art. 18, Art. 25 p. 2 sub. 4; Operator's policy §9.1"),
        Localized("ст. 18, ст. 25 п. 2 пп. 4)", "18-бап, 25-б. 2-т. 4) тт.", "Art. 18, 25 p.2 sub.4")),
    Reason.TERM_EXPIRED: ReasonSpec(
        Reason.TERM_EXPIRED,
        Localized("Истечение срока хранения (срока действия согласия)",
                  "Сақтау мерзімінің (келісімнің қолданылу мерзімінің) өтуі",
                  "The storage term (the term of the consent) has expired"),
        Localized(f"{_LAW_RU}, ст. 12 п. 2, ст. 18 пп. 1); Политика оператора, п. 9.1",
                  f"{_LAW_KK}, 12-баптың 2-тармағы, 18-баптың 1) тармақшасы; Оператор саясаты, 9.1-т.",
                  f"{_LAW_EN}, Art. 12 p. 2, Art. 18 sub. 1; Operator's policy §9.1"),
        Localized("ст. 18 пп. 1)", "18-б. 1) тт.", "Art. 18 sub.1")),
    Reason.CONSENT_WITHDRAWN: ReasonSpec(
        Reason.CONSENT_WITHDRAWN,
        Localized("Отзыв субъектом согласия на сбор и обработку персональных данных",
                  "Субъектінің дербес деректерді жинауға және өңдеуге келісімін кері қайтарып алуы",
                  "The subject has withdrawn the consent to collection and processing"),
        Localized(f"{_LAW_RU}, ст. 8 п. 7, ст. 18; Политика оператора, п. 9.1",
                  f"{_LAW_KK}, 8-баптың 7-тармағы, 18-бап; Оператор саясаты, 9.1-т.",
                  f"{_LAW_EN}, Art. 8 p. 7, Art. 18; Operator's policy §9.1"),
        Localized("ст. 8 п. 7", "8-б. 7-т.", "Art. 8 p.7")),
    Reason.UPHELD_REQUEST: ReasonSpec(
        Reason.UPHELD_REQUEST,
        Localized("Удовлетворённое требование субъекта об уничтожении персональных данных",
                  "Субъектінің дербес деректерді жою туралы қанағаттандырылған талабы",
                  "The subject's request to destroy the data, upheld"),
        Localized(f"{_LAW_RU}, ст. 18, ст. 25 п. 2 пп. 8)",
                  f"{_LAW_KK}, 18-бап, 25-баптың 2-тармағының 8) тармақшасы",
                  f"{_LAW_EN}, Art. 18, Art. 25 p. 2 sub. 8"),
        Localized("ст. 18, ст. 25 п. 2 пп. 8)", "18-бап, 25-б. 2-т. 8) тт.", "Art. 18, 25 p.2 sub.8")),
    Reason.UNLAWFUL_PROCESSING: ReasonSpec(
        Reason.UNLAWFUL_PROCESSING,
        Localized("Выявление фактов сбора и обработки персональных данных с нарушением закона",
                  "Дербес деректерді заңды бұза отырып жинау және өңдеу фактілерінің анықталуы",
                  "Collection or processing in breach of the law has been confirmed"),
        Localized(f"{_LAW_RU}, ст. 18 пп. 3-1), ст. 25 п. 2 пп. 8)",
                  f"{_LAW_KK}, 18-баптың 3-1) тармақшасы, 25-баптың 2-тармағының 8) тармақшасы",
                  f"{_LAW_EN}, Art. 18 sub. 3-1, Art. 25 p. 2 sub. 8"),
        Localized("ст. 18 пп. 3-1)", "18-б. 3-1) тт.", "Art. 18 sub.3-1")),
    Reason.COURT_DECISION: ReasonSpec(
        Reason.COURT_DECISION,
        Localized("Вступившее в законную силу решение суда",
                  "Заңды күшіне енген сот шешімі",
                  "A court decision that has entered into force"),
        Localized(f"{_LAW_RU}, ст. 18 пп. 3)", f"{_LAW_KK}, 18-баптың 3) тармақшасы",
                  f"{_LAW_EN}, Art. 18 sub. 3"),
        Localized("ст. 18 пп. 3)", "18-б. 3) тт.", "Art. 18 sub.3")),
    Reason.PUBLIC_SOURCE_REMOVAL: ReasonSpec(
        Reason.PUBLIC_SOURCE_REMOVAL,
        Localized("Требование субъекта об исключении сведений из общедоступных источников",
                  "Субъектінің мәліметтерді жалпыға қолжетімді көздерден алып тастау туралы талабы",
                  "The subject's demand to remove the data from public sources"),
        Localized(f"{_LAW_RU}, ст. 6", f"{_LAW_KK}, 6-бап", f"{_LAW_EN}, Art. 6"),
        Localized("ст. 6", "6-бап", "Art. 6")),
    Reason.OTHER: ReasonSpec(
        Reason.OTHER,
        Localized("Иное основание", "Өзге негіз", "Other reason"),
        Localized("", "", ""),
        Localized("иное", "өзге", "other"),
        needs_text=True),
}

# What a candidate's own reason code (destruction queue, retention rule) suggests for the act.
SUGGESTED_REASON: dict[str, Reason] = {
    "purpose_achieved": Reason.PURPOSE_ACHIEVED,
    "term_expired": Reason.TERM_EXPIRED,
    "consent_expired": Reason.TERM_EXPIRED,
    "consent_withdrawn": Reason.CONSENT_WITHDRAWN,
    "upheld_request": Reason.UPHELD_REQUEST,
    "deletion": Reason.UPHELD_REQUEST,
    "deletion_request": Reason.UPHELD_REQUEST,
    "unlawful_processing": Reason.UNLAWFUL_PROCESSING,
    "court_decision": Reason.COURT_DECISION,
    "public_source_removal": Reason.PUBLIC_SOURCE_REMOVAL,
}


def reason_spec(code: str | Reason) -> ReasonSpec:
    try:
        return REASONS[Reason(code)]
    except ValueError:
        raise DestructionRuleError("reason_unknown", f"Unknown reason {str(code)[:40]!r}; one of: "
                                   + ", ".join(r.value for r in Reason)) from None


def suggested_reason(code: str) -> Reason:
    """The act reason a candidate's reason code points to (OTHER when it points nowhere)."""
    return SUGGESTED_REASON.get(code, Reason.OTHER)


def check_reason(code: str | Reason, text: str = "") -> tuple[Reason, str]:
    """(reason, its text trimmed): "other" needs a text, every reason accepts one."""
    spec = reason_spec(code)
    text = (text or "").strip()
    if spec.needs_text and not text:
        raise DestructionRuleError("reason_text_required",
                                   "Write the reason and its legal basis for “other reason”.")
    if len(text) > MAX_REASON_TEXT:
        raise DestructionRuleError("reason_text_too_long",
                                   f"The reason's text is longer than {MAX_REASON_TEXT} characters.")
    return spec.code, text


def legal_basis(code: str | Reason, text: str = "", language: str = "ru") -> str:
    spec = reason_spec(code)
    return (text or "").strip() if spec.needs_text else spec.basis.get(language)


# --- methods ---------------------------------------------------------------------------------


class Method(StrEnum):
    DATABASE_OVERWRITE = "database_overwrite"
    PAPER_SHREDDING = "paper_shredding"


METHODS: dict[Method, Localized] = {
    Method.DATABASE_OVERWRITE: Localized(
        "Удаление записей из базы данных информационной системы с перезаписью освобождённого места "
        "(без возможности восстановления)",
        "Ақпараттық жүйенің дерекқорынан жазбаларды босатылған орынды қайта жазу арқылы жою "
        "(қалпына келтіру мүмкіндігінсіз)",
        "Deletion of the records from the information system's database with the freed space "
        "overwritten (unrecoverable)"),
    Method.PAPER_SHREDDING: Localized(
        "Измельчение бумажных носителей в шредере (без возможности восстановления)",
        "Қағаз жеткізгіштерді шредерде ұсақтау (қалпына келтіру мүмкіндігінсіз)",
        "Shredding of the paper media (unrecoverable)"),
}


def check_methods(methods: Iterable[str | Method], paper_sheets: int) -> tuple[Method, ...]:
    """The methods in their canonical order. Database deletion is always one of them (the act is
    made by deleting from the database); shredding is required when paper sheets are counted."""
    chosen: set[Method] = set()
    for m in methods:
        try:
            chosen.add(Method(m))
        except ValueError:
            raise DestructionRuleError("method_unknown", f"Unknown method {str(m)[:40]!r}.") from None
    chosen.add(Method.DATABASE_OVERWRITE)
    if paper_sheets > 0:
        chosen.add(Method.PAPER_SHREDDING)
    return tuple(m for m in Method if m in chosen)


def check_sheets(sheets: int) -> int:
    if isinstance(sheets, bool) or not isinstance(sheets, int) or not 0 <= sheets <= MAX_SHEETS:
        raise DestructionRuleError("sheets_invalid",
                                   f"The number of paper sheets must be a whole number 0..{MAX_SHEETS}.")
    return sheets


# --- categories of data ------------------------------------------------------------------------

# Categories of the catalogue (policy §3.2) and those the register holds besides them.
EXTRA_CATEGORY_LABELS: dict[str, Localized] = {
    "iin": Localized("ИИН", "ЖСН", "IIN"),
    "consents": Localized("Сведения о согласиях и их отзыве", "Келісімдер және оларды кері қайтарып алу "
                          "туралы мәліметтер", "Consents and their withdrawal"),
    "requests": Localized("Обращения субъекта и их рассмотрение", "Субъектінің өтініштері және оларды қарау",
                          "The subject's requests and their handling"),
    "attachments": Localized("Приложенные файлы (документы)", "Тіркелген файлдар (құжаттар)",
                             "Attached files (documents)"),
}

CATEGORY_ORDER: tuple[str, ...] = (
    DataCategory.FULL_NAME.value, "iin", DataCategory.PHONE.value, DataCategory.EMAIL.value,
    DataCategory.DELIVERY_ADDRESS.value, DataCategory.ORDER_HISTORY.value,
    DataCategory.BROWSING_HISTORY.value, "consents", "requests", "attachments", DataCategory.OTHER.value,
)


def category_label(code: str, language: str = "ru") -> str:
    if code in EXTRA_CATEGORY_LABELS:
        return EXTRA_CATEGORY_LABELS[code].get(language)
    try:
        return DATA_CATEGORY_LABELS[DataCategory(code)][language]
    except (ValueError, KeyError):
        return code


def sort_categories(codes: Iterable[str]) -> list[str]:
    rank = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    return sorted(set(codes), key=lambda c: (rank.get(c, len(rank)), c))


# --- what is kept ------------------------------------------------------------------------------


class KeepReason(StrEnum):
    ACCOUNTING = "accounting"


@dataclass(frozen=True, slots=True)
class KeepSpec:
    category: str
    reason: KeepReason
    what: Localized     # what stays, and that it stays without the person
    basis: Localized


KEEP_ACCOUNTING = KeepSpec(
    DataCategory.ORDER_HISTORY.value, KeepReason.ACCOUNTING,
    Localized("номер, дата и сумма заказа — без сведений о покупателе",
              "тапсырыстың нөмірі, күні және сомасы — сатып алушы туралы мәліметтерсіз",
              "order number, date and amount, without anything about the buyer"),
    Localized("бухгалтерский учёт: Закон РК «О бухгалтерском учете и финансовой отчетности» № 234-III",
              "бухгалтерлік есеп: «Бухгалтерлік есеп пен қаржылық есептілік туралы» ҚР № 234-III Заңы",
              "accounting: Law of the RK No. 234-III “On Accounting and Financial Reporting”"))

# category -> the reasons it may be kept for (in a form that no longer identifies the person)
KEEPABLE: dict[str, dict[KeepReason, KeepSpec]] = {
    DataCategory.ORDER_HISTORY.value: {KeepReason.ACCOUNTING: KEEP_ACCOUNTING},
}


def keep_spec(category: str, reason: str) -> KeepSpec:
    try:
        return KEEPABLE[category][KeepReason(reason)]
    except (KeyError, ValueError):
        raise DestructionRuleError(
            "keep_not_possible",
            f"“{category}” cannot be kept for “{reason}” without what identifies the person. "
            "To keep a subject's data for a legal hold or an open obligation, exclude the subject "
            "from the act with a reasoned refusal.") from None


def kept_text(category: str, reason: str, count: int | None, language: str = "ru") -> str:
    """"История заказов (3): номер, дата и сумма заказа — без сведений о покупателе; основание: …"."""
    spec = keep_spec(category, reason)
    head = category_label(category, language) + (f" ({count})" if count else "")
    word = {"ru": "основание", "kk": "негізі", "en": "basis"}[language]
    return f"{head}: {spec.what.get(language)}; {word}: {spec.basis.get(language)}"


def accounting_keep_until(order_day: date) -> date:
    """Primary accounting documents are kept five years after the end of their year."""
    return date(order_day.year + ACCOUNTING_RETENTION_YEARS, 12, 31)


# --- dates and numbers -------------------------------------------------------------------------


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February -> 28 February
        return day.replace(year=day.year + years, day=28)


def kept_until(act_date: date) -> date:
    """The last day the act is kept (policy §9.5: three years)."""
    return add_years(act_date, ACT_RETENTION_YEARS)


def act_due_for_destruction(act_date: date, today: date) -> bool:
    return today > kept_until(act_date)


ACT_PREFIX = "А"  # Cyrillic A: "Акт"
_NUMBER = re.compile(r"^[АAаa]-(\d{4})-([0-9A-Z]{3})-(\d{1,9})$")


def format_act_number(year: int, device_code: str, n: int) -> str:
    if not 2000 <= year <= 2099 or n < 1 or not re.fullmatch(r"[0-9A-Z]{3}", device_code or ""):
        raise DestructionRuleError("number_invalid", "An act number needs a year, a device code and n ≥ 1.")
    return f"{ACT_PREFIX}-{year}-{device_code}-{n:04d}"


def act_number_prefix(year: int, device_code: str) -> str:
    return f"{ACT_PREFIX}-{year}-{device_code}-"


def parse_act_number(text: str) -> tuple[int, str, int] | None:
    """(year, device code, n) of an act number typed with a Cyrillic or Latin "A"; None if not one."""
    m = _NUMBER.match((text or "").strip().upper())
    if not m:
        return None
    return int(m.group(1)), m.group(2), int(m.group(3))


def normalize_act_number(text: str) -> str | None:
    parsed = parse_act_number(text)
    if parsed is None:
        return None
    year, code, n = parsed
    return format_act_number(year, code, n)


# --- the fingerprint ---------------------------------------------------------------------------


def _check_json(value: object, path: str = "record") -> None:
    if value is None or isinstance(value, (bool, int, str)):
        return
    if isinstance(value, float):
        raise DestructionRuleError("fingerprint_float", f"{path}: floats are not canonical; use integers")
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _check_json(item, f"{path}[{i}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise DestructionRuleError("fingerprint_key", f"{path}: keys must be strings")
            _check_json(item, f"{path}.{key}")
        return
    raise DestructionRuleError("fingerprint_type",
                               f"{path}: {type(value).__name__} is not allowed; give dates as ISO text")


def canonical_json(record: Mapping) -> str:
    """The one text of a record: keys sorted, no spaces, UTF-8 letters as they are (no escapes,
    no Unicode normalisation: the names stay exactly as entered)."""
    _check_json(record)
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def act_fingerprint(record: Mapping) -> str:
    """SHA-256 (hex) of the canonical JSON of the act's record (see `act_record`)."""
    return hashlib.sha256(canonical_json(record).encode("utf-8")).hexdigest()


def act_record(*, act_id: str, number: str, act_date: date, executed_at: str, operator: Mapping,
               processors: Iterable[Mapping], reason: str, reason_text: str, legal_basis_text: str,
               information_system: str, methods: Iterable[str], staff: Iterable[Mapping],
               names_subjects: bool, kept_until_day: date, items: Iterable[Mapping]) -> dict:
    """The act's record as the fingerprint covers it. Items: subject_ref, label, categories,
    kept [{category, reason, count}], sheets, excluded, refusal, destroyed_at (ISO UTC or "")."""
    return {
        "schema": FINGERPRINT_SCHEMA,
        "act_id": act_id,
        "number": number,
        "date": act_date.isoformat(),
        "executed_at": executed_at,
        "operator": {k: operator.get(k) or "" for k in ("id", "name", "iin_bin", "address")},
        "processors": [{k: p.get(k) or "" for k in ("id", "name", "iin_bin", "address")} for p in processors],
        "reason": reason,
        "reason_text": reason_text,
        "legal_basis": legal_basis_text,
        "information_system": information_system,
        "methods": list(methods),
        "staff": [{k: s.get(k) or "" for k in ("staff_id", "full_name", "position")} for s in staff],
        "names_subjects": bool(names_subjects),
        "kept_until": kept_until_day.isoformat(),
        "items": [{
            "subject_ref": item["subject_ref"],
            "label": item.get("label") or "",
            "categories": list(item.get("categories") or []),
            "kept": [{"category": k["category"], "reason": k["reason"], "count": int(k.get("count") or 0)}
                     for k in item.get("kept") or []],
            "sheets": int(item.get("sheets") or 0),
            "excluded": bool(item.get("excluded")),
            "refusal": item.get("refusal") or "",
            "destroyed_at": item.get("destroyed_at") or "",
        } for item in items],
    }


def format_fingerprint(fingerprint: str, group: int = 4) -> str:
    """"3f2a 9c01 …" for print: easier to read aloud and compare by eye."""
    return " ".join(fingerprint[i:i + group] for i in range(0, len(fingerprint), group))


def qr_payload(act_id: str, fingerprint: str) -> str:
    return f"{QR_PREFIX}{act_id}:{fingerprint}"


_PAYLOAD = re.compile(r"pdp-desk:act:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([0-9a-f]{64})")


def parse_qr_payload(text: str) -> tuple[str, str] | None:
    """(act id, fingerprint) from a QR payload or any text holding one; None if there is none."""
    m = _PAYLOAD.search((text or "").strip().lower())
    return (m.group(1), m.group(2)) if m else None
