"""The registry of scheduled jobs: what runs, how often, and whether once or in every site's schema.

An app registers its jobs in a `scheduled_jobs` module (imported once at start-up, like the
console's `console` modules):

    register_scheduled_job(ScheduledJob(
        name="health_probes", label=_("Site health probes"),
        run=probe_site,                      # per site: run(site), inside the site's schema
        every=timedelta(minutes=60),         # or at=time(3, 0) (local time, once a day)
                                             # (with weekday=0 as well: Mondays only, once a week)
        per_site=True, queue=True))          # queue=True: one background task per site

* `name` is stable: the run history (`ScheduledRun`) and `run_scheduled --job NAME` use it.
* `run(site)` for per-site jobs runs inside the site's schema (and in a transaction); `run()` for
  platform-wide jobs runs in the public schema. Either may return a short summary string.
* `every`, `at`, `weekday` and `enabled` may be callables, read when the scheduler runs (so settings apply).
* A per-site job runs for sites whose status is in `statuses` (active and suspended by default:
  editors keep working on a suspended site).
* An exception rolls back what the job did in that site and is recorded as the site's failure.
  A job that handles items one by one (each in its own savepoint) may instead raise
  `PartialFailure`: what succeeded is committed, the site is still reported as failed.
"""
import datetime
from dataclasses import dataclass
from typing import Callable

from django.core.exceptions import ImproperlyConfigured

ACTIVE_AND_SUSPENDED = ("active", "suspended")


class PartialFailure(Exception):
    """Some items of a site failed; keep what succeeded (see the module docstring)."""


def _resolve(value):
    return value() if callable(value) else value


def parse_time_of_day(value):
    """'03:00' → time(3, 0); '' or None → None. Used for schedules read from settings."""
    if not value:
        return None
    if isinstance(value, datetime.time):
        return value
    try:
        hours, minutes = (int(part) for part in str(value).split(":"))
        return datetime.time(hours, minutes)
    except ValueError:
        raise ImproperlyConfigured(f"{value!r} is not a time of day; use HH:MM, e.g. 03:00.") from None


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    label: str
    run: Callable
    every: object = None              # datetime.timedelta, or a callable returning one
    at: object = None                 # datetime.time (local time zone), or a callable returning one
    weekday: object = None            # with `at`: only on this day of the week (0 = Monday), or a callable
    per_site: bool = False
    queue: bool = False               # per-site jobs only: one background task per site
    priority: int = 0                 # of the queued tasks (django-tasks: higher runs first)
    statuses: tuple = ACTIVE_AND_SUSPENDED
    enabled: object = True            # bool, or a callable returning one

    @property
    def interval(self):
        return _resolve(self.every)

    @property
    def time_of_day(self):
        return parse_time_of_day(_resolve(self.at))

    @property
    def day_of_week(self):
        day = _resolve(self.weekday)
        if day is None or day == "":
            return None
        if str(day) not in {"0", "1", "2", "3", "4", "5", "6"}:
            raise ImproperlyConfigured(f"Scheduled job {self.name!r}: weekday {day!r} is not 0 (Monday) to 6 (Sunday).")
        return int(day)

    @property
    def is_enabled(self):
        return bool(_resolve(self.enabled)) and (self.interval is not None or self.time_of_day is not None)

    def describe_schedule(self):
        if self.time_of_day is not None:
            if self.day_of_week is not None:
                return f"weekly on {WEEKDAYS[self.day_of_week]} at {self.time_of_day:%H:%M}"
            return f"daily at {self.time_of_day:%H:%M}"
        interval = self.interval
        if interval is None:
            return "off"
        minutes = int(interval.total_seconds() // 60)
        return f"every {minutes} min" if minutes < 120 or minutes % 60 else f"every {minutes // 60} h"

    def next_due(self, last_started, now):
        """When this job is next due, given when its last run started (None: never ran)."""
        at, interval = self.time_of_day, self.interval
        if at is not None:
            local_now = now.astimezone(datetime.timezone.utc).astimezone(_local_zone())
            day, period = local_now.date(), datetime.timedelta(days=1)
            if self.day_of_week is not None:
                # This week's (or today's) occurrence: the latest date on that weekday, today included.
                day -= datetime.timedelta(days=(day.weekday() - self.day_of_week) % 7)
                period = datetime.timedelta(days=7)
            latest = datetime.datetime.combine(day, at, tzinfo=_local_zone())
            if last_started is None or last_started < latest:
                return latest
            return latest + period
        if last_started is None:
            return now
        # A run started a little late (the timer fires each minute, the process takes a moment to
        # start) must not push every later run back by a whole tick: allow half the interval, at
        # most 30 s, of slack.
        slack = min(interval / 2, datetime.timedelta(seconds=30))
        return last_started + interval - slack

    def is_due(self, last_started, now):
        return self.is_enabled and self.next_due(last_started, now) <= now


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _local_zone():
    from django.utils import timezone

    return timezone.get_default_timezone()


_jobs: dict[str, ScheduledJob] = {}


def register_scheduled_job(job):
    """Add a job; a name registered twice is a mistake and is refused."""
    if job.name in _jobs:
        raise ImproperlyConfigured(f"A scheduled job named {job.name!r} is already registered.")
    if job.every is None and job.at is None:
        raise ImproperlyConfigured(f"Scheduled job {job.name!r} needs `every` or `at`.")
    if job.every is not None and job.at is not None:
        raise ImproperlyConfigured(f"Scheduled job {job.name!r}: give `every` or `at`, not both.")
    if job.weekday is not None and job.at is None:
        raise ImproperlyConfigured(f"Scheduled job {job.name!r}: `weekday` needs `at` (the time on that day).")
    if job.queue and not job.per_site:
        raise ImproperlyConfigured(f"Scheduled job {job.name!r}: only per-site jobs can be queued.")
    _jobs[job.name] = job
    return job


def scheduled_jobs():
    """Every registered job, by name."""
    return [_jobs[name] for name in sorted(_jobs)]


def get_scheduled_job(name):
    return _jobs.get(name)
