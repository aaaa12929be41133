"""Production: everything from the environment; refuses to start without a secret key."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    DATABASES,
    SECRET_KEY,
    SILENCED_SYSTEM_CHECKS,
    SITEGROUP_DB_CONN_MAX_AGE,
    SITEGROUP_TASK_BACKENDS,
    env,
)

DEBUG = False
# Persistent connections for the app servers, with the embedded server too (DATABASE_URL ones
# already get conn_max_age=SITEGROUP_DB_CONN_MAX_AGE): not one new connection per request. Development keeps Django's
# default, since runserver starts a thread per request.
DATABASES["default"].setdefault("CONN_MAX_AGE", SITEGROUP_DB_CONN_MAX_AGE)
# Slow work (re-indexing, audits, file clean-up) leaves the request for `manage.py db_worker`.
SITEGROUP_TASKS = env.str("SITEGROUP_TASKS", default="database")  # any other value was checked in base
TASKS = {"default": {"BACKEND": SITEGROUP_TASK_BACKENDS[SITEGROUP_TASKS]}}
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY for production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS, e.g. '.gov.example.cn'.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Sends the preload directive; submitting the domains to the preload list stays the operator's call.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# Only the platform login in production: no local password logins on site hosts.
SITEGROUP_SITE_LOCAL_LOGIN = env.str("SITEGROUP_SITE_LOCAL_LOGIN", default="off")
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's live preview shows the page in a same-origin frame; other origins are refused.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = SILENCED_SYSTEM_CHECKS + ["security.W019"]

# /media/ goes through Django (which checks the file belongs to the requesting site) and
# is then sent by nginx from an internal location: see deploy/nginx.conf.
SITEGROUP_MEDIA_ACCEL_PREFIX = env.str("SITEGROUP_MEDIA_ACCEL_PREFIX", default="/_protected_media")
