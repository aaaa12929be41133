"""Where cached responses and their invalidation tokens live, and how they are read and written.

Invalidation works by generations: every group of responses that can go stale together has a
token in the cache (a random number), and an entry records the tokens of the groups it depends
on as they were *before* its page was rendered. A purge gives the group a new token, so every
entry that recorded the old one stops matching: nothing is enumerated or deleted, a purge is a
few writes whatever the number of cached variants (query strings, hosts, languages), and a
render that was already under way when the purge happened stores an entry that never matches.

Groups, per site (schema):
- ``site``: everything of the site (theme, settings, navigation, domains);
- ``listings``: responses that are not one page's own (404s, sitemaps, feeds, search pages,
  any view that is not a Wagtail page): they change whenever anything is published;
- ``page:<path>``: the responses of the page at that path (its query-string variants and its
  routable sub-pages such as ``print/``);
- ``tree:<path>``: every page at or below that path (a column renamed changes its items'
  breadcrumbs);
and ``all`` for every site at once (a shared theme changed).

A missing token is never taken as valid: it is created before rendering, so an entry always
records real tokens and a token lost from the cache (expiry, eviction) only causes misses.
"""
import functools
import hashlib
import secrets

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django_tenants.utils import get_public_schema_name

from tenants.cachekeys import site_key

CACHE_ALIAS = "serving"
ENTRY_FORMAT = 1
# Never stored with an entry: computed per response, or must not be replayed.
UNSTORED_HEADERS = {"date", "set-cookie", "x-sitegroup-cache", "x-accel-expires"}
# Paths nested deeper than this are served but not cached (bounds the tokens read per request).
MAX_DEPTH = 12


_cache = None


def cache():
    # Looked up once per process (Django's handler costs a thread-local lookup on every call);
    # dropped when the test suite changes CACHES.
    global _cache
    if _cache is None:
        _cache = caches[CACHE_ALIAS]
    return _cache


@receiver(setting_changed)
def _forget_cache(setting, **kwargs):
    global _cache
    if setting == "CACHES":
        _cache = None


def digest(text):
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


# --- keys -----------------------------------------------------------------------------------
def everything_key():
    return site_key(get_public_schema_name(), "gen", "all")


def site_gen_key(schema):
    return site_key(schema, "gen", "site")


def listings_key(schema):
    return site_key(schema, "gen", "listings")


def page_key(schema, path):
    return site_key(schema, "gen", "page", digest(path))


def tree_key(schema, path):
    """The subtree at `path`; the whole site for "/"."""
    return site_gen_key(schema) if path == "/" else site_key(schema, "gen", "tree", digest(path))


def entry_key(schema, variant):
    return site_key(schema, "entry", digest(variant))


def prefixes(path):
    """"/en/news/a/" → ["/", "/en/", "/en/news/", "/en/news/a/"] (and the path itself if it has no final slash)."""
    found = [path[:index + 1] for index, char in enumerate(path) if char == "/"]
    if not path.endswith("/"):
        found.append(path)
    return found


@functools.lru_cache(maxsize=20_000)
def candidate_keys(schema, path):
    """Every token an entry for `path` may depend on: read in the same round trip as the entry.

    Remembered per process: the keys of a path never change (the tokens behind them do)."""
    paths = prefixes(path)
    if len(paths) > MAX_DEPTH:
        return None
    keys = [everything_key(), site_gen_key(schema), listings_key(schema)]
    keys += [page_key(schema, p) for p in paths]
    keys += [tree_key(schema, p) for p in paths if p != "/"]
    return keys


def page_dependencies(schema, page_path):
    """The tokens a response of the page at `page_path` depends on."""
    return ([everything_key(), site_gen_key(schema), page_key(schema, page_path)]
            + [tree_key(schema, p) for p in prefixes(page_path) if p != "/"])


def listing_dependencies(schema):
    return [everything_key(), site_gen_key(schema), listings_key(schema)]


# --- reading --------------------------------------------------------------------------------
def fetch(entry, candidates, also=()):
    """(cached response or None, the current tokens of `candidates`), in one round trip.

    The keys in `also` are read in the same round trip and returned with the tokens."""
    found = cache().get_many([entry, *candidates, *also])
    stored = found.pop(entry, None)
    if stored is None or stored[0] != ENTRY_FORMAT:
        return None, found
    _format, depends_on, status, headers, content = stored
    if any(found.get(key) != token for key, token in depends_on.items()):
        return None, found
    return rebuild(status, headers, content), found


def ensure_tokens(candidates, current):
    """Give every candidate group without a token one (before rendering); returns all tokens."""
    missing = [key for key in candidates if key not in current]
    if missing:
        timeout = token_timeout()
        for key in missing:
            cache().add(key, new_token(), timeout)
        current = {**current, **cache().get_many(missing)}
    return current


def rebuild(status, headers, content):
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


# --- writing --------------------------------------------------------------------------------
def save(entry, depends_on, response, timeout):
    headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
    cache().set(entry, (ENTRY_FORMAT, depends_on, response.status_code, headers, response.content), timeout)


def new_token():
    # An int, not a string: Django's Redis serializer stores ints as they are, so the ten or so
    # tokens read with every hit are not unpickled one by one.
    return secrets.randbits(62)


def token_timeout():
    # A token outlives every entry that may have recorded it; losing one early is harmless anyway.
    return 2 * settings.SITEGROUP_PAGE_CACHE_SECONDS + 60


def bump(keys):
    """New tokens for `keys` once the current transaction commits (at once outside one).

    After the commit, so a request that reads the database between the purge and the commit
    cannot store the old content under the new token.
    """
    keys = sorted(set(keys))
    if keys:
        transaction.on_commit(lambda: cache().set_many({key: new_token() for key in keys},
                                                       token_timeout()))
