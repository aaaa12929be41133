"""Data other apps own, read only when they are installed (interaction: letters; syndication:
submissions; search: analytics). Each reader returns None when its app is not installed, and
the dashboard and the annual report then say "no data" rather than zero.

Interfaces (the other apps' contracts):
- `interaction.stats.unanswered_letters(site, older_than_days=90)`: letters not answered, older
  than the given days (objects with `subject` and `received_at`), oldest first;
- `interaction.stats.period_counts(site, start, end)`: counts for the period (dates, both included:
  received, answered, average_handling_days, consultations, comments, ...);
- `syndication.stats.submission_counts(site, start, end)`: {"submitted", "accepted", ...} for
  [start, end) (aware datetimes);
- `search.analytics.report(site=…, days=…, limit=…)["top"]`: rows with `query` and `searches`.
"""
import datetime
import importlib

from django.apps import apps
from django.utils import timezone

PARTNERS = {"interaction": "interaction.stats", "syndication": "syndication.stats", "search": "search.analytics"}


def _module(app):
    if not apps.is_installed(app):
        return None
    try:
        return importlib.import_module(PARTNERS[app])
    except ImportError:
        return None


def installed(app):
    return _module(app) is not None


def _field(obj, *names):
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value is not None:
            return value
    return None


def unanswered_letters(site, older_than_days):
    """[(title, received date, url)] or None when the interaction app is not installed."""
    stats = _module("interaction")
    if stats is None or not hasattr(stats, "unanswered_letters"):
        return None
    letters = []
    for letter in stats.unanswered_letters(site, older_than_days=older_than_days):
        received = _field(letter, "received_at", "created_at", "submitted_at", "received", "date")
        if isinstance(received, datetime.datetime):
            received = timezone.localdate(received) if timezone.is_aware(received) else received.date()
        title = _field(letter, "subject", "title") or str(_field(letter, "letter_id", "pk", "id") or "")
        letters.append((str(title), received, str(_field(letter, "url", "admin_url") or "")))
    return letters


def interaction_counts(site, start, end):
    """Counts for [start, end) (aware datetimes), or None without the interaction app."""
    stats = _module("interaction")
    if stats is None or not hasattr(stats, "period_counts"):
        return None
    last_day = timezone.localdate(end - datetime.timedelta(microseconds=1))
    return dict(stats.period_counts(site, timezone.localdate(start), last_day))


def submission_counts(site, start, end):
    """Counts for [start, end) (aware datetimes), or None without the syndication app."""
    stats = _module("syndication")
    if stats is None or not hasattr(stats, "submission_counts"):
        return None
    return dict(stats.submission_counts(site, start, end))


def top_search_terms(site, days=30, limit=10):
    """[(search term, searches)] of the site's own search over the last `days` days, or None."""
    analytics = _module("search")
    if analytics is None or not hasattr(analytics, "report"):
        return None
    return [(str(row["query"]), int(row["searches"])) for row in analytics.report(site=site, days=days,
                                                                                    limit=limit)["top"]]
