"""Chinese everywhere by default, whatever the browser asks for; English only when chosen."""
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def platform(**extra):
    return Client(HTTP_HOST="localhost", **extra)


@pytest.mark.parametrize("path, chinese", [
    ("/", "网站群"), ("/search/?q=集约化", "搜索"), ("/login/", "工作人员登录"),
])
def test_platform_pages_are_chinese_for_an_english_language_browser(cluster, path, chinese):
    response = platform().get(path, **ENGLISH_BROWSER)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html and chinese in html
    assert response["Content-Language"] == "zh-hans"
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_language_switch_turns_platform_pages_english_and_back(cluster):
    client = platform()
    home = client.get("/")
    html = home.content.decode()
    assert '<a href="/language/en/?next=/" lang="en" hreflang="en">English</a>' in html
    assert not home.cookies                                         # no CSRF cookie: the page stays cacheable
    response = client.get("/language/en/", {"next": "/search/"})
    assert response.status_code == 302 and response["Location"] == "/search/"
    english = client.get("/search/").content.decode()
    assert '<html lang="en">' in english
    assert 'href="/language/zh-hans/?next=/search/" lang="zh-hans" hreflang="zh-hans">简体中文</a>' in english
    client.get("/language/zh-hans/", {"next": "/"})
    assert '<html lang="zh-hans">' in client.get("/").content.decode()


def test_the_language_switch_refuses_unknown_languages_and_foreign_next_urls(cluster):
    client = platform()
    assert client.get("/language/xx/").status_code == 404
    response = client.get("/language/en/", {"next": "https://evil.example.com/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_sites_stay_chinese_and_serve_english_only_under_en(cluster, site_client):
    from django_tenants.utils import tenant_context
    from wagtail.models import Locale, Page

    with tenant_context(cluster.peach):
        home = Page.objects.get(depth=2)
        english = home.copy_for_translation(Locale.objects.get(language_code="en"))
        english.title = "Peach Town"
        english.save_revision().publish()
    client = site_client(cluster.peach)
    chinese = client.get("/", **ENGLISH_BROWSER).content.decode()
    assert '<html lang="zh-hans">' in chinese
    # A visible link to the English version, from the Chinese page (and back).
    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in chinese
    english_html = client.get("/en/", **ENGLISH_BROWSER).content.decode()
    assert '<html lang="en">' in english_html and "Peach Town" in english_html
    assert '<a href="/" hreflang="zh-hans" lang="zh-hans">简体中文</a>' in english_html
    # A site without an English version offers no switch.
    assert "hreflang" not in site_client(cluster.willow).get("/").content.decode()


def test_a_page_without_translation_links_to_the_english_home(cluster, site_client):
    from django_tenants.utils import tenant_context
    from wagtail.models import Locale, Page

    with tenant_context(cluster.peach):
        home = Page.objects.get(depth=2)
        home.copy_for_translation(Locale.objects.get(language_code="en")).save_revision().publish()
    news = site_client(cluster.peach).get("/news/").content.decode()
    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in news


def test_pages_answered_before_the_language_is_chosen_are_chinese(cluster):
    from django.utils import translation

    with translation.override("en"):      # a previous request left English active in this thread
        response = Client(HTTP_HOST="nosuch.localhost").get("/")
    assert response.status_code == 404 and '<html lang="zh-hans">' in response.content.decode()
