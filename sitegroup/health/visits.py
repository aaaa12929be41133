"""Visit statistics (统一数据分析): page views and unique visitors per site, page and day.

`record_visit(schema_name, path, request)` is called for every page view — the page cache's
`page_served` signal calls it for cached and rendered pages alike (receivers.py). It touches
no database: counts wait in this process's memory and are written out in one batch every
SITEGROUP_VISITS_FLUSH_EVERY views or SITEGROUP_VISITS_FLUSH_SECONDS seconds (and at exit).

No address or cookie is stored. A visitor is `HMAC(day salt, address + user agent)`, cut to 16
hex digits; the salt is random per day (`VisitSalt`), and the day's marks and salt are deleted
when the day is rolled up, so yesterday's hashes cannot be recomputed from an address.
"""
import atexit
import hashlib
import hmac
import logging
import re
import secrets
import threading
import time
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)
ROBOTS = re.compile(r"bot|spider|crawl|slurp|sitegroup-health-probe|headless", re.I)

_lock = threading.Lock()
_views = defaultdict(int)          # (schema, day, path) -> views
_visitors = defaultdict(set)       # (schema, day, path) -> {visitor hash}
_referrers = defaultdict(int)      # (schema, day, domain) -> views
_pending = 0
_last_flush = time.monotonic()
_salts = {}                        # day -> salt (this process's copy)


def _salt(day):
    salt = _salts.get(day)
    if salt is None:
        from .models import VisitSalt

        salt = VisitSalt.objects.get_or_create(day=day, defaults={"salt": secrets.token_hex(32)})[0].salt
        _salts.clear()
        _salts[day] = salt
    return salt


def visitor_hash(day, address, user_agent):
    message = f"{address}\n{user_agent}".encode()
    return hmac.new(_salt(day).encode(), message, hashlib.sha256).hexdigest()[:16]


def _client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def record_visit(schema_name, path, request):
    """Count one page view of `path` on the site in `schema_name` (no query, no write)."""
    global _pending
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    if ROBOTS.search(user_agent) or schema_name == "public":
        return
    day = timezone.localdate()
    visitor = visitor_hash(day, _client_address(request), user_agent)
    key = (schema_name, day, path[:255])
    referrer = urlsplit(request.META.get("HTTP_REFERER", "")).hostname or ""
    with _lock:
        _views[key] += 1
        _visitors[key].add(visitor)
        if referrer and referrer != request.get_host().split(":")[0]:
            _referrers[(schema_name, day, referrer[:255])] += 1
        _pending += 1
        due = (_pending >= settings.SITEGROUP_VISITS_FLUSH_EVERY
               or time.monotonic() - _last_flush >= settings.SITEGROUP_VISITS_FLUSH_SECONDS)
    if due:
        flush_visits()


def _take():
    global _pending, _last_flush
    with _lock:
        taken = (dict(_views), {k: set(v) for k, v in _visitors.items()}, dict(_referrers))
        _views.clear()
        _visitors.clear()
        _referrers.clear()
        _pending = 0
        _last_flush = time.monotonic()
    return taken


def _put_back(views, visitors, referrers):
    with _lock:
        for key, count in views.items():
            _views[key] += count
        for key, marks in visitors.items():
            _visitors[key] |= marks
        for key, count in referrers.items():
            _referrers[key] += count


_UPSERT_PAGE = """INSERT INTO health_pagevisits (site_id, day, path, views, visitors) VALUES (%s, %s, %s, %s, 0)
ON CONFLICT (site_id, day, path) DO UPDATE SET views = health_pagevisits.views + EXCLUDED.views"""
_UPSERT_SITE = """INSERT INTO health_sitevisits (site_id, day, views, visitors) VALUES (%s, %s, %s, 0)
ON CONFLICT (site_id, day) DO UPDATE SET views = health_sitevisits.views + EXCLUDED.views"""
_UPSERT_REFERRER = """INSERT INTO health_referrervisits (site_id, day, domain, views) VALUES (%s, %s, %s, %s)
ON CONFLICT (site_id, day, domain) DO UPDATE SET views = health_referrervisits.views + EXCLUDED.views"""
_MARK = """INSERT INTO health_visitormark (site_id, day, path, visitor) VALUES (%s, %s, %s, %s)
ON CONFLICT DO NOTHING"""
_PAGE_VISITORS = """UPDATE health_pagevisits pv SET visitors = m.n FROM (
  SELECT site_id, day, path, count(*) AS n FROM health_visitormark WHERE site_id = %s AND day = %s
  GROUP BY site_id, day, path) m
WHERE pv.site_id = m.site_id AND pv.day = m.day AND pv.path = m.path"""
_SITE_VISITORS = """UPDATE health_sitevisits SET visitors = (
  SELECT count(DISTINCT visitor) FROM health_visitormark WHERE site_id = %s AND day = %s)
WHERE site_id = %s AND day = %s"""


def flush_visits():
    """Write the counts kept in memory (one transaction); kept for the next flush if it fails."""
    from tenants.models import Tenant

    views, visitors, referrers = _take()
    if not views and not referrers:
        return 0
    schemas = {key[0] for key in views} | {key[0] for key in referrers}
    site_ids = dict(Tenant.objects.filter(schema_name__in=schemas).values_list("schema_name", "pk"))
    page_rows, site_rows, mark_rows, referrer_rows = [], defaultdict(int), [], []
    for (schema, day, path), count in views.items():
        if schema in site_ids:
            page_rows.append((site_ids[schema], day, path, count))
            site_rows[(site_ids[schema], day)] += count
            mark_rows += [(site_ids[schema], day, path, visitor) for visitor in visitors.get((schema, day, path), ())]
    for (schema, day, domain), count in referrers.items():
        if schema in site_ids:
            referrer_rows.append((site_ids[schema], day, domain, count))
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(_UPSERT_PAGE, page_rows)
            cursor.executemany(_UPSERT_SITE, [(site, day, count) for (site, day), count in site_rows.items()])
            if referrer_rows:
                cursor.executemany(_UPSERT_REFERRER, referrer_rows)
            if mark_rows:
                cursor.executemany(_MARK, mark_rows)
            for site, day in site_rows:
                cursor.execute(_PAGE_VISITORS, [site, day])
                cursor.execute(_SITE_VISITORS, [site, day, site, day])
    except Exception:
        logger.exception("visit counts could not be written; keeping them for the next flush")
        _put_back(views, visitors, referrers)
        return 0
    return sum(views.values())


def forget_old_visitors(today=None):
    """Delete the visitor marks and salts of days before `today` (their counts are kept)."""
    from .models import VisitorMark, VisitSalt

    today = today or timezone.localdate()
    marks = VisitorMark.objects.filter(day__lt=today).delete()[0]
    VisitSalt.objects.filter(day__lt=today).delete()
    return marks


def _flush_at_exit():
    if not settings.SITEGROUP_VISITS_ENABLED:
        return
    try:
        flush_visits()
    except Exception:  # the database may already be gone at interpreter exit
        logger.exception("visit counts lost at exit")


atexit.register(_flush_at_exit)
