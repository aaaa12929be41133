"""The WSGI application (gunicorn, runserver).

Web processes get a statement timeout on every database connection (settings
SITEGROUP_DB_STATEMENT_TIMEOUT): a statement stuck behind a lock or on an overloaded server ends
with an error, which the visitor sees as a 503 page (sitegroup/errors.py), instead of holding
the worker. Management commands and the task worker (migrations, move-ups, re-indexing) do not
import this module and keep no limit.
"""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitegroup.settings.production")
application = get_wsgi_application()


def _limit_statements():
    from django.conf import settings
    from django.db import connections

    seconds = settings.SITEGROUP_DB_STATEMENT_TIMEOUT
    if seconds <= 0:
        return
    for alias in connections:
        options = connections[alias].settings_dict.setdefault("OPTIONS", {})
        # Sent with the connection's start-up packet: no extra round trip per connection.
        options["options"] = f"{options.get('options', '')} -c statement_timeout={seconds * 1000}".strip()


_limit_statements()
