"""Columns of the website's exports: what a column means, and how its cells are read.

Pure rules for the importer (services.importer) and its column-mapping dialog:

* `Field`: what a column can map to; `FIELD_LABELS` names them for people.
* `guess_mapping(headers)`: a first guess from Russian and English headers as website builders
  and shop engines write them (Tilda, InSales, 1C-Bitrix, WooCommerce, OpenCart, Shopify).
* `header_signature(headers)`: a stable hash of the normalised header set, under which a
  mapping chosen once is remembered for the next export of the same shape.
* `Mapping`: header -> field, with the subject category and source, read from and written to
  the JSON of `pdp-desk import --mapping` ({"columns": {...}, "category": ..., "source": ...}).
* Cell parsers that never raise: `parse_datetime` (dd.mm.yyyy, yyyy-mm-dd, with times and zone
  offsets, Russian and English month names, Excel serial dates), `to_utc` (a naive export time
  is Kazakhstan time), `parse_amount` ("12 345,50 ₸", "12345.5", "1 200 тг" -> tiyn),
  `parse_yes_no` (да/нет, yes/no, 1/0, true/false, +/-), `parse_category`, `order_status`,
  and `neutralize` (a cell that a spreadsheet would run as a formula is kept as inert text).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from pdp_desk.domain.catalogue import SubjectCategory
from pdp_desk.domain.deadlines import Localized
from pdp_desk.domain.localtime import KAZAKHSTAN
from pdp_desk.domain.search import fold, tokens


class Field(StrEnum):
    FULL_NAME = "full_name"
    LAST_NAME = "last_name"
    FIRST_NAME = "first_name"
    MIDDLE_NAME = "middle_name"
    PHONE = "phone"
    EMAIL = "email"
    IIN = "iin"
    CITY = "city"
    ADDRESS = "address"
    CATEGORY = "category"
    ORDER_NO = "order_no"
    ORDER_DATE = "order_date"
    ORDER_AMOUNT = "order_amount"
    ORDER_ITEMS = "order_items"
    ORDER_STATUS = "order_status"
    CONSENT_MARKETING = "consent_marketing"
    CONSENT_GIVEN_AT = "consent_given_at"
    SOURCE_ID = "source_id"
    IGNORE = "ignore"


# Fields several columns may feed: every phone/e-mail column is a contact of the person, the
# parts of an address ("Address1", "Address2") and of a basket are joined.
MULTI_FIELDS = frozenset({Field.PHONE, Field.EMAIL, Field.ADDRESS, Field.ORDER_ITEMS, Field.IGNORE})
IDENTIFYING_FIELDS = frozenset({Field.PHONE, Field.EMAIL, Field.IIN})
ORDER_FIELDS = frozenset({Field.ORDER_NO, Field.ORDER_DATE, Field.ORDER_AMOUNT, Field.ORDER_ITEMS,
                          Field.ORDER_STATUS})

FIELD_LABELS: dict[Field, dict[str, str]] = {
    Field.FULL_NAME: {"ru": "ФИО", "kk": "Аты-жөні", "en": "Full name"},
    Field.LAST_NAME: {"ru": "Фамилия", "kk": "Тегі", "en": "Last name"},
    Field.FIRST_NAME: {"ru": "Имя", "kk": "Аты", "en": "First name"},
    Field.MIDDLE_NAME: {"ru": "Отчество", "kk": "Әкесінің аты", "en": "Middle name"},
    Field.PHONE: {"ru": "Телефон", "kk": "Телефон", "en": "Phone"},
    Field.EMAIL: {"ru": "E-mail", "kk": "E-mail", "en": "E-mail"},
    Field.IIN: {"ru": "ИИН", "kk": "ЖСН", "en": "IIN"},
    Field.CITY: {"ru": "Город", "kk": "Қала", "en": "City"},
    Field.ADDRESS: {"ru": "Адрес", "kk": "Мекенжай", "en": "Address"},
    Field.CATEGORY: {"ru": "Категория субъекта", "kk": "Субъект санаты", "en": "Subject category"},
    Field.ORDER_NO: {"ru": "Номер заказа", "kk": "Тапсырыс нөмірі", "en": "Order number"},
    Field.ORDER_DATE: {"ru": "Дата заказа", "kk": "Тапсырыс күні", "en": "Order date"},
    Field.ORDER_AMOUNT: {"ru": "Сумма заказа", "kk": "Тапсырыс сомасы", "en": "Order total"},
    Field.ORDER_ITEMS: {"ru": "Товары", "kk": "Тауарлар", "en": "Items"},
    Field.ORDER_STATUS: {"ru": "Статус заказа", "kk": "Тапсырыс күйі", "en": "Order status"},
    Field.CONSENT_MARKETING: {"ru": "Согласие на рассылку", "kk": "Таратылымға келісім",
                              "en": "Marketing consent"},
    Field.CONSENT_GIVEN_AT: {"ru": "Дата согласия", "kk": "Келісім күні", "en": "Consent date"},
    Field.SOURCE_ID: {"ru": "ID клиента на сайте", "kk": "Сайттағы клиент ID", "en": "Customer ID on the site"},
    Field.IGNORE: {"ru": "Не импортировать", "kk": "Импорттамау", "en": "Do not import"},
}


# --- headers -----------------------------------------------------------------------------------

def normalize_header(header: object) -> str:
    """The comparable form of a header: folded words joined by one space.

    "E-mail" -> "e mail", "Номер заказа*" -> "номер заказа", "billing_phone" -> "billing phone",
    "Адрес  доставки:" -> "адрес доставки", "Ё" -> "е".
    """
    text = "" if header is None else str(header)
    return " ".join(tokens(text.replace("\ufeff", "")[:1000]))


# Exact headers (normalised by normalize_header at import time), by the engines that write them.
_SYNONYMS: dict[Field, tuple[str, ...]] = {
    Field.FULL_NAME: (
        "ФИО", "Ф.И.О.", "ФИО покупателя", "ФИО клиента", "ФИО получателя", "Покупатель", "Клиент",
        "Заказчик", "Получатель", "Контактное лицо", "Имя и фамилия", "Фамилия Имя Отчество",
        "Фамилия, имя, отчество", "Аты-жөні", "Name", "Full name", "Fullname", "Customer",
        "Customer name", "Client", "Client name", "Contact name", "Buyer", "Recipient",
        "Billing Name", "Shipping Name", "Your name", "Ваше имя",
    ),
    Field.LAST_NAME: ("Фамилия", "Тегі", "Last name", "Lastname", "Surname", "Family name",
                      "Billing Last Name", "Shipping Last Name", "billing_last_name",
                      "shipping_last_name", "payment_lastname", "shipping_lastname"),
    Field.FIRST_NAME: ("Имя", "Аты", "First name", "Firstname", "Given name", "Billing First Name",
                       "Shipping First Name", "billing_first_name", "shipping_first_name",
                       "payment_firstname", "shipping_firstname"),
    Field.MIDDLE_NAME: ("Отчество", "Әкесінің аты", "Middle name", "Patronymic", "Second name"),
    Field.PHONE: (
        "Телефон", "Тел", "Тел.", "Номер телефона", "Телефон покупателя", "Телефон клиента",
        "Телефон получателя", "Мобильный телефон", "Мобильный", "Личный телефон", "Контактный телефон",
        "Сотовый", "Сотовый телефон", "WhatsApp", "Phone", "Phone number", "Telephone", "Mobile",
        "Mobile phone", "Cell", "Billing Phone", "Shipping Phone", "billing_phone", "Контактный номер",
        "Телефон нөмірі",
    ),
    Field.EMAIL: ("E-mail", "Email", "Эл. почта", "Электронная почта", "Почта", "E-mail покупателя",
                  "E-mail клиента", "Email адрес", "Адрес электронной почты", "Электрондық пошта",
                  "Email address", "E-mail address", "Mail", "Billing Email", "billing_email",
                  "Customer Email", "User email"),
    Field.IIN: ("ИИН", "ЖСН", "ИИН/БИН", "ИИН покупателя", "IIN", "Individual identification number"),
    Field.CITY: ("Город", "Город доставки", "Населенный пункт", "Населённый пункт", "Местоположение",
                 "Қала", "City", "Town", "Shipping City", "Billing City", "shipping_city",
                 "billing_city", "payment_city", "Delivery city"),
    Field.ADDRESS: (
        "Адрес", "Адрес доставки", "Адрес получателя", "Адрес покупателя", "Улица", "Улица, дом",
        "Улица, дом, квартира", "Дом", "Квартира", "Жеткізу мекенжайы", "Мекенжай", "Address",
        "Address 1", "Address 2", "Address1", "Address2", "Street", "Street address",
        "Delivery address", "Shipping address", "Shipping Address1", "Shipping Address2",
        "Shipping Street", "Billing Address", "Billing Address1", "Billing Address2", "Billing Street",
        "shipping_address_1", "shipping_address_2", "billing_address_1", "billing_address_2",
        "payment_address_1", "payment_address_2",
    ),
    Field.CATEGORY: ("Категория", "Категория клиента", "Тип клиента", "Тип покупателя", "Группа",
                     "Группа покупателей", "Category", "Customer type", "Customer group"),
    Field.ORDER_NO: ("Номер заказа", "№ заказа", "Номер", "Заказ", "Заказ №", "ID заказа",
                     "Код заказа", "Тапсырыс нөмірі", "Order", "Order ID", "Order No", "Order number",
                     "Order #", "Order_id", "Order key", "Номер платежа", "Payment ID", "Paymentid"),
    Field.ORDER_DATE: ("Дата заказа", "Дата создания", "Дата оформления", "Дата и время заказа",
                       "Дата", "Создан", "Дата добавления", "Тапсырыс күні", "Order date",
                       "Date", "Created", "Created at", "Date created", "Date added", "date_added",
                       "Order created", "Placed at", "Paid at", "Sent"),
    Field.ORDER_AMOUNT: ("Сумма", "Сумма заказа", "Итого", "Итоговая сумма", "Итого к оплате",
                         "К оплате", "Стоимость заказа", "Общая сумма", "Сумма оплаты", "Сома",
                         "Total", "Order total", "Order Total Amount", "Amount", "Grand total",
                         "Sum", "Payment amount", "Price"),
    Field.ORDER_ITEMS: ("Товары", "Товар", "Состав заказа", "Позиции", "Позиции заказа",
                        "Наименование", "Наименование товара", "Корзина", "Тауарлар", "Items",
                        "Line items", "Lineitem name", "Products", "Product", "Product name",
                        "Item name", "Order items", "Cart", "Products list"),
    Field.ORDER_STATUS: ("Статус", "Статус заказа", "Статус оплаты", "Состояние", "Status",
                         "Order status", "Financial status", "Fulfillment status", "Payment status"),
    Field.CONSENT_MARKETING: (
        "Согласие на рассылку", "Подписка на рассылку", "Подписан на рассылку", "Подписка",
        "Рассылка", "Согласие на получение рассылки", "Согласие на маркетинговые рассылки",
        "Получать новости", "Accepts Marketing", "Accepts Email Marketing", "Accepts SMS Marketing",
        "Newsletter", "Subscribed", "Marketing consent", "Email marketing", "Subscriber",
    ),
    Field.CONSENT_GIVEN_AT: ("Дата согласия", "Дата подписки", "Дата согласия на рассылку",
                             "Consent date", "Subscribed at", "Subscription date",
                             "Email Marketing Consent Updated At", "Accepts Marketing Updated At"),
    Field.SOURCE_ID: ("ID", "ID клиента", "ID покупателя", "ID пользователя", "Код клиента",
                      "Идентификатор", "Customer ID", "Customer_id", "Client ID", "User ID", "User_id",
                      "Lead ID", "Tranid"),
    Field.IGNORE: ("Дата рождения", "Birthday", "Date of birth", "Пароль", "Password", "Комментарий",
                   "Comment", "Note", "Notes", "Referer", "Referrer", "IP", "UTM source", "UTM medium",
                   "UTM campaign", "Formid", "Formname", "Zip", "Postcode", "Индекс", "Почтовый индекс",
                   "Country", "Страна", "Province", "Область", "Регион", "Company", "Компания",
                   "Currency", "Валюта", "Tags", "Теги", "Tax exempt", "Total spent", "Total orders",
                   "Кол-во заказов", "Количество заказов", "Lineitem quantity", "Lineitem price",
                   "Lineitem sku", "Quantity", "Количество", "Стоимость доставки", "Доставка",
                   "Shipping", "Taxes", "Discount", "Discount code", "Скидка", "Способ доставки",
                   "Способ оплаты", "Payment method", "Shipping method"),
}

# Fallback rules on the normalised header, tried in this order (the first match wins): the
# consent and order rules come before the contact rules because "Accepts Email Marketing"
# holds "email" and "Order ID" holds "id".
_RULES: tuple[tuple[Field, re.Pattern[str]], ...] = tuple((f, re.compile(p)) for f, p in (
    (Field.IGNORE, r"рожден|birth|парол|password|коммент|comment|utm|referer|referrer|cookie|\bip\b"
                   r"|индекс|postcode|\bzip\b|country|стран[аы]\b|province|регион|област|company|компан"
                   r"|доставк[аи] (стоим|способ|тип)|стоимость доставки|shipping (method|cost|price)"
                   r"|\bquantity\b|количеств|кол во|\bsku\b|артикул|discount|скидк|\btax"),
    (Field.CONSENT_GIVEN_AT, r"(согласи|подписк|consent|subscri|marketing|рассылк).*(дата|date|время|time|updated|\bat\b)"
                             r"|(дата|date).*(согласи|подписк|consent|subscri|рассылк)"),
    (Field.CONSENT_MARKETING, r"рассылк|маркетинг|marketing|newsletter|subscri|подписан|подписк"
                              r"|согласие на получение|получать новост"),
    (Field.ORDER_NO, r"(номер|\bno\b|number|\bid\b|код|^№).*(заказ|order|тапсырыс)"
                     r"|(заказ|order|тапсырыс).*(номер|\bno\b|number|\bid\b|нөмір)|^(заказ|order)$"),
    (Field.ORDER_DATE, r"^(дата|date|created|создан|placed|оформлен|paid|оплачен)\b|(дата|date|created|время|time).*(заказ|order)"
                       r"|(заказ|order).*(дата|date|created|time)"),
    (Field.ORDER_AMOUNT, r"сумм|итого|к оплате|стоимость заказа|total|amount|\bsum\b|сома\b"),
    (Field.ORDER_ITEMS, r"товар|состав|позици|наименован|корзин|line ?items?|lineitem|product|\bitems?\b"
                        r"|тауар"),
    (Field.ORDER_STATUS, r"статус|status|состояни"),
    (Field.EMAIL, r"\be ?mail|почт|емейл|имейл|мейл|электрон"),
    (Field.PHONE, r"телефон|\bтел\b|phone|mobile|мобильн|сотов|whatsapp|\bcell\b"),
    (Field.IIN, r"\bиин\b|\bжсн\b|\biin\b"),
    (Field.CITY, r"город|\bcity\b|населен|\btown\b|местоположен|қала"),
    (Field.ADDRESS, r"адрес|address|улиц|street|мекенжай|квартир|\bдом\b"),
    (Field.MIDDLE_NAME, r"отчеств|middle ?name|patronym"),
    (Field.LAST_NAME, r"фамили|last ?name|surname|family name|тегі"),
    (Field.FIRST_NAME, r"first ?name|given name|^имя$"),
    (Field.FULL_NAME, r"\bфио\b|\bф и о\b|\bname\b|имя|покупател|клиент|получател|заказчик|контактное лицо"
                      r"|customer|buyer|recipient|\bclient\b|аты"),
    (Field.CATEGORY, r"категори|category|тип клиента|тип покупател|customer (type|group)|групп"),
    (Field.SOURCE_ID, r"^id$|\bid\b.*(клиент|покупател|пользовател|customer|client|user)"
                      r"|(клиент|покупател|пользовател|customer|client|user).*\bid\b|код клиента"),
))

_EXACT: dict[str, Field] = {}
for _field, _names in _SYNONYMS.items():
    for _name in _names:
        _EXACT.setdefault(normalize_header(_name), _field)

_BILLING = re.compile(r"\b(billing|payment|плательщик|оплат)")
_SHIPPING = re.compile(r"\b(shipping|delivery|доставк|получател)")
_EXTRA = re.compile(r"\b(доп|дополнительн|additional|second|alt|other|другой|2|второй)\b|\d$")


def _group_penalty(field_: Field, header: str) -> int:
    """Billing/shipping columns: a delivery address is the shipping one; a person is the buyer."""
    if field_ in (Field.ADDRESS, Field.CITY):
        return 1 if _BILLING.search(header) else 0
    if field_ in (Field.FULL_NAME, Field.FIRST_NAME, Field.LAST_NAME, Field.PHONE, Field.EMAIL):
        return 2 if _SHIPPING.search(header) else 1 if _BILLING.search(header) else 0
    return 0


def guess_field(header: object) -> tuple[Field, int]:
    """(field, rank) for one header: rank 0 an exact synonym, 1 a rule, 9 nothing matched."""
    key = normalize_header(header)
    if not key:
        return Field.IGNORE, 9
    if key in _EXACT:
        return _EXACT[key], 0
    for field_, pattern in _RULES:
        if pattern.search(key):
            return field_, 1
    return Field.IGNORE, 9


@dataclass(frozen=True)
class Mapping:
    """Which field each column feeds. Unmapped columns are ignored.

    `columns` is keyed by the header as the file writes it (the importer also accepts a header
    that differs only in case, spaces or punctuation).
    """

    columns: dict[str, str] = field(default_factory=dict)
    category: str = SubjectCategory.REGISTERED.value
    source: str = "website"

    def fields(self) -> set[str]:
        return {f for f in self.columns.values() if f != Field.IGNORE}

    def to_json(self) -> dict:
        return {"columns": dict(self.columns), "category": self.category, "source": self.source}

    @classmethod
    def from_json(cls, data: object) -> Mapping:
        """Read the mapping file's JSON; raises MappingError saying what is wrong."""
        if isinstance(data, Mapping):
            return data
        if not isinstance(data, dict):
            raise MappingError("mapping_format", 'A mapping is a JSON object: {"columns": {"Header": "field"}}.')
        unknown_keys = set(data) - {"columns", "category", "source"}
        if unknown_keys:
            raise MappingError("mapping_format", "Unknown key(s) in the mapping: "
                               + ", ".join(sorted(repr(k)[:60] for k in unknown_keys))
                               + ' (allowed: "columns", "category", "source").')
        columns = data.get("columns")
        if not isinstance(columns, dict) or not columns:
            raise MappingError("mapping_format", 'The mapping has no "columns" object: '
                               '{"columns": {"Header": "field", ...}}.')
        valid = {f.value for f in Field}
        clean: dict[str, str] = {}
        for header, field_ in columns.items():
            if not isinstance(header, str) or not isinstance(field_, str):
                raise MappingError("mapping_format", "Mapping columns are header text -> field name.")
            if field_ not in valid:
                raise MappingError("mapping_unknown_field",
                                   f"Unknown field {field_[:60]!r} for the column {header[:100]!r}; "
                                   f"one of: {', '.join(f.value for f in Field)}.")
            clean[header] = field_
        category = data.get("category", SubjectCategory.REGISTERED.value)
        if category not in {c.value for c in SubjectCategory}:
            raise MappingError("mapping_category",
                               f"Unknown category {str(category)[:40]!r}; one of: "
                               + ", ".join(c.value for c in SubjectCategory) + ".")
        source = data.get("source", "website")
        if not isinstance(source, str) or not re.fullmatch(r"[A-Za-z0-9_.:\-]{1,40}", source):
            raise MappingError("mapping_source", "The source is a short code of latin letters, "
                               "digits, '_', '-', '.' or ':' (at most 40), such as \"website\".")
        return cls(clean, category, source)


class MappingError(ValueError):
    """A mapping that cannot be used: `code` for the GUI, `message` for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def guess_mapping(headers: list[str], category: str = SubjectCategory.REGISTERED.value,
                  source: str = "website") -> Mapping:
    """A first guess of the mapping from the headers (the dialog lets the person correct it).

    Each single-valued field goes to its best column (an exact synonym before a rule; the
    buyer's name and phone before the recipient's; the delivery address before the billing
    one; then the leftmost). Phone and e-mail take one column each, plus columns that say they
    are extra ("Телефон 2", "Доп. телефон"); address takes every part of the chosen group.
    """
    keys = [normalize_header(h) for h in headers]
    present = set(keys)
    has_parts = bool(present & {normalize_header(n) for n in _SYNONYMS[Field.LAST_NAME]}) or any(
        re.search(r"фамили|last ?name|surname", k) for k in keys)
    shopify_orders = "lineitem name" in present or "lineitem quantity" in present
    candidates: list[tuple[int, int, Field, int]] = []  # (rank, column, field, penalty)
    for i, key in enumerate(keys):
        field_, rank = guess_field(headers[i])
        if key in ("имя", "name", "аты", "ваше имя", "your name"):
            # "Имя" is the first name beside a "Фамилия" column, else the whole name (Tilda)
            field_ = Field.FIRST_NAME if has_parts else Field.FULL_NAME
        if key == "name" and shopify_orders:
            field_, rank = Field.ORDER_NO, 0   # Shopify's order export: "Name" is "#1001"
        if field_ is Field.IGNORE:
            continue
        candidates.append((rank + _group_penalty(field_, key), i, field_, _group_penalty(field_, key)))
    chosen: dict[int, Field] = {}
    taken: dict[Field, int] = {}
    for score, i, field_, penalty in sorted(candidates):
        if field_ not in taken:
            taken[field_] = i
            chosen[i] = field_
        elif field_ is Field.ADDRESS and _group_penalty(field_, keys[taken[field_]]) == penalty \
                and bool(_SHIPPING.search(keys[i])) == bool(_SHIPPING.search(keys[taken[field_]])):
            chosen[i] = field_   # "Address1" + "Address2" of the same group
        elif field_ in (Field.PHONE, Field.EMAIL) and _EXTRA.search(keys[i]) and penalty == 0:
            chosen[i] = field_
    columns = {headers[i]: (chosen.get(i, Field.IGNORE)).value for i in range(len(headers))}
    return Mapping(columns, category, source)


def header_signature(headers: list[str]) -> str:
    """A stable hash of the normalised header set: the same columns in any order, case or
    spacing give the same signature (32 hex characters)."""
    keys = sorted(normalize_header(h) for h in headers)
    return hashlib.sha256("\x1f".join(keys).encode("utf-8")).hexdigest()[:32]


# --- cells -------------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_SIGNED = re.compile(r"[+\-][0-9 ().,\-]*")


def clean_text(value: object) -> str:
    """A cell as one line of text: whitespace collapsed, control characters dropped."""
    if type(value) is str:
        if value.isprintable():
            value = value.strip()
            return " ".join(value.split()) if "  " in value else value
        text = value
    elif value is None:
        return ""
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.isoformat(sep=" ")
    else:
        text = value if isinstance(value, str) else str(value)
    if not text.isprintable():
        text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())


def neutralize(text: str) -> str:
    """Text that a spreadsheet would run as a formula ("=HYPERLINK(...)", "+cmd|...", "@SUM(")
    gets a leading apostrophe, so it is shown and exported as the text it is. A plain signed
    number or phone ("+7 701 ...", "-500") is left as it is."""
    if text and text.startswith(_FORMULA_START) and not _PLAIN_SIGNED.fullmatch(text):
        return "'" + text
    return text


_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7,
    "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?)?"
                  r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?")
_DMY = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
                  r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?")
_WORDS = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\.?,?\s+(\d{4})(?:\s*(?:г\.?|года)?,?\s*(?:в\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_WORDS_EN = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?")
_EXCEL_EPOCH = datetime(1899, 12, 30)
MIN_YEAR, MAX_YEAR = 1990, 2100


def _zone(text: str | None) -> timezone | None:
    if not text:
        return None
    if text in ("Z", "UTC", "GMT"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _make(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, us: int = 0,
          tz: timezone | None = None) -> datetime | None:
    if y < 100:
        y += 2000 if y < 70 else 1900
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return datetime(y, mo, d, h, mi, s, us, tzinfo=tz)
    except ValueError:
        return None


def excel_serial(value: float) -> datetime | None:
    """An Excel serial date (1900 system, as Windows Excel writes it) within 1990-2100."""
    if not 32874 <= value <= 73051:   # 1990-01-01 .. 2100-01-01
        return None
    return _EXCEL_EPOCH + timedelta(days=float(value))


def parse_datetime(value: object) -> datetime | None:
    """A date or time from a cell, or None. Naive when the cell gives no zone (an export's
    local time: see `to_utc`); aware when it does ("2024-01-15T10:23:45+06:00", "...Z").

    Day-first when both numbers could be the month ("05.03.2024" is 5 March), as Kazakhstan
    and Russian sites write; "03/15/2024" (month 15 impossible) is read as 15 March.
    """
    if type(value) is not str:
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, datetime):
            return value if MIN_YEAR <= value.year <= MAX_YEAR else None
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day) if MIN_YEAR <= value.year <= MAX_YEAR else None
        if isinstance(value, (int, float)):
            return excel_serial(float(value))
    text = clean_text(value)[:80]
    if not text:
        return None
    m = _DMY.fullmatch(text) if text[1:3].isdigit() is False else None   # "15.01.2024 ..."
    if m is None:
        m = _ISO.fullmatch(text)
        if m:
            y, mo, d, h, mi, s, frac, zone = m.groups()
            us = int((frac or "0").ljust(6, "0")[:6])
            return _make(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), us, _zone(zone))
        m = _DMY.fullmatch(text)
    if m:
        a, b, y, h, mi, s, zone = m.groups()
        day, month = int(a), int(b)
        if month > 12 and day <= 12:
            day, month = month, day
        return _make(int(y), month, day, int(h or 0), int(mi or 0), int(s or 0), 0, _zone(zone))
    m = _WORDS.fullmatch(text.lower())
    if m:
        d, word, y, h, mi, s = m.groups()
        month = _month(word)
        return _make(int(y), month, int(d), int(h or 0), int(mi or 0), int(s or 0)) if month else None
    m = _WORDS_EN.fullmatch(text)
    if m:
        word, d, y, h, mi, s, ampm = m.groups()
        month = _month(word.lower())
        hour = int(h or 0)
        if ampm:
            hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
        return _make(int(y), month, int(d), hour, int(mi or 0), int(s or 0)) if month else None
    if re.fullmatch(r"\d{5}(?:[.,]\d+)?", text):
        return excel_serial(float(text.replace(",", ".")))
    return None


def _month(word: str) -> int | None:
    for stem in sorted(_MONTHS, key=len, reverse=True):
        if word.startswith(stem) and (len(stem) > 2 or word in ("мая", "май")):
            return _MONTHS[stem]
    return None


def to_utc(moment: datetime) -> datetime:
    """An aware UTC time; a naive time (as exports write them) is Kazakhstan time
    (domain.localtime: Asia/Almaty, UTC+6 before 1 March 2024, UTC+5 since)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=KAZAKHSTAN)
    return moment.astimezone(timezone.utc)


_CURRENCIES = (
    ("KZT", re.compile(r"₸|\bkzt\b|тенге|\bтг\b\.?|\bт\b\.?")),
    ("RUB", re.compile(r"₽|\brub\b|руб\w*\.?|\bр\b\.?")),
    ("USD", re.compile(r"\$|\busd\b")),
    ("EUR", re.compile(r"€|\beur\b")),
)
_AMOUNT = re.compile(r"[+-]?[0-9][0-9.,' ]*")
MAX_AMOUNT_TIYN = 10**15


def parse_amount(value: object) -> tuple[int, str | None] | None:
    """(amount in tiyn, currency code or None) from a cell, or None when it is not a sum.

    "12 345,50 ₸" -> (1234550, "KZT"); "12345.5" -> (1234550, None); "1 200 тг" -> (120000, "KZT");
    "1,200.50" and "1.200,50" -> 120050. A separator followed by exactly three digits is a
    thousands separator (money has two decimals): "12,345" is twelve thousand.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        amount, currency = Decimal(value), None
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        amount, currency = Decimal(repr(value)), None
    else:
        text = clean_text(value).lower()[:60]
        if not text:
            return None
        currency = None
        for code, pattern in _CURRENCIES:
            if pattern.search(text):
                currency = code
                text = pattern.sub(" ", text)
                break
        text = _SPACES.sub(" ", text).strip()
        if not _AMOUNT.fullmatch(text):
            return None
        number = text.replace(" ", "").replace("'", "")
        amount = _decimal(number)
        if amount is None:
            return None
    tiyn = int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if abs(tiyn) >= MAX_AMOUNT_TIYN:
        return None
    return tiyn, currency


def _grouped(parts: list[str]) -> bool:
    """Digits grouped by thousands: 1-3 digits, then groups of exactly three."""
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def _decimal(number: str) -> Decimal | None:
    sign = ""
    if number[:1] in "+-":
        sign, number = number[0], number[1:]
    if not number:
        return None
    commas, dots = number.count(","), number.count(".")
    if commas and dots:
        decimal_sep = "," if number.rfind(",") > number.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        whole, _, fraction = number.partition(decimal_sep)
        if decimal_sep in fraction or not _grouped(whole.split(thousands)):
            return None
        number = whole.replace(thousands, "") + "." + fraction
    elif commas or dots:
        sep = "," if commas else "."
        parts = number.split(sep)
        if len(parts) > 2 or len(parts[-1]) == 3:
            if not _grouped(parts):
                return None
            number = "".join(parts)
        else:
            number = number.replace(sep, ".")
    try:
        return Decimal(sign + number)
    except InvalidOperation:
        return None


_YES = frozenset({"да", "yes", "y", "1", "true", "+", "истина", "on", "checked", "x", "v", "✓", "✔",
                  "ok", "согласен", "согласна", "подписан", "подписана", "subscribed", "accepted",
                  "иә", "ия", "opted in", "opt in", "confirmed", "granted"})
_NO = frozenset({"нет", "no", "n", "0", "false", "-", "ложь", "off", "unchecked", "не согласен",
                 "отказ", "не подписан", "unsubscribed", "not subscribed", "жоқ", "opted out",
                 "opt out", "declined", "denied", "never subscribed", "—", "–"})


def parse_yes_no(value: object) -> bool | None:
    """True for да/yes/1/true/+ ..., False for нет/no/0/false/- ..., None when empty or unknown."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return None if value not in (0, 1) else bool(value)
    text = fold(clean_text(value)).replace("_", " ").strip(" .!")
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


_CATEGORY_WORDS = (
    (SubjectCategory.RECIPIENT, re.compile(r"получател|recipient|alushy|алушы")),
    (SubjectCategory.UNREGISTERED, re.compile(r"незарегистр|не зарегистр|unregistered|guest|гост|тіркелмеген")),
    (SubjectCategory.REGISTERED, re.compile(r"зарегистр|registered|customer|покупател|клиент|member|тіркелген")),
)


def parse_category(value: object) -> str | None:
    """A subject category (policy §3.1) from a cell: the codes, or the words sites use."""
    text = fold(clean_text(value))
    if not text:
        return None
    if text in {c.value for c in SubjectCategory}:
        return text
    for category, pattern in _CATEGORY_WORDS:
        if pattern.search(text):
            return category.value
    return None


_STATUS_WORDS = (
    ("cancelled", re.compile(r"отмен|cancel|refus|отказ|voided|declined|failed|удален")),
    ("returned", re.compile(r"возврат|return|refund")),
    ("delivered", re.compile(r"доставлен|выполнен|завершен|complete|deliver|fulfilled|closed|получен|вручен|done")),
    ("paid", re.compile(r"оплачен|\bpaid\b")),
    ("processing", re.compile(r"обработ|process|собира|сборк|в пути|shipped|отправлен|transit|accepted|принят")),
    ("new", re.compile(r"^нов|^new\b|pending|ожида|on hold|created|создан")),
)


_STATUS_LABELS = {
    "new": Localized("новый", "жаңа", "new"),
    "processing": Localized("в обработке", "өңделуде", "processing"),
    "paid": Localized("оплачен", "төленді", "paid"),
    "delivered": Localized("доставлен", "жеткізілді", "delivered"),
    "cancelled": Localized("отменён", "болдырылмады", "cancelled"),
    "returned": Localized("возврат", "қайтарылды", "returned"),
}


def order_status_label(code: str, language: str = "ru") -> str:
    """An order status for people; a shop's own word (kept as imported) is shown as it is."""
    entry = _STATUS_LABELS.get(code or "")
    return entry.get(language) if entry else (code or "")


def order_status(value: object) -> str:
    """An order status code (new, processing, paid, delivered, cancelled, returned) from the
    shop's words; other words are kept folded (at most 20 characters); empty -> "delivered"."""
    text = fold(clean_text(value))
    if not text:
        return "delivered"
    for code, pattern in _STATUS_WORDS:
        if pattern.search(text):
            return code
    return text[:20]

