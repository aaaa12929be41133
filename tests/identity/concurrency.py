"""Run requests from threads with their own database connections (their writes commit at once).

Races are reproduced with real concurrent requests against the real database, not mocks;
whatever those committed rows are, `committed_rows()` removes them again afterwards so the
rest of the suite (which runs in rolled-back transactions) never sees them.
"""
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.apps import apps
from django.db import connections

# Tables that logins write to (public schema).
TOUCHED = [("identity", "AuditLogEntry"), ("identity", "LoginThrottle"), ("identity", "KnownAddress"),
           ("identity", "StaffAccount"), ("sessions", "Session")]


def in_thread(function, *args):
    """Call function(*args) in a thread of its own (own connection, autocommit); return its result."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # re-raised in the caller
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def in_parallel(function, arguments):
    """Call function(argument) for every argument at the same moment, each in its own thread."""
    barrier = threading.Barrier(len(arguments))

    def run(argument):
        try:
            barrier.wait(timeout=30)
            return function(argument)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(arguments)) as pool:
        return list(pool.map(run, arguments))


def _models():
    found = []
    for app_label, name in TOUCHED:
        try:
            found.append(apps.get_model(app_label, name))
        except LookupError:
            pass
    return found


def _snapshot():
    snapshot = {}
    for model in _models():
        if model._meta.pk.name == "session_key":
            snapshot[model] = set(model.objects.values_list("pk", flat=True))
        else:
            last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
            snapshot[model] = last or 0
    return snapshot


def _remove_new_rows(snapshot):
    from django.db import connection

    connection.set_schema_to_public()
    for model, before in snapshot.items():
        if isinstance(before, set):
            model.objects.exclude(pk__in=before).delete()
        else:
            model.objects.filter(pk__gt=before).delete()


@contextmanager
def committed_rows():
    snapshot = in_thread(_snapshot)
    try:
        yield
    finally:
        in_thread(_remove_new_rows, snapshot)
