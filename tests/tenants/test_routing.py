"""Requests are routed by Host: each site's own content, the platform directory, or a clear refusal."""
import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Page

from tenants.models import Tenant
from tenants.provisioning import change_status
from themes.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_each_site_answers_with_its_own_home_page(cluster, site_client):
    names = {site.slug: site.name for site in vars(cluster).values()}
    for site in vars(cluster).values():
        response = site_client(site).get("/")
        assert response.status_code == 200, site.slug
        html = response.content.decode()
        assert f"<h1>{site.name}</h1>" in html
        for other_slug, other_name in names.items():
            if other_slug != site.slug:
                assert f"<h1>{other_name}</h1>" not in html


def test_alias_domain_serves_the_same_site(cluster, site_client):
    response = site_client("peach-alias.example.cn").get("/")
    assert response.status_code == 200
    assert cluster.peach.name in response.content.decode()


def test_platform_host_lists_active_sites_grouped_by_level(cluster, site_client):
    change_status(cluster.willow, Tenant.Status.SUSPENDED)
    response = site_client("localhost").get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for site in (cluster.city, cluster.east, cluster.west, cluster.peach):
        assert site.name in html
        assert f"http://{site.primary_domain_name()}/" in html
    assert cluster.willow.name not in html
    # grouped: the city heading comes before the districts, which come before the townships
    assert html.index(cluster.city.name) < html.index(cluster.east.name) < html.index(cluster.peach.name)
    assert html.count('<section class="level"') == 3


def test_unknown_host_gets_the_platform_404_and_no_site_content(cluster, site_client):
    response = site_client("nosuch.localhost").get("/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "nosuch.localhost" in html
    for site in vars(cluster).values():
        assert site.name not in html


def test_unknown_host_deep_path_is_404_too(cluster, site_client):
    assert site_client("nosuch.localhost").get("/news/").status_code == 404
    assert site_client("nosuch.localhost").get("/admin/").status_code == 404


def test_malformed_host_header_is_refused_with_400(cluster):
    from django.test import Client

    response = Client(HTTP_HOST="peach.localhost:evil@attacker").get("/")
    assert response.status_code == 400


def test_suspended_site_shows_maintenance_503_but_admin_still_answers(cluster, site_client):
    change_status(cluster.peach, Tenant.Status.SUSPENDED)
    client = site_client(cluster.peach)
    for path in ("/", "/news/", "/about/"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"]
        assert "<h1>桃花镇人民政府" in response.content.decode()
        assert "新闻动态" not in response.content.decode()
    # staff can still reach the admin (login page) to fix the site
    assert client.get("/admin/").status_code == 302
    # the other township is unaffected
    assert site_client(cluster.willow).get("/").status_code == 200


def test_closed_site_answers_410_and_points_to_its_parent(cluster, site_client):
    change_status(cluster.willow, Tenant.Status.CLOSED)
    response = site_client(cluster.willow).get("/")
    assert response.status_code == 410
    assert "http://east.localhost/" in response.content.decode()


def test_page_of_one_site_is_not_reachable_through_another_host(cluster, site_client):
    with tenant_context(cluster.peach):
        news = Page.objects.get(slug="news").specific
        news.add_child(instance=ArticlePage(title="桃花节开幕", slug="peach-festival", body="<p>桃花节</p>"))
    assert site_client(cluster.peach).get("/news/peach-festival/").status_code == 200
    assert "桃花节开幕" in site_client(cluster.peach).get("/").content.decode()
    for other in (cluster.willow, cluster.east, cluster.city):
        assert site_client(other).get("/news/peach-festival/").status_code == 404
        assert "桃花节开幕" not in site_client(other).get("/").content.decode()


def test_a_missing_page_on_a_site_gets_a_404_in_the_sites_own_theme(cluster, site_client):
    response = site_client(cluster.peach).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "theme-gov-classic" in html and "<span>桃花镇人民政府</span>" in html
    assert "新闻动态" in html  # the site's navigation, so the visitor can go on
