"""Fixtures shared by the whole suite.

The test database is created once per run by pytest-django (`migrate` also builds the
template schema). A small cluster of real tenants is provisioned once per session and
committed; each test then runs inside a transaction that is rolled back, so sites,
pages and users a test creates (schemas included: PostgreSQL DDL is transactional)
disappear after it.
"""
from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client

from tenants.models import Tenant
from tenants.provisioning import SiteSpec, provision_site


def _is_xdist_worker(config):
    return hasattr(config, "workerinput")


def pytest_sessionstart(session):
    from django.conf import settings

    from sitegroup import pgserver

    if _is_xdist_worker(session.config):
        # Under pytest-xdist (`-n`) the controller owns the server: a worker that stopped it
        # would pull it from under the others. Each worker has its own test database
        # (pytest-django appends `_gw0`, `_gw1`...), so workers never see each other's sites.
        session.config._started_embedded_pg = False
        return
    # Leave the machine as we found it: a server this run starts is stopped at the end.
    session.config._started_embedded_pg = settings.SITEGROUP_EMBEDDED_PG and not pgserver.is_running()
    if session.config._started_embedded_pg and getattr(session.config.option, "numprocesses", None):
        pgserver.ensure_running()  # once, before the workers connect


def pytest_collection_modifyitems(config, items):
    # Browser tests last: they are the slowest, and the demo cluster they build (committed,
    # because the live server has its own connection) must not exist while other tests run.
    items.sort(key=lambda item: "/tests/e2e/" in str(item.path).replace("\\", "/"))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    import shutil

    from django.conf import settings

    # The test settings put uploads in a fresh temporary folder per run.
    if "sitegroup-test-media-" in str(settings.MEDIA_ROOT):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    if getattr(session.config, "_started_embedded_pg", False):
        from django.db import connections

        from sitegroup import pgserver

        connections.close_all()
        pgserver.stop()


CLUSTER = [
    SiteSpec(slug="testcity", name="测试市人民政府", level="city"),
    SiteSpec(slug="east", name="东区人民政府", level="district", parent="testcity"),
    SiteSpec(slug="west", name="西县人民政府", level="district", parent="testcity"),
    SiteSpec(slug="peach", name="桃花镇人民政府", level="township", parent="east",
             domains=["peach.localhost", "peach-alias.example.cn"]),
    SiteSpec(slug="willow", name="柳树街道办事处", level="township", parent="east"),
]


@dataclass
class Cluster:
    city: Tenant
    east: Tenant
    west: Tenant
    peach: Tenant
    willow: Tenant


@pytest.fixture(scope="session")
def cluster_sites(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        sites = {}
        for spec in CLUSTER:
            existing = Tenant.objects.filter(slug=spec.slug).first()
            sites[spec.slug] = existing or provision_site(spec)
        connection.set_schema_to_public()
    return sites


@pytest.fixture
def cluster(cluster_sites, db):
    """Five committed sites: a city, two districts, two townships under `east`."""
    return Cluster(
        city=Tenant.objects.get(slug="testcity"), east=Tenant.objects.get(slug="east"),
        west=Tenant.objects.get(slug="west"), peach=Tenant.objects.get(slug="peach"),
        willow=Tenant.objects.get(slug="willow"),
    )


@pytest.fixture(autouse=True)
def _fresh_state():
    """Every test starts in the public schema with empty caches."""
    connection.set_schema_to_public()
    for cache in caches.all():
        cache.clear()
    yield
    connection.set_schema_to_public()


def host_of(tenant):
    return tenant.primary_domain_name()


@pytest.fixture
def site_client():
    """site_client(tenant) -> a test client whose requests carry the site's Host header."""
    def make(tenant_or_host):
        host = tenant_or_host if isinstance(tenant_or_host, str) else host_of(tenant_or_host)
        return Client(HTTP_HOST=host)
    return make


@pytest.fixture
def english():
    """Run a test in English (the product default is Simplified Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def operator(cluster):
    """A platform operator ("ops") with a confirmed authenticator."""
    from tests.identity.helpers import enrol_totp, make_account

    return enrol_totp(make_account("ops", operator=True))


@pytest.fixture
def operator_console(operator):
    """A platform client signed in as `operator` (password and TOTP), on the console."""
    from tests.identity.helpers import login

    return login(operator.username, otp_account=operator)


def _reset_task_backends():
    from asgiref.local import Local
    from django_tasks import task_backends

    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def queued(settings):
    """Tasks go to the database queue, as in production, until the test runs the worker."""
    settings.TASKS = {"default": {"BACKEND": settings.SITEGROUP_TASK_BACKENDS["database"]}}
    _reset_task_backends()
    yield
    _reset_task_backends()


def run_worker():
    """Run `manage.py db_worker --batch` in the public schema; returns the task results, oldest first."""
    import io
    from unittest import mock

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    connection.set_schema_to_public()
    # The test's transaction holds everything; the worker's connection clean-up between tasks
    # would end it, so it is left out here (in production it keeps a long-lived worker healthy).
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, interval=0, stdout=io.StringIO())
    return list(DBTaskResult.objects.order_by("enqueued_at"))
