"""Deadlines ("clocks") of subjects' requests and of the operator's own notices, with their basis.

One request can run two clocks: an ANSWER clock (reply to the subject: information, access or a
reasoned refusal) and an ACTION clock (what the law says must be done, and by when). Every term
is counted in Kazakhstan working days by `WorkingCalendar.add_working_days`: the term starts the
day after its start event, and `due` is the last of its working days.

Table (legal-notes.md; Law of the RK No. 94-V "On Personal Data and Their Protection"):

    type                   ANSWER          ACTION
    access, other          10 (policy 2.2)  -
    correction             10               1 from DOCUMENTS   Art. 25 p.2 sub.8, Art. 13
    blocking               10               1 from RECEIVED    Art. 24 p.1 sub.3, Art. 25 p.2 sub.8
    unblocking             10               1 from RECEIVED    Art. 25 p.2 sub.8
    deletion               10               1 from CONFIRMED   Art. 25 p.2 sub.8, Art. 18 sub.3-1
    consent_withdrawal     10               15 from RECEIVED   Art. 8 p.7
    objection_automated    10               3 from RECEIVED    Art. 19-1 p.3
    public_source_removal  10               1 from RECEIVED    Art. 6
    breach_notice          -                1 from DETECTED    Art. 25 p.2 sub.8
    transfer_notice        -                10 from RECEIVED   Art. 19 p.1

Decisions:

* Configured terms (the operator's settings) may be SHORTER than the statutory term (an
  internal target) but never longer: a longer term would show a due date later than the law
  (or the published policy) allows and hide a breach. `validate_term` enforces 1 <= days <=
  statutory_days, and `rules_for` validates every configured term it uses.
* The 10-day answer term is the Operator's policy §2.2 (the law sets no number); it is the
  ceiling of that setting in the same way.
* Unblocking runs from receipt of the request: the law counts it from the moment the breach
  is found unconfirmed, which is never earlier, so the clock errs on the early side.
* Deletion here is destruction of unlawfully processed data: its action clock waits for the
  confirmation of unlawful processing (PENDING until `confirmed_on` is known). Destruction on
  purpose achieved / term expired has no term in days and is not a clock.
* For the two notices, `received` is the event itself: the detection of the breach (unless
  `detected_on` is given) and the day of the transfer to the third party.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from .calendar import WorkingCalendar, WorkingDayCount, check_language

DUE_SOON_WORKING_DAYS = 2


class RequestType(StrEnum):
    ACCESS = "access"
    CORRECTION = "correction"
    BLOCKING = "blocking"
    UNBLOCKING = "unblocking"
    DELETION = "deletion"
    CONSENT_WITHDRAWAL = "consent_withdrawal"
    OBJECTION_AUTOMATED = "objection_automated"
    PUBLIC_SOURCE_REMOVAL = "public_source_removal"
    OTHER = "other"
    # Events that run a clock but are not a subject's request.
    BREACH_NOTICE = "breach_notice"
    TRANSFER_NOTICE = "transfer_notice"


SUBJECT_REQUESTS = frozenset(RequestType) - {RequestType.BREACH_NOTICE, RequestType.TRANSFER_NOTICE}


class ClockKind(StrEnum):
    ANSWER = "answer"
    ACTION = "action"


class StartEvent(StrEnum):
    RECEIVED = "received"
    DOCUMENTS = "documents"    # correction: the supporting documents are in hand
    CONFIRMED = "confirmed"    # deletion: unlawful processing confirmed
    DETECTED = "detected"      # breach notice: the breach detected


class ClockStatus(StrEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"      # 1 or 2 working days left
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    PENDING = "pending"        # the start event has not happened yet


class TermError(ValueError):
    """A term setting the rules do not allow; `code` is stable, `message` is English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Localized:
    """One text in the three languages of the program."""

    ru: str
    kk: str
    en: str

    def get(self, language: str = "ru") -> str:
        return getattr(self, check_language(language))


@dataclass(frozen=True, slots=True)
class ClockRule:
    request_type: RequestType
    kind: ClockKind
    working_days: int          # the term in force (the setting, or the statutory term)
    starts_on: StartEvent
    statutory_days: int        # the term of the law or the policy: the ceiling of the setting
    basis: Localized           # short citation, e.g. "Закон РК № 94-V, ст. 25 п. 2 пп. 8"
    description: Localized     # what must be done


@dataclass(frozen=True, slots=True)
class Clock:
    rule: ClockRule
    start_event_day: date | None        # None: the start event has not happened yet
    count: WorkingDayCount | None       # None: pending

    @property
    def due(self) -> date | None:
        return self.count.due if self.count is not None else None

    @property
    def pending(self) -> bool:
        return self.count is None


# --- texts -----------------------------------------------------------------------------------

_LABELS: dict[RequestType, Localized] = {
    RequestType.ACCESS: Localized(
        "Получение сведений, доступ", "Мәліметтер алу, қолжетімділік", "Information, access"),
    RequestType.CORRECTION: Localized(
        "Изменение, дополнение", "Өзгерту, толықтыру", "Correction"),
    RequestType.BLOCKING: Localized("Блокирование", "Бұғаттау", "Blocking"),
    RequestType.UNBLOCKING: Localized("Разблокирование", "Бұғаттан шығару", "Unblocking"),
    RequestType.DELETION: Localized(
        "Уничтожение (незаконная обработка)", "Жою (заңсыз өңдеу)",
        "Destruction (unlawful processing)"),
    RequestType.CONSENT_WITHDRAWAL: Localized(
        "Отзыв согласия", "Келісімді кері қайтарып алу", "Consent withdrawal"),
    RequestType.OBJECTION_AUTOMATED: Localized(
        "Возражение против автоматизированной обработки",
        "Автоматтандырылған өңдеуге қарсылық", "Objection to automated processing"),
    RequestType.PUBLIC_SOURCE_REMOVAL: Localized(
        "Исключение из общедоступных источников",
        "Жалпыға қолжетімді дереккөздерден алып тастау", "Removal from public sources"),
    RequestType.OTHER: Localized("Иное обращение", "Өзге өтініш", "Other request"),
    RequestType.BREACH_NOTICE: Localized(
        "Уведомление уполномоченного органа о нарушении",
        "Бұзушылық туралы уәкілетті органға хабарлама",
        "Breach notice to the authorised body"),
    RequestType.TRANSFER_NOTICE: Localized(
        "Уведомление субъекта о передаче третьему лицу",
        "Үшінші тұлғаға беру туралы субъектіге хабарлама",
        "Notice to the subject of a transfer to a third party"),
}

_START_EVENT_LABELS: dict[StartEvent, Localized] = {
    StartEvent.RECEIVED: Localized("Получение обращения", "Өтінішті алу", "Request received"),
    StartEvent.DOCUMENTS: Localized(
        "Получение подтверждающих документов", "Растайтын құжаттарды алу",
        "Supporting documents received"),
    StartEvent.CONFIRMED: Localized(
        "Подтверждение незаконной обработки", "Заңсыз өңдеудің расталуы",
        "Unlawful processing confirmed"),
    StartEvent.DETECTED: Localized(
        "Обнаружение нарушения", "Бұзушылықты анықтау", "Breach detected"),
}


def label(request_type: RequestType | str, language: str = "ru") -> str:
    """The name of a request type for people."""
    return _LABELS[_request_type(request_type)].get(language)


def start_event_label(event: StartEvent | str, language: str = "ru") -> str:
    return _START_EVENT_LABELS[StartEvent(event)].get(language)


def _law(*refs: tuple[str, str | None, str | None]) -> Localized:
    """Citation of Law No. 94-V from (article, point, sub-point) triples."""
    ru, kk, en = [], [], []
    for article, point, sub in refs:
        ru.append(f"ст. {article}" + (f" п. {point}" if point else "") + (f" пп. {sub}" if sub else ""))
        kk.append(f"{article}-бап" + (f" {point}-тармақ" if point else "")
                  + (f" {sub}) тармақша" if sub else ""))
        en.append(f"Art. {article}" + (f" p. {point}" if point else "") + (f" sub. {sub}" if sub else ""))
    return Localized(
        "Закон РК № 94-V, " + ", ".join(ru),
        "ҚР № 94-V Заңы, " + ", ".join(kk),
        "Law of the RK No. 94-V, " + ", ".join(en),
    )


_ANSWER_BASIS = Localized(
    "Политика оператора, п. 2.2; Закон РК № 94-V, ст. 25 п. 2 пп. 6–7",
    "Оператор саясаты, 2.2-тармақ; ҚР № 94-V Заңы, 25-бап 2-тармақ 6)–7) тармақшалар",
    "Operator's policy §2.2; Law of the RK No. 94-V, Art. 25 p. 2 sub. 6–7",
)
_ANSWER_DESCRIPTION = Localized(
    "Ответить субъекту: сведения, доступ или мотивированный отказ",
    "Субъектіге жауап беру: мәліметтер, қолжетімділік немесе дәлелді бас тарту",
    "Answer the subject: information, access or a reasoned refusal",
)

# (request type) -> (days, start event, basis, description) of its ACTION clock.
_ACTIONS: dict[RequestType, tuple[int, StartEvent, Localized, Localized]] = {
    RequestType.CORRECTION: (
        1, StartEvent.DOCUMENTS, _law(("25", "2", "8"), ("13", None, None)),
        Localized("Изменить или дополнить данные по подтверждающим документам",
                  "Растайтын құжаттар бойынша деректерді өзгерту немесе толықтыру",
                  "Change or supplement the data as the supporting documents show")),
    RequestType.BLOCKING: (
        1, StartEvent.RECEIVED, _law(("24", "1", "3"), ("25", "2", "8")),
        Localized("Заблокировать данные", "Деректерді бұғаттау", "Block the data")),
    RequestType.UNBLOCKING: (
        1, StartEvent.RECEIVED, _law(("25", "2", "8")),
        Localized("Разблокировать данные, если нарушение не подтвердилось",
                  "Бұзушылық расталмаса, деректерді бұғаттан шығару",
                  "Unblock the data if the breach is not confirmed")),
    RequestType.DELETION: (
        1, StartEvent.CONFIRMED, _law(("25", "2", "8"), ("18", None, "3-1")),
        Localized("Уничтожить незаконно собранные или обработанные данные",
                  "Заңсыз жиналған немесе өңделген деректерді жою",
                  "Destroy the data collected or processed unlawfully")),
    RequestType.CONSENT_WITHDRAWAL: (
        15, StartEvent.RECEIVED, _law(("8", "7", None)),
        Localized("Прекратить обработку или направить мотивированный отказ",
                  "Өңдеуді тоқтату немесе дәлелді бас тартуды жіберу",
                  "Stop processing or send a reasoned refusal")),
    RequestType.OBJECTION_AUTOMATED: (
        3, StartEvent.RECEIVED, _law(("19-1", "3", None)),
        Localized("Рассмотреть возражение против автоматизированной обработки",
                  "Автоматтандырылған өңдеуге қарсылықты қарау",
                  "Consider the objection to automated processing")),
    RequestType.PUBLIC_SOURCE_REMOVAL: (
        1, StartEvent.RECEIVED, _law(("6", None, None)),
        Localized("Исключить данные из общедоступных источников",
                  "Деректерді жалпыға қолжетімді дереккөздерден алып тастау",
                  "Remove the data from public sources")),
    RequestType.BREACH_NOTICE: (
        1, StartEvent.DETECTED, _law(("25", "2", "8")),
        Localized("Уведомить уполномоченный орган о нарушении",
                  "Бұзушылық туралы уәкілетті органға хабарлау",
                  "Notify the authorised body of the breach")),
    RequestType.TRANSFER_NOTICE: (
        10, StartEvent.RECEIVED, _law(("19", "1", None)),
        Localized("Уведомить субъекта о передаче данных третьему лицу",
                  "Деректердің үшінші тұлғаға берілгені туралы субъектіге хабарлау",
                  "Tell the subject of the transfer to a third party")),
}


def _statutory_rules(t: RequestType) -> tuple[ClockRule, ...]:
    rules = []
    if t in SUBJECT_REQUESTS:
        rules.append(ClockRule(t, ClockKind.ANSWER, 10, StartEvent.RECEIVED, 10,
                               _ANSWER_BASIS, _ANSWER_DESCRIPTION))
    if t in _ACTIONS:
        days, start, basis, description = _ACTIONS[t]
        rules.append(ClockRule(t, ClockKind.ACTION, days, start, days, basis, description))
    return tuple(rules)


_STATUTORY: dict[RequestType, tuple[ClockRule, ...]] = {t: _statutory_rules(t) for t in RequestType}


# --- rules and settings ----------------------------------------------------------------------

Terms = Mapping[tuple[RequestType, ClockKind], int]


def _request_type(value: RequestType | str) -> RequestType:
    try:
        return RequestType(value)
    except ValueError:
        raise TermError("request_type_unknown", f"Unknown request type: {value!r}.") from None


def validate_term(request_type: RequestType | str, kind: ClockKind | str, days: int) -> int:
    """Return `days` if it is an allowed setting for this clock, else raise TermError.

    Codes: "request_type_unknown", "clock_kind_unknown", "term_no_such_clock" (the type has no
    clock of this kind), "term_not_positive" (days < 1 or not an integer),
    "term_exceeds_statutory" (days > the statutory term).
    """
    t = _request_type(request_type)
    try:
        k = ClockKind(kind)
    except ValueError:
        raise TermError("clock_kind_unknown", f"Unknown clock kind: {kind!r}.") from None
    rule = next((r for r in _STATUTORY[t] if r.kind is k), None)
    if rule is None:
        raise TermError("term_no_such_clock", f"A {t.value} has no {k.value} clock.")
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise TermError("term_not_positive", f"A term is at least 1 working day, got {days!r}.")
    if days > rule.statutory_days:
        raise TermError(
            "term_exceeds_statutory",
            f"The {k.value} term of a {t.value} may not exceed {rule.statutory_days} working "
            f"days ({rule.basis.en}); got {days}.",
        )
    return days


def rules_for(request_type: RequestType | str, terms: Terms | None = None) -> tuple[ClockRule, ...]:
    """The clocks of a request type: ANSWER first, then ACTION, with the configured terms.

    `terms` maps (type, kind) to the operator's setting; missing keys keep the statutory term.
    Each setting used is checked with `validate_term` (TermError if it is not allowed).
    """
    t = _request_type(request_type)
    rules = _STATUTORY[t]
    if not terms:
        return rules
    out = []
    for rule in rules:
        days = terms.get((t, rule.kind))
        if days is not None:
            rule = replace(rule, working_days=validate_term(t, rule.kind, days))
        out.append(rule)
    return tuple(out)


# --- clocks ----------------------------------------------------------------------------------

def compute_clocks(
    request_type: RequestType | str,
    calendar: WorkingCalendar,
    received: date,
    documents_on: date | None = None,
    confirmed_on: date | None = None,
    detected_on: date | None = None,
    terms: Terms | None = None,
    language: str = "ru",
) -> tuple[Clock, ...]:
    """The clocks of one request (or notice) as of what is known now.

    A clock whose start event has not happened (documents or confirmation not yet in hand)
    is pending: `start_event_day` and `count` are None. DETECTED defaults to `received`.
    """
    start_days = {
        StartEvent.RECEIVED: received,
        StartEvent.DOCUMENTS: documents_on,
        StartEvent.CONFIRMED: confirmed_on,
        StartEvent.DETECTED: detected_on or received,
    }
    clocks = []
    for rule in rules_for(request_type, terms):
        start = start_days[rule.starts_on]
        count = None if start is None else calendar.add_working_days(start, rule.working_days, language)
        clocks.append(Clock(rule, start, count))
    return tuple(clocks)


def days_left(clock: Clock, today: date, calendar: WorkingCalendar) -> int | None:
    """Working days left (see WorkingCalendar.working_days_left); None while pending."""
    if clock.count is None:
        return None
    return calendar.working_days_left(today, clock.count.due)


def clock_status(clock: Clock, today: date, calendar: WorkingCalendar) -> ClockStatus:
    """PENDING without a start; OVERDUE after the due date; DUE_TODAY on it; DUE_SOON with
    1-2 working days left; else ON_TRACK. Overdue is judged by dates, not by days_left."""
    if clock.count is None:
        return ClockStatus.PENDING
    due = clock.count.due
    if today > due:
        return ClockStatus.OVERDUE
    if today == due:
        return ClockStatus.DUE_TODAY
    if calendar.working_days_left(today, due) <= DUE_SOON_WORKING_DAYS:
        return ClockStatus.DUE_SOON
    return ClockStatus.ON_TRACK
