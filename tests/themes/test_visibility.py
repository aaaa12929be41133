"""Listings leave out private pages with the same rule as Wagtail's `public()`, in one query."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from wagtail.models import Page, PageViewRestriction

from themes.models import ArticlePage
from themes.visibility import public

from .factories import publish

pytestmark = pytest.mark.django_db


def test_the_same_pages_as_wagtails_public_in_one_query(cluster, site_client):
    with tenant_context(cluster.peach):
        news, notices = Page.objects.get(slug="news"), Page.objects.get(slug="notices")
        hidden = publish(news, ArticlePage(title="内部资料", slug="internal"))
        publish(news, ArticlePage(title="公开消息", slug="open"))
        PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
        PageViewRestriction.objects.create(page=notices, restriction_type=PageViewRestriction.PASSWORD,
                                           password="x")
        everything = Page.objects.filter(depth__gt=1)
        assert set(public(everything)) == set(everything.public())
        assert hidden not in public(everything) and notices not in public(everything)
        with CaptureQueriesContext(connection) as queries:
            list(public(everything.live()))
        assert len(queries) == 1
    html = site_client(cluster.peach).get("/news/").content.decode()
    assert "公开消息" in html and "内部资料" not in html
    home = site_client(cluster.peach).get("/").content.decode()
    assert "公开消息" in home and "内部资料" not in home
    assert 'href="/notices/"' not in home      # a private column leaves the menu and the home page
