"""Use case: fill a fresh database with realistic, reproducible demo data.

`generate(db, subjects, seed, today)` writes, in ONE transaction (a cancelled or failed run
leaves nothing behind):

* the four operators of the policy (Almaty addresses), their processors and 5-8 staff;
* `subjects` data subjects of the three categories of the policy (unregistered / registered /
  recipient, 20/55/25) with Kazakh, Russian and Korean names in Kazakh and in Russian
  spelling, their search tokens, some IINs (valid check digit, birth date and sex consistent
  with the name), Kazakhstan mobile phones typed in varied ways (normalised to E.164), e-mails,
  Almaty and Astana addresses, coffee orders, consents per purpose with their events: some
  withdrawn in the last 60 days, and those whose term has run out (domain.retention: website
  data 3 years after the consent, delivery data a year after the last order) marked expired,
  so that services.retention finds their subjects due for destruction;
* requests of every type in every state, arranged around `today` so that some are overdue,
  some due today and some due within two working days, with the timelines and effects
  services.requests would have written (state changes, documents, the law's action before
  the answer, blocked subjects, consents withdrawn on request and those subjects queued for
  destruction);
* one audit entry `demo.generate` with the counts.

Reproducible: the same `seed`, `subjects` and `today` give the same rows, ids included. Ids
keep the UUIDv7 layout (`SeededIds`): the 48-bit timestamp is the row's `created_at`, which is
derived from the data (when the subject registered, when the order was placed ...), never from
the wall clock, and the 74 other bits come from a seeded generator. Demo databases made with
the same seed therefore share ids: never sync two of them together.

Speed (a million subjects, eleven million rows): rows are built as tuples from pre-computed
pools and written with the DB-API `executemany` on the transaction's own connection, in chunks
of `CHUNK` subjects. The secondary indexes of the bulk tables are dropped inside the
transaction and re-created from their exact SQL at its end (a sorted build is much cheaper
than millions of scattered B-tree inserts), with a larger page cache, in-memory sorting and a
helper sorting thread for this connection only. Large runs (`bulk`, automatic from
`BULK_FROM` subjects) also

* build the rows in a second process (the same code, so the same rows) while this one writes;
* write the transaction through a rollback journal instead of the WAL: for a nearly empty file
  the journal holds almost nothing and every page is written once, instead of once to the WAL
  and again by the checkpoint. The journal mode is switched only when no other connection is
  open, the transaction stays atomic (synchronous=FULL while it runs) and WAL mode is restored
  at the end; should the process die in between, the next connection's pragmas restore it.
  Meanwhile the file is the generator's alone: other connections wait, as during a migration.
  The index builds read the tables through a memory map (mmap_size) on that connection.

`secure_delete` stays on throughout.
"""
from __future__ import annotations

import json
import marshal
import os
import pickle
import queue
import random
import subprocess
import sys
import threading
import time
import traceback
from bisect import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdp_desk.domain.calendar import CalendarOverride, WorkingCalendar
from pdp_desk.domain.catalogue import FIRST_POLICY, POLICY_OPERATORS, PURPOSES, catalogue_id
from pdp_desk.domain.deadlines import ClockKind, RequestType, compute_clocks
from pdp_desk.domain.localtime import KAZAKHSTAN
from pdp_desk.domain.search import fold
from pdp_desk.services import audit
from pdp_desk.services import requests as request_service
from pdp_desk.services.calendar import load_calendar
from pdp_desk.services.catalogue import ensure_defaults
from pdp_desk.services.subjects import search_tokens
from pdp_desk.store.database import Database
from pdp_desk.store.models import Subject
from pdp_desk.store.triggers import bulk_load

CHUNK = 20_000               # subjects built and written per step (progress is reported per step)
FIRST_CHUNK = 2_000          # a small first step: the writer starts sooner
REQUEST_CAP = 5_000          # about one request per ten subjects, never more than this
HISTORY_DAYS = 1200          # the website's history: subjects registered over the last 3.3 years
WITHDRAWAL_WINDOW_DAYS = 60  # withdrawn consents still on file (older ones would be destroyed)
CACHE_KIB = 262_144          # page cache of the bulk connection (256 MiB)
BULK_FROM = 50_000           # from this many subjects: second process and rollback journal
PIPELINE = 4                 # messages (chunks) the generating process may run ahead
MMAP_BYTES = 4 << 30         # memory map of the bulk connection (SQLite caps it, 2 GB by default)

# The tables the bulk phase writes, whose secondary indexes are rebuilt at the end.
BULK_TABLES = ("subject", "subject_token", "contact", "address", "orders", "consent",
               "consent_event", "destruction_queue")
# The reason code of a subject queued for destruction after withdrawing consent on request
# (domain.destruction.SUGGESTED_REASON maps it to the act's reason, Law Art. 8 p.7). Subjects
# whose terms ran out are not queued: services.retention finds them from their consents.
QUEUE_REASON = "consent_withdrawn"

REQUEST_STATES = ("received", "identity_checked", "in_progress", "answered", "refused", "closed")
OPEN_STATES = frozenset({"received", "identity_checked", "in_progress"})
_NOTICES = frozenset({RequestType.BREACH_NOTICE, RequestType.TRANSFER_NOTICE})
# The timeline event that meets a type's action clock (services.requests); others: action_done.
_ACTION_EVENT = {RequestType.CORRECTION: request_service.SUBJECT_CORRECTED,
                 RequestType.BLOCKING: request_service.SUBJECT_BLOCKED,
                 RequestType.UNBLOCKING: request_service.SUBJECT_UNBLOCKED}

_MS_PER_DAY = 86_400_000
PAPER_TERM_DAYS = 3 * 365      # the term written on a paper consent
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class DemoError(ValueError):
    """The database cannot take demo data (it already holds subjects)."""


@dataclass
class DemoReport:
    """Rows written per table, and the seconds it took. `cancelled`: nothing was written."""

    operator: int = 0
    processor: int = 0
    staff: int = 0
    subject: int = 0
    subject_token: int = 0
    contact: int = 0
    address: int = 0
    orders: int = 0
    consent: int = 0
    consent_event: int = 0
    destruction_queue: int = 0
    request: int = 0
    request_event: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    bulk: bool = False                      # built in a second process, rollback journal
    phases: dict[str, float] = field(default_factory=dict)  # seconds per phase

    def counts(self) -> dict[str, int]:
        """{table name: rows written}."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.type in ("int", int)}

    @property
    def rows(self) -> int:
        return sum(self.counts().values())

    def summary(self) -> str:
        if self.cancelled:
            return f"cancelled after {self.seconds:.1f} s, nothing written"
        parts = ", ".join(f"{n:,} {table}" for table, n in self.counts().items())
        return f"{parts}; {self.rows:,} rows in {self.seconds:.1f} s"


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}


class SeededIds:
    """UUIDv7-shaped ids from a seeded generator: reproducible, yet laid out like `new_id()`.

    unix_ts_ms (48) | ver=7 (4) | rand_a (12) | var=0b10 (2) | rand_b (62): the timestamp is
    the caller's (the row's created_at); the 74 random bits come from this object's own seeded
    stream, made 4096 at a time (a third of the cost of formatting each id from an integer).
    """

    PREFIX = "%08x-%04x-7"

    def __init__(self, seed: str) -> None:
        self._rng = random.Random(seed)
        self._tails = self._stream()
        self.tail = self._tails.__next__

    def _stream(self) -> Iterator[str]:
        variant, randbytes = _VARIANT, self._rng.randbytes
        while True:
            h = randbytes(10 * 4096).hex()  # 20 hex digits per id: 3 + 1 + 3 + (1 unused) + 12
            yield from [f"{h[i:i + 3]}-{variant[h[i + 3]]}{h[i + 4:i + 7]}-{h[i + 8:i + 20]}"
                        for i in range(0, 20 * 4096, 20)]

    def prefix(self, ms: int) -> str:
        """The timestamp and version: shared by the ids made in that millisecond."""
        return self.PREFIX % (ms >> 16, ms & 0xFFFF)

    def at(self, ms: int) -> str:
        """A new id whose timestamp is `ms` (milliseconds since the epoch)."""
        return self.PREFIX % (ms >> 16, ms & 0xFFFF) + self.tail()


def iin_check_digit(first11: str) -> int | None:
    """The 12th digit of an IIN/BIN (legal-notes.md), or None when no number is issued."""
    digits = [int(c) for c in first11]
    r = sum(d * w for d, w in zip(digits, range(1, 12))) % 11
    if r == 10:
        r = sum(d * w for d, w in zip(digits, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))) % 11
        if r == 10:
            return None
    return r


def make_iin(born: date, male: bool, serial: int) -> str | None:
    """An IIN for a person born on `born`, or None when this serial gives no valid number."""
    century = 3 if born.year < 2000 else 5
    first11 = f"{born:%y%m%d}{century + (0 if male else 1)}{serial:04d}"
    check = iin_check_digit(first11)
    return None if check is None else f"{first11}{check}"


# --- pools: names, streets, baskets -------------------------------------------------------------
# Pairs: (Kazakh spelling, Russian spelling). People write either; fold() makes them meet.

KZ_MALE = (
    ("Ерлан", "Ерлан"), ("Дәурен", "Даурен"), ("Бауыржан", "Бауыржан"), ("Нұрсұлтан", "Нурсултан"),
    ("Асылбек", "Асылбек"), ("Ержан", "Ержан"), ("Қанат", "Канат"), ("Серік", "Серик"),
    ("Арман", "Арман"), ("Нұрлан", "Нурлан"), ("Дархан", "Дархан"), ("Айдос", "Айдос"),
    ("Әділет", "Адилет"), ("Ғалым", "Галым"), ("Мұрат", "Мурат"), ("Талғат", "Талгат"),
    ("Жандос", "Жандос"), ("Санжар", "Санжар"), ("Алмас", "Алмас"), ("Ернар", "Ернар"),
    ("Біржан", "Биржан"), ("Ақжол", "Акжол"), ("Темірлан", "Темирлан"), ("Әлихан", "Алихан"),
    ("Нұрбол", "Нурбол"), ("Жасұлан", "Жасулан"), ("Рүстем", "Рустем"), ("Ілияс", "Ильяс"),
    ("Абылай", "Абылай"), ("Ерасыл", "Ерасыл"), ("Мейрамбек", "Мейрамбек"), ("Қайрат", "Кайрат"),
)
KZ_FEMALE = (
    ("Әлия", "Алия"), ("Айгерім", "Айгерим"), ("Гүлнәр", "Гульнар"), ("Ақбота", "Акбота"),
    ("Жансая", "Жансая"), ("Динара", "Динара"), ("Аружан", "Аружан"), ("Мөлдір", "Молдир"),
    ("Жұлдыз", "Жулдыз"), ("Сәуле", "Сауле"), ("Балжан", "Балжан"), ("Айжан", "Айжан"),
    ("Гүлмира", "Гульмира"), ("Назерке", "Назерке"), ("Томирис", "Томирис"), ("Камила", "Камила"),
    ("Әйгерім", "Айгерим"), ("Меруерт", "Меруерт"), ("Ұлжан", "Улжан"), ("Қарлығаш", "Карлыгаш"),
    ("Дана", "Дана"), ("Інкәр", "Инкар"), ("Көркем", "Коркем"), ("Айым", "Айым"),
    ("Әсем", "Асем"), ("Дариға", "Дарига"), ("Толқын", "Толкын"), ("Ботагөз", "Ботагоз"),
)
# Fathers' names for patronymics: Kazakh -ұлы / -қызы, or Russian-style -ович / -овна.
KZ_FATHERS = (
    ("Қайрат", "Кайрат"), ("Нұрлан", "Нурлан"), ("Ерлан", "Ерлан"), ("Серік", "Серик"),
    ("Болат", "Болат"), ("Марат", "Марат"), ("Ержан", "Ержан"), ("Талғат", "Талгат"),
    ("Асқар", "Аскар"), ("Мұрат", "Мурат"), ("Бақыт", "Бахыт"), ("Жомарт", "Жомарт"),
    ("Нұрбек", "Нурбек"), ("Әлібек", "Алибек"), ("Дәулет", "Даулет"), ("Қанат", "Канат"),
    ("Бекзат", "Бекзат"), ("Саят", "Саят"), ("Қасымбек", "Касымбек"), ("Асылбек", "Асылбек"),
    ("Ғалым", "Галым"), ("Бауыржан", "Бауыржан"), ("Есен", "Есен"), ("Төлеген", "Тулеген"),
)
# Male forms; the female form adds "а" (Сейітов -> Сейітова, Жұмабаев -> Жұмабаева).
KZ_SURNAMES = (
    ("Сейітов", "Сейтов"), ("Жұмабаев", "Жумабаев"), ("Нұрланов", "Нурланов"), ("Қасымов", "Касымов"),
    ("Әбенов", "Абенов"), ("Серікбаев", "Серикбаев"), ("Ахметов", "Ахметов"), ("Омаров", "Омаров"),
    ("Тоқтаров", "Токтаров"), ("Бекмұратов", "Бекмуратов"), ("Әлімжанов", "Алимжанов"),
    ("Оспанов", "Оспанов"), ("Сұлтанов", "Султанов"), ("Мұхамеджанов", "Мухамеджанов"),
    ("Ерғалиев", "Ергалиев"), ("Исаев", "Исаев"), ("Қуанышев", "Куанышев"), ("Байжанов", "Байжанов"),
    ("Тұрсынов", "Турсынов"), ("Жақсыбеков", "Жаксыбеков"), ("Әубәкіров", "Аубакиров"),
    ("Нұрғалиев", "Нургалиев"), ("Ізбасаров", "Избасаров"), ("Шәріпов", "Шарипов"),
    ("Үсенов", "Усенов"), ("Ғабитов", "Габитов"), ("Қалиев", "Калиев"), ("Досымов", "Досымов"),
    ("Бейсенов", "Бейсенов"), ("Кенжебаев", "Кенжебаев"), ("Смағұлов", "Смагулов"),
    ("Төлеуов", "Толеуов"), ("Мамыров", "Мамыров"), ("Рахымжанов", "Рахимжанов"),
    ("Жүнісов", "Жунусов"), ("Қожахметов", "Кожахметов"), ("Әміров", "Амиров"),
    ("Сәрсенбаев", "Сарсенбаев"), ("Ермеков", "Ермеков"), ("Құдайбергенов", "Кудайбергенов"),
)
RU_MALE = ("Пётр", "Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил", "Иван", "Артём", "Никита",
           "Владимир", "Евгений", "Павел", "Максим", "Илья", "Фёдор", "Денис", "Роман", "Виктор",
           "Игорь", "Олег", "Константин", "Антон")
RU_FEMALE = ("Анна", "Елена", "Ольга", "Наталья", "Татьяна", "Мария", "Екатерина", "Юлия", "Ирина",
             "Светлана", "Дарья", "Ксения", "Алёна", "Полина", "Виктория", "Людмила", "Галина",
             "Оксана", "Валерия", "Софья")
RU_PATRONYMICS = (
    ("Сергеевич", "Сергеевна"), ("Викторович", "Викторовна"), ("Александрович", "Александровна"),
    ("Андреевич", "Андреевна"), ("Николаевич", "Николаевна"), ("Владимирович", "Владимировна"),
    ("Михайлович", "Михайловна"), ("Игоревич", "Игоревна"), ("Олегович", "Олеговна"),
    ("Юрьевич", "Юрьевна"), ("Петрович", "Петровна"), ("Алексеевич", "Алексеевна"),
    ("Дмитриевич", "Дмитриевна"), ("Евгеньевич", "Евгеньевна"), ("Иванович", "Ивановна"),
    ("Анатольевич", "Анатольевна"), ("Васильевич", "Васильевна"), ("Геннадьевич", "Геннадьевна"),
    ("Фёдорович", "Фёдоровна"),
)
RU_SURNAMES = ("Ёлкин", "Смирнов", "Иванов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов",
               "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
               "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
               "Захаров", "Зайцев", "Соловьёв", "Ковалёв", "Ильин", "Гусев", "Титов", "Кузьмин",
               "Белоусов", "Пономарёв", "Щербаков", "Журавлёв", "Шевченко", "Бондаренко", "Ткаченко")
KOREAN_SURNAMES = ("Ким", "Пак", "Цой", "Ли", "Тен", "Хан", "Югай", "Нам")
INVARIANT_SURNAMES = frozenset(KOREAN_SURNAMES) | {"Шевченко", "Бондаренко", "Ткаченко"}

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}


def _tokens(full_name: str) -> tuple[str, ...]:
    """The rows of `subject_token` for a name: what services.subjects.search_tokens indexes
    (folded words and their Latin skeleton, so "Aliya" finds Алия). Computed once per name of
    the pools, not per subject."""
    return tuple(sorted(t for t in search_tokens(full_name) if t))


def translit(text: str) -> str:
    """Latin letters for an e-mail address ("Жұмабаева" -> "zhumabaeva")."""
    return "".join(_TRANSLIT.get(c, c) for c in text.lower())


ALMATY_STREETS = (
    "пр. Абая", "ул. Толе би", "пр. Достык", "ул. Сатпаева", "пр. Аль-Фараби", "ул. Жандосова",
    "ул. Богенбай батыра", "ул. Кабанбай батыра", "ул. Казыбек би", "ул. Жибек Жолы", "ул. Гоголя",
    "ул. Розыбакиева", "ул. Байзакова", "ул. Ауэзова", "ул. Наурызбай батыра", "ул. Желтоксан",
    "пр. Райымбека", "пр. Сейфуллина", "ул. Тимирязева", "ул. Шевченко", "ул. Курмангазы",
    "ул. Манаса", "ул. Жарокова", "ул. Утеген батыра", "ул. Шашкина", "ул. Фурманова",
)
ALMATY_DISTRICTS = ("мкр. Самал-2", "мкр. Алмагуль", "мкр. Орбита-1", "мкр. Аксай-4", "мкр. Жетысу-2",
                    "мкр. Коктем-1", "мкр. Мамыр-4", "мкр. Таугуль", "мкр. Баганашыл")
ASTANA_STREETS = (
    "пр. Мангилик Ел", "ул. Кенесары", "пр. Республики", "пр. Абая", "пр. Кабанбай батыра",
    "ул. Сыганак", "пр. Туран", "ул. Достык", "ул. Бейбитшилик", "ул. Иманова", "пр. Сарыарка",
    "ул. Сейфуллина", "ул. Кунаева", "пр. Улы Дала", "ул. Бокейхана", "ул. Жубанова",
    "пр. Богенбай батыра", "ул. Ханов Керея и Жанибека", "ул. Алихана Бокейхана", "ул. Кошкарбаева",
)

# (item, price in tenge)
MENU = (
    ("Капучино 0,3 л", 1200), ("Капучино 0,4 л", 1400), ("Латте", 1500), ("Латте 0,4 л", 1650),
    ("Раф ванильный", 1800), ("Раф лавандовый", 1900), ("Американо", 1000), ("Флэт уайт", 1600),
    ("Эспрессо", 800), ("Какао", 1300), ("Матча латте", 1900), ("Чай масала", 1500),
    ("Круассан", 900), ("Круассан с миндалём", 1300), ("Чизкейк Нью-Йорк", 1800), ("Эклер", 850),
    ("Сэндвич с курицей", 2200), ("Брауни", 1100), ("Морковный торт", 1700), ("Баурсаки", 700),
)
DELIVERY_FEE_TENGE = 800

PHONE_CODES = ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778")
# As people type them: (template, weight); all take the groups 701, 123, 45, 67.
PHONE_SPELLINGS = (
    ("+7 %s %s %s %s", 25), ("8 %s %s %s %s", 20), ("+7(%s)%s%s%s", 10), ("8%s%s%s%s", 15),
    ("+7%s%s%s%s", 15), ("8 (%s) %s-%s-%s", 10), ("7%s%s%s%s", 5),
)
EMAIL_DOMAINS = (("gmail.com", 34), ("mail.ru", 34), ("yandex.kz", 10), ("inbox.kz", 9),
                 ("list.ru", 5), ("bk.ru", 4), ("icloud.com", 4))

OPERATOR_ADDRESSES = (
    "г. Алматы, пр. Абая, д. 150/230, офис 12",
    "г. Алматы, ул. Толе би, д. 101, кв. 45",
    "г. Алматы, пр. Достык, д. 43, офис 7",
    "г. Алматы, ул. Сатпаева, д. 30А, кв. 118",
)
OPERATOR_PHONES = ("+77272501234", "+77012223344", "+77475556677", "+77078889900")
STAFF_POSITIONS = (
    "ответственный за организацию обработки персональных данных",
    "менеджер магазина",
    "администратор",
    "старший бариста",
    "менеджер по доставке",
    "оператор колл-центра",
    "бухгалтер",
    "менеджер магазина",
)
PROCESSORS = (
    ("ТОО «Жедел Курьер Алматы»", "г. Алматы, ул. Жандосова, д. 58, офис 204"),
    ("ТОО «Дала Облачные Сервисы»", "г. Астана, пр. Мангилик Ел, д. 55/20, офис 310"),
)

CONSENT_EVIDENCE = {  # short: it is on every consent and every 'given' event
    "website": "Галочка в форме на сайте",
    "phone": "Звонок, запись разговора",
    "paper": "Бумажное согласие",
}
WITHDRAWAL_EVIDENCE = {
    "website": "Отказ по ссылке в письме рассылки",
    "email": "Письмо субъекта на info@delcappuccino.kz",
    "paper": "Письменное заявление об отзыве согласия",
}

REQUEST_TEXTS = {
    RequestType.ACCESS: "Прошу сообщить, какие мои персональные данные вы обрабатываете и с какой целью.",
    RequestType.CORRECTION: "Прошу исправить фамилию в профиле после её смены; свидетельство о браке предъявлю в магазине.",
    RequestType.BLOCKING: "Прошу заблокировать мои данные: мне приходят чужие заказы.",
    RequestType.UNBLOCKING: "Прошу разблокировать мой аккаунт, вопрос с заказами решён.",
    RequestType.DELETION: "Считаю, что мой номер телефона получен незаконно. Прошу уничтожить мои данные.",
    RequestType.CONSENT_WITHDRAWAL: "Отзываю согласие на обработку персональных данных для рассылок.",
    RequestType.OBJECTION_AUTOMATED: "Возражаю против автоматического расчёта скидки по моей истории заказов.",
    RequestType.PUBLIC_SOURCE_REMOVAL: "Прошу убрать мой отзыв с именем и фото с главной страницы сайта.",
    RequestType.OTHER: "На каком основании мне приходят SMS о новых напитках?",
    RequestType.BREACH_NOTICE: "Обнаружен доступ постороннего к выгрузке заказов за один день.",
    RequestType.TRANSFER_NOTICE: "Данные о заказе переданы курьерской службе для доставки.",
}
REQUEST_TEXTS_KK = {
    RequestType.ACCESS: "Менің қандай дербес деректерімді және қандай мақсатта өңдейтініңізді хабарлауыңызды сұраймын.",
    RequestType.CORRECTION: "Тегім ауысқандықтан профильдегі тегімді түзетуіңізді сұраймын; неке туралы куәлікті дүкенде көрсетемін.",
    RequestType.BLOCKING: "Деректерімді бұғаттауыңызды сұраймын: маған бөтен адамдардың тапсырыстары келіп жатыр.",
    RequestType.UNBLOCKING: "Аккаунтымды бұғаттан шығаруыңызды сұраймын, тапсырыстар мәселесі шешілді.",
    RequestType.DELETION: "Телефон нөмірім заңсыз алынған деп санаймын. Деректерімді жоюыңызды сұраймын.",
    RequestType.CONSENT_WITHDRAWAL: "Жарнамалық хабарламаларға арналған дербес деректерді өңдеуге берген келісімімді кері қайтарып аламын.",
    RequestType.OBJECTION_AUTOMATED: "Тапсырыстар тарихым бойынша жеңілдікті автоматты түрде есептеуге қарсымын.",
    RequestType.PUBLIC_SOURCE_REMOVAL: "Сайттың басты бетінен менің атым мен суретім бар пікірді алып тастауыңызды сұраймын.",
    RequestType.OTHER: "Жаңа сусындар туралы SMS маған қандай негізде келеді?",
}
REQUEST_OUTCOMES = {
    RequestType.ACCESS: "information_provided", RequestType.CORRECTION: "corrected",
    RequestType.BLOCKING: "blocked", RequestType.UNBLOCKING: "unblocked",
    RequestType.DELETION: "not_confirmed", RequestType.CONSENT_WITHDRAWAL: "processing_stopped",
    RequestType.OBJECTION_AUTOMATED: "objection_upheld",
    RequestType.PUBLIC_SOURCE_REMOVAL: "removed", RequestType.OTHER: "answered",
    RequestType.BREACH_NOTICE: "notified", RequestType.TRANSFER_NOTICE: "notified",
}
REFUSAL_REASONS = (
    "Личность заявителя не подтверждена: заявление подписано без документа, удостоверяющего личность.",
    "Представитель не предъявил доверенность на обращение от имени субъекта.",
    "Данные необходимы для исполнения договора поставки и бухгалтерского учёта (ст. 8 п. 2 Закона).",
)
REQUEST_CHANNELS = (("email", 40), ("paper", 25), ("in_person", 15), ("website", 20))


# --- SQL -----------------------------------------------------------------------------------------

def _insert(table: str, columns: tuple[str, ...], **constants: str) -> str:
    """INSERT binding `columns` in the order of the row tuple, and SQL literals for columns
    constant in the bulk. "a=b" stores b's value in column a too (numbered parameters): a value
    used twice is sent and bound once, which the bulk notices (every bound value costs)."""
    names: list[str] = []
    values: list[str] = []
    position: dict[str, str] = {}
    for column in columns:
        name, _, same = column.partition("=")
        names.append(name)
        if not same:
            position[name] = f"?{len(position) + 1}"
        values.append(position[same or name])
    names += constants
    values += constants.values()
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(values)})"


_KEYED = ("id", "created_at", "updated_at")
_STAMPED = ("id", "created_at", "updated_at=created_at")
_INSERT = {
    "operator": _insert("operator", (*_KEYED, "name", "iin_bin", "address", "phone", "email"),
                        active="1"),
    "processor": _insert("processor", (*_KEYED, "operator_id", "name", "iin_bin", "address")),
    "staff": _insert("staff", (*_KEYED, "operator_id", "full_name", "position", "email"), active="1"),
    "subject": _insert("subject", (*_STAMPED, "register_no", "category", "operator_id", "full_name",
                                   "name_key", "iin", "source", "destroy_after"),
                       status="'active'", blocked_at="NULL", note="''"),
    "subject_token": _insert("subject_token", ("token", "subject_id")),
    "contact": _insert("contact", (*_STAMPED, "subject_id", "kind", "value", "normalized",
                                   "is_primary", "source")),
    "address": _insert("address", (*_STAMPED, "subject_id", "city", "line", "source")),
    "orders": _insert("orders", (*_STAMPED, "subject_id", "operator_id", "external_no", "placed_at=created_at",
                                 "amount_tiyn", "items", "address_id", "status"),
                      currency="'KZT'", source="'import'"),
    "consent": _insert("consent", (*_KEYED, "subject_id", "purpose_id", "operator_id",
                                   "policy_version_id", "state", "given_at=created_at", "valid_until",
                                   "withdrawn_at", "channel", "evidence", "third_parties_allowed",
                                   "data_categories"),
                       cross_border_allowed="0", public_allowed="0"),
    "consent_event": _insert("consent_event", (*_STAMPED, "subject_id", "consent_id", "kind", "at=created_at",
                                               "channel", "evidence", "policy_version_id",
                                               "staff_id"),
                             request_id="NULL"),
    "consent_event_of_request": _insert("consent_event", (
        *_STAMPED, "subject_id", "consent_id", "kind", "at=created_at", "channel", "evidence",
        "policy_version_id", "staff_id", "request_id")),
    "destruction_queue": _insert("destruction_queue", (*_STAMPED, "subject_id", "reason_code",
                                                       "request_id", "queued_at=created_at", "staff_id")),
    "request": _insert("request", (
        *_KEYED, "subject_id", "number", "operator_id", "type", "channel", "received_at",
        "documents_at", "confirmed_at", "requester_kind", "representative_name",
        "authority_document", "reply_to", "language", "text", "state", "is_open",
        "responsible_staff_id", "answer_due", "action_due", "next_due", "answered_at",
        "closed_at", "outcome", "refusal_reason")),
    "request_event": _insert("request_event", (*_KEYED, "subject_id", "request_id", "at", "kind",
                                               "from_state", "to_state", "note", "staff_id")),
}


# --- time as the store writes it ----------------------------------------------------------------

class _Clock:
    """Milliseconds since the epoch -> the text SQLAlchemy stores (UtcDateTime, Date).

    UtcDateTime stores naive UTC through DateTime as 'YYYY-MM-DD HH:MM:SS.ffffff'; Date stores
    'YYYY-MM-DD'. Day, time-of-day and fraction strings are pre-computed: a timestamp is one
    concatenation.
    """

    def __init__(self, first: date, last: date) -> None:
        self.first_day = first.toordinal() - _EPOCH_ORDINAL
        self.days = [(first + timedelta(days=i)).isoformat()
                     for i in range(last.toordinal() - first.toordinal() + 1)]
        self._days_sp = [d + " " for d in self.days]
        self._hms = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]
        self._frac = [f".{ms:03d}000" for ms in range(1000)]
        self._local_offsets()

    def ts(self, ms: int) -> str:
        return (f"{self._days_sp[ms // _MS_PER_DAY - self.first_day]}"
                f"{self._hms[ms // 1000 % 86400]}{self._frac[ms % 1000]}")

    def day(self, day_number: int) -> str:
        """'YYYY-MM-DD' of a day counted from the epoch."""
        return self.days[day_number - self.first_day]

    def local_day(self, ms: int) -> int:
        """The Kazakhstan calendar day (counted from the epoch) of a moment, as
        domain.localtime.local_day has it: Asia/Almaty was UTC+6 until 1 March 2024."""
        return (ms + self._offsets[ms // 3_600_000 - self._first_hour]) // _MS_PER_DAY

    def _local_offsets(self) -> None:
        # the zone's offset for every hour of the window (a few ten thousand look-ups, once)
        self._first_hour = self.first_day * 24
        start = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(hours=self._first_hour)
        self._offsets = [int((start + timedelta(hours=h)).astimezone(KAZAKHSTAN).utcoffset()
                             .total_seconds() * 1000) for h in range(len(self.days) * 24)]


def _ms(day: date, seconds: float = 0.0) -> int:
    return (day.toordinal() - _EPOCH_ORDINAL) * _MS_PER_DAY + int(seconds * 1000)


def _day_number(day: date) -> int:
    return day.toordinal() - _EPOCH_ORDINAL


def _weighted(pairs, k: int = 100) -> list:
    """A lookup table of `k` entries in proportion to the weights, for O(1) weighted picks."""
    values = [v for v, _ in pairs]
    cum = list(accumulate(w for _, w in pairs))
    total = cum[-1]
    return [values[bisect(cum, (i + 0.5) * total / k)] for i in range(k)]


# --- the generator ------------------------------------------------------------------------------

@dataclass
class _Person:
    """What a request needs to know of its subject (kept only for the subjects chosen)."""

    id: str
    operator_id: str
    created_ms: int
    email: str | None
    address: str | None
    kazakh: bool
    given: list[tuple[str, str, int | None]]  # consents still given: (id, purpose, end day)
    ended: int                      # the latest end day of its ended consents (-1: none)


@dataclass(frozen=True)
class _Params:
    seed: int
    subjects: int
    today: date
    device_code: str
    operators: tuple[str, ...]                 # existing operators (none: the generator adds them)
    overrides: tuple[CalendarOverride, ...]    # the database's calendar overrides


class _Generator:
    """Makes every row of the demo. Deterministic: the same _Params give the same messages."""

    def __init__(self, params: _Params) -> None:
        self.params = params
        self.total = params.subjects
        self.today = params.today
        self.device_code = params.device_code
        self.rng = random.Random(f"pdp-desk-demo:{params.seed}")
        self.ids = SeededIds(f"pdp-desk-demo-ids:{params.seed}")
        self.start_day = params.today - timedelta(days=HISTORY_DAYS)
        self.clock = _Clock(self.start_day - timedelta(days=800), params.today + timedelta(days=1600))
        # "Now" in the demo's world: today 10:00 in Almaty (05:00 UTC).
        self.now_ms = _ms(params.today, 5 * 3600)
        self.start_ms = _ms(self.start_day)
        self.policy_id = catalogue_id("policy_version", FIRST_POLICY["label"])
        self.purposes = {spec.code: spec for spec in PURPOSES}
        self.purpose_ids = {spec.code: spec.fixed_id for spec in PURPOSES}
        # as SQLAlchemy's JSON type writes a list
        self.purpose_json = {spec.code: json.dumps([c.value for c in spec.data_categories])
                             for spec in PURPOSES}
        self.operators: list[str] = list(params.operators)
        self.staff: list[tuple[str, str]] = []          # (id, position)
        self.chosen: dict[int, _Person | None] = {}     # subject index -> its request's subject
        self.phones: set[int] = set()
        self.emails: set[str] = set()
        self.iins: set[str] = set()
        self.order_no = 100_000
        self._pools()

    def produce(self) -> Iterator[tuple]:
        """The messages the writer applies, in order:

        ("rows", {table: [row, ...]}, subjects done) ... for the subjects, then
        ("indexes",): the bulk tables are complete (the writer builds their indexes while the
        requests are made), then the requests' ("rows", ...) and
        ("updates", {statement: [params, ...]}) for what requests changed.
        The first chunk is small, so that the writer starts soon; chunking changes no row.
        """
        yield "rows", self.fixed_rows(), 0
        n_requests = self.choose_request_subjects()
        done = 0
        while done < self.total:
            count = min(CHUNK if done else FIRST_CHUNK, self.total - done)
            rows = self.chunk(done, count)
            done += count
            yield "rows", rows, done
        yield ("indexes",)
        calendar = WorkingCalendar(self.params.overrides)
        rows, updates = self.requests(calendar, self.request_specs(n_requests))
        yield "rows", rows, done
        yield "updates", updates

    # -- pools --

    def _name(self, rng: random.Random) -> tuple[str, str, str, bool, bool]:
        """(full name, latin first name, latin surname, male, Kazakh spelling) of a made-up person."""
        male = rng.random() < 0.5
        group = rng.random()
        kazakh = False
        if group < 0.66:  # Kazakh: in Kazakh spelling (55 %) or in Russian spelling
            kazakh = rng.random() < 0.55
            first = rng.choice(KZ_MALE if male else KZ_FEMALE)
            surname = rng.choice(KZ_SURNAMES)
            father = rng.choice(KZ_FATHERS)
            i = 0 if kazakh else 1
            last = surname[i] if male else surname[i] + "а"
            if kazakh or rng.random() < 0.3:
                patronymic = father[0] + ("ұлы" if male else "қызы")
            else:
                patronymic = father[1] + ("ович" if male else "овна")
            given = first[i]
            latin_first = translit(first[1])
            latin_last = translit(surname[1] + ("" if male else "а"))
        else:
            given = rng.choice(RU_MALE if male else RU_FEMALE)
            patronymic = rng.choice(RU_PATRONYMICS)[0 if male else 1]
            last = rng.choice(KOREAN_SURNAMES if group > 0.96 else RU_SURNAMES)
            if not male and last not in INVARIANT_SURNAMES:
                last += "а"
            latin_first, latin_last = translit(given), translit(last)
        style = rng.random()
        if style < 0.50:
            full = f"{last} {given} {patronymic}"
        elif style < 0.62:
            full = f"{given} {patronymic} {last}"
        elif style < 0.90:
            full = f"{given} {last}"
        else:
            full = f"{last} {given}"
        return full, latin_first, latin_last, male, kazakh

    def _pools(self) -> None:
        rng = self.rng
        names = []
        for _ in range(min(40_000, max(2_000, self.total))):
            full, lf, ll, male, kazakh = self._name(rng)
            names.append((full, fold(full), _tokens(full), lf, ll, male, kazakh))
        self.names = names
        firsts = []  # unregistered visitors often leave a first name only
        for pool, male in ((KZ_MALE, True), (KZ_FEMALE, False)):
            for pair in pool:
                for kazakh, spelled in zip((True, False), pair):
                    firsts.append((spelled, fold(spelled), _tokens(spelled), translit(pair[1]), "",
                                   male, kazakh))
        for pool, male in ((RU_MALE, True), (RU_FEMALE, False)):
            for given in pool:
                firsts.append((given, fold(given), _tokens(given), translit(given), "", male, False))
        self.first_names = firsts

        baskets = []
        for _ in range(3000):
            lines, amount = [], 0
            for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5))):
                item, price = rng.choice(MENU)
                qty = rng.choice((1, 1, 1, 1, 2, 2, 3))
                lines.append(f"{item} ×{qty}" if qty > 1 else item)
                amount += price * qty
            amount += DELIVERY_FEE_TENGE if amount < 10_000 else 0
            baskets.append(("; ".join(lines), amount * 100))  # in tiyn
        self.baskets = baskets
        self.phone_spellings = _weighted(PHONE_SPELLINGS)
        self.email_domains = _weighted(EMAIL_DOMAINS)

    # -- operators, processors, staff --

    def fixed_rows(self) -> dict[str, list[tuple]]:
        rng, at, ts = self.rng, self.ids.at, self.clock.ts
        base = self.start_ms - 30 * _MS_PER_DAY  # the shop was set up a month before the site
        rows: dict[str, list[tuple]] = {"operator": [], "processor": [], "staff": []}
        if not self.operators:
            for k, spec in enumerate(POLICY_OPERATORS):
                ms = base + k * 60_000
                oid, t = at(ms), ts(ms)
                email = "info@delcappuccino.kz" if k == 0 else f"shop{k + 1}@delcappuccino.kz"
                rows["operator"].append((oid, t, t, spec["name"], spec["iin_bin"] or None,
                                         OPERATOR_ADDRESSES[k], OPERATOR_PHONES[k], email))
                self.operators.append(oid)
        for k, oid in enumerate(self.operators):
            for j, (name, address) in enumerate(PROCESSORS):
                ms = base + _MS_PER_DAY + k * 60_000 + j * 1000
                t = ts(ms)
                rows["processor"].append((at(ms), t, t, oid, name, _bin(rng, 1500 + j * 211), address))
        for k in range(rng.randint(5, 8)):
            full, lf, ll, _, _ = self._name(rng)
            ms = base + 2 * _MS_PER_DAY + k * 3_600_000
            sid, t = at(ms), ts(ms)
            position = STAFF_POSITIONS[k]
            email = f"{lf[0]}.{ll}@delcappuccino.kz"
            rows["staff"].append((sid, t, t, self.operators[k % len(self.operators)], full, position,
                                  email))
            self.staff.append((sid, position))
        return rows

    # -- subjects and their data, one chunk at a time --

    def chunk(self, first: int, count: int) -> dict[str, list[tuple]]:
        """The rows of subjects first .. first+count-1 and of all their data.

        Everything a subject gave at registration (the subject row, contacts, addresses,
        consents and their 'given' events) is created in the same millisecond, as the
        website's registration transaction would: one timestamp text and one id prefix serve
        them all. Written for speed: locals only, pre-drawn pools, cheap random calls.
        """
        rng, ts, day, local_day = self.rng, self.clock.ts, self.clock.day, self.clock.local_day
        prefix, tail = self.ids.prefix, self.ids.tail
        rnd, bits = rng.random, rng.getrandbits
        span = (self.now_ms - 3_600_000 - self.start_ms) / max(self.total, 1)
        start_ms, now_ms = self.start_ms, self.now_ms
        today_n = _day_number(self.today)
        names, n_names = self.names, len(self.names)
        firsts, n_firsts = self.first_names, len(self.first_names)
        baskets, n_baskets = self.baskets, len(self.baskets)
        spellings, domains = self.phone_spellings, self.email_domains
        phones, emails, iins = self.phones, self.emails, self.iins
        operators = self.operators
        n_operators = len(operators)
        op_pick = [k % n_operators for k in (0, 0, 0, 0, 1, 1, 1, 2, 2, 3)]  # 40/30/20/10 %
        staff_ids = [s for s, _ in self.staff]
        chosen = self.chosen
        code = self.device_code
        pid = self.purpose_ids
        p_web, p_mkt, p_del = pid["website"], pid["marketing"], pid["delivery"]
        j_web, j_mkt, j_del = (self.purpose_json["website"], self.purpose_json["marketing"],
                               self.purpose_json["delivery"])
        web_days = self.purposes["website"].retention_days or 0
        del_days = self.purposes["delivery"].retention_days or 0
        policy_from_n = _day_number(date.fromisoformat(FIRST_POLICY["effective_from"]))
        window_ms = WITHDRAWAL_WINDOW_DAYS * _MS_PER_DAY
        reg_orders = (0,) * 15 + (1,) * 30 + (2,) * 22 + (3,) * 15 + (4,) * 10 + (5,) * 8
        rec_orders = (1,) * 45 + (2,) * 25 + (3,) * 15 + (4,) * 10 + (5,) * 5
        withdraw_p = {"website": 0.004, "marketing": 0.02, "delivery": 0.004}

        subjects, name_tokens, contacts, addresses, orders = [], [], [], [], []
        consents, events = [], []
        add_subject, add_token, add_contact = subjects.append, name_tokens.append, contacts.append
        add_address, add_order, add_consent = addresses.append, orders.append, consents.append
        add_event = events.append

        for i in range(first, first + count):
            created = start_ms + int((i + rnd()) * span)
            t_created = ts(created)
            pre = prefix(created)
            sid = pre + tail()
            r = rnd()
            category = "unregistered" if r < 0.20 else ("registered" if r < 0.75 else "recipient")
            operator = operators[op_pick[bits(10) % 10]]
            r = rnd()
            source = "website" if r < 0.85 else ("phone" if r < 0.95 else "manual")
            channel = "website" if source == "website" else ("phone" if source == "phone" else "paper")

            if category == "unregistered" and rnd() < 0.5:
                full, key, words, lat_first, lat_last, male, kazakh = firsts[bits(20) % n_firsts]
            else:
                full, key, words, lat_first, lat_last, male, kazakh = names[bits(24) % n_names]

            iin = None
            if category != "unregistered" and rnd() < 0.10:
                while True:
                    born = date.fromordinal(720_000 + bits(14) % 17_000)  # 1972 .. 2018
                    if born.year > 2007:
                        born = born.replace(year=born.year - 40)          # -> 1968 .. 1978
                    iin = make_iin(born, male, 1 + bits(14) % 9999)
                    if iin is not None and iin not in iins:
                        iins.add(iin)
                        break
            for word in words:
                add_token((word, sid))

            # contacts: a phone (unique, typed in one of several ways) and an e-mail
            if category == "unregistered":
                has_phone = rnd() < 0.75
                has_email = (not has_phone) or rnd() < 0.45
            else:
                has_phone = True
                has_email = rnd() < (0.85 if category == "registered" else 0.10)
            email = None
            if has_phone:
                while True:
                    p = bits(27)
                    if p < 120_000_000 and p not in phones:
                        phones.add(p)
                        break
                national = f"{PHONE_CODES[p // 10_000_000]}{p % 10_000_000:07d}"
                typed = spellings[bits(7) % 100] % (national[:3], national[3:6], national[6:8], national[8:])
                add_contact((pre + tail(), t_created, sid, "phone", typed, "+7" + national,
                             1, source))
            if has_email:
                r = rnd()
                if not lat_last:
                    local = lat_first
                elif r < 0.35:
                    local = f"{lat_first}.{lat_last}"
                elif r < 0.55:
                    local = f"{lat_first}{lat_last}"
                elif r < 0.65:
                    local = f"{lat_first}_{lat_last}"
                elif r < 0.80:
                    local = f"{lat_first[0]}.{lat_last}"
                else:
                    local = f"{lat_last}.{lat_first}"
                r = rnd()
                if r < 0.35:
                    local += str(70 + bits(5))[-2:]
                elif r < 0.60:
                    local += str(1970 + bits(5))
                domain = domains[bits(7) % 100]
                email = f"{local}@{domain}"
                while email in emails:
                    local = f"{local}{bits(4)}"
                    email = f"{local}@{domain}"
                emails.add(email)
                typed = email if rnd() < 0.9 else f"{local}@{domain.capitalize()}"
                add_contact((pre + tail(), t_created, sid, "email", typed, email,
                             0 if has_phone else 1, source))

            # addresses: Almaty or Astana, typed in several ways
            address_id = line = None
            if category == "recipient" or (category == "registered" and rnd() < 0.8):
                for _ in range(2 if rnd() < 0.1 else 1):
                    if rnd() < 0.7:
                        city = "Алматы"
                        if rnd() < 0.25:
                            street = ALMATY_DISTRICTS[bits(8) % len(ALMATY_DISTRICTS)]
                        else:
                            street = ALMATY_STREETS[bits(8) % len(ALMATY_STREETS)]
                    else:
                        city = "Астана"
                        street = ASTANA_STREETS[bits(8) % len(ASTANA_STREETS)]
                    house = 1 + bits(8) % 180
                    r = rnd()
                    if r < 0.55:
                        text = f"{street}, д. {house}, кв. {1 + bits(8) % 220}"
                    elif r < 0.80:
                        text = f"{street} {house}, кв {1 + bits(8) % 220}"
                    elif r < 0.90:
                        text = f"{street}, {house}/{1 + bits(3)}, кв. {1 + bits(7)}"
                    else:
                        text = f"{street}, д. {house}"
                    aid = pre + tail()
                    if address_id is None:
                        address_id, line = aid, f"г. {city}, {text}"
                    add_address((aid, t_created, sid, city, text, source))

            # orders: placed between registration and now (a recipient's first one made it)
            last_order = None
            if category != "unregistered":
                n = (reg_orders if category == "registered" else rec_orders)[bits(7) % 100]
                if n:
                    times = sorted([created + int(rnd() * (now_ms - created)) for _ in range(n)])
                    if category == "recipient":
                        times[0] = created + 60_000
                    for placed in times:
                        items, amount = baskets[bits(12) % n_baskets]
                        self.order_no += 1
                        t = ts(placed)
                        add_order((prefix(placed) + tail(), t, sid,
                                   operator if rnd() < 0.8 else operators[bits(8) % n_operators],
                                   f"DC-{self.order_no}", amount, items, address_id,
                                   "cancelled" if rnd() < 0.05 else "delivered"))
                    last_order = times[-1]

            # consents: given at registration, one per purpose of the subject's category
            if category == "unregistered":
                wanted = ("website", "marketing") if rnd() < 0.4 else ("website",)
            elif category == "registered":
                wanted = ["website"]
                if rnd() < 0.55:
                    wanted.append("marketing")
                if last_order is not None:
                    wanted.append("delivery")
            else:
                wanted = ("delivery",)
            # Ends follow domain.retention in Kazakhstan days (UTC+5): website data 3 years after
            # the consent, delivery data a year after the last order, marketing until withdrawn;
            # a paper consent also carries its own 3-year term (valid_until).
            given_n = local_day(created)
            # Consents given before the first edition kept here name no edition (as the import
            # records them): the shop's older policy texts are not in the register.
            policy = self.policy_id if given_n >= policy_from_n else None
            paper = channel == "paper"
            evidence = CONSENT_EVIDENCE[channel]
            given_ids = []
            ended_n = -1      # the latest end among its ended consents
            open_ended = False
            for purpose in wanted:
                cid = pre + tail()
                valid_n = given_n + PAPER_TERM_DAYS - 1 if paper else None
                if purpose == "website":
                    purpose_id, cats, third = p_web, j_web, 0
                    end_n = given_n + web_days
                elif purpose == "marketing":
                    purpose_id, cats, third = p_mkt, j_mkt, 0
                    end_n = None
                else:
                    purpose_id, cats, third = p_del, j_del, 1
                    end_n = max(local_day(last_order), given_n) + del_days
                if valid_n is not None and (end_n is None or valid_n + 1 < end_n):
                    end_n = valid_n + 1
                state, withdrawn, updated = "given", None, t_created
                add_event((pre + tail(), t_created, sid, cid, "given", channel, evidence, policy,
                           None))
                if end_n is not None and end_n <= today_n:
                    # ended: the nightly check marked it at 06:00 Almaty on its first day
                    state = "expired"
                    at = end_n * _MS_PER_DAY + 3_600_000 + bits(16)
                    updated = ts(at)
                    add_event((prefix(at) + tail(), updated, sid, cid, "expired", "system", "", policy,
                               None))
                    ended_n = max(ended_n, end_n)
                elif rnd() < withdraw_p[purpose]:
                    state = "withdrawn"
                    low = max(created + 3_600_000, now_ms - window_ms)
                    at = low + int(rnd() * (now_ms - low))
                    updated = withdrawn = ts(at)
                    how = ("website", "email", "paper")[bits(8) % 3]
                    add_event((prefix(at) + tail(), updated, sid, cid, "withdrawn", how,
                               WITHDRAWAL_EVIDENCE[how], policy,
                               None if how == "website" else staff_ids[bits(8) % len(staff_ids)]))
                    w_n = local_day(at)
                    ended_n = max(ended_n, w_n if end_n is None else min(w_n, end_n))
                else:
                    given_ids.append((cid, purpose, end_n))
                    open_ended = open_ended or end_n is None
                add_consent((cid, t_created, updated, sid, purpose_id, operator, policy, state,
                             None if valid_n is None else day(valid_n), withdrawn, channel, evidence,
                             third, cats))
            # domain.retention's next_destruction: the latest end of its consents, or None
            # while one of them has no end (services.retention.refresh_destroy_after agrees)
            destroy_n = None if open_ended else max([ended_n, *(e for _, _, e in given_ids)])
            add_subject((sid, t_created, f"S-{code}-{i + 1:06d}", category, operator,
                         full, key, iin, source, None if destroy_n is None else day(destroy_n)))
            if i in chosen:
                chosen[i] = _Person(sid, operator, created, email, line, kazakh, given_ids, ended_n)
        # Rows whose keys do not grow with the subject (orders placed over the years, later
        # events, tokens) are sorted: inserts then land next to each other in the B-trees.
        # This costs the generating process, which has time to spare, not the writer.
        for rows in (orders, events, name_tokens):
            rows.sort()
        return {"subject": subjects, "subject_token": name_tokens, "contact": contacts,
                "address": addresses, "orders": orders, "consent": consents, "consent_event": events}

    # -- requests --

    def choose_request_subjects(self) -> int:
        """Pick, before the bulk, which subjects will have a request. Returns how many."""
        n = min(max(self.total // 10, min(self.total, 30)), REQUEST_CAP)
        if n:
            for i in self.rng.sample(range(self.total), n):
                self.chosen[i] = None
        return n

    def request_specs(self, n: int) -> list[tuple[RequestType, str, str | None]]:
        """(type, state, due bucket of an open one): every type and every state come first."""
        rng = self.rng
        types = list(RequestType)
        specs: list[tuple[RequestType, str]] = []
        for k in range(min(n, len(types))):  # every type, and with them every state
            specs.append((types[k], REQUEST_STATES[k % len(REQUEST_STATES)]))
        states = _weighted((("closed", 72), ("answered", 6), ("refused", 4), ("received", 6),
                            ("identity_checked", 5), ("in_progress", 7)))
        kinds = _weighted(((RequestType.ACCESS, 30), (RequestType.CORRECTION, 12),
                           (RequestType.BLOCKING, 5), (RequestType.UNBLOCKING, 3),
                           (RequestType.DELETION, 8), (RequestType.CONSENT_WITHDRAWAL, 25),
                           (RequestType.OBJECTION_AUTOMATED, 2), (RequestType.PUBLIC_SOURCE_REMOVAL, 2),
                           (RequestType.OTHER, 8), (RequestType.BREACH_NOTICE, 1),
                           (RequestType.TRANSFER_NOTICE, 4)))
        while len(specs) < n:
            specs.append((kinds[rng.randrange(100)], states[rng.randrange(100)]))
        buckets = ("overdue", "today", "soon", "later")
        out, b = [], 0
        for t, s in specs:
            if t in _NOTICES and s == "identity_checked":
                s = "in_progress"  # the operator's own notices have no identity to check
            if s in OPEN_STATES:
                out.append((t, s, buckets[b % 4]))
                b += 1
            else:
                out.append((t, s, None))
        return out

    def requests(self, calendar: WorkingCalendar, specs) -> tuple[dict[str, list[tuple]], dict[str, list[tuple]]]:
        """The requests, their timelines, and what they did to the register (rows, updates).

        As services.requests would have written them: a request stays open until closed; the
        law's action (an action event: subject_blocked, consent_withdrawn, action_done ...) is
        recorded before the answer; answered and refused ones have no clock left running.
        """
        rng, ts, at_id, day = self.rng, self.clock.ts, self.ids.at, self.clock.day
        today, now_ms = self.today, self.now_ms
        responsible = [s for s, pos in self.staff if "ответственный" in pos or "менеджер" in pos]
        people = [p for _, p in sorted(self.chosen.items()) if p is not None]
        rng.shuffle(people)
        channels = _weighted(REQUEST_CHANNELS)
        memo: dict = {}

        def dues(t, received, documents, confirmed) -> tuple[date | None, date | None]:
            key = (t, received, documents, confirmed)
            if key not in memo:
                answer = action = None
                for c in compute_clocks(t, calendar, received=received, documents_on=documents,
                                        confirmed_on=confirmed):
                    if c.rule.kind is ClockKind.ANSWER:
                        answer = c.due
                    else:
                        action = c.due
                memo[key] = answer, action
            return memo[key]

        def bucket_of(due: date | None) -> str | None:
            if due is None:
                return None
            if due < today:
                return "overdue"
            if due == today:
                return "today"
            return "soon" if calendar.working_days_left(today, due) <= 2 else "later"

        planned = []
        for (t, state, bucket), person in zip(specs, people):
            refused = state == "refused" or (state == "closed" and rng.random() < 0.1)
            needs_docs = t is RequestType.CORRECTION and state != "received"
            # unlawful processing confirmed: only for a deletion still being worked on
            needs_confirm = t is RequestType.DELETION and state == "in_progress"
            earliest = date.fromordinal(self.clock.local_day(person.created_ms) + _EPOCH_ORDINAL + 1)
            if state in OPEN_STATES:
                # received on a day that puts its nearest clock in the wanted bucket
                candidates = []
                for back in range(0, 45):
                    received = today - timedelta(days=back)
                    if received < earliest:
                        break
                    documents = received + timedelta(days=min(back, 1)) if needs_docs else None
                    confirmed = received + timedelta(days=min(back, 2)) if needs_confirm else None
                    due = min((d for d in dues(t, received, documents, confirmed) if d), default=None)
                    if bucket_of(due) == bucket:
                        candidates.append((received, documents, confirmed))
                if candidates:
                    received, documents, confirmed = candidates[rng.randrange(len(candidates))]
                else:
                    received = min(today, max(earliest, today - timedelta(days=rng.randrange(0, 15))))
                    documents = received if needs_docs else None
                    confirmed = received if needs_confirm else None
            else:
                # finished: received long enough ago to have run its course; a withdrawal
                # within the last two months (older ones' data would have been destroyed)
                oldest = 58 if t is RequestType.CONSENT_WITHDRAWAL else 700
                received = min(max(earliest, today - timedelta(days=rng.randrange(16, oldest))),
                               today - timedelta(days=16))
                documents = (received + timedelta(days=rng.randrange(0, 3))
                             if t is RequestType.CORRECTION and not refused else None)
                confirmed = None
            planned.append((t, state, refused, person, received, documents, confirmed))

        # numbers follow the order of receipt, per year: 2026-7KQ-00001 ...
        planned.sort(key=lambda p: (p[4], p[3].id))
        per_year: dict[int, int] = {}
        requests, events, blocked, withdrawn, consent_events, queue = [], [], [], [], [], []
        destroy: list[tuple] = []

        last_ms = 0

        def event(ms: int, kind: str, from_state=None, to_state=None, note="", staff=None) -> None:
            nonlocal last_ms
            at = ts(ms)
            events.append((at_id(ms), at, at, person.id, rid, at, kind, from_state, to_state, note, staff))
            last_ms = max(last_ms, ms)

        for t, state, refused, person, received, documents, confirmed in planned:
            received_ms = _ms(received, 3 * 3600 + rng.randrange(0, 8 * 3600))  # 08:00-16:00 local
            if received_ms > now_ms:
                received_ms = now_ms - rng.randrange(60_000, 3_600_000)
            rid = at_id(received_ms)
            last_ms = received_ms
            per_year[received.year] = per_year.get(received.year, 0) + 1
            number = f"{received.year}-{self.device_code}-{per_year[received.year]:05d}"
            notice = t in _NOTICES
            channel = "internal" if notice else channels[rng.randrange(100)]
            representative = not notice and rng.random() < 0.07
            rep_name = self.names[rng.randrange(len(self.names))][0] if representative else ""
            authority = (f"Доверенность № {rng.randint(100, 9999)} от "
                         f"{received - timedelta(days=rng.randint(3, 300)):%d.%m.%Y}") if representative else ""
            staff_id = responsible[rng.randrange(len(responsible))]
            answer, action = dues(t, received, documents, confirmed)
            if notice:
                reply_to = ""
            elif channel in ("email", "website") and person.email:
                reply_to = person.email
            else:
                reply_to = person.address or person.email or ""
            language = "kk" if not notice and person.kazakh and rng.random() < 0.5 else "ru"
            text = (REQUEST_TEXTS_KK if language == "kk" else REQUEST_TEXTS)[t]

            # the states it went through (domain.workflow), and when
            path = ["received", "identity_checked", "in_progress", "refused" if refused else "answered"]
            if state == "closed":
                path.append("closed")
            else:
                path = path[:path.index(state) + 1]
            if notice:
                path = [s for s in path if s != "identity_checked"]
            times = [received_ms]
            for _ in path[1:]:
                step = rng.randrange(2 * 3_600_000, 3 * _MS_PER_DAY)
                if state in OPEN_STATES:  # still waiting: everything happened before now
                    step = min(step, max(1, (now_ms - times[-1]) // 3))
                times.append(times[-1] + step)
            due = answer or action
            if state not in OPEN_STATES and due is not None and rng.random() < 0.95:
                # answered in time (a few late, on purpose)
                deadline = _ms(due, 12 * 3600)
                if times[-1] > deadline:
                    spread = max(1, (deadline - received_ms) // len(times))
                    times = [received_ms + spread * k for k in range(len(times))]

            answered_at = closed_at = None
            for k, s in enumerate(path):
                if k == 0:
                    event(times[0], request_service.CREATED, None, "received",
                          staff=None if channel == "website" else staff_id)
                else:
                    event(times[k], request_service.STATE_CHANGED, path[k - 1], s, staff=staff_id)
                if s in ("answered", "refused"):
                    answered_at = ts(times[k])
                elif s == "closed":
                    closed_at = ts(times[k])

            def moment(day: date | None, seconds: int) -> int | None:
                """The time an event of that local day was recorded: after receipt, before now."""
                if day is None:
                    return None
                ms = max(_ms(day, seconds), received_ms + 600_000)
                return ms if ms < now_ms else received_ms + (now_ms - received_ms) // 2

            documents_ms, confirmed_ms = moment(documents, 4 * 3600), moment(confirmed, 6 * 3600)
            if documents_ms is not None:
                event(documents_ms, request_service.DOCUMENTS_RECEIVED, staff=staff_id)
            if confirmed_ms is not None:
                event(confirmed_ms, request_service.UNLAWFUL_CONFIRMED, staff=staff_id)

            outcome = refusal = ""
            if refused:
                outcome, refusal = "refused", REFUSAL_REASONS[rng.randrange(len(REFUSAL_REASONS))]
            elif "answered" in path:
                outcome = REQUEST_OUTCOMES[t]
                if action is not None:  # the law's action, done before the answer
                    at_ms = (times[path.index("in_progress")] + times[path.index("answered")]) // 2
                    at = ts(at_ms)
                    kind = _ACTION_EVENT.get(t, request_service.ACTION_DONE)
                    note = ""
                    if t is RequestType.BLOCKING:
                        blocked.append((at, at, person.id))
                    elif t is RequestType.CONSENT_WITHDRAWAL and person.given:
                        note = ", ".join(sorted({code for _, code, _ in person.given}))
                        w_n = self.clock.local_day(at_ms)
                        destroy_n = max([person.ended, *(w_n if e is None else min(w_n, e)
                                                         for _, _, e in person.given)])
                        destroy.append((day(destroy_n), person.id))
                        for consent_id, _, _ in person.given:
                            withdrawn.append((at, at, consent_id))
                            consent_events.append((at_id(at_ms), at, person.id, consent_id, "withdrawn",
                                                   channel, f"Request {number}", self.policy_id,
                                                   staff_id, rid))
                    if note:  # the withdrawal on the timeline; processing stopped is action_done
                        event(at_ms - 60_000, request_service.CONSENT_WITHDRAWN, note=note, staff=staff_id)
                    event(at_ms, kind, note=note, staff=staff_id)
                    if t is RequestType.CONSENT_WITHDRAWAL and person.given:
                        # no purpose left: the inbox puts the person on the destruction queue
                        person.given = []
                        q_ms = at_ms + 60_000
                        reason = QUEUE_REASON
                        queue.append((at_id(q_ms), ts(q_ms), person.id, reason, rid, staff_id))
                        event(q_ms, request_service.QUEUED_FOR_DESTRUCTION, note=reason, staff=staff_id)
            is_open = state != "closed"
            next_due = (min((d for d in (answer, action) if d), default=None)
                        if state in OPEN_STATES else None)
            t_received = ts(received_ms)
            requests.append((
                rid, t_received, ts(last_ms), person.id, number, person.operator_id, t.value, channel, t_received,
                None if documents_ms is None else ts(documents_ms),
                None if confirmed_ms is None else ts(confirmed_ms),
                "representative" if representative else "subject", rep_name, authority, reply_to,
                language, text, state, 1 if is_open else 0, staff_id,
                answer and answer.isoformat(), action and action.isoformat(),
                next_due and next_due.isoformat(), answered_at, closed_at, outcome, refusal))
        rows = {"request": requests, "request_event": events,
                "consent_event_of_request": consent_events, "destruction_queue": queue}
        updates = {"subject_blocked": blocked, "consent_withdrawn": withdrawn,
                   "subject_destroy_after": destroy}
        return rows, updates


def _bin(rng: random.Random, serial: int) -> str:
    """A BIN of a resident legal entity (head office) with a valid check digit."""
    while True:
        first11 = f"{rng.randint(5, 22):02d}{rng.randint(1, 12):02d}40{serial:05d}"
        check = iin_check_digit(first11)
        if check is not None:
            return f"{first11}{check}"
        serial += 1


_UPDATE = {
    "subject_destroy_after": "UPDATE subject SET destroy_after = ? WHERE id = ?",
    "subject_blocked": "UPDATE subject SET status = 'blocked', blocked_at = ?, updated_at = ? WHERE id = ?",
    "consent_withdrawn": "UPDATE consent SET state = 'withdrawn', withdrawn_at = ?, updated_at = ? "
                         "WHERE id = ?",
}
_TABLE_OF = {"consent_event_of_request": "consent_event"}


# --- the second process -------------------------------------------------------------------------
# A plain child interpreter (`python -c`), not multiprocessing: spawning re-imports the
# caller's __main__ script, which breaks callers without an `if __name__ == "__main__"` guard.
# Messages go over the child's stdout as length-prefixed `marshal` dumps (tuples, lists, str,
# int and None only: a third cheaper to load than pickle, and this process is the bottleneck);
# the pipe's buffer makes the child wait while this process writes (at most a chunk ahead).

_WORKER_CODE = "from pdp_desk.services.demo import _worker_main; _worker_main()"


def _worker_main() -> None:
    """Entry point of the generating process: read _Params on stdin, send the messages."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write to the message stream

    def send(message) -> None:
        data = marshal.dumps(message)
        out.write(len(data).to_bytes(8, "little"))
        out.write(data)

    try:
        params = pickle.loads(sys.stdin.buffer.read())
        for message in _Generator(params).produce():
            send(message)
        send(("end",))
    except BrokenPipeError:
        pass  # the writer stopped (cancelled): nothing to say
    except BaseException:  # noqa: BLE001 - reported to the writer, which raises it
        send(("error", traceback.format_exc()))
    finally:
        try:
            out.flush()
        except BrokenPipeError:
            pass


class _Messages:
    """The generator's messages, made here or in a second process (`parallel`)."""

    def __init__(self, params: _Params, parallel: bool) -> None:
        self.process: subprocess.Popen | None = None
        if not parallel:
            self._iter = _Generator(params).produce()
            return
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen([sys.executable, "-c", _WORKER_CODE], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=env)
        self.process.stdin.write(pickle.dumps(params, protocol=pickle.HIGHEST_PROTOCOL))
        self.process.stdin.close()
        # A thread reads the pipe ahead (reading releases the GIL), so the generating process
        # can run up to PIPELINE chunks ahead of the writer instead of one.
        self._buffer: queue.Queue[bytes | None] = queue.Queue(maxsize=PIPELINE)
        self._reader = threading.Thread(target=self._read, args=(self.process.stdout,),
                                        name="pdp-desk-demo-reader", daemon=True)
        self._reader.start()
        self._iter = self._receive()

    def _read(self, stream) -> None:
        try:
            while True:
                head = stream.read(8)
                if len(head) < 8:
                    break
                data = stream.read(int.from_bytes(head, "little"))
                self._buffer.put(data)
                if self.process is None:
                    return
        except (OSError, ValueError):  # the pipe was closed: cancelled
            pass
        self._buffer.put(None)

    def _receive(self) -> Iterator[tuple]:
        while True:
            data = self._buffer.get()
            if data is None:
                raise RuntimeError("the demo generating process ended unexpectedly")
            message = marshal.loads(data)
            if message[0] == "end":
                return
            if message[0] == "error":
                raise RuntimeError(f"the demo generating process failed:\n{message[1]}")
            yield message

    def __iter__(self) -> Iterator[tuple]:
        return self._iter

    def close(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=30)
        while True:  # let the reader finish: it may wait to put a message
            try:
                self._buffer.get_nowait()
            except queue.Empty:
                if not self._reader.is_alive():
                    break
                self._reader.join(timeout=0.05)
        process.stdout.close()


# --- the use case -------------------------------------------------------------------------------

def _can_run_second_process() -> bool:
    # A frozen (PyInstaller) build has no interpreter to start: stay in-process there.
    return (os.cpu_count() or 1) > 1 and not getattr(sys, "frozen", False)


def generate(db: Database, subjects: int, seed: int = 1, today: date | None = None,
             progress: Callable[[int, int], bool] | None = None, *,
             bulk: bool | None = None) -> DemoReport:
    """Fill a freshly initialised database with demo data; see the module's docstring.

    `progress(done, total)` is called after each step; returning False cancels, and then
    nothing is written (the report says `cancelled`). `bulk`: second process and rollback
    journal (None: from BULK_FROM subjects); the rows are the same either way.
    Raises DemoError when the database already holds subjects.
    """
    if subjects < 0:
        raise ValueError("subjects must be 0 or more")
    started = time.perf_counter()
    today = today or date.today()
    bulk = subjects >= BULK_FROM if bulk is None else bulk
    report = DemoReport(bulk=bulk)
    finishing = max(1, subjects // 10)  # index builds and requests, in progress units
    total_steps = subjects + finishing
    phases = report.phases

    reached = 0

    def step(done: int) -> None:
        nonlocal reached
        reached = max(reached, done)
        if progress is not None and progress(reached, total_steps) is False:
            raise _Cancelled

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        phases[name] = round(phases.get(name, 0.0) + now - since, 3)
        return now

    messages = None
    try:
        with db.engine.connect() as connection:
            raw = connection.connection.driver_connection
            journal = _enter_bulk_journal(raw) if bulk else None
            try:
                with Session(bind=connection, expire_on_commit=False) as session, session.begin():
                    if session.scalar(select(func.count()).select_from(Subject)):
                        raise DemoError("This database already holds subjects: "
                                        "demo data goes into a new database.")
                    ensure_defaults(session)
                    overrides = load_calendar(session).overrides
                    session.flush()
                    cursor = raw.cursor()
                    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
                    cursor.execute("PRAGMA temp_store=MEMORY")
                    cursor.execute("PRAGMA threads=2")
                    operators = tuple(row[0] for row in cursor.execute(
                        "SELECT id FROM operator ORDER BY created_at, id"))
                    params = _Params(seed, subjects, today, db.device_code, operators, tuple(overrides))
                    messages = _Messages(params, parallel=bulk and _can_run_second_process())
                    indexes = cursor.execute(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                        f"AND tbl_name IN ({', '.join('?' * len(BULK_TABLES))}) ORDER BY name",
                        BULK_TABLES).fetchall()
                    for name, _ in indexes:
                        cursor.execute(f'DROP INDEX "{name}"')
                    t = lap("prepare", started)
                    # New rows only: capture stands aside and dates them all in one pass.
                    with bulk_load(raw):
                        step(0)
                        for message in messages:
                            t = lap("wait for rows", t) if messages.process else t
                            if message[0] == "rows":
                                _, rows, done = message
                                for table, table_rows in rows.items():
                                    if table_rows:
                                        cursor.executemany(_INSERT[table], table_rows)
                                        name = _TABLE_OF.get(table, table)
                                        setattr(report, name, getattr(report, name) + len(table_rows))
                                t = lap("write rows", t)
                                step(done)
                            elif message[0] == "indexes":
                                for k, (_, sql) in enumerate(indexes):
                                    cursor.execute(sql)
                                    step(subjects + finishing * (k + 1) // (len(indexes) + 1))
                                t = lap("build indexes", t)
                            else:
                                for statement, params_list in message[1].items():
                                    cursor.executemany(_UPDATE[statement], params_list)
                        messages.close()
                    # subject.destroy_after is written with the rows, computed by the generator
                    # as domain.retention decides it (tests hold it to
                    # services.retention.refresh_destroy_after, which would take minutes here).
                    cursor.close()
                    report.seconds = round(time.perf_counter() - started, 3)
                    details = dict(report.counts(), seed=seed, today=today.isoformat())
                    audit.record(session, "demo.generate", "demo", (), details, actor="system")
                    step(total_steps)
                t = lap("commit", t)
            finally:
                if journal is not None:
                    _leave_bulk_journal(raw, journal)
                    lap("restore WAL", t)
    except _Cancelled:
        return DemoReport(cancelled=True, bulk=bulk, seconds=round(time.perf_counter() - started, 3))
    finally:
        if messages is not None:
            messages.close()
    report.seconds = round(time.perf_counter() - started, 3)
    return report


class _Cancelled(Exception):
    pass


def _enter_bulk_journal(raw) -> str | None:
    """Switch the file from WAL to a rollback journal for the bulk transaction.

    Returns the mode to restore, or None when the switch was not possible (another
    connection is open): the transaction then simply runs in WAL mode.
    """
    try:
        old = raw.execute("PRAGMA journal_mode").fetchone()[0]
        if old.lower() != "wal":
            return None
        new = raw.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except Exception:  # noqa: BLE001 - busy: another connection holds the WAL open
        return None
    if new.lower() != "delete":
        return None
    raw.execute("PRAGMA synchronous=FULL")  # a rollback journal is safe with FULL
    # Index builds scan each table once per index: read them through a memory map (SQLite
    # caps it at its compile-time maximum, 2 GB by default) instead of a read() per page.
    raw.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    return old


def _leave_bulk_journal(raw, mode: str) -> None:
    try:
        raw.execute(f"PRAGMA journal_mode={mode}")
    finally:
        raw.execute("PRAGMA synchronous=NORMAL")
        raw.execute("PRAGMA mmap_size=0")
