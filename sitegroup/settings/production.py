"""Production: everything from the environment; refuses to start without a secret key."""
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403

DEBUG = False
# Slow work (re-indexing, audits, file clean-up) leaves the request for `manage.py db_worker`.
SITEGROUP_TASKS = os.environ.get("SITEGROUP_TASKS", "database")  # any other value was checked in base
TASKS = {"default": {"BACKEND": SITEGROUP_TASK_BACKENDS[SITEGROUP_TASKS]}}  # noqa: F405
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY for production.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS, e.g. '.gov.example.cn'.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Sends the preload directive; submitting the domains to the preload list stays the operator's call.
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "true").lower() == "true"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# Only the platform login in production: no local password logins on site hosts.
SITEGROUP_SITE_LOCAL_LOGIN = os.environ.get("SITEGROUP_SITE_LOCAL_LOGIN", "off")
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's live preview shows the page in a same-origin frame; other origins are refused.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = SILENCED_SYSTEM_CHECKS + ["security.W019"]  # noqa: F405

# /media/ goes through Django (which checks the file belongs to the requesting site) and
# is then sent by nginx from an internal location: see deploy/nginx.conf.
SITEGROUP_MEDIA_ACCEL_PREFIX = os.environ.get("SITEGROUP_MEDIA_ACCEL_PREFIX", "/_protected_media")
