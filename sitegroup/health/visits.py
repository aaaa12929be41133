"""Visit statistics (统一数据分析): page views and unique visitors per site, page and day.

`record_visit(schema_name, path, request)` is called for every page view — the page cache's
`page_served` signal calls it for cached and rendered pages alike (receivers.py). It touches
no database: counts wait in this process's memory and are written out in one batch every
SITEGROUP_VISITS_FLUSH_EVERY views or SITEGROUP_VISITS_FLUSH_SECONDS seconds (and at exit), in
the request that fills the batch: a few statements for the whole batch (~3 ms of CPU for 500
views here). A flusher thread was tried and measured slower in bench/visits.py (+12-16 % on a
cache hit against +4 %), so the write stays in the request.

No address or cookie is stored. A visitor is keyed BLAKE2b(day salt; address + user agent), 16
hex digits; the salt is random per day (`VisitSalt`), and the day's marks and salt are deleted
when the day is rolled up, so yesterday's hashes cannot be recomputed from an address.
"""
import atexit
import datetime
import functools
import hashlib
import logging
import re
import secrets
import threading
import time
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.dispatch import receiver
from django.utils import timezone

logger = logging.getLogger(__name__)
ROBOTS = re.compile(r"bot|spider|crawl|slurp|sitegroup-health-probe|headless", re.I)

_lock = threading.Lock()
_views = defaultdict(int)          # (schema, day, path) -> views
_visitors = defaultdict(set)       # (schema, day, path) -> {visitor hash}
_referrers = defaultdict(int)      # (schema, day, domain) -> views
_pending = 0
_last_flush = time.monotonic()
_salts = {}                        # day -> salt, bytes (this process's copy)
_today = (None, 0.0)               # (local date, time.time() when to recompute it)


def _salt(day):
    salt = _salts.get(day)
    if salt is None:
        from .models import VisitSalt

        # 64 hex digits: BLAKE2b's longest key.
        salt = VisitSalt.objects.get_or_create(day=day, defaults={"salt": secrets.token_hex(32)})[0].salt.encode()
        _salts.clear()
        _salts[day] = salt
    return salt


def visitor_hash(day, address, user_agent):
    # Keyed BLAKE2b is a MAC in one C call (a third of HMAC-SHA256's cost on the request path).
    return hashlib.blake2b(f"{address}\n{user_agent}".encode(), key=_salt(day), digest_size=8).hexdigest()


def today():
    """The local date, recomputed only when the cached one has passed (timezone.localdate()
    costs more than the rest of counting a view)."""
    global _today
    day, until = _today
    now = time.time()
    if now >= until:
        local = timezone.localtime()
        day = local.date()
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
        # Recheck a little early rather than late (a clock step, a leap second).
        until = now + min((midnight - local).total_seconds(), 3600) - 1
        _today = (day, until)
    return day


@functools.lru_cache(maxsize=2048)
def is_robot(user_agent):
    """Crawlers, the platform's own probe and headless browsers (a user agent repeats: cached)."""
    return bool(ROBOTS.search(user_agent))


@functools.cache
def config():
    """(enabled, flush every N views, flush every S seconds): read once, as each read of
    `settings` costs more than a tenth of counting a view; tests change them."""
    return (settings.SITEGROUP_VISITS_ENABLED, settings.SITEGROUP_VISITS_FLUSH_EVERY,
            settings.SITEGROUP_VISITS_FLUSH_SECONDS)


@receiver(setting_changed)
def _read_config_again(setting, **kwargs):
    if setting.startswith("SITEGROUP_VISITS_"):
        config.cache_clear()


def _client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def record_visit(schema_name, path, request):
    """Count one page view of `path` on the site in `schema_name` (no query, no write)."""
    global _pending
    meta = request.META
    user_agent = meta.get("HTTP_USER_AGENT", "")
    if schema_name == "public" or is_robot(user_agent):
        return
    day = today()
    visitor = visitor_hash(day, _client_address(request), user_agent)
    key = (schema_name, day, path[:255])
    referrer = meta.get("HTTP_REFERER")
    if referrer:
        referrer = urlsplit(referrer).hostname or ""
        if referrer == request.get_host().split(":")[0]:
            referrer = ""
    with _lock:
        _views[key] += 1
        _visitors[key].add(visitor)
        if referrer:
            _referrers[(schema_name, day, referrer[:255])] += 1
        _pending += 1
        _enabled, every, seconds = config()
        due = _pending >= every or time.monotonic() - _last_flush >= seconds
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


# One statement per table for the whole batch (arrays unnested), not one per row: a batch of 500
# views costs a few round trips, whatever the number of pages and visitors in it.
_UPSERT_PAGE = """INSERT INTO health_pagevisits (site_id, day, path, views, visitors)
SELECT site, day, path, views, 0
FROM unnest(%s::bigint[], %s::date[], %s::text[], %s::int[]) AS b(site, day, path, views)
ON CONFLICT (site_id, day, path) DO UPDATE SET views = health_pagevisits.views + EXCLUDED.views"""
_UPSERT_SITE = """INSERT INTO health_sitevisits (site_id, day, views, visitors)
SELECT site, day, views, 0 FROM unnest(%s::bigint[], %s::date[], %s::int[]) AS b(site, day, views)
ON CONFLICT (site_id, day) DO UPDATE SET views = health_sitevisits.views + EXCLUDED.views"""
_UPSERT_REFERRER = """INSERT INTO health_referrervisits (site_id, day, domain, views)
SELECT * FROM unnest(%s::bigint[], %s::date[], %s::text[], %s::int[])
ON CONFLICT (site_id, day, domain) DO UPDATE SET views = health_referrervisits.views + EXCLUDED.views"""
_MARK = """INSERT INTO health_visitormark (site_id, day, path, visitor)
SELECT * FROM unnest(%s::bigint[], %s::date[], %s::text[], %s::text[]) ON CONFLICT DO NOTHING"""
_PAGE_VISITORS = """UPDATE health_pagevisits pv SET visitors = m.n FROM (
  SELECT site_id, day, path, count(*) AS n FROM health_visitormark WHERE site_id = %s AND day = %s
  GROUP BY site_id, day, path) m
WHERE pv.site_id = m.site_id AND pv.day = m.day AND pv.path = m.path"""
_SITE_VISITORS = """UPDATE health_sitevisits SET visitors = (
  SELECT count(DISTINCT visitor) FROM health_visitormark WHERE site_id = %s AND day = %s)
WHERE site_id = %s AND day = %s"""


def _columns(rows, width):
    """[(a, b), (c, d)] -> [[a, c], [b, d]]: one array per column, for unnest()."""
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _n in range(width)]


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
            cursor.execute(_UPSERT_PAGE, _columns(page_rows, 4))
            cursor.execute(_UPSERT_SITE, _columns([(site, day, count) for (site, day), count in site_rows.items()], 3))
            if referrer_rows:
                cursor.execute(_UPSERT_REFERRER, _columns(referrer_rows, 4))
            if mark_rows:
                cursor.execute(_MARK, _columns(mark_rows, 4))
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
