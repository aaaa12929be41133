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
