"""The dashboard, a site's health page and the annual report in the console: who sees what."""
import datetime
import io

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from sitegroup.health.models import AnnualReport, SiteVisits
from sitegroup.health.runner import run_site_health
from sitegroup.identity.models import Role
from tests.identity.helpers import enrol_totp, login, make_account

from .helpers import NOW, add_item, keep_every_column_fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(operator_console):
    """The operator's console in English (the product default is Simplified Chinese)."""
    operator_console.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"   # the language switch's choice
    return operator_console


@pytest.fixture
def checked(cluster):
    """peach passes, willow fails (its columns are empty), at the controlled clock."""
    keep_every_column_fresh(cluster.peach)
    return {"peach": run_site_health(cluster.peach, now=NOW), "willow": run_site_health(cluster.willow, now=NOW)}


def test_operators_dashboard_ranks_failing_sites_first_with_filters(console, cluster, checked, english):
    page = console.get("/console/health/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("柳树街道办事处") < html.index("桃花镇人民政府")
    assert "Empty columns (空白栏目)" in html and 'data-chart="health-cluster-trend"' in html
    assert "/static/health/vendor/chart-4.6.1.umd.min.js" in html and "cdn" not in html.lower()
    failing = console.get("/console/health/?state=failing").content.decode()
    assert "柳树街道办事处" in failing and "桃花镇人民政府" not in failing
    districts = console.get("/console/health/?level=district").content.decode()
    assert "东区人民政府" in districts and "柳树街道办事处" not in districts
    under_west = console.get("/console/health/?parent=west").content.decode()
    assert "柳树街道办事处" not in under_west and "桃花镇人民政府" not in under_west
    home = console.get("/console/").content.decode()
    assert "Site health: failing and at risk" in home and "柳树街道办事处" in home


def test_a_sites_page_names_columns_and_dates(console, cluster, checked, english):
    html = console.get("/console/health/sites/willow/").content.decode()
    # No dated content on the home page, and five empty columns.
    assert "新闻动态" in html and "Fails 2 veto items." in html
    assert 'data-chart="health-score-trend"' in html and 'data-chart="health-visits-trend"' in html
    assert 'href="http://willow.localhost/news/"' in html
    assert "桃花" not in html


def test_site_admins_see_only_their_sites_and_editors_not_at_all(cluster, checked, english):
    admin = enrol_totp(make_account("peachadmin", grants={cluster.peach: Role.SITE_ADMIN}))
    client = login("peachadmin", otp_account=admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/console/health/").content.decode()
    assert "桃花镇人民政府" in html and "柳树街道办事处" not in html
    assert client.get("/console/health/sites/willow/").status_code == 403
    assert client.get(f"/console/health/sites/willow/report/{timezone.localdate().year}/xlsx/").status_code == 403
    assert client.post("/console/health/sites/willow/run/").status_code == 403
    assert client.get("/console/health/sites/peach/").status_code == 200
    make_account("peacheditor", grants={cluster.peach: Role.EDITOR})
    assert login("peacheditor").get("/console/health/").status_code == 403


def test_annual_report_fills_itself_takes_entries_and_exports_xlsx(console, cluster, english):
    today = timezone.localdate()
    year = today.year
    start_of_year = timezone.make_aware(datetime.datetime(year, 1, 1, 10))
    add_item(cluster.peach, "news", "政策解读：春耕补贴", start_of_year)
    add_item(cluster.peach, "news", "桃花镇召开大会", start_of_year + datetime.timedelta(days=1))
    add_item(cluster.peach, "news", "去年的新闻", start_of_year - datetime.timedelta(days=2))
    add_item(cluster.willow, "news", "柳树新闻", start_of_year)
    SiteVisits.objects.create(site=cluster.peach, day=datetime.date(year, 1, 1), views=120, visitors=33)
    SiteVisits.objects.create(site=cluster.willow, day=datetime.date(year, 1, 1), views=999, visitors=99)
    url = f"/console/health/sites/peach/report/{year}/"
    html = console.get(url).content.decode()
    assert "Items published (信息发布总数)" in html and "Policy interpretations" in html
    sections = dict(_report_values(console, year))
    assert sections["Items published (信息发布总数)"] == 2          # this year's, peach's only
    assert sections["Policy interpretations (解读信息发布)"] == 1
    assert sections["Page views (总访问量)"] == 120
    assert sections["Unique visitors, summed per day (独立用户访问总量)"] == 33
    assert sections["Messages received (留言办理：收到留言数量)"] == 0   # counted by the interaction app: none
    # What the platform cannot know is typed by the administrator and wins in the export.
    response = console.post(url, {"letters_received": "45", "security_drills": "是（2 次）",
                                           "registered_users": " "})
    assert response.status_code == 302
    assert AnnualReport.objects.get(site=cluster.peach, year=year).values == {
        "letters_received": "45", "security_drills": "是（2 次）"}
    sections = dict(_report_values(console, year))
    assert sections["Messages received (留言办理：收到留言数量)"] == "45"
    assert not AnnualReport.objects.filter(site=cluster.willow).exists()
    printable = console.get(url + "?print=1").content.decode()
    assert "桃花镇人民政府 政府网站工作年度报表" in printable and "console-nav" not in printable
    assert console.get(f"/console/health/sites/peach/report/{year + 1}/").status_code == 404


def _report_values(client, year):
    response = client.get(f"/console/health/sites/peach/report/{year}/xlsx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "桃花镇人民政府" in sheet["A1"].value
    return [(row[1], row[2]) for row in sheet.iter_rows(min_row=3, values_only=True)]


def test_site_admins_see_their_own_sites_health_in_the_wagtail_admin(cluster, checked, english):
    from sitegroup.health.notify import alert_site
    from tests.identity.helpers import enter, is_refused

    alert_site(cluster.willow, checked["willow"])
    admin = enrol_totp(make_account("willowadmin", grants={cluster.willow: Role.SITE_ADMIN,
                                                           cluster.peach: Role.EDITOR}))
    platform = login("willowadmin", otp_account=admin)
    willow = enter(platform, cluster.willow)
    page = willow.get("/admin/site-health/").content.decode()
    assert "空白栏目" in page and "新闻动态" in page and "桃花" not in page
    dashboard = willow.get("/admin/").content.decode()
    assert 'href="/admin/site-health/"' in dashboard and "空白栏目" in dashboard
    # As an editor of peach, the same person does not get peach's health page.
    peach = enter(platform, cluster.peach)
    refused = peach.get("/admin/site-health/")
    # Wagtail answers a refused admin view by sending the person back to the dashboard with a message.
    assert is_refused(refused) or (refused.status_code == 302 and refused["Location"] == "/admin/")
