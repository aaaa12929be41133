"""Rendering the home page and a column page costs a bounded number of queries, however much content grows."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page

from themes.models import ArticlePage, NoticePage

from .factories import build_every_page_type, configure_site

pytestmark = pytest.mark.django_db
HOME_BUDGET = 25
COLUMN_BUDGET = 30


def add_items(tenant, count):
    with tenant_context(tenant):
        for slug, model in (("news", ArticlePage), ("notices", NoticePage)):
            column = Page.objects.get(slug=slug)
            for i in range(count):
                column.add_child(instance=model(title=f"{slug} {i}", slug=f"{slug}-bulk-{i}",
                                                publish_date=timezone.now() - datetime.timedelta(hours=i)))


def count_queries(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_home_and_column_queries_are_bounded_and_do_not_grow_with_content(cluster, site_client):
    configure_site(cluster.peach, "gov-classic")
    build_every_page_type(cluster.peach)
    client = site_client(cluster.peach)
    small = {url: count_queries(client, url) for url in ("/", "/news/", "/disclosure/")}
    add_items(cluster.peach, 40)
    large = {url: count_queries(client, url) for url in ("/", "/news/", "/disclosure/")}
    assert small == large, (small, large)
    assert large["/"] <= HOME_BUDGET and large["/news/"] <= COLUMN_BUDGET, large


def test_the_budget_is_asserted_with_pytest_django_too(cluster, site_client, django_assert_max_num_queries):
    configure_site(cluster.peach, "civic-blue")
    build_every_page_type(cluster.peach)
    add_items(cluster.peach, 25)
    client = site_client(cluster.peach)
    client.get("/")
    with django_assert_max_num_queries(HOME_BUDGET):
        response = client.get("/")
    assert response.status_code == 200             # a 404 or an error page costs fewer queries
    client.get("/news/?page=2")
    with django_assert_max_num_queries(COLUMN_BUDGET):
        response = client.get("/news/?page=2")
    assert response.status_code == 200 and "news 24" in response.content.decode()
