"""Routing reads Host → site from the shared cache, and forgets it the moment a domain or a
site's status changes."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.models import Domain, Tenant
from tenants.provisioning import change_status

pytestmark = pytest.mark.django_db


def registry_queries(client, path="/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [q["sql"] for q in queries if "tenants_domain" in q["sql"]]


def test_the_host_is_looked_up_once_then_remembered(cluster, site_client):
    client = site_client(cluster.peach)
    response, first = registry_queries(client)
    assert response.status_code == 200 and len(first) == 1
    response, again = registry_queries(client)
    assert response.status_code == 200 and again == []


def test_an_unknown_host_is_remembered_as_unknown_until_a_domain_claims_it(cluster, site_client):
    client = site_client("newname.example.cn")
    assert registry_queries(client)[0].status_code == 404
    response, queries = registry_queries(client)
    assert response.status_code == 404 and queries == []
    Domain.objects.create(domain="newname.example.cn", tenant=cluster.willow, is_primary=False)
    response = client.get("/")
    assert response.status_code == 200 and cluster.willow.name in response.content.decode()


def test_renaming_and_removing_a_domain_take_effect_at_once(cluster, site_client):
    old = site_client("peach-alias.example.cn")
    assert old.get("/").status_code == 200
    domain = Domain.objects.get(domain="peach-alias.example.cn")
    domain.domain = "taohua.example.cn"
    domain.save()
    assert old.get("/").status_code == 404
    assert site_client("taohua.example.cn").get("/").status_code == 200
    domain.delete()
    assert site_client("taohua.example.cn").get("/").status_code == 404


def test_a_suspended_site_answers_503_at_once_and_reopens_at_once(cluster, site_client, settings):
    settings.SITEGROUP_PAGE_CACHE = True
    client = site_client(cluster.peach)
    client.get("/")
    assert client.get("/")["X-Sitegroup-Cache"] == "hit"
    change_status(cluster.peach, Tenant.Status.SUSPENDED)
    response = client.get("/")
    assert response.status_code == 503 and response["X-Sitegroup-Cache"] == "skip"
    change_status(Tenant.objects.get(pk=cluster.peach.pk), Tenant.Status.ACTIVE)
    assert client.get("/").status_code == 200


def test_a_closed_site_stops_answering_with_its_pages_at_once(cluster, site_client):
    client = site_client(cluster.willow)
    assert client.get("/").status_code == 200
    change_status(cluster.willow, Tenant.Status.CLOSED)
    assert client.get("/").status_code == 410


def test_the_cached_registry_row_is_the_site_itself(cluster):
    from django.test import RequestFactory

    from tenants import hostcache

    request = RequestFactory().get("/", HTTP_HOST="peach.localhost")
    tenant = hostcache.tenant_for_request(request, "peach.localhost")
    assert (tenant.pk, tenant.schema_name, tenant.slug, tenant.status, tenant.parent_id) == (
        cluster.peach.pk, cluster.peach.schema_name, "peach", "active", cluster.east.pk)
    assert tenant._state.adding is False


def test_routing_a_page_costs_no_registry_site_schema_or_content_type_query(cluster, site_client):
    peach, willow = site_client(cluster.peach), site_client(cluster.willow)
    for client in (peach, willow, peach):   # warm, and switch schemas in between
        client.get("/news/")
    with CaptureQueriesContext(connection) as queries:
        assert willow.get("/news/").status_code == 200
        assert peach.get("/news/").status_code == 200
    statements = [q["sql"] for q in queries]
    for table in ("tenants_domain", "wagtailcore_site", "django_content_type"):
        assert not [sql for sql in statements if f'"{table}"' in sql], table
    # One SET per switch of site, none for the switches to the public schema and back.
    assert len([sql for sql in statements if sql.startswith("SET search_path")]) <= 2
    # Restrictions are read once per request (Wagtail's own check of the served page); the listings
    # check them inside their own query (themes/visibility.py).
    assert len([sql for sql in statements if sql.startswith('SELECT "wagtailcore_pageviewrestriction"')]) == 2


def test_a_new_home_page_title_shows_at_once(cluster, site_client):
    from django_tenants.utils import tenant_context
    from wagtail.models import Site

    client = site_client(cluster.peach)
    client.get("/")
    with tenant_context(cluster.peach):
        home = Site.objects.get().root_page.specific
        home.title = "桃花镇人民政府门户"
        home.save_revision().publish()
    assert "<h1>桃花镇人民政府门户</h1>" in client.get("/").content.decode()
