"""Every place that accepts a redirect target (next, site_next, the hand-off's next, Wagtail's login
and password forms) neutralises the backslash, tab and newline spellings of another host."""
import html
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_tenants.utils import tenant_context
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from sitegroup.identity.models import Role
from tests.identity.helpers import PASSWORD, login, make_account, platform_client

pytestmark = pytest.mark.django_db

# As an attacker writes them into a link (query-string encoded).
VARIANTS = [
    "/%5Cevil.example", "/%5C/evil.example", "%5C%5Cevil.example", "/%255Cevil.example", "%2F%5Cevil.example",
    "/%09/evil.example", "%09//evil.example", "/%0A/evil.example", "/%0D%0A/evil.example", "%20//evil.example",
    "//evil.example", "///evil.example", "https://evil.example/", "https:evil.example", "http:/%5Cevil.example",
    "javascript:alert(1)", "//evil.example@localhost/",
]


def leads_home(location, *hosts):
    """Where would a browser go? Browsers drop tabs and newlines, treat \\ as /, trim spaces."""
    cleaned = location.strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x1f")
    cleaned = cleaned.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    parts = urlsplit(cleaned)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return False
    if parts.netloc:
        return parts.hostname in hosts
    return cleaned.startswith("/") and not cleaned.startswith("//")


@pytest.fixture
def peach_host(cluster):
    return cluster.peach.primary_domain_name()


@pytest.mark.parametrize("raw", VARIANTS)
def test_platform_login_next(cluster, raw):
    make_account("kong", grants={cluster.peach: Role.EDITOR})
    response = platform_client().post(f"/login/?next={raw}", {"username": "kong", "password": PASSWORD})
    assert response.status_code == 302 and leads_home(response["Location"], "localhost"), response["Location"]
    response = login("kong").get(f"/login/?next={raw}")  # already signed in
    assert response.status_code == 302 and leads_home(response["Location"], "localhost"), response["Location"]


@pytest.mark.parametrize("raw", VARIANTS)
def test_site_next_through_sign_in_and_hand_off(cluster, peach_host, raw):
    make_account("kong", grants={cluster.peach: Role.EDITOR})
    # the site's login page sends the person to the platform with site_next
    response = Client(HTTP_HOST=peach_host).get(f"/admin/login/?next={raw}")
    assert response.status_code == 302
    assert leads_home(response["Location"], "localhost")
    site_next = parse_qs(urlsplit(response["Location"]).query).get("site_next", ["/"])[0]
    assert leads_home(site_next, peach_host), site_next
    # a crafted platform link with site_next, followed to the end
    client = platform_client()
    response = client.post(f"/login/?site=peach&site_next={raw}", {"username": "kong", "password": PASSWORD})
    assert response.status_code == 302 and leads_home(response["Location"], "localhost")
    enter_page = client.get(response["Location"])
    assert enter_page.status_code == 200
    next_field = html.unescape(enter_page.content.decode().split('name="next" value="')[1].split('"')[0])
    response = client.post("/console/sites/peach/enter/", {"next": next_field})
    handoff = urlsplit(response["Location"])
    assert handoff.hostname == peach_host
    landing = Client(HTTP_HOST=peach_host).get(handoff.path + "?" + handoff.query)
    assert landing.status_code == 302 and leads_home(landing["Location"], peach_host), landing["Location"]


@pytest.mark.parametrize("raw", VARIANTS)
def test_hand_off_next_posted_directly(cluster, peach_host, raw):
    make_account("kong", grants={cluster.peach: Role.EDITOR})
    platform = login("kong")
    response = platform.post("/console/sites/peach/enter/", {"next": unquote(raw)})
    handoff = urlsplit(response["Location"])
    landing = Client(HTTP_HOST=peach_host).get(handoff.path + "?" + handoff.query)
    assert landing.status_code == 302 and leads_home(landing["Location"], peach_host), landing["Location"]
    page = platform.get(f"/console/sites/peach/enter/?next={raw}")
    assert page.status_code == 200
    next_field = html.unescape(page.content.decode().split('name="next" value="')[1].split('"')[0])
    assert leads_home(next_field, peach_host), next_field


@pytest.mark.parametrize("raw", VARIANTS)
def test_break_glass_login_and_wagtail_password_forms(cluster, peach_host, raw):
    with tenant_context(cluster.peach):
        get_user_model().objects.create_superuser("root", "root@example.cn", PASSWORD)
        home = Page.objects.get(depth=2)
        page_restriction = PageViewRestriction.objects.create(
            page=home, restriction_type=PageViewRestriction.PASSWORD, password="tea-garden-88")
        collection = Collection.get_first_root_node().add_child(name="资料")
        collection_restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="tea-garden-88")
    client = Client(HTTP_HOST=peach_host)
    response = client.post(f"/admin/login/?local=1&next={raw}", {"username": "root", "password": PASSWORD,
                                                                  "next": unquote(raw)})
    assert response.status_code == 302 and leads_home(response["Location"], peach_host), response["Location"]
    for url in (f"/_util/authenticate_with_password/{page_restriction.pk}/{home.pk}/",
                f"/documents/authenticate_with_password/{collection_restriction.pk}/"):
        response = Client(HTTP_HOST=peach_host).post(url, {"password": "tea-garden-88", "return_url": unquote(raw)})
        assert response.status_code == 302 and leads_home(response["Location"], peach_host), (url, response["Location"])


def test_the_helper_keeps_ordinary_paths():
    from sitegroup.identity.redirects import safe_path

    assert safe_path("/admin/pages/3/?q=%E6%96%B0") == "/admin/pages/3/?q=%E6%96%B0"
    assert safe_path("/新闻/") == "/新闻/"
    for value in ("", None, "relative/path", "/\\evil.example", "//evil.example", "\t/x", "/x\n/y"):
        assert safe_path(value) is None, value
    assert safe_path("//evil.example", default="/admin/") == "/admin/"
