"""The console's menu, pages and home panels come from the sections apps register (tests/plugin is one)."""
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import path

from sitegroup.console import ConsoleSection, register_console_section
from sitegroup.console.registry import console_sections
from sitegroup.identity.models import Role
from tests.identity.helpers import enrol_totp, login, make_account, platform_client
from tests.plugin.console import PANEL_TEXT

pytestmark = pytest.mark.django_db


def nav_of(html):
    start = html.index('class="console-nav"')
    return html[start:html.index("</nav>", start)]


def test_every_app_contributes_its_sections_in_order():
    assert [section.name for section in console_sections()] == [
        "my_sites", "health", "sites", "accounts", "audit", "moves", "syndication", "legacy_import", "content_safety",
        "content_safety_lexicon", "search_analytics", "search_lists", "accessibility_overview", "interaction",
        "test_plugin", "security"]


def test_an_operator_sees_the_plugged_in_section_in_the_menu_its_page_and_its_home_panel(operator_console):
    home = operator_console.get("/console/")
    assert home.status_code == 200
    html = home.content.decode()
    nav = nav_of(html)
    labels = ["我的网站", "网站", "账号与授权", "审计日志", "站点上迁", "内容安全", "搜索统计", "同义词与词典",
              "Plugin report", "双因素认证"]
    positions = [nav.index(f">{label}</a>") for label in labels]
    assert positions == sorted(positions), nav
    assert f"{PANEL_TEXT} ops" in html                                   # the plugin's panel on the home page
    assert html.index(f"{PANEL_TEXT} ops") < html.index('id="panel-cluster"')  # panels in their own order
    report = operator_console.get("/console/plugin-report/")
    assert report.status_code == 200 and "<h1>Plugin report</h1>" in report.content.decode()


def test_the_sections_permission_guards_its_menu_entry_its_pages_and_its_panel(cluster):
    chief = enrol_totp(make_account("chief", grants={cluster.east: Role.SITE_ADMIN}))
    client = login("chief", otp_account=chief)
    html = client.get("/console/").content.decode()
    assert "Plugin report" not in nav_of(html) and PANEL_TEXT not in html
    assert "/console/findings/" in nav_of(html)                           # a site administrator's section too
    assert client.get("/console/plugin-report/").status_code == 403
    anonymous = platform_client().get("/console/plugin-report/")
    assert anonymous.status_code == 302
    assert anonymous["Location"] == "/login/?next=%2Fconsole%2Fplugin-report%2F"
    assert "no-cache" in anonymous["Cache-Control"]


def test_a_section_name_is_registered_once():
    with pytest.raises(ImproperlyConfigured):
        register_console_section(ConsoleSection(name="sites", label="Again", urls=[path("again/", lambda r: None)]))
