"""An operator's console home shows the cluster: sites by level and status, findings, audits, moves."""
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation

from accessibility.reports.models import AuditRun
from sitegroup.identity.models import Role
from sitegroup.safety.models import ContentFinding
from tenants.lifecycle import set_status
from tenants.models import MoveUp, Tenant
from tests.identity.helpers import enrol_totp, login, make_account

pytestmark = pytest.mark.django_db


def panel(html, panel_id):
    section = BeautifulSoup(html, "html.parser").find(attrs={"aria-labelledby": panel_id})
    assert section is not None, panel_id
    return section


def cells(section):
    return {row.find("th").get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
            for row in section.find("tbody").find_all("tr")}


def test_an_operator_without_grants_sees_the_cluster_not_a_request_to_ask_an_operator(operator_console, cluster):
    set_status(cluster.willow, "suspended")
    html = operator_console.get("/console/").content.decode()
    assert "请联系平台运维管理员" not in html and 'id="panel-my-sites"' not in html
    table = cells(panel(html, "panel-cluster"))
    # Columns: active, suspended, closed, archived, total; the counts are the registry's.
    for level, label in Tenant.Level.choices:
        expected = [Tenant.objects.filter(level=level, status=status).count() for status in Tenant.Status.values]
        with translation.override("zh-hans"):
            assert table[str(label)] == [str(n) for n in expected] + [str(sum(expected))]
    assert table["乡镇街道级"][1] == "1" and int(table["乡镇街道级"][0]) >= 1          # willow is suspended
    total, active = Tenant.objects.count(), Tenant.objects.filter(status="active").count()
    assert table["合计"][-1] == str(total)
    counts = panel(html, "panel-cluster").find(class_="overview-counts").get_text(" ", strip=True)
    assert re.sub(r"\s+", " ", counts) == f"{total} 个站点已登记 {active} 个站点正在对外服务"


def test_findings_audits_and_moves_appear_on_the_operators_home(operator_console, cluster):
    ContentFinding.objects.create(site=cluster.peach, page_id=7, page_title="被篡改的新闻", page_path="/home/news/x/",
                                  kind="spam_link", severity="high", detail="https://bet.example/")
    ContentFinding.objects.create(site=cluster.willow, page_id=8, page_title="已处理的问题", page_path="/home/y/",
                                  kind="hidden_text", severity="high", detail="x", resolved_at=timezone.now())
    now = timezone.now()
    AuditRun.objects.create(site=cluster.peach, started_at=now, pages_checked=18, by_impact={"serious": 3, "minor": 2})
    AuditRun.objects.create(site=cluster.willow, started_at=now, pages_checked=16, by_impact={"moderate": 1})
    AuditRun.objects.create(site=cluster.willow, started_at=now - timezone.timedelta(days=3), pages_checked=16,
                            by_impact={"critical": 9})
    MoveUp.objects.create(source=cluster.willow, target=cluster.east, section_path="/willow/", state="copying")
    html = operator_console.get("/console/").content.decode()

    # Content safety's own panel (sitegroup.safety): open findings per site; the resolved one is gone.
    findings = panel(html, "panel-content-safety").get_text(" ", strip=True)
    assert "桃花镇人民政府" in findings and "柳树街道办事处" not in findings
    audits = panel(html, "panel-audits")
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in audits.find("tbody").find_all("tr")]
    # Each site's latest run only, the most serious first.
    assert [(row[0], row[3], row[4]) for row in rows] == [("桃花镇人民政府", "3", "5"), ("柳树街道办事处", "0", "1")]
    moves = panel(html, "panel-moves").get_text(" ", strip=True)
    assert "柳树街道办事处" in moves and "有 1 项关停上移未完成" in moves


def test_staff_who_are_not_operators_see_only_their_sites(cluster):
    chief = enrol_totp(make_account("chief2", grants={cluster.east: Role.SITE_ADMIN}))
    html = login("chief2", otp_account=chief).get("/console/").content.decode()
    assert 'id="panel-my-sites"' in html and "东区人民政府" in html
    for operator_panel in ("panel-cluster", "panel-audits", "panel-moves"):
        assert f'id="{operator_panel}"' not in html


def test_the_sites_table_gives_each_column_room_and_scrolls_rather_than_squeezing(operator_console, cluster):
    html = operator_console.get("/console/sites/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    wrapper = soup.find("table", class_="sites").parent
    assert "table-scroll" in wrapper["class"] and wrapper.get("tabindex") == "0"
    row = soup.find("span", class_="slug", string="peach").find_parent("tr")
    assert row.find("th", scope="row").find(class_="site-name").get_text() == "桃花镇人民政府"
    assert row.find(class_="status-pill").get_text() == "运行中"
    assert "peach-alias.example.cn" in row.find(class_="domains").get_text()
    assert soup.find("main", class_="console-wide")
