"""No page of the sites, the platform or the admin loads anything from another origin (issue 14,
item 4): no avatar from gravatar.com, no font, script or stylesheet from a CDN. Links to other
sites (the national error-report platform, the ICP record) are fine: only what a page loads counts."""
import re
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django_tenants.utils import tenant_context
from wagtail.models import Page

from tests.identity.helpers import enter, login, make_account
from tests.themes.factories import build_every_page_type, configure_site

pytestmark = pytest.mark.django_db

# (tag, attribute) pairs whose URL the browser fetches by itself.
LOADED = [("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
          ("iframe", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("embed", "src"),
          ("object", "data"), ("input", "src"), ("track", "src")]
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)")


def loaded_urls(html):
    """Every URL the page makes the browser fetch: scripts, images, frames, stylesheets, icons, CSS url()."""
    soup = BeautifulSoup(html, "html.parser")
    urls = []
    for tag, attribute in LOADED:
        for element in soup.find_all(tag, attrs={attribute: True}):
            value = element[attribute]
            urls += [part.strip().split(" ")[0] for part in value.split(",")] if "srcset" in attribute else [value]
    for link in soup.find_all("link", href=True):
        if set(link.get("rel", [])) & {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch",
                                      "apple-touch-icon", "shortcut"}:
            urls.append(link["href"])
    for text in [style.get_text() for style in soup.find_all("style")] + [
            element["style"] for element in soup.find_all(style=True)]:
        urls += [a or b for a, b in CSS_URL.findall(text)]
    return [url for url in urls if url and not url.startswith(("data:", "#"))]


def foreign(base, html):
    own = urlsplit(base).netloc
    return sorted({url for url in loaded_urls(html) if urlsplit(urljoin(base, url)).netloc != own})


def test_the_checker_sees_what_a_browser_would_load():
    html = ('<link rel="stylesheet" href="https://cdn.example.com/x.css"><img srcset="/a.png 1x, '
            'https://www.gravatar.com/avatar/1 2x"><div style="background:url(//fonts.example.net/f.woff)"></div>'
            '<a href="https://beian.miit.gov.cn/">ICP</a><script src="/static/ok.js"></script>')
    assert foreign("http://peach.localhost/", html) == [
        "//fonts.example.net/f.woff", "https://cdn.example.com/x.css", "https://www.gravatar.com/avatar/1"]


def test_no_site_platform_or_admin_page_loads_from_another_origin(cluster, site_client, operator_console):
    configure_site(cluster.peach, "gov-classic")
    configure_site(cluster.willow, "civic-blue")
    found = {}
    for tenant in (cluster.peach, cluster.willow):
        pages = build_every_page_type(tenant)
        host = tenant.primary_domain_name()
        client = site_client(tenant)
        with tenant_context(tenant):
            paths = [page.url for page in pages.values()]
        for path in [*paths, "/sitemap/", "/search/?q=集约化", "/en/", "/no-such-page/"]:
            response = client.get(path)
            assert response.status_code in (200, 404), (host, path, response.status_code)
            if problems := foreign(f"http://{host}{path}", response.content.decode()):
                found[f"{host}{path}"] = problems
        # The pages of one site never point at the other's host either.
        other = cluster.willow if tenant == cluster.peach else cluster.peach
        assert other.primary_domain_name() not in client.get(paths[0]).content.decode()

    platform = site_client("localhost")
    for path in ["/", "/search/?q=集约化", "/login/"]:
        if problems := foreign(f"http://localhost{path}", platform.get(path).content.decode()):
            found[f"localhost{path}"] = problems
    for path in ["/console/", "/console/sites/"]:
        response = operator_console.get(path)
        assert response.status_code == 200, path
        if problems := foreign(f"http://localhost{path}", response.content.decode()):
            found[f"localhost{path}"] = problems

    make_account("origin-editor", grants={cluster.peach: "editor"}, email="editor@peach.example.cn")
    admin = enter(login("origin-editor"), cluster.peach)
    with tenant_context(cluster.peach):
        news = Page.objects.get(slug="news")
        article = news.get_children().first()
    for path in ["/admin/", f"/admin/pages/{news.pk}/", f"/admin/pages/{article.pk}/edit/",
                 f"/admin/pages/add/themes/articlepage/{news.pk}/", "/admin/images/", "/admin/documents/",
                 "/admin/account/", "/admin/pages/search/?q=集约化"]:
        response = admin.get(path)
        assert response.status_code == 200, path
        if problems := foreign(f"http://{cluster.peach.primary_domain_name()}{path}", response.content.decode()):
            found[f"admin {path}"] = problems
    assert not found, found


def test_the_stylesheets_and_scripts_served_load_nothing_from_another_origin():
    problems = []
    for relative in ["themes/common.css", "themes/print.css", "themes/nav.js", "theme/gov-classic/theme.css",
                     "theme/civic-blue/theme.css", "sitegroup/platform.css", "accessibility/toolbar.css",
                     "accessibility/toolbar.js"]:
        path = finders.find(relative)
        assert path, relative
        text = open(path, encoding="utf-8").read()
        problems += [f"{relative}: {url}" for pair in CSS_URL.findall(text) for url in pair
                     if url.startswith(("http:", "https:", "//"))]
        problems += [f"{relative}: {url}" for url in re.findall(r"['\"](https?://[^'\"]+)", text)]
    assert not problems, problems
