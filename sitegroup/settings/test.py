import tempfile

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-key"
# Any well-formed host passes Django; the routing middleware then answers 404 for hosts no
# site owns (as in production, where site domains are too many to list here).
ALLOWED_HOSTS = ["*"]
# Each test run writes uploads to a throw-away folder.
MEDIA_ROOT = tempfile.mkdtemp(prefix="sitegroup-test-media-")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    alias: {**config, "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
    for alias, config in CACHES.items()  # noqa: F405
}

# Purges take effect when a transaction commits, which tests (each one transaction, rolled back)
# never do: the page cache is switched on by the tests that are about it (tests/pagecache).
SITEGROUP_PAGE_CACHE = False

# The suite runs both search backends explicitly (tests/search); PostgreSQL is the default.
SITEGROUP_SEARCH_BACKEND = "search.backends.postgres.PostgresBackend"
SITEGROUP_SEARCH_INDEX = "sitegroup-test-pages"
# Word lists are rolled back with each test: re-read them on every use.
SITEGROUP_SEARCH_LISTS_TTL = 0

# A stand-in for a later app: it registers a console section and a publish check the way real
# apps do (tests/plugin), so the suite proves both registries take outside contributions.
INSTALLED_APPS = INSTALLED_APPS + ["tests.plugin"]  # noqa: F405

# Visits are not counted unless a test turns it on (tests/health): counting writes in batches at
# moments no other test expects, and its exit flush must never reach another database.
SITEGROUP_VISITS_ENABLED = False
