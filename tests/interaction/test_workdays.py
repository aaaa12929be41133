"""Deadlines in working days: weekends, public holidays and adjusted workdays (调休)."""
import datetime

import pytest
from django.core.cache import caches

from interaction import workdays
from interaction.shared.models import WorkdayOverride

D = datetime.date


def test_seven_working_days_across_national_day_and_its_adjusted_workdays(db):
    # 2024: National Day holiday 1–7 Oct; Sunday 29 Sep and Saturday 12 Oct were working days.
    assert workdays.is_workday(D(2024, 9, 29)) and not workdays.is_workday(D(2024, 10, 1))
    assert workdays.is_workday(D(2024, 10, 12))
    # Received Friday 27 Sep: 29 Sep (Sun, adjusted workday), 30 Sep, then 8, 9, 10, 11 and 12 Oct (Sat).
    assert workdays.add_workdays(D(2024, 9, 27), 7) == D(2024, 10, 12)
    # Plain weekdays with no holiday: Mon 4 Nov + 7 → Wed 13 Nov.
    assert workdays.add_workdays(D(2024, 11, 4), 7) == D(2024, 11, 13)


def test_spring_festival_and_counting_back(db):
    # 2025 Spring Festival 28 Jan – 4 Feb off; Sun 26 Jan and Sat 8 Feb working days.
    assert workdays.add_workdays(D(2025, 1, 24), 3) == D(2025, 2, 5)
    assert workdays.workdays_between(D(2025, 1, 24), D(2025, 2, 5)) == 3
    assert workdays.workdays_between(D(2025, 2, 5), D(2025, 1, 24)) == 0


def test_operator_overrides_win_and_cover_unknown_years(db):
    caches["default"].clear()
    # 2027 is beyond the library: weekdays by default, and the console asks for the year's arrangement.
    assert workdays.years_needing_overrides([2026, 2027]) == [2027]
    assert workdays.is_workday(D(2027, 10, 1))
    WorkdayOverride.objects.create(date=D(2027, 10, 1), is_workday=False, note="国庆节")
    WorkdayOverride.objects.create(date=D(2027, 9, 26), is_workday=True, note="国庆节调休")
    workdays.forget_overrides()
    assert not workdays.is_workday(D(2027, 10, 1)) and workdays.is_workday(D(2027, 9, 26))
    assert workdays.years_needing_overrides([2027]) == []


@pytest.mark.parametrize("count", [1, 20])
def test_add_workdays_never_lands_on_a_day_off(db, count):
    day = workdays.add_workdays(D(2024, 9, 30), count)
    assert workdays.is_workday(day)
