"""The working-day calendar of Kazakhstan, with an override table the operator can edit.

Base: the `holidays` package (country "KZ"): public holidays, weekend holidays moved to the
next working day (7 January and Kurban Ait are not moved), cascades of moved days, and the
government's yearly decrees that swap a weekday off for a working Saturday or Sunday.
Its decree data ends where the package's knowledge ends and Kurban Ait is only "estimated"
for future years, hence the overrides, which always win over the package:

* DAY_OFF      - an extra non-working day (a new decree, a one-off holiday);
* WORKING_DAY  - a working day, even on a weekend or a holiday (a decreed working Saturday);
* KURBAN_AIT   - the announced first day of Kurban Ait: it replaces the package's date for
                 that year (the nearest one, should a year hold two) and is never moved.

Each year is computed once, on first use, into a flag array and a running count of working
days, so `is_working_day` and `count_working_days` cost O(1) after that. A calendar is
immutable: when the override table changes, build a new WorkingCalendar.

Holiday names: English and Kazakh come from the package (language="en_US" / "kk"); the
package has no Russian, so Russian names are kept here, keyed by the English name.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

LANGUAGES = ("ru", "kk", "en")
_ONE_DAY = timedelta(days=1)


class CalendarError(ValueError):
    """A calendar request that cannot be answered; `code` is stable, `message` is English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check_language(language: str) -> str:
    """Return `language` if it is one of LANGUAGES, else raise CalendarError."""
    if language not in LANGUAGES:
        raise CalendarError(
            "language_unsupported",
            f"Language {language!r} is not supported; use one of {', '.join(LANGUAGES)}.",
        )
    return language


class OverrideKind(StrEnum):
    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"
    KURBAN_AIT = "kurban_ait"


class DaySource(StrEnum):
    """Why a day is what it is; a plain working weekday has no source (None)."""

    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    OVERRIDE = "override"
    DECREE = "decree"


@dataclass(frozen=True, slots=True)
class CalendarOverride:
    day: date
    kind: OverrideKind
    reason: str = ""

    def __post_init__(self) -> None:
        # Rows from the database carry the kind as plain text: accept it, reject unknown kinds.
        try:
            object.__setattr__(self, "kind", OverrideKind(self.kind))
        except ValueError:
            raise CalendarError(
                "override_kind_unknown", f"Unknown calendar override kind: {self.kind!r}."
            ) from None


@dataclass(frozen=True, slots=True)
class DayInfo:
    day: date
    working: bool
    reason: str | None
    source: DaySource | None


@dataclass(frozen=True, slots=True)
class WorkingDayCount:
    """A term of `working_days` working days: it starts the day after the event (`start`)
    and ends on `due`, the last of those working days; `skipped` are the non-working days
    passed over on the way (after the event, before `due`)."""

    start: date
    due: date
    working_days: int
    skipped: tuple[DayInfo, ...]


# --- texts -----------------------------------------------------------------------------------

# Russian names of the package's holidays, keyed by its English (en_US) name.
_RU_NAMES = {
    "New Year's Day": "Новый год",
    "Orthodox Christmas": "Православное Рождество",
    "International Women's Day": "Международный женский день",
    "Nowruz Holiday": "Наурыз мейрамы",
    "Kazakhstan's People Solidarity Holiday": "Праздник единства народа Казахстана",
    "Defender of the Fatherland Day": "День защитника Отечества",
    "Victory Day": "День Победы",
    "Capital Day": "День Столицы",
    "Constitution Day": "День Конституции Республики Казахстан",
    "Republic Day": "День Республики",
    "First President Day": "День Первого Президента Республики Казахстан",
    "Independence Day": "День Независимости",
    "Eid al-Adha": "Курбан айт",
}
_RU_SUFFIXES = {
    "observed": "перенесённый выходной",
    "estimated": "ожидаемая дата",
    "observed, estimated": "перенесённый выходной, ожидаемая дата",
}
_SUFFIX_RE = re.compile(r"^(?P<base>.*?)(?: \((?P<suffix>observed|estimated|observed, estimated)\))?$")
_SUBSTITUTED_RE = re.compile(r"^Day off \(substituted from (\d{2})/(\d{2})/(\d{4})\)$")

# What identifies the package's Kurban Ait among a day's names, per package language.
_EID_PREFIX = {"en": "Eid al-Adha", "kk": "Құрбан айт"}

_TEXTS: dict[str, dict[str, str]] = {
    "saturday": {"ru": "Суббота", "kk": "Сенбі", "en": "Saturday"},
    "sunday": {"ru": "Воскресенье", "kk": "Жексенбі", "en": "Sunday"},
    "kurban_ait": {"ru": "Курбан айт", "kk": "Құрбан айт", "en": "Kurban Ait (Eid al-Adha)"},
    "day_off": {"ru": "Дополнительный выходной день", "kk": "Қосымша демалыс күні",
                "en": "Additional day off"},
    "working_day": {"ru": "Рабочий день по переносу", "kk": "Ауыстырылған жұмыс күні",
                    "en": "Working day (transferred)"},
    "substituted_off": {"ru": "Выходной день (перенесён с {date})",
                        "kk": "Демалыс күні ({date} бастап ауыстырылды)",
                        "en": "Day off (substituted from {date})"},
    "decree_working": {"ru": "Рабочий день (выходной перенесён на {date})",
                       "kk": "Жұмыс күні (демалыс {date} күніне ауыстырылды)",
                       "en": "Working day (day off moved to {date})"},
    "decree_working_unknown": {"ru": "Рабочий день по постановлению Правительства",
                               "kk": "Үкімет қаулысы бойынша жұмыс күні",
                               "en": "Working day by government decree"},
}


def _fmt(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def _ru_name(english: str) -> str:
    match = _SUFFIX_RE.match(english)
    assert match is not None  # the pattern matches any text
    base = _RU_NAMES.get(match["base"], match["base"])
    suffix = match["suffix"]
    return f"{base} ({_RU_SUFFIXES[suffix]})" if suffix else base


def Kazakhstan(*, years: int, language: str):
    """The `holidays` package's Kazakhstan holidays of `years` in `language` (named as the
    package's class it stands for)."""
    # imported here: `holidays` costs 0.15-0.6 s, paid when the first year is built, not at start-up
    from holidays.countries.kazakhstan import Kazakhstan as PackageKazakhstan

    return PackageKazakhstan(years=years, language=language)


# --- one computed year -----------------------------------------------------------------------

@dataclass(slots=True)
class _Special:
    """A day that is not a plain Monday-to-Friday working day (or is one by decree/override)."""

    working: bool
    source: DaySource
    texts: dict[str, str]  # language -> reason


@dataclass(slots=True)
class _Year:
    first: int                 # ordinal of 1 January
    working: bytearray         # 1 = working day, indexed by ordinal - first
    running: list[int]         # running[i] = working days among the first i days of the year
    special: dict[date, _Special]
    infos: dict[str, dict[date, DayInfo]] = field(default_factory=dict)  # per-language cache


@dataclass(slots=True)
class _HolidayNames:
    en: list[str]
    kk: list[str]

    def drop_kurban(self) -> None:
        self.en = [n for n in self.en if not n.startswith(_EID_PREFIX["en"])]
        self.kk = [n for n in self.kk if not n.startswith(_EID_PREFIX["kk"])]


class WorkingCalendar:
    """Kazakhstan working days = the `holidays` package + the operator's overrides."""

    def __init__(self, overrides: Iterable[CalendarOverride] = ()) -> None:
        self._overrides = tuple(overrides)
        validate_overrides(self._overrides)
        self._by_year: dict[int, list[CalendarOverride]] = {}
        for o in self._overrides:
            self._by_year.setdefault(o.day.year, []).append(o)
        self._years: dict[int, _Year] = {}

    @property
    def overrides(self) -> tuple[CalendarOverride, ...]:
        return self._overrides

    # -- single days --

    def is_working_day(self, d: date) -> bool:
        y = self._years.get(d.year) or self._build(d.year)
        return y.working[d.toordinal() - y.first] == 1

    def day_info(self, d: date, language: str = "ru") -> DayInfo:
        check_language(language)
        y = self._years.get(d.year) or self._build(d.year)
        cache = y.infos.setdefault(language, {})
        info = cache.get(d)
        if info is None:
            info = cache[d] = self._make_info(y, d, language)
        return info

    def year_view(self, year: int, language: str = "ru") -> list[DayInfo]:
        d, end = date(year, 1, 1), date(year, 12, 31)
        out = []
        while d <= end:
            out.append(self.day_info(d, language))
            d += _ONE_DAY
        return out

    # -- terms --

    def add_working_days(self, event_day: date, n: int, language: str = "ru") -> WorkingDayCount:
        """The term of `n` working days that starts the day after `event_day`.

        `due` is the n-th working day after `event_day`: a term that would end on a day off
        thereby ends on the next working day.
        """
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise CalendarError(
                "working_days_not_positive", f"A term needs at least 1 working day, got {n!r}."
            )
        check_language(language)
        d, counted, skipped = event_day, 0, []
        y = self._years.get(d.year) or self._build(d.year)
        while counted < n:
            d += _ONE_DAY
            if d.month == 1 and d.day == 1:
                y = self._years.get(d.year) or self._build(d.year)
            if y.working[d.toordinal() - y.first]:
                counted += 1
            else:
                skipped.append(self.day_info(d, language))
        return WorkingDayCount(event_day + _ONE_DAY, d, n, tuple(skipped))

    def count_working_days(self, after: date, until: date) -> int:
        """Working days in the interval (after, until]; 0 when until <= after."""
        if until <= after:
            return 0
        ya = self._years.get(after.year) or self._build(after.year)
        yb = self._years.get(until.year) or self._build(until.year)
        a = ya.running[after.toordinal() - ya.first + 1]
        b = yb.running[until.toordinal() - yb.first + 1]
        if after.year == until.year:
            return b - a
        middle = sum(
            (self._years.get(y) or self._build(y)).running[-1]
            for y in range(after.year + 1, until.year)
        )
        return (ya.running[-1] - a) + middle + b

    def working_days_left(self, today: date, due: date) -> int:
        """Signed distance in working days from `today` to `due`.

        * due > today: the working days after today up to and including `due`
          (due tomorrow -> 1; due Monday seen on Friday -> 1).
        * due == today: 0.
        * due < today: minus the working days after `due` up to and including today
          (due yesterday, today working -> -1). On a day off right after the due date this
          is 0 although the term has passed: judge "overdue" by comparing dates.
        """
        if due >= today:
            return self.count_working_days(today, due)
        return -self.count_working_days(due, today)

    # -- building a year --

    def _build(self, year: int) -> _Year:
        special = self._package_days(year)
        self._apply_overrides(year, special)
        first = date(year, 1, 1).toordinal()
        days = date(year, 12, 31).toordinal() - first + 1
        working = bytearray(days)
        running = [0] * (days + 1)
        for i in range(days):
            d = date.fromordinal(first + i)
            s = special.get(d)
            working[i] = s.working if s is not None else d.weekday() < 5
            running[i + 1] = running[i] + working[i]
        built = _Year(first, working, running, special)
        self._years[year] = built
        return built

    def _package_days(self, year: int) -> dict[date, _Special]:
        en = Kazakhstan(years=year, language="en_US")
        kk = Kazakhstan(years=year, language="kk")
        names = {
            d: _HolidayNames(en[d].split("; "), kk.get(d, "").split("; "))
            for d in en
            if d.year == year
        }
        self._move_kurban_ait(year, names)

        special: dict[date, _Special] = {}
        moved_off: dict[date, date] = {}  # decreed working day -> the weekday given off for it
        for d, n in names.items():
            if not n.en:
                continue
            decree = True
            en_texts, ru_texts = [], []
            for part in n.en:
                m = _SUBSTITUTED_RE.match(part)
                if m:
                    worked = date(int(m[3]), int(m[1]), int(m[2]))
                    moved_off[worked] = d
                    en_texts.append(_TEXTS["substituted_off"]["en"].format(date=_fmt(worked)))
                    ru_texts.append(_TEXTS["substituted_off"]["ru"].format(date=_fmt(worked)))
                else:
                    decree = False
                    en_texts.append(part)
                    ru_texts.append(_ru_name(part))
            texts = {"en": "; ".join(en_texts), "ru": "; ".join(ru_texts), "kk": "; ".join(n.kk)}
            special[d] = _Special(False, DaySource.DECREE if decree else DaySource.HOLIDAY, texts)

        # `weekend_workdays` may also list days of other years: keep this year's only.
        for d in getattr(en, "weekend_workdays", ()):
            if d.year != year:
                continue
            off = moved_off.get(d)
            if off is not None:
                texts = {lang: t.format(date=_fmt(off))
                         for lang, t in _TEXTS["decree_working"].items()}
            else:
                texts = dict(_TEXTS["decree_working_unknown"])
            special[d] = _Special(True, DaySource.DECREE, texts)
        return special

    def _move_kurban_ait(self, year: int, names: dict[date, _HolidayNames]) -> None:
        """Replace the package's Kurban Ait by the override's day (nearest date if two)."""
        override = next(
            (o for o in self._by_year.get(year, ()) if o.kind is OverrideKind.KURBAN_AIT), None
        )
        if override is None:
            return
        package_days = [
            d for d, n in names.items() if any(p.startswith(_EID_PREFIX["en"]) for p in n.en)
        ]
        if package_days:
            nearest = min(package_days, key=lambda d: abs((d - override.day).days))
            names[nearest].drop_kurban()

    def _apply_overrides(self, year: int, special: dict[date, _Special]) -> None:
        for o in self._by_year.get(year, ()):
            if o.kind is OverrideKind.KURBAN_AIT:
                texts = {
                    lang: f"{name}: {o.reason}" if o.reason else name
                    for lang, name in _TEXTS["kurban_ait"].items()
                }
                old = special.get(o.day)
                if old is not None and not old.working:  # shares the day with another holiday
                    texts = {lang: f"{old.texts[lang]}; {t}" for lang, t in texts.items()}
                special[o.day] = _Special(False, DaySource.OVERRIDE, texts)
            else:
                working = o.kind is OverrideKind.WORKING_DAY
                texts = {lang: o.reason for lang in LANGUAGES} if o.reason else dict(_TEXTS[o.kind])
                special[o.day] = _Special(working, DaySource.OVERRIDE, texts)

    @staticmethod
    def _make_info(y: _Year, d: date, language: str) -> DayInfo:
        s = y.special.get(d)
        if s is not None:
            return DayInfo(d, s.working, s.texts[language], s.source)
        weekday = d.weekday()
        if weekday == 5:
            return DayInfo(d, False, _TEXTS["saturday"][language], DaySource.WEEKEND)
        if weekday == 6:
            return DayInfo(d, False, _TEXTS["sunday"][language], DaySource.WEEKEND)
        return DayInfo(d, True, None, None)


def validate_overrides(overrides: Iterable[CalendarOverride]) -> None:
    """Raise CalendarError when the override table contradicts itself.

    One override per day ("override_duplicate_day"); one Kurban Ait per year
    ("override_kurban_ait_duplicate"). Services call this before saving a row.
    """
    days: set[date] = set()
    kurban_years: set[int] = set()
    for o in overrides:
        if o.day in days:
            raise CalendarError(
                "override_duplicate_day", f"The calendar has two overrides for {_fmt(o.day)}."
            )
        days.add(o.day)
        if o.kind is OverrideKind.KURBAN_AIT:
            if o.day.year in kurban_years:
                raise CalendarError(
                    "override_kurban_ait_duplicate",
                    f"Kurban Ait is already set for {o.day.year}.",
                )
            kurban_years.add(o.day.year)
