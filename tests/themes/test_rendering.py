"""Every page type renders on two sites with different themes, each with its own identity."""
import re

import pytest
from django_tenants.utils import tenant_context

from .factories import build_every_page_type, configure_site

pytestmark = pytest.mark.django_db



@pytest.fixture
def two_themed_sites(cluster):
    configure_site(cluster.peach, "gov-classic")
    configure_site(cluster.willow, "civic-blue", primary_color="#1b5e20", site_name="柳树街道")
    return {"peach": (cluster.peach, build_every_page_type(cluster.peach)),
            "willow": (cluster.willow, build_every_page_type(cluster.willow))}


def url_of(tenant, page):
    with tenant_context(tenant):
        return page.url


def test_every_page_type_renders_with_each_sites_theme_and_identity(two_themed_sites, site_client):
    # One build of every page type on two sites serves all types (a parametrised test would build it
    # once per type); every type is checked and every failure reported, not only the first.
    failures = {}
    for page_type in two_themed_sites["peach"][1]:
        try:
            check_page_type(two_themed_sites, site_client, page_type)
        except AssertionError as failure:
            failures[page_type] = str(failure) or repr(failure)
    assert failures == {}


def check_page_type(two_themed_sites, site_client, page_type):
    expectations = {
        "peach": {"theme": "theme-gov-classic", "stylesheet": "/static/theme/gov-classic/theme.css",
                  "name": "桃花镇人民政府"},
        "willow": {"theme": "theme-civic-blue", "stylesheet": "/static/theme/civic-blue/theme.css",
                   "name": "柳树街道"},
    }
    for slug, (tenant, pages) in two_themed_sites.items():
        expected = expectations[slug]
        other = expectations["willow" if slug == "peach" else "peach"]
        response = site_client(tenant).get(url_of(tenant, pages[page_type]))
        assert response.status_code == 200, (slug, page_type)
        html = response.content.decode()
        assert expected["theme"] in html and other["theme"] not in html
        assert expected["stylesheet"] in html
        assert f'<span>{expected["name"]}</span>' in html                 # the site's own name in the header
        assert re.search(r'<img class="logo" src="/media/site_\w+/original_images/site-logo[^"]*\.png"', html)
        for footer_item in ("3301020101", "青ICP备20240001号", "青公网安备 33010202000001号", "0571-12345"):
            assert footer_item in html                                      # the government footer
        assert f"{tenant.name}（主办）" in html
        assert '<a class="skip-link" href="#main">' in html and 'role="banner"' in html
        assert 'role="contentinfo"' in html and '<main id="main"' in html


def test_site_stylesheet_carries_each_sites_colours(two_themed_sites, site_client):
    peach, willow = two_themed_sites["peach"][0], two_themed_sites["willow"][0]
    assert "--color-primary: #a4161a;" in site_client(peach).get("/theme.css").content.decode()
    willow_css = site_client(willow).get("/theme.css").content.decode()
    assert "--color-primary: #1b5e20;" in willow_css and "--color-background: #f5f8fc;" in willow_css


def test_policy_document_shows_its_disclosure_metadata_and_attachment(two_themed_sites, site_client):
    tenant, pages = two_themed_sites["peach"]
    html = site_client(tenant).get(url_of(tenant, pages["policy"])).content.decode()
    for text in ("113301020125048399/2026-00001", "桃政发〔2026〕3号", "商贸、海关、旅游", "实施细则", "(PDF"):
        assert text in html


def test_service_guide_shows_materials_steps_forms_and_online_link(two_themed_sites, site_client):
    tenant, pages = two_themed_sites["willow"]
    html = site_client(tenant).get(url_of(tenant, pages["service"])).content.decode()
    for text in ("户口簿", "申请", "20 个工作日", "不收费", "https://zwfw.example.cn/", "实施细则"):
        assert text in html


def test_notice_shows_validity_and_special_topic_gathers_columns(two_themed_sites, site_client):
    tenant, pages = two_themed_sites["peach"]
    assert "status-badge ok" in site_client(tenant).get(url_of(tenant, pages["notice"])).content.decode()
    topic = site_client(tenant).get(url_of(tenant, pages["topic"])).content.decode()
    assert "全面推进政府网站集约化" in topic and "关于优化营商环境的若干措施" in topic
    assert "停水通知" not in topic  # notices are not one of the topic's columns


def test_column_lists_items_newest_first_with_pagination(two_themed_sites, site_client):
    import datetime

    from django.utils import timezone

    from themes.models import ArticlePage

    tenant, pages = two_themed_sites["peach"]
    with tenant_context(tenant):
        column = pages["column"]
        column.items_per_page = 5
        column.save()
        for day in range(7):
            column.add_child(instance=ArticlePage(
                title=f"第{day}天的新闻", slug=f"day-{day}",
                publish_date=timezone.now() - datetime.timedelta(days=day + 1)))
    client = site_client(tenant)
    first = client.get(url_of(tenant, column)).content.decode()
    assert first.index("全面推进政府网站集约化") < first.index("第0天的新闻") < first.index("第3天的新闻")
    assert "第5天的新闻" not in first and 'rel="next"' in first
    second = client.get(url_of(tenant, column) + "?page=2").content.decode()
    assert "第6天的新闻" in second and "第0天的新闻" not in second
    assert client.get(url_of(tenant, column) + "?page=99").status_code == 200


def test_navigation_breadcrumbs_and_print_view(two_themed_sites, site_client):
    tenant, pages = two_themed_sites["peach"]
    client = site_client(tenant)
    html = client.get(url_of(tenant, pages["article"])).content.decode()
    nav = html[html.index('class="site-nav"'):html.index("</nav>", html.index('class="site-nav"'))]
    for column in ("新闻动态", "通知公告", "政策文件", "办事服务", "机构概况", "政府信息公开"):
        assert column in nav
    assert 'class="in-section"' in nav                         # the article's column is marked
    crumbs = html[html.index('class="breadcrumbs"'):]
    assert crumbs.index("新闻动态") < crumbs.index('aria-current="page">全面推进政府网站集约化')
    printed = client.get(url_of(tenant, pages["article"]) + "print/")
    assert printed.status_code == 200
    body = printed.content.decode()
    assert "正文内容" in body and 'class="site-nav"' not in body and "noindex" in body
    policy_print = client.get(url_of(tenant, pages["policy"]) + "print/").content.decode()
    assert "桃政发〔2026〕3号" in policy_print


def test_html_lang_follows_the_page_language(cluster, site_client):
    from wagtail.models import Locale, Site

    configure_site(cluster.peach, "gov-classic")
    with tenant_context(cluster.peach):
        home = Site.objects.get().root_page.specific
        english = home.copy_for_translation(Locale.objects.get(language_code="en"))
        english.title = "Peach Town"
        english.save_revision().publish()
    chinese = site_client(cluster.peach).get("/").content.decode()
    assert '<html lang="zh-hans">' in chinese and "跳到主要内容" in chinese
    english_html = site_client(cluster.peach).get("/en/").content.decode()
    assert '<html lang="en">' in english_html and "Skip to main content" in english_html
    assert "<h1>Peach Town</h1>" in english_html
