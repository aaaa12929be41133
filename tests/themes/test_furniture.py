"""What every Chinese government site must carry, per site: its own footer (inheriting only what it
leaves empty), the badge and 我为政府网站找错 link, 网站地图, sitemap.xml, robots.txt and a favicon."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django_tenants.utils import tenant_context
from wagtail.models import Locale, Page, PageViewRestriction

from tenants.lifecycle import set_status
from themes.models import ArticlePage, ColumnPage, SiteAppearance

from .factories import logo_image, publish

pytestmark = pytest.mark.django_db
PASSWORD = "pw-admin-123456"


def appearance(tenant, theme="gov-classic", **values):
    with tenant_context(tenant):
        settings = SiteAppearance.load()
        settings.theme_slug = theme
        for key, value in values.items():
            setattr(settings, key, value)
        settings.full_clean()
        settings.save()
        return settings


@pytest.fixture
def footers(cluster):
    """The city runs the platform (records, organiser); a district names its own organiser and phone;
    peach fills its own contact; willow fills nothing but its sponsor; west (another branch) has its own."""
    appearance(cluster.city, sponsor="测试市人民政府", organiser="测试市大数据管理局", icp_number="测ICP备20260001号",
               police_number="测公网安备 10000000000001号", phone="0571-1000 0001", address="测试市人民路1号")
    appearance(cluster.east, sponsor="东区人民政府", organiser="东区政务服务和数据管理局", phone="0571-2000 0002",
               address="东区湖滨路2号")
    appearance(cluster.west, sponsor="西县人民政府", organiser="西县数据局", icp_number="西ICP备99999999号",
               phone="0571-9999 9999")
    appearance(cluster.peach, sponsor="桃花镇人民政府", site_id_code="3301020101", phone="0571-3000 0003",
               address="桃花镇桃花大道3号", email="contact@peach.example.cn")
    appearance(cluster.willow, theme="civic-blue", sponsor="柳树街道办事处")
    return cluster


def footer_of(html):
    return html[html.index('<footer class="site-footer"'):]


def facts(html):
    return dict(re.findall(r'<dt>([^<]+)</dt><dd>(?:<a [^>]*>)?([^<]+)', footer_of(html)))


def test_each_site_shows_its_own_footer_and_inherits_only_what_it_left_empty(footers, site_client):
    peach = facts(site_client(footers.peach).get("/").content.decode())
    assert peach == {"主办单位": "桃花镇人民政府", "承办单位": "东区政务服务和数据管理局", "网站标识码": "3301020101",
                     "ICP备案号": "测ICP备20260001号", "公安备案号": "测公网安备 10000000000001号",
                     "地址": "桃花镇桃花大道3号", "电话": "0571-3000 0003", "电子邮件": "contact@peach.example.cn"}
    willow = facts(site_client(footers.willow).get("/").content.decode())
    # Contact from its district (the nearest ancestor that has one), records from the city.
    assert willow["电话"] == "0571-2000 0002" and willow["地址"] == "东区湖滨路2号"
    assert willow["ICP备案号"] == "测ICP备20260001号" and "网站标识码" not in willow
    city = facts(site_client(footers.city).get("/").content.decode())
    assert city["电话"] == "0571-1000 0001"
    # Nothing of the other branch, nothing of a child, no theme name anywhere in the footer.
    for html in (site_client(t).get("/").content.decode() for t in (footers.peach, footers.willow, footers.city)):
        assert "西县数据局" not in html and "西ICP备99999999号" not in html and "0571-9999 9999" not in html
        assert "政务经典" not in footer_of(html) and "清新蓝" not in footer_of(html)
        assert "Government Classic" not in html and "Civic Blue" not in html
    assert "0571-3000 0003" not in site_client(footers.east).get("/").content.decode()


def test_a_parent_changing_its_footer_reaches_the_sites_that_inherit_it(footers, site_client):
    appearance(footers.east, organiser="东区数据资源局")
    assert facts(site_client(footers.willow).get("/").content.decode())["承办单位"] == "东区数据资源局"
    appearance(footers.willow, theme="civic-blue", organiser="柳树街道党政办")
    assert facts(site_client(footers.willow).get("/").content.decode())["承办单位"] == "柳树街道党政办"


def test_the_admin_marks_which_footer_fields_are_inherited_and_from_where(footers, site_client):
    with tenant_context(footers.willow):
        get_user_model().objects.create_superuser("siteadmin", "a@example.cn", PASSWORD)
    client = site_client(footers.willow)
    client.post("/admin/login/", {"username": "siteadmin", "password": PASSWORD})
    with tenant_context(footers.willow):
        pk = SiteAppearance.load().pk
    html = client.get(f"/admin/settings/themes/siteappearance/{pk}/").content.decode()
    assert 'placeholder="0571-2000 0002"' in html and 'data-inherited-from="东区人民政府"' in html
    assert "留空时页脚显示“测ICP备20260001号”（继承自测试市人民政府）。" in html
    assert 'placeholder="3301020101"' not in html          # a site identifier is never inherited


def test_the_error_report_link_and_the_badge_are_on_every_page(footers, site_client):
    html = site_client(footers.peach).get("/news/").content.decode()
    link = re.search(r'<a href="([^"]+)" rel="noopener">我为政府网站找错</a>', html)
    assert link and "site_code=3301020101" in link.group(1)
    assert "url=http%3A%2F%2Fpeach.localhost%2Fnews%2F" in link.group(1)
    # No identifier and no link of its own: no broken link.
    assert "我为政府网站找错" not in site_client(footers.willow).get("/").content.decode()
    with tenant_context(footers.willow):
        badge = logo_image()
    appearance(footers.willow, theme="civic-blue", error_report_url="https://jiucuo.example.cn/willow",
               party_badge=badge, party_badge_url="https://bszs.example.cn/willow")
    html = site_client(footers.willow).get("/").content.decode()
    assert '<a href="https://jiucuo.example.cn/willow" rel="noopener">我为政府网站找错</a>' in html
    assert re.search(r'<a href="https://bszs.example.cn/willow" rel="noopener"><img alt="党政机关网站标识" [^>]*'
                     r'src="/media/site_willow/images/', html)
    assert "bszs.example.cn" not in site_client(footers.peach).get("/").content.decode()


def test_the_site_map_lists_the_sites_sections_in_its_theme(footers, site_client):
    with tenant_context(footers.peach):
        news = Page.objects.get(slug="news")
        publish(news, ArticlePage(title="不在网站地图里的文章", slug="an-item"))
        draft = ColumnPage(title="未发布的栏目", slug="draft-column", live=False)
        Page.objects.get(depth=2).add_child(instance=draft)
        sub = publish(news, ColumnPage(title="图片新闻", slug="photo-news"))
        assert sub.live
    html = site_client(footers.peach).get("/sitemap/").content.decode()
    assert "<title>网站地图 · 桃花镇人民政府</title>" in html and "theme-gov-classic" in html
    section = html[html.index('<ul class="site-map">'):]
    for title in ("新闻动态", "图片新闻", "通知公告", "政策文件", "办事服务", "机构概况", "政府信息公开"):
        assert title in section
    assert "不在网站地图里的文章" not in section and "未发布的栏目" not in section
    assert section.index("新闻动态") < section.index("图片新闻") < section.index("通知公告")   # nested under news
    assert '<a href="/sitemap/">网站地图</a>' in site_client(footers.peach).get("/").content.decode()
    assert "图片新闻" not in site_client(footers.willow).get("/sitemap/").content.decode()


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_sitemap_xml_lists_only_live_public_pages_on_the_sites_own_host(footers, site_client):
    with tenant_context(footers.peach):
        news = Page.objects.get(slug="news")
        publish(news, ArticlePage(title="公开文章", slug="public-item"))
        private = publish(news, ArticlePage(title="内部文章", slug="private-item"))
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
        news.add_child(instance=ArticlePage(title="草稿", slug="draft-item", live=False))
        home = Page.objects.get(depth=2)
        english = home.copy_for_translation(Locale.objects.get(language_code="en"))
        english.save_revision().publish()
    locations = sitemap_locations(site_client(footers.peach))
    assert "http://peach.localhost/" in locations and "http://peach.localhost/news/public-item/" in locations
    assert "http://peach.localhost/en/" in locations
    assert not [url for url in locations if "private-item" in url or "draft-item" in url]
    assert all(url.startswith("http://peach.localhost/") for url in locations)
    # An alias domain gets its own host in the sitemap; another site never lists peach's pages.
    alias = sitemap_locations(site_client("peach-alias.example.cn"))
    assert alias and all(url.startswith("http://peach-alias.example.cn/") for url in alias)
    assert not [url for url in sitemap_locations(site_client(footers.willow)) if "public-item" in url]


def test_robots_txt_follows_the_sites_status(footers, site_client):
    robots = site_client(footers.peach).get("/robots.txt")
    assert robots.status_code == 200 and robots["Content-Type"].startswith("text/plain")
    text = robots.content.decode()
    assert "Disallow: /admin/" in text and "Sitemap: http://peach.localhost/sitemap.xml" in text
    assert "Disallow: /\n" not in text
    platform = site_client("localhost").get("/robots.txt").content.decode()
    assert "Disallow: /console/" in platform and "Sitemap:" not in platform
    for status in ("suspended", "closed"):
        set_status(footers.willow, status)
        response = site_client(footers.willow).get("/robots.txt")
        assert response.status_code == 200 and response.content.decode() == "User-agent: *\nDisallow: /\n", status
        assert site_client(footers.willow).get("/sitemap.xml").status_code in (410, 503)
        set_status(footers.willow, "active") if status == "suspended" else None
    assert "Disallow: /\n" not in site_client(footers.peach).get("/robots.txt").content.decode()


def test_each_theme_has_its_own_favicon(footers, site_client):
    for tenant, theme in ((footers.peach, "gov-classic"), (footers.willow, "civic-blue")):
        client = site_client(tenant)
        response = client.get("/favicon.ico")
        assert response.status_code == 302 and response["Location"] == f"/static/theme/{theme}/favicon.ico"
        assert f'<link rel="icon" href="/static/theme/{theme}/favicon.ico">' in client.get("/").content.decode()
        assert finders.find(f"theme/{theme}/favicon.ico")
    assert site_client("localhost").get("/favicon.ico")["Location"] == "/static/sitegroup/favicon.ico"
    assert finders.find("sitegroup/favicon.ico") and finders.find("themes/favicon.ico")
