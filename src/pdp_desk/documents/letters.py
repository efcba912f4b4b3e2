"""Reply letters to subjects' requests as PDF, in Russian or Kazakh, from editable templates.

* `fill(template_text, values)`: the template language. `{name}` inserts a value as text; `{{`
  and `}}` print braces. Refused, with a `TemplateError` naming the problem: an unknown field
  (`unknown_field`), `{}` (`empty_field`), attribute or index access `{x.y}` / `{x[0]}`
  (`field_access`), conversions and format specs `{x!r}` / `{x:>10}` (`format_spec`), a brace
  without its partner (`stray_brace`, with line and column). Parsed with string.Formatter's
  parser only: nothing is evaluated, formatted or looked up beyond a plain dict key.
* `render_letter(kind, language, template, data)`: the PDF. The letterhead (operator, IIN/BIN,
  address, contacts), the outgoing reference (the request's number), the addressee, the title
  and body from the template, for an access answer the tables of everything held (their
  headers repeat across pages), and the signature block. All values print as text.

The data are plain dataclasses (`LetterData`, `HeldData`, ...) made by services.letters from
the database: no ORM objects reach this module.
"""
from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from pdp_desk.documents.letter_templates import (
    DEFAULT_TEMPLATES,
    LETTER_KINDS,
    LETTER_LANGUAGES,
    PLACEHOLDERS,
    REQUIRED_FIELDS,
    Template,
)
from pdp_desk.domain.catalogue import DATA_CATEGORY_LABELS, SUBJECT_CATEGORY_LABELS
from pdp_desk.domain.deadlines import Localized
from pdp_desk.domain.deadlines import label as request_type_label
from pdp_desk.domain.identifiers import format_phone
from pdp_desk.domain.localtime import local_time

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

# The layout functions below import ReportLab (through documents.pdf) where they run: it costs
# 0.3 s, and the application imports this module at start-up for the templates and fields.

__all__ = [
    "ConsentInfo", "HeldData", "HeldItem", "LetterData", "LetterError", "OperatorInfo", "OrderInfo",
    "PurposeInfo", "RecipientInfo", "Template", "TemplateError", "check_template", "fields_of", "fill",
    "format_date", "format_money", "render_letter", "retention_text", "salutation", "sample_values",
    "template_for",
]


# --- errors ----------------------------------------------------------------------------------

class LetterError(ValueError):
    """A letter that cannot be made as asked. `code` is stable (the GUI translates it)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class TemplateError(LetterError):
    """A template that cannot be filled: `code`, the `field` concerned, where (`line`, `column`,
    1-based, when known)."""

    def __init__(self, code: str, message: str, field: str | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        super().__init__(code, message)
        self.field = field
        self.line = line
        self.column = column


# --- the template language -------------------------------------------------------------------

_FORMATTER = string.Formatter()


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _stray_brace(text: str) -> tuple[str, int]:
    """The first brace that has no partner: ("{" or "}", its index). (-1 when none is found.)"""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "{":
            if i + 1 < n and text[i + 1] == "{":
                i += 2
                continue
            close = text.find("}", i + 1)
            reopen = text.find("{", i + 1)
            if close == -1 or (reopen != -1 and reopen < close):
                return "{", i
            i = close + 1
            continue
        if ch == "}":
            if i + 1 < n and text[i + 1] == "}":
                i += 2
                continue
            return "}", i
        i += 1
    return "", -1


def _parse(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    try:
        return list(_FORMATTER.parse(text))
    except ValueError:
        brace, index = _stray_brace(text)
        line, column = _position(text, max(index, 0))
        if brace == "}":
            message = (f'A "}}" without an opening "{{" at line {line}, column {column}. '
                       'To print a brace itself, type it twice: }}.')
        else:
            message = (f'A "{{" that is not closed at line {line}, column {column}. Close the '
                       'field with "}", or, to print a brace itself, type it twice: {{.')
        raise TemplateError("stray_brace", message, None, line, column) from None


def _locate(text: str, field_text: str) -> tuple[int | None, int | None]:
    index = text.find("{" + field_text)
    return _position(text, index) if index >= 0 else (None, None)


def _field_name(text: str, name: str, conversion: str | None, spec: str | None,
                known: Mapping[str, object] | frozenset[str]) -> str:
    """The checked name of one `{field}` (whitespace around it is forgiven)."""
    line, column = _locate(text, name)
    where = f" at line {line}, column {column}" if line else ""
    clean = name.strip()
    if not clean:
        raise TemplateError("empty_field", f"An empty field {{}}{where}: write the field's name "
                            "inside the braces, e.g. {subject_name}.", "", line, column)
    if "." in clean or "[" in clean or "]" in clean:
        raise TemplateError("field_access", f"The field {{{clean}}}{where} uses . or [ ]: only plain "
                            "field names are allowed.", clean, line, column)
    if conversion or spec:
        raise TemplateError("format_spec", f"The field {{{name}}}{where} has a conversion or "
                            "format (! or :): write just the field's name.", clean, line, column)
    if not clean.isidentifier() or clean not in known:
        raise TemplateError("unknown_field", f"Unknown field {{{clean}}}{where}. Known fields: "
                            + ", ".join("{" + k + "}" for k in sorted(known)) + ".",
                            clean, line, column)
    return clean


def fields_of(template_text: str, known: Mapping[str, object] | frozenset[str] = PLACEHOLDERS) -> list[str]:
    """The fields a template uses, in order (checked as `fill` checks them)."""
    out = []
    for _, name, spec, conversion in _parse(template_text):
        if name is not None:
            out.append(_field_name(template_text, name, conversion, spec, known))
    return out


def fill(template_text: str, values: Mapping[str, object]) -> str:
    """The template with each `{field}` replaced by str(values[field]) ("" for None), as text.

    Values are inserted once and never re-read as template or markup; the result is plain
    text (escape it before it goes into a Paragraph: `pdf.para` does).
    """
    if not isinstance(template_text, str):
        raise TemplateError("not_text", "A template is text.")
    out: list[str] = []
    for literal, name, spec, conversion in _parse(template_text):
        out.append(literal)
        if name is None:
            continue
        key = _field_name(template_text, name, conversion, spec, values)
        value = values[key]
        out.append("" if value is None else str(value))
    return "".join(out)


def check_template(kind: str, title: str, body: str) -> None:
    """Raise TemplateError unless the title and body fill with every known field and the body
    has the kind's required fields (a refusal must state its reason)."""
    values = sample_values()
    fill(title, values)
    fill(body, values)
    used = set(fields_of(body))
    for required in REQUIRED_FIELDS.get(kind, ()):
        if required not in used:
            raise TemplateError("required_field_missing",
                                f"This letter must contain the field {{{required}}}.", required)


def sample_values(language: str = "ru") -> dict[str, str]:
    """Plausible values of every placeholder (template checks, previews)."""
    ru = language != "kk"
    return {
        "salutation": "Уважаемая Әлия Нұрланқызы!" if ru else "Құрметті Әлия Нұрланқызы!",
        "subject_name": "Сейітова Әлия Нұрланқызы",
        "request_number": "2026-7KQ-00014",
        "request_date": "02.03.2026",
        "request_type": "получение сведений, доступ" if ru else "мәліметтер алу, қолжетімділік",
        "operator_name": "ИП Турехан",
        "operator_iin_bin": "950902401642",
        "operator_address": "г. Алматы, ул. Абая, д. 1" if ru else "Алматы қ., Абай к-сі, 1",
        "operator_contacts": "+7 701 123 45 67, info@example.kz",
        "today": "05.03.2026",
        "refusal_reason": "Личность заявителя не подтверждена." if ru else "Өтініш берушінің жеке басы расталмады.",
        "staff_name": "Ахметова Динара Серікқызы",
        "staff_position": "менеджер магазина" if ru else "дүкен менеджері",
        "held_data": "",
    }


# --- the data of a letter --------------------------------------------------------------------

@dataclass(frozen=True)
class OperatorInfo:
    name: str
    iin_bin: str = ""
    address: str = ""
    phone: str = ""    # E.164; printed +7 7XX XXX XX XX
    email: str = ""


@dataclass(frozen=True)
class HeldItem:
    """One value held about the subject."""

    category: str                          # a DataCategory code, or "iin" / "status"
    value: str
    source: str = ""                       # a source code (website, import, manual, ...) or text
    recorded: date | datetime | None = None


@dataclass(frozen=True)
class OrderInfo:
    placed: date | datetime
    number: str = ""
    items: str = ""
    amount_tiyn: int = 0
    currency: str = "KZT"
    status: str = ""                       # delivered | cancelled | ... (code)


@dataclass(frozen=True)
class PurposeInfo:
    name: Localized
    categories: tuple[str, ...] = ()       # DataCategory codes
    retention_rule: str = ""               # domain.catalogue.RetentionRule code
    retention_days: int | None = None
    kept_until: date | None = None         # when it can be computed (after_consent, after_last_order)


@dataclass(frozen=True)
class ConsentInfo:
    purpose: Localized
    given: date | datetime
    policy_version: str = ""               # the policy version's label ("09.02.2026")
    channel: str = ""                      # website | phone | paper | email | in_person (code)
    state: str = "given"                   # given | withdrawn | expired
    valid_until: date | None = None
    withdrawn: date | datetime | None = None
    third_parties: bool = False
    cross_border: bool = False


@dataclass(frozen=True)
class RecipientInfo:
    """A third party that receives the subject's data (for this operator: delivery services)."""

    name: str
    iin_bin: str = ""
    address: str = ""


@dataclass(frozen=True)
class HeldData:
    """Everything held about the subject, for the answer to an access request."""

    subject_category: str = ""             # SubjectCategory code
    items: tuple[HeldItem, ...] = ()
    orders: tuple[OrderInfo, ...] = ()
    purposes: tuple[PurposeInfo, ...] = ()
    consents: tuple[ConsentInfo, ...] = ()
    recipients: tuple[RecipientInfo, ...] = ()
    blocked_since: date | datetime | None = None


@dataclass(frozen=True)
class LetterData:
    operator: OperatorInfo
    subject_name: str
    request_number: str
    request_date: date | datetime
    request_type: str                      # domain.deadlines.RequestType code
    today: date
    reply_to: str = ""                     # where the answer goes (e-mail or postal address)
    representative_name: str = ""
    subject_sex: str | None = None         # "male" / "female" (from the IIN), for the salutation
    staff_name: str = ""
    staff_position: str = ""
    refusal_reason: str = ""
    held: HeldData | None = None
    # (kind, language) -> the operator's own template, overriding DEFAULT_TEMPLATES
    templates: Mapping[tuple[str, str], Template] = field(default_factory=dict)


# --- words -----------------------------------------------------------------------------------

_WORDS: dict[str, dict[str, str]] = {
    "ru": {
        "iin_bin": "ИИН/БИН", "phone": "тел.", "outgoing": "Исх. №\u00a0{number} от {date}",
        "to_request": "на обращение от {date}", "no_number": "б/н",
        "via_representative": "через представителя: {name}",
        "regards": "С уважением,", "signature": "(подпись)",
        "running": "{operator} — ответ на обращение № {number}",
        "sec_data": "Персональные данные", "sec_orders": "Заказы",
        "sec_purposes": "Цели обработки и сроки хранения", "sec_consents": "Согласия на обработку",
        "sec_recipients": "Получатели персональных данных (третьи лица)",
        "subject_category": "Категория субъекта: {category}.",
        "blocked": "Ваши персональные данные заблокированы с {date}.",
        "h_category": "Категория", "h_value": "Сведения", "h_source": "Источник", "h_recorded": "Получены",
        "h_date": "Дата", "h_number": "Номер", "h_items": "Состав заказа", "h_amount": "Сумма",
        "h_status": "Статус",
        "h_purpose": "Цель", "h_categories": "Категории данных", "h_retention": "Срок хранения",
        "h_given": "Дано", "h_policy": "Версия политики", "h_channel": "Способ",
        "h_third": "Передача третьим лицам", "h_until": "Действует до",
        "h_recipient": "Получатель", "h_recipient_id": "БИН/ИИН", "h_recipient_address": "Адрес",
        "no_data": "Персональные данные о Вас не обрабатываются.",
        "no_orders": "Заказов нет.", "no_consents": "Сведений о согласиях нет.",
        "no_purposes": "Ваши персональные данные не обрабатываются ни для одной цели.",
        "no_recipients": "Ваши персональные данные третьим лицам не передавались.",
        "recipients_intro": "Ваши персональные данные передаются следующим лицам, которые "
                            "обрабатывают их по поручению оператора для достижения целей обработки:",
        "orders_summary": "{count} {orders_word} с {first} по {last} на сумму {total}",
        "orders_summary_one": "1 заказ от {first} на сумму {total}",
        "yes": "да", "no": "нет",
        "until_withdrawn": "до отзыва согласия",
        "after_consent": "{term} с даты согласия", "after_last_order": "{term} после последнего заказа",
        "until_date": "{text} (до {date})",
        "consent_given": "действует", "consent_open": "до отзыва",
        "consent_withdrawn": "отозвано {date}", "consent_expired": "истекло {date}",
        "consent_expired_plain": "истекло",
    },
    "kk": {
        "iin_bin": "ЖСН/БСН", "phone": "тел.", "outgoing": "Шығыс №\u00a0{number}, {date}",
        "to_request": "{date} күнгі өтінішке", "no_number": "нөмірсіз",
        "via_representative": "өкілі арқылы: {name}",
        "regards": "Құрметпен,", "signature": "(қолы)",
        "running": "{operator} — № {number} өтінішке жауап",
        "sec_data": "Дербес деректер", "sec_orders": "Тапсырыстар",
        "sec_purposes": "Өңдеу мақсаттары және сақтау мерзімдері",
        "sec_consents": "Өңдеуге берілген келісімдер",
        "sec_recipients": "Дербес деректерді алушылар (үшінші тұлғалар)",
        "subject_category": "Субъект санаты: {category}.",
        "blocked": "Дербес деректеріңіз {date} бастап бұғатталған.",
        "h_category": "Санат", "h_value": "Мәліметтер", "h_source": "Дереккөз", "h_recorded": "Алынған күні",
        "h_date": "Күні", "h_number": "Нөмірі", "h_items": "Тапсырыс құрамы", "h_amount": "Сомасы",
        "h_status": "Мәртебесі",
        "h_purpose": "Мақсат", "h_categories": "Деректер санаттары", "h_retention": "Сақтау мерзімі",
        "h_given": "Берілген күні", "h_policy": "Саясат нұсқасы", "h_channel": "Тәсілі",
        "h_third": "Үшінші тұлғаларға беру", "h_until": "Қолданылу мерзімі",
        "h_recipient": "Алушы", "h_recipient_id": "БСН/ЖСН", "h_recipient_address": "Мекенжайы",
        "no_data": "Сіздің дербес деректеріңіз өңделмейді.",
        "no_orders": "Тапсырыстар жоқ.", "no_consents": "Келісімдер туралы мәліметтер жоқ.",
        "no_purposes": "Сіздің дербес деректеріңіз ешбір мақсатта өңделмейді.",
        "no_recipients": "Сіздің дербес деректеріңіз үшінші тұлғаларға берілмеген.",
        "recipients_intro": "Сіздің дербес деректеріңіз өңдеу мақсаттарына қол жеткізу үшін "
                            "оператордың тапсырмасы бойынша оларды өңдейтін мына тұлғаларға беріледі:",
        "orders_summary": "{count} тапсырыс, {first} – {last}, жалпы сомасы {total}",
        "orders_summary_one": "1 тапсырыс, {first}, сомасы {total}",
        "yes": "иә", "no": "жоқ",
        "until_withdrawn": "келісім кері қайтарып алынғанға дейін",
        "after_consent": "келісім берілген күннен бастап {term}",
        "after_last_order": "соңғы тапсырыстан кейін {term}",
        "until_date": "{text} ({date} дейін)",
        "consent_given": "күшінде", "consent_open": "кері қайтарып алынғанға дейін",
        "consent_withdrawn": "{date} кері қайтарып алынды", "consent_expired": "{date} мерзімі өтті",
        "consent_expired_plain": "мерзімі өтті",
    },
}

_EXTRA_CATEGORY_LABELS = {
    "iin": {"ru": "ИИН", "kk": "ЖСН", "en": "IIN"},
    "status": {"ru": "Статус", "kk": "Мәртебесі", "en": "Status"},
    "note": {"ru": "Примечание оператора", "kk": "Оператордың ескертпесі", "en": "Operator's note"},
}

SOURCE_LABELS: dict[str, dict[str, str]] = {
    "website": {"ru": "сайт", "kk": "сайт"},
    "import": {"ru": "загружено с сайта", "kk": "сайттан жүктелді"},
    "manual": {"ru": "внесено сотрудником", "kk": "қызметкер енгізді"},
    "phone": {"ru": "по телефону", "kk": "телефон арқылы"},
    "paper": {"ru": "бумажный документ", "kk": "қағаз құжат"},
    "email": {"ru": "электронная почта", "kk": "электрондық пошта"},
    "in_person": {"ru": "лично", "kk": "жеке өзі"},
    "request": {"ru": "из обращения", "kk": "өтініштен"},
    "demo": {"ru": "демонстрационные данные", "kk": "демонстрациялық деректер"},
}

CHANNEL_LABELS: dict[str, dict[str, str]] = {
    "website": {"ru": "на сайте", "kk": "сайтта"},
    "phone": {"ru": "по телефону", "kk": "телефон арқылы"},
    "paper": {"ru": "письменно", "kk": "жазбаша"},
    "email": {"ru": "по электронной почте", "kk": "электрондық пошта арқылы"},
    "in_person": {"ru": "лично", "kk": "жеке өзі"},
}

ORDER_STATUS_LABELS: dict[str, dict[str, str]] = {
    "delivered": {"ru": "доставлен", "kk": "жеткізілді"},
    "cancelled": {"ru": "отменён", "kk": "бас тартылды"},
    "new": {"ru": "новый", "kk": "жаңа"},
    "in_delivery": {"ru": "в доставке", "kk": "жеткізілуде"},
    "paid": {"ru": "оплачен", "kk": "төленді"},
    "returned": {"ru": "возвращён", "kk": "қайтарылды"},
}


def _w(language: str, key: str, **kwargs: object) -> str:
    text = _WORDS[language][key]
    return text.format(**kwargs) if kwargs else text


def _lookup(table: Mapping[str, Mapping[str, str]], code: str, language: str) -> str:
    entry = table.get(code)
    return entry.get(language, code) if entry else code


# --- formats ---------------------------------------------------------------------------------

def _as_date(value: date | datetime | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        # An aware time shows as its day in Kazakhstan; a naive one as it is.
        return (local_time(value) if value.tzinfo else value).date()
    return value


def format_date(value: date | datetime | None) -> str:
    """dd.mm.yyyy ("" for None); aware datetimes as their day in Kazakhstan."""
    day = _as_date(value)
    return day.strftime("%d.%m.%Y") if day else ""


def format_money(tiyn: int, currency: str = "KZT") -> str:
    """12345678 tiyn -> "123 456,78 ₸" (a narrow no-break space groups the thousands)."""
    sign = "-" if tiyn < 0 else ""
    whole, cents = divmod(abs(int(tiyn)), 100)
    grouped = f"{whole:,}".replace(",", "\u202f")
    mark = "₸" if currency.upper() == "KZT" else currency.upper()
    return f"{sign}{grouped},{cents:02d}\u00a0{mark}"


def _plural_ru(n: int, one: str, few: str, many: str) -> str:
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _term(days: int, language: str) -> str:
    """A retention term in days as words: whole years as years."""
    if days % 365 == 0:
        years = days // 365
        return (f"{years} {_plural_ru(years, 'год', 'года', 'лет')}" if language == "ru"
                else f"{years} жыл")
    return (f"{days} {_plural_ru(days, 'день', 'дня', 'дней')}" if language == "ru"
            else f"{days} күн")


def retention_text(purpose: PurposeInfo, language: str) -> str:
    rule, days = purpose.retention_rule, purpose.retention_days
    if rule == "until_withdrawn" or days is None:
        text = _w(language, "until_withdrawn")
    elif rule in ("after_consent", "after_last_order"):
        text = _w(language, rule, term=_term(days, language))
    else:
        text = rule
    if purpose.kept_until is not None:
        text = _w(language, "until_date", text=text, date=format_date(purpose.kept_until))
    return text


def category_label(code: str, language: str) -> str:
    for table in (DATA_CATEGORY_LABELS, _EXTRA_CATEGORY_LABELS):
        for key, labels in table.items():
            if key == code:
                return labels[language]
    return code


def _first_lower(text: str) -> str:
    """"Номер телефона" -> "номер телефона"; an abbreviation ("ФИО", "ИИН") stays as it is."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _categories_text(codes: tuple[str, ...], language: str) -> str:
    labels = [category_label(c, language) for c in codes]
    return _first_upper(", ".join([labels[0]] + [_first_lower(x) for x in labels[1:]])) if labels else ""


def _keep_number_together(text: str) -> str:
    """"№ 94-V" never breaks after the sign (a no-break space)."""
    return text.replace("№ ", "№\u00a0")


# --- salutation ------------------------------------------------------------------------------

_MALE_ENDINGS = ("вич", "ич", "ұлы", "улы", "оглы", "уулу", "угли")
_FEMALE_ENDINGS = ("вна", "чна", "қызы", "кызы", "гызы", "кизи")
_PATRONYMIC_WORDS = {"ұлы": "male", "улы": "male", "оглы": "male", "уулу": "male",
                     "қызы": "female", "кызы": "female", "гызы": "female"}


def _patronymic(words: list[str]) -> tuple[int, int, str] | None:
    """(first, last) word indices of the given name + patronymic, and the sex they show."""
    for i, word in enumerate(words):
        low = word.lower()
        if low in _PATRONYMIC_WORDS and i >= 2:   # "Нұрлан қызы": the father's name is apart
            return i - 2, i, _PATRONYMIC_WORDS[low]
        if i >= 1 and len(low) > 4:
            if low.endswith(_FEMALE_ENDINGS):
                return i - 1, i, "female"
            if low.endswith(_MALE_ENDINGS):
                return i - 1, i, "male"
    return None


def salutation(full_name: str, language: str, sex: str | None = None) -> str:
    """The salutation line: «Уважаемая Әлия Нұрланқызы!» / «Құрметті Әлия Нұрланқызы!».

    The person is addressed by given name and patronymic when the name has a patronymic
    (Russian -вич/-вна, Kazakh -ұлы/-қызы, written together or apart), else by the full name.
    Russian needs the sex: from the IIN when known, else from the patronymic, else both forms.
    """
    words = full_name.split()
    if not words:
        return "Здравствуйте!" if language == "ru" else "Сәлеметсіз бе!"
    found = _patronymic(words)
    addressed = " ".join(words[found[0]:found[1] + 1]) if found else " ".join(words)
    if language == "kk":
        return f"Құрметті {addressed}!"
    sex = sex or (found[2] if found else None)
    word = {"male": "Уважаемый", "female": "Уважаемая"}.get(sex or "", "Уважаемый(-ая)")
    return f"{word} {addressed}!"


# --- rendering -------------------------------------------------------------------------------

_HELD_MARK = "\x00held_data\x00"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


def template_for(kind: str, language: str, data: LetterData | None = None) -> Template:
    """The operator's template for (kind, language) if it has one, else the default."""
    if data is not None and (kind, language) in data.templates:
        return data.templates[(kind, language)]
    return DEFAULT_TEMPLATES[(kind, language)]


def _values(kind: str, language: str, data: LetterData) -> dict[str, str]:
    op = data.operator
    contacts = ", ".join(v for v in (format_phone(op.phone) if op.phone else "", op.email) if v)
    try:
        type_label = _first_lower(request_type_label(data.request_type, language))
    except Exception:  # an unknown code prints as it is
        type_label = data.request_type
    values = {
        "salutation": salutation(data.subject_name, language, data.subject_sex),
        "subject_name": data.subject_name,
        "request_number": data.request_number or _w(language, "no_number"),
        "request_date": format_date(data.request_date),
        "request_type": type_label,
        "operator_name": op.name,
        "operator_iin_bin": op.iin_bin,
        "operator_address": op.address,
        "operator_contacts": contacts,
        "today": format_date(data.today),
        "refusal_reason": data.refusal_reason.strip(),
        "staff_name": data.staff_name,
        "staff_position": data.staff_position,
        "held_data": _HELD_MARK,
    }
    # No value may smuggle in the mark of the tables' place.
    return {k: (v.replace("\x00", "") if k != "held_data" else v) for k, v in values.items()}


def _letterhead(data: LetterData, language: str, width: float) -> list[Flowable]:
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    from pdp_desk.documents import pdf

    op = data.operator
    story: list[Flowable] = [pdf.para(op.name, pdf.styles()["letterhead"])]
    details = []
    if op.iin_bin:
        details.append(f"{_w(language, 'iin_bin')} {op.iin_bin}")
    if op.address:
        details.append(op.address)
    contacts = [format_phone(op.phone) if op.phone else "", op.email]
    contacts = [c for c in contacts if c]
    if contacts:
        details.append(", ".join(contacts))
    if details:
        story.append(pdf.para("  •  ".join(details), pdf.styles()["letterhead_details"]))
    story.append(pdf.rule(thickness=0.8, space_mm=2.5))
    # Reference (left) and addressee (right).
    number = data.request_number or _w(language, "no_number")
    left = [pdf.para(_w(language, "outgoing", number=number, date=format_date(data.today)), "small"),
            pdf.para(_w(language, "to_request", date=format_date(data.request_date)), "small")]
    right: list[Flowable] = [pdf.para(data.subject_name, "bold")]
    if data.representative_name:
        right.append(pdf.para(_w(language, "via_representative", name=data.representative_name), "plain"))
    if data.reply_to:
        right.append(pdf.para(data.reply_to, "plain"))
    block = Table([[left, right]], colWidths=[width * 0.45, width * 0.55], hAlign="LEFT")
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("LEFTPADDING", (1, 0), (1, 0), 12 * mm)]))
    story += [block, pdf.spacer(6)]
    return story


def _held_story(held: HeldData, language: str, width: float) -> list[Flowable]:
    from pdp_desk.documents import pdf

    w = lambda key, **kw: _w(language, key, **kw)  # noqa: E731
    story: list[Flowable] = []
    section = 0

    def heading(key: str) -> None:
        nonlocal section
        section += 1
        story.append(pdf.para(f"{section}. {w(key)}", "heading"))

    # 1. The data, by category.
    heading("sec_data")
    if held.subject_category:
        labels = SUBJECT_CATEGORY_LABELS.get(held.subject_category)  # type: ignore[call-overload]
        category = labels[language] if labels else held.subject_category
        story.append(pdf.para(w("subject_category", category=_first_lower(category)), "plain"))
    if held.blocked_since is not None:
        story.append(pdf.para(w("blocked", date=format_date(held.blocked_since)), "plain"))
    rows = [[category_label(item.category, language), item.value,
             _lookup(SOURCE_LABELS, item.source, language), format_date(item.recorded)]
            for item in held.items]
    if held.orders:
        rows.append([category_label("order_history", language), _orders_summary(held.orders, language),
                     _lookup(SOURCE_LABELS, "import", language), ""])
    if rows:
        story.append(pdf.spacer(1.5))
        story += pdf.table(rows, [w("h_category"), w("h_value"), w("h_source"), w("h_recorded")],
                           [30, 62, 30, 19], width=width)
    else:
        story.append(pdf.para(w("no_data"), "plain"))

    # 2. Orders.
    if held.orders:
        heading("sec_orders")
        rows = [[format_date(o.placed), o.number, o.items, format_money(o.amount_tiyn, o.currency),
                 _lookup(ORDER_STATUS_LABELS, o.status, language)]
                for o in sorted(held.orders, key=lambda o: (_as_date(o.placed) or date.min, o.number))]
        story += pdf.table(rows, [w("h_date"), w("h_number"), w("h_items"), w("h_amount"), w("h_status")],
                           [19, 22, 62, 22, 18], width=width,
                           col_styles=[None, None, None, "cell_right", None])

    # 3. Purposes and retention.
    heading("sec_purposes")
    if held.purposes:
        rows = [[p.name.get(language), _categories_text(p.categories, language),
                 retention_text(p, language)] for p in held.purposes]
        story += pdf.table(rows, [w("h_purpose"), w("h_categories"), w("h_retention")], [45, 55, 41],
                           width=width)
    else:
        story.append(pdf.para(w("no_purposes"), "plain"))

    # 4. Consents.
    heading("sec_consents")
    if held.consents:
        rows = [[c.purpose.get(language), format_date(c.given), c.policy_version,
                 _lookup(CHANNEL_LABELS, c.channel, language), w("yes") if c.third_parties else w("no"),
                 _consent_until(c, language)]
                for c in sorted(held.consents, key=lambda c: _as_date(c.given) or date.min)]
        story += pdf.table(rows, [w("h_purpose"), w("h_given"), w("h_policy"), w("h_channel"),
                                  w("h_third"), w("h_until")], [42, 18, 18, 20, 19, 24], width=width)
    else:
        story.append(pdf.para(w("no_consents"), "plain"))

    # 5. Recipients.
    heading("sec_recipients")
    if held.recipients:
        story.append(pdf.para(w("recipients_intro"), "plain"))
        story.append(pdf.spacer(1.5))
        rows = [[r.name, r.iin_bin, r.address] for r in held.recipients]
        story += pdf.table(rows, [w("h_recipient"), w("h_recipient_id"), w("h_recipient_address")],
                           [50, 22, 69], width=width)
    else:
        story.append(pdf.para(w("no_recipients"), "plain"))
    story.append(pdf.spacer(3))
    return story


def _orders_summary(orders: tuple[OrderInfo, ...], language: str) -> str:
    days = sorted(d for d in (_as_date(o.placed) for o in orders) if d)
    totals: dict[str, int] = {}
    for o in orders:
        totals[o.currency] = totals.get(o.currency, 0) + o.amount_tiyn
    total = ", ".join(format_money(v, c) for c, v in sorted(totals.items()))
    if len(orders) == 1:
        return _w(language, "orders_summary_one", first=format_date(days[0]) if days else "", total=total)
    word = _plural_ru(len(orders), "заказ", "заказа", "заказов")
    return _w(language, "orders_summary", count=len(orders), orders_word=word,
              first=format_date(days[0]) if days else "", last=format_date(days[-1]) if days else "",
              total=total)


def _consent_until(c: ConsentInfo, language: str) -> str:
    if c.state == "withdrawn":
        return _w(language, "consent_withdrawn", date=format_date(c.withdrawn))
    if c.state == "expired":
        return (_w(language, "consent_expired", date=format_date(c.valid_until)) if c.valid_until
                else _w(language, "consent_expired_plain"))
    return format_date(c.valid_until) if c.valid_until else _w(language, "consent_open")


def _signature(data: LetterData, language: str, width: float) -> list[Flowable]:
    """Position | signature line with "(подпись)" under it | name."""
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, KeepTogether, Table, TableStyle

    from pdp_desk.documents import pdf

    left = pdf.para(_first_upper(data.staff_position.strip()), "plain")
    right = pdf.para(data.staff_name, "right")
    line = HRFlowable(width="88%", thickness=0.6, color=colors.black, spaceBefore=0, spaceAfter=0)
    caption = pdf.para(_w(language, "signature"), "small_center")
    t = Table([[left, line, right], ["", caption, ""]],
              colWidths=[width * 0.40, width * 0.22, width * 0.38], hAlign="LEFT")
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                           ("VALIGN", (0, 1), (-1, 1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (0, -1), 6),
                           ("TOPPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, 0), 2),
                           ("BOTTOMPADDING", (0, 1), (-1, 1), 0)]))
    return [KeepTogether([pdf.spacer(4), pdf.para(_w(language, "regards"), "plain"), pdf.spacer(8), t])]


def render_letter(kind: str, language: str, template: Template | None, data: LetterData) -> bytes:
    """The letter as PDF bytes. `template` None: the operator's (data.templates) or the default.

    LetterError codes: "kind_unknown", "language_unsupported", "refusal_reason_required",
    "held_data_missing" (an access answer needs `data.held`); TemplateError for a bad template.
    """
    if kind not in LETTER_KINDS:
        raise LetterError("kind_unknown", f"Unknown kind of letter {kind!r}; one of {', '.join(LETTER_KINDS)}.")
    if language not in LETTER_LANGUAGES:
        raise LetterError("language_unsupported", f"Letters are made in {' or '.join(LETTER_LANGUAGES)}, "
                          f"not {language!r}.")
    if kind == "refusal" and not data.refusal_reason.strip():
        raise LetterError("refusal_reason_required", "A refusal must state its reason.")
    if kind == "access_answer" and data.held is None:
        raise LetterError("held_data_missing", "An answer to an access request lists the data held.")
    from pdp_desk.documents import pdf

    template = template or template_for(kind, language, data)
    values = _values(kind, language, data)
    title = _keep_number_together(fill(template.title, values).replace(_HELD_MARK, ""))
    body = _keep_number_together(fill(template.body, values))

    meta = pdf.DocMeta(
        title=title.strip() or kind, language=language, author=data.operator.name,
        subject=f"{data.request_number or ''} {kind}".strip(), keywords=("PDP Desk", kind, language),
        header_text=_w(language, "running", operator=data.operator.name,
                       number=data.request_number or _w(language, "no_number")),
        footer_text=_w(language, "outgoing", number=data.request_number or _w(language, "no_number"),
                       date=format_date(data.today)),
    )
    width = pdf.text_width(meta)
    story: list[Flowable] = _letterhead(data, language, width)
    if title.strip():
        story.append(pdf.para(title.strip(), "title"))
    held_story = (_held_story(data.held, language, width) if kind == "access_answer" and data.held
                  else [])
    placed = False
    for chunk in _PARAGRAPH_BREAK.split(body.strip()):
        text = chunk.strip("\n")
        if not text.strip():
            continue
        if _HELD_MARK in text:
            rest = text.replace(_HELD_MARK, "").strip()
            if rest:
                story.append(pdf.para(rest, "body"))
            if not placed:
                story += held_story
                placed = True
            continue
        style = "salutation" if text.strip() == values["salutation"] else "body"
        story.append(pdf.para(text, style))
    if not placed:
        story += held_story
    story += _signature(data, language, width)
    return pdf.render(story, meta)
