from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or [".localhost", "localhost", "127.0.0.1"]  # noqa: F405
# Template and code changes show at once while developing; SITEGROUP_PAGE_CACHE=true to try the cache.
SITEGROUP_PAGE_CACHE = env.bool("SITEGROUP_PAGE_CACHE", default=False)  # noqa: F405
# `make demo` serves plain HTTP on port 8000.
SITEGROUP_HEALTH_PROBE_URL = env.str("SITEGROUP_HEALTH_PROBE_URL", default="http://{domain}:8000/")  # noqa: F405
