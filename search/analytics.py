"""Search analytics for operators, kept so that no person can be traced.

Only counters are stored: per day, per site (or the platform's cluster search) and per
query, how many searches and how many found nothing. No IP address, cookie, session,
user, browser or time of day is kept, and before a query is counted anything in it that
looks personal is masked: runs of 7 or more digits (phone, ID, case numbers — an
identity-card number's final X included), e-mail addresses. Short service numbers such
as 12345 stay readable. Rows older than `SITEGROUP_SEARCH_STATS_DAYS` (default 400) are
deleted by `manage.py purge_search_stats` (run it daily from the scheduler or cron).
"""
import datetime
import re

from django.conf import settings
from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone

from .analysis import fold
from .models import QueryStat

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LONG_NUMBER = re.compile(r"\d{7,}[\dx]*", re.IGNORECASE)
MASK = "＊"


def masked(query):
    """The query as it may be stored: folded, spaces collapsed, personal-looking parts masked."""
    text = " ".join(fold(query).split())
    text = EMAIL.sub(MASK, text)
    return LONG_NUMBER.sub(MASK, text)[:100]


def record(site, query, total):
    """Count one search (call it for the first results page only)."""
    text = masked(query)
    if not text:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_querystat (day, site_id, query, searches, zero_results) VALUES (%s, %s, %s, 1, %s) "
            "ON CONFLICT (day, site_id, query) DO UPDATE SET searches = search_querystat.searches + 1, "
            "zero_results = search_querystat.zero_results + EXCLUDED.zero_results",
            [timezone.localdate(), site.pk if site else None, text, 0 if total else 1])


def report(sites=None, site=None, days=30, limit=50):
    """Top queries and zero-result queries over the last `days` days.

    `sites`: the sites the viewer may see (None: all, including the cluster search);
    `site`: one of them, or "cluster" for the platform's own search.
    """
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    rows = QueryStat.objects.filter(day__gte=since)
    if sites is not None:
        rows = rows.filter(site__in=sites)
    if site == "cluster":
        rows = rows.filter(site__isnull=True)
    elif site is not None:
        rows = rows.filter(site=site)
    totals = rows.aggregate(searches=Sum("searches"), zero=Sum("zero_results"), queries=Count("query", distinct=True))
    by_query = rows.values("query").annotate(searches=Sum("searches"), zero=Sum("zero_results"))
    return {
        "since": since, "days": days,
        "searches": totals["searches"] or 0, "zero": totals["zero"] or 0, "distinct": totals["queries"] or 0,
        "top": list(by_query.order_by("-searches", "query")[:limit]),
        "zero_queries": list(by_query.filter(zero__gt=0).order_by("-zero", "query")[:limit]),
        "per_site": list(rows.values("site__slug", "site__name").annotate(
            searches=Sum("searches"), zero=Sum("zero_results")).order_by("-searches")[:limit]),
        "per_day": list(rows.values("day").annotate(searches=Sum("searches"), zero=Sum("zero_results"))
                        .order_by("day")),
    }


def purge(older_than_days=None):
    days = older_than_days or settings.SITEGROUP_SEARCH_STATS_DAYS
    deleted, _detail = QueryStat.objects.filter(
        day__lt=timezone.localdate() - datetime.timedelta(days=days)).delete()
    return deleted
