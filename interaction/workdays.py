"""Working days in mainland China: weekends, public holidays and adjusted workdays (调休).

The `chinesecalendar` package knows the State Council's holiday arrangements up to its release;
the operator's WorkdayOverride rows (console: Working-day calendar) win over it and cover the
years it does not know yet. For such a year without overrides, Monday to Friday are working
days, and `years_needing_overrides()` tells the console to ask for the year's arrangement.
"""
import datetime

import chinese_calendar
from django.core.cache import caches

CACHE_KEY = "interaction:workday-overrides"
# The public-schema overrides, cached per process cluster-wide (the cache key function adds the
# schema, so the value is stored under the schema that reads it; every site reads the same rows).
CACHE_SECONDS = 300


def _overrides():
    cache = caches["default"]
    overrides = cache.get(CACHE_KEY)
    if overrides is None:
        from .shared.models import WorkdayOverride

        overrides = dict(WorkdayOverride.objects.values_list("date", "is_workday"))
        cache.set(CACHE_KEY, overrides, CACHE_SECONDS)
    return overrides


def forget_overrides():
    """Called when an override changes. Other schemas' cached copies expire within CACHE_SECONDS."""
    caches["default"].delete(CACHE_KEY)


def library_knows(day):
    try:
        chinese_calendar.is_workday(day)
        return True
    except NotImplementedError:
        return False


def is_workday(day, overrides=None):
    overrides = _overrides() if overrides is None else overrides
    if day in overrides:
        return overrides[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the library does not know
        return day.weekday() < 5


def add_workdays(start, count):
    """The `count`-th working day after `start` (the day of receipt itself is not counted)."""
    overrides = _overrides()
    day = start
    remaining = count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_workday(day, overrides):
            remaining -= 1
    return day


def workdays_between(start, end):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    overrides = _overrides()
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_workday(day, overrides):
            days += 1
    return days


def years_needing_overrides(years):
    """Of `years`, those the library does not know and that have no override yet."""
    from .shared.models import WorkdayOverride

    covered = {d.year for d in WorkdayOverride.objects.dates("date", "year")}
    return [year for year in years if not library_knows(datetime.date(year, 1, 1)) and year not in covered]
