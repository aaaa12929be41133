import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Page

from tests.themes.factories import publish
from themes.models import ArticlePage, NoticePage


@pytest.fixture
def page_cache(settings):
    """The page cache switched on (the suite runs without it: tests never commit)."""
    settings.SITEGROUP_PAGE_CACHE = True
    return settings


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the block queued for commit (purges) when it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def cache_status(response):
    return response["X-Sitegroup-Cache"]


def add_items(tenant):
    """Two articles in news, one notice: {slug: page}."""
    with tenant_context(tenant):
        news, notices = Page.objects.get(slug="news"), Page.objects.get(slug="notices")
        return {
            "first": publish(news, ArticlePage(title=f"{tenant.slug} 第一篇", slug="first")),
            "second": publish(news, ArticlePage(title=f"{tenant.slug} 第二篇", slug="second")),
            "notice": publish(notices, NoticePage(title=f"{tenant.slug} 通知", slug="notice")),
        }


RELAY_SITES = [("relayone", "接力一镇人民政府"), ("relaytwo", "接力二镇人民政府")]


@pytest.fixture(scope="package")
def serving_sites(cluster_sites, django_db_blocker):
    """Two committed townships with an article each, for tests whose app servers run in other
    processes (they cannot see a test's uncommitted transaction). Removed afterwards, with the
    audit entries their pages left."""
    from sitegroup.identity.models import AuditLogEntry
    from tenants.provisioning import SiteSpec, provision_site

    with django_db_blocker.unblock():
        last_audit_id = AuditLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        sites = []
        for slug, name in RELAY_SITES:
            tenant = provision_site(SiteSpec(slug=slug, name=name, level="township", parent="east"))
            with tenant_context(tenant):
                publish(Page.objects.get(slug="news"), ArticlePage(title=f"{name}的消息", slug="item"))
            sites.append(tenant)
    try:
        yield sites
    finally:
        with django_db_blocker.unblock():
            for tenant in sites:
                tenant.delete(force_drop=True)
            AuditLogEntry.objects.filter(pk__gt=last_audit_id).delete()


@pytest.fixture
def server_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("serving")


@pytest.fixture
def database_name():
    from django.db import connection

    return connection.settings_dict["NAME"]


def committed_elsewhere(work):
    """Run `work()` on a connection of its own, so what it writes is committed (and its purges
    happen) while the test's own transaction stays open; returns its result."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def run():
        try:
            return work()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
