"""The Kazakhstan working-day calendar: pinned facts, overrides, terms, texts, properties."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pdp_desk.domain import calendar as cal
from pdp_desk.domain.calendar import (
    CalendarError,
    CalendarOverride,
    DaySource,
    OverrideKind,
    WorkingCalendar,
    validate_overrides,
)

KZ = WorkingCalendar()


# --- pinned facts ----------------------------------------------------------------------------

def test_2025_decree_swaps_friday_3_january_for_sunday_5_january() -> None:
    assert not KZ.is_working_day(date(2025, 1, 3))
    assert KZ.is_working_day(date(2025, 1, 5))  # a Sunday
    off, worked = KZ.day_info(date(2025, 1, 3)), KZ.day_info(date(2025, 1, 5))
    assert off.source == DaySource.DECREE and "05.01.2025" in off.reason
    assert worked.working and worked.source == DaySource.DECREE and "03.01.2025" in worked.reason


def test_2026_nauryz_on_saturday_to_monday_cascades_to_24_and_25_march() -> None:
    for day in range(21, 26):
        assert not KZ.is_working_day(date(2026, 3, day)), day
    assert KZ.is_working_day(date(2026, 3, 26))
    assert KZ.day_info(date(2026, 3, 21)).reason == "Наурыз мейрамы"
    assert KZ.day_info(date(2026, 3, 24)).reason == "Наурыз мейрамы (перенесённый выходной)"
    assert KZ.day_info(date(2026, 3, 24), "kk").reason.startswith("Наурыз мейрамы (")
    assert KZ.day_info(date(2026, 3, 24), "en").reason == "Nowruz Holiday (observed)"


def test_kurban_ait_2026_is_a_day_off() -> None:
    info = KZ.day_info(date(2026, 5, 27))
    assert not info.working
    assert info.source == DaySource.HOLIDAY
    assert info.reason.startswith("Курбан айт")
    assert KZ.day_info(date(2026, 5, 27), "kk").reason.startswith("Құрбан айт")


def test_orthodox_christmas_is_a_holiday_but_never_moved() -> None:
    assert not KZ.is_working_day(date(2026, 1, 7))  # Wednesday
    assert date(2024, 1, 7).weekday() == 6  # Sunday...
    assert KZ.is_working_day(date(2024, 1, 8))  # ...and Monday is a working day
    assert KZ.day_info(date(2024, 1, 7)).reason == "Православное Рождество"


def test_ten_working_days_from_20_may_2026_across_kurban_ait() -> None:
    count = KZ.add_working_days(date(2026, 5, 20), 10)
    assert count.start == date(2026, 5, 21)
    assert count.due == date(2026, 6, 4)
    assert count.working_days == 10
    assert [s.day for s in count.skipped] == [
        date(2026, 5, 23), date(2026, 5, 24), date(2026, 5, 27), date(2026, 5, 30), date(2026, 5, 31)
    ]
    assert [s.reason for s in count.skipped][:2] == ["Суббота", "Воскресенье"]


def test_one_working_day_from_friday_20_march_2026_is_26_march() -> None:
    count = KZ.add_working_days(date(2026, 3, 20), 1)
    assert count.due == date(2026, 3, 26)
    assert [s.day.day for s in count.skipped] == [21, 22, 23, 24, 25]


def test_override_day_off_moves_the_due_date() -> None:
    c = WorkingCalendar([CalendarOverride(date(2026, 6, 1), OverrideKind.DAY_OFF, "Постановление № 1")])
    count = c.add_working_days(date(2026, 5, 20), 10)
    assert count.due == date(2026, 6, 5)
    extra = c.day_info(date(2026, 6, 1))
    assert extra == cal.DayInfo(date(2026, 6, 1), False, "Постановление № 1", DaySource.OVERRIDE)
    assert extra in count.skipped


def test_override_kurban_ait_replaces_the_estimated_date() -> None:
    c = WorkingCalendar([CalendarOverride(date(2026, 5, 26), OverrideKind.KURBAN_AIT)])
    assert c.is_working_day(date(2026, 5, 27))
    assert not c.is_working_day(date(2026, 5, 26))
    info = c.day_info(date(2026, 5, 26))
    assert info.source == DaySource.OVERRIDE and info.reason == "Курбан айт"
    assert c.day_info(date(2026, 5, 27)) == cal.DayInfo(date(2026, 5, 27), True, None, None)
    assert c.add_working_days(date(2026, 5, 20), 10).due == date(2026, 6, 4)


def test_override_kurban_ait_on_a_weekend_is_not_moved() -> None:
    c = WorkingCalendar([CalendarOverride(date(2026, 5, 30), OverrideKind.KURBAN_AIT, "fatwa")])
    assert c.is_working_day(date(2026, 5, 27))
    assert not c.is_working_day(date(2026, 5, 30))
    assert c.is_working_day(date(2026, 6, 1))  # no transfer to Monday
    assert c.day_info(date(2026, 5, 30), "en").reason == "Kurban Ait (Eid al-Adha): fatwa"


def test_override_working_day_on_a_saturday_counts() -> None:
    saturday = date(2026, 5, 23)
    c = WorkingCalendar([CalendarOverride(saturday, OverrideKind.WORKING_DAY)])
    assert c.is_working_day(saturday)
    assert c.add_working_days(date(2026, 5, 20), 10).due == date(2026, 6, 3)
    assert c.day_info(saturday, "en") == cal.DayInfo(
        saturday, True, "Working day (transferred)", DaySource.OVERRIDE
    )


def test_override_working_day_wins_over_a_holiday() -> None:
    c = WorkingCalendar([CalendarOverride(date(2026, 3, 25), "working_day", "перенос")])
    assert c.is_working_day(date(2026, 3, 25))
    assert c.add_working_days(date(2026, 3, 20), 1).due == date(2026, 3, 25)


# --- overrides table -------------------------------------------------------------------------

def test_override_kind_may_come_as_text_but_must_be_known() -> None:
    assert CalendarOverride(date(2026, 1, 5), "day_off").kind is OverrideKind.DAY_OFF
    with pytest.raises(CalendarError) as err:
        CalendarOverride(date(2026, 1, 5), "holiday")
    assert err.value.code == "override_kind_unknown"


def test_contradictory_overrides_are_refused() -> None:
    d = date(2026, 1, 5)
    with pytest.raises(CalendarError) as err:
        validate_overrides([CalendarOverride(d, "day_off"), CalendarOverride(d, "working_day")])
    assert err.value.code == "override_duplicate_day"
    with pytest.raises(CalendarError) as err:
        WorkingCalendar([CalendarOverride(date(2026, 5, 26), "kurban_ait"),
                         CalendarOverride(date(2026, 5, 28), "kurban_ait")])
    assert err.value.code == "override_kurban_ait_duplicate"


def test_empty_override_reason_gets_a_default_text_in_each_language() -> None:
    d = date(2026, 2, 2)
    c = WorkingCalendar([CalendarOverride(d, OverrideKind.DAY_OFF)])
    assert c.day_info(d, "ru").reason == "Дополнительный выходной день"
    assert c.day_info(d, "kk").reason == "Қосымша демалыс күні"
    assert c.day_info(d, "en").reason == "Additional day off"


# --- texts -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("language", "saturday", "sunday"),
    [("ru", "Суббота", "Воскресенье"), ("kk", "Сенбі", "Жексенбі"), ("en", "Saturday", "Sunday")],
)
def test_weekend_reasons(language: str, saturday: str, sunday: str) -> None:
    assert KZ.day_info(date(2026, 4, 4), language) == cal.DayInfo(
        date(2026, 4, 4), False, saturday, DaySource.WEEKEND
    )
    assert KZ.day_info(date(2026, 4, 5), language).reason == sunday


def test_plain_working_day_has_no_reason() -> None:
    assert KZ.day_info(date(2026, 4, 6)) == cal.DayInfo(date(2026, 4, 6), True, None, None)


def test_every_package_holiday_has_a_russian_name() -> None:
    # Guards the Russian dictionary against new names in a future `holidays` release.
    latin = re.compile(r"[A-Za-z]")
    for year in range(1991, 2041):
        for info in KZ.year_view(year, "ru"):
            if info.reason:
                assert not latin.search(info.reason), (info.day, info.reason)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(CalendarError) as err:
        KZ.day_info(date(2026, 1, 1), "de")
    assert err.value.code == "language_unsupported"


def test_year_view_covers_the_year() -> None:
    days = KZ.year_view(2026, "en")
    assert len(days) == 365 and days[0].day == date(2026, 1, 1) and days[-1].day == date(2026, 12, 31)
    assert len(KZ.year_view(2028)) == 366
    assert sum(d.working for d in days) == KZ.count_working_days(date(2025, 12, 31), date(2026, 12, 31))


# --- terms -----------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [0, -1, True, 1.5])
def test_a_term_needs_at_least_one_working_day(n: object) -> None:
    with pytest.raises(CalendarError) as err:
        KZ.add_working_days(date(2026, 1, 5), n)  # type: ignore[arg-type]
    assert err.value.code == "working_days_not_positive"


def test_terms_run_across_new_year() -> None:
    # 26, 29, 30, 31 December; 1-2 January holidays; 5, 6 January; 7 January holiday; 8, 9, 12, 13.
    assert KZ.add_working_days(date(2025, 12, 25), 10).due == date(2026, 1, 13)


def test_working_days_left() -> None:
    friday, monday = date(2026, 4, 3), date(2026, 4, 6)
    assert KZ.working_days_left(friday, friday) == 0
    assert KZ.working_days_left(friday, monday) == 1
    assert KZ.working_days_left(monday, friday) == -1
    assert KZ.working_days_left(date(2026, 4, 4), friday) == 0  # Saturday after a Friday due date
    assert KZ.working_days_left(date(2026, 3, 20), date(2026, 3, 26)) == 1  # across Nauryz
    assert KZ.working_days_left(date(2026, 3, 26), date(2026, 3, 20)) == -1
    assert KZ.working_days_left(date(2026, 5, 20), date(2026, 6, 4)) == 10


def test_each_year_is_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = cal.Kazakhstan

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(kwargs.get("years"))
        return real(*args, **kwargs)

    monkeypatch.setattr(cal, "Kazakhstan", counting)
    c = WorkingCalendar()
    for i in range(2000):
        c.is_working_day(date(2030, 1, 1) + timedelta(days=i % 365))
    c.day_info(date(2030, 6, 1), "kk")
    assert calls == [2030, 2030]  # one en_US and one kk object, on first use


# --- properties ------------------------------------------------------------------------------

_OVERRIDES = WorkingCalendar([
    CalendarOverride(date(2026, 5, 26), OverrideKind.KURBAN_AIT),
    CalendarOverride(date(2026, 6, 6), OverrideKind.WORKING_DAY),
    CalendarOverride(date(2026, 6, 8), OverrideKind.DAY_OFF),
])


@settings(deadline=None)
@given(
    event_day=st.dates(min_value=date(1995, 1, 1), max_value=date(2040, 12, 31)),
    n=st.integers(min_value=1, max_value=40),
    calendar=st.sampled_from([KZ, _OVERRIDES]),
)
def test_add_working_days_properties(event_day: date, n: int, calendar: WorkingCalendar) -> None:
    count = calendar.add_working_days(event_day, n)
    assert count.due > event_day
    assert calendar.is_working_day(count.due)
    # Count day by day, independently of the running totals.
    walked = sum(
        calendar.is_working_day(event_day + timedelta(days=i))
        for i in range(1, (count.due - event_day).days + 1)
    )
    assert walked == n
    assert calendar.count_working_days(event_day, count.due) == n
    assert calendar.working_days_left(event_day, count.due) == n
    assert calendar.working_days_left(count.due, event_day) == -n
    assert all(not s.working for s in count.skipped)
    assert len(count.skipped) == (count.due - event_day).days - n
