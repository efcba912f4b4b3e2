"""The Operator's catalogue from the privacy policy of 09.02.2026: who, what data, for what.

Subject categories (policy §3.1), data categories (§3.2) and purposes with their data (§4).
Retention terms are not in the policy ("as long as necessary", §5.3): the defaults below are the
operator's choices, shown as such and editable in settings.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum


class SubjectCategory(StrEnum):
    UNREGISTERED = "unregistered"
    REGISTERED = "registered"
    RECIPIENT = "recipient"


class DataCategory(StrEnum):
    FULL_NAME = "full_name"
    PHONE = "phone"
    EMAIL = "email"
    DELIVERY_ADDRESS = "delivery_address"
    ORDER_HISTORY = "order_history"
    BROWSING_HISTORY = "browsing_history"
    OTHER = "other"


class RetentionRule(StrEnum):
    UNTIL_WITHDRAWN = "until_withdrawn"          # as long as the consent stands
    AFTER_LAST_ORDER = "after_last_order"        # N days after the subject's last order
    AFTER_CONSENT = "after_consent"              # N days after the consent was given


SUBJECT_CATEGORY_LABELS = {
    SubjectCategory.UNREGISTERED: {"ru": "Незарегистрированный пользователь", "kk": "Тіркелмеген пайдаланушы",
                                   "en": "Unregistered user"},
    SubjectCategory.REGISTERED: {"ru": "Зарегистрированный пользователь", "kk": "Тіркелген пайдаланушы",
                                 "en": "Registered user"},
    SubjectCategory.RECIPIENT: {"ru": "Получатель товаров", "kk": "Тауар алушы", "en": "Recipient of goods"},
}

DATA_CATEGORY_LABELS = {
    DataCategory.FULL_NAME: {"ru": "ФИО", "kk": "Аты-жөні", "en": "Full name"},
    DataCategory.PHONE: {"ru": "Номер телефона", "kk": "Телефон нөмірі", "en": "Phone number"},
    DataCategory.EMAIL: {"ru": "Электронная почта", "kk": "Электрондық пошта", "en": "E-mail"},
    DataCategory.DELIVERY_ADDRESS: {"ru": "Адрес доставки", "kk": "Жеткізу мекенжайы", "en": "Delivery address"},
    DataCategory.ORDER_HISTORY: {"ru": "История заказов", "kk": "Тапсырыстар тарихы", "en": "Order history"},
    DataCategory.BROWSING_HISTORY: {"ru": "История просмотров и запросов", "kk": "Қарау және сұраулар тарихы",
                                    "en": "Browsing and request history"},
    DataCategory.OTHER: {"ru": "Иные предоставленные данные", "kk": "Өзге берілген деректер",
                         "en": "Other data provided"},
}


@dataclass(frozen=True)
class PurposeSpec:
    code: str
    names: dict[str, str]
    subject_categories: tuple[SubjectCategory, ...]
    data_categories: tuple[DataCategory, ...]
    retention_rule: RetentionRule
    retention_days: int | None
    policy_section: str

    @property
    def fixed_id(self) -> str:
        return catalogue_id("purpose", self.code)


def catalogue_id(kind: str, code: str) -> str:
    """A fixed id for a catalogue row, the same on every PC that seeds it (so sync merges them)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"pdp-desk:{kind}:{code}"))


_ALL_PERSONAL = (DataCategory.FULL_NAME, DataCategory.PHONE, DataCategory.EMAIL,
                 DataCategory.DELIVERY_ADDRESS)

PURPOSES: tuple[PurposeSpec, ...] = (
    PurposeSpec(
        "website",
        {"ru": "Использование сайта (информация, консультации, поддержка, удобство)",
         "kk": "Сайтты пайдалану (ақпарат, кеңес, қолдау, ыңғайлылық)",
         "en": "Website use (information, consultations, support, usability)"},
        (SubjectCategory.UNREGISTERED, SubjectCategory.REGISTERED),
        (DataCategory.FULL_NAME, DataCategory.PHONE, DataCategory.EMAIL,
         DataCategory.BROWSING_HISTORY, DataCategory.OTHER),
        RetentionRule.AFTER_CONSENT, 3 * 365, "4.1, 4.2"),
    PurposeSpec(
        "marketing",
        {"ru": "Продвижение товаров и услуг, маркетинг и прямая коммуникация",
         "kk": "Тауарлар мен қызметтерді ілгерілету, маркетинг және тікелей байланыс",
         "en": "Promotion of goods and services, marketing and direct communication"},
        (SubjectCategory.UNREGISTERED, SubjectCategory.REGISTERED),
        (DataCategory.FULL_NAME, DataCategory.PHONE, DataCategory.EMAIL, DataCategory.BROWSING_HISTORY),
        RetentionRule.UNTIL_WITHDRAWN, None, "4.1, 4.2"),
    PurposeSpec(
        "delivery",
        {"ru": "Доставка товаров (связь, уведомления, поддержка)",
         "kk": "Тауарларды жеткізу (байланыс, хабарламалар, қолдау)",
         "en": "Delivery of goods (communication, notifications, support)"},
        (SubjectCategory.REGISTERED, SubjectCategory.RECIPIENT),
        (*_ALL_PERSONAL, DataCategory.ORDER_HISTORY, DataCategory.OTHER),
        RetentionRule.AFTER_LAST_ORDER, 365, "4.2, 4.3"),
)

FIRST_POLICY = {
    "label": "09.02.2026",
    "effective_from": "2026-02-09",
    "language": "en",
    "resource": "policy/privacy-policy-2026-02-09.en.txt",
}

# The operators named in the policy (§1.1). The first one's IIN is blank in the policy itself.
POLICY_OPERATORS: tuple[dict[str, str], ...] = (
    {"name": "ИП Кошкаров Асылбек Касымбекович", "iin_bin": ""},
    {"name": "ИП Турехан", "iin_bin": "950902401642"},
    {"name": "ИП Алимкулова", "iin_bin": "830203499031"},
    {"name": "ИП Рустамова Фарангиз Насировна", "iin_bin": "840903400971"},
)
