"""In Chromium: every demo page carries the search box; a township's “this site” search stays on that site."""
from urllib.parse import urlparse

import pytest

from accessibility.audit import site_page_paths

pytestmark = pytest.mark.django_db


def test_every_demo_page_has_a_search_box(demo_cluster, server, browser):
    port = server.url.rsplit(":", 1)[1]
    urls = [f"http://localhost:{port}/"]
    for tenant in demo_cluster:
        urls += [f"http://{tenant.primary_domain_name()}:{port}{path}" for path in site_page_paths(tenant)]
    urls += [f"http://taoyuan.localhost:{port}/search/?q=%E9%9B%86%E7%BA%A6%E5%8C%96"]

    def visit(chromium):
        context = chromium.new_context()
        page = context.new_page()
        missing = []
        for url in urls:
            page.goto(url)
            box = page.locator("form.search-box[role=search]")
            if box.count() != 1 or not box.locator("input[name=q]").is_visible():
                missing.append(url)
        context.close()
        return missing

    assert len(urls) > 60
    assert browser.run(visit) == []


def test_searching_a_township_for_this_site_returns_only_its_pages(demo_cluster, server, browser):
    port = server.url.rsplit(":", 1)[1]

    def search_from_home(chromium, scope):
        context = chromium.new_context()
        page = context.new_page()
        page.goto(f"http://taoyuan.localhost:{port}/")
        page.fill("#search-box-q", "集约化")
        page.select_option("#search-box-scope", scope)
        page.click("form.search-box button[type=submit]")
        page.wait_for_selector(".result-count, .no-results")
        links = page.eval_on_selector_all("ol.search-results h3 a", "links => links.map(a => a.href)")
        landed = page.url
        context.close()
        return landed, links

    landed, links = browser.run(search_from_home, "site")
    assert urlparse(landed).hostname == "taoyuan.localhost" and "scope=site" in landed
    assert links and {urlparse(link).hostname for link in links} == {"taoyuan.localhost"}
    # The same words over the whole cluster find the other sites' pages too.
    _landed, everywhere = browser.run(search_from_home, "cluster")
    assert len({urlparse(link).hostname for link in everywhere}) > 1
