"""The site-health dashboard in Chromium: charts drawn from the vendored library, nothing loaded from
another origin, no console errors; the annual report downloads as XLSX; the demo has an at-risk township."""
import io
from urllib.parse import urlsplit

import pytest
from django.utils import timezone


@pytest.fixture
def operator_cookie(demo_cluster, django_db_blocker):
    """A committed operator signed in on the platform (the browser's server has its own connection)."""
    from django.conf import settings

    from sitegroup.identity.models import StaffAccount
    from tests.identity.helpers import enrol_totp, login, make_account

    with django_db_blocker.unblock():
        account = enrol_totp(make_account("healthops", operator=True))
        client = login("healthops", otp_account=account)
    yield settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
    with django_db_blocker.unblock():
        StaffAccount.objects.filter(pk=account.pk).delete()


def test_dashboard_and_site_page_draw_their_charts_and_the_report_downloads(demo_cluster, server, browser,
                                                                             operator_cookie, django_db_blocker):
    from openpyxl import load_workbook

    from sitegroup.health.models import HealthItem, State

    with django_db_blocker.unblock():
        # The demo cluster shows at least one township at risk (云台乡: no news for 12 days).
        at_risk = HealthItem.objects.filter(run__site__slug="yuntai", code="home_stale", state=State.AT_RISK)
        assert at_risk.exists() and at_risk.first().days_left in (1, 2)
    port = urlsplit(server.url).port
    base = f"http://localhost:{port}"
    year = timezone.localdate().year
    name, value = operator_cookie

    def drive(chromium):
        context = chromium.new_context(accept_downloads=True)
        context.add_cookies([{"name": name, "value": value, "url": base}])
        page = context.new_page()
        seen = {"errors": [], "origins": set()}
        # The browser asks for /favicon.ico by itself; the platform has none (not this page's doing).
        page.on("console", lambda m: m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
                and seen["errors"].append(f"{m.text} {m.location.get('url', '')}"))
        page.on("pageerror", lambda e: seen["errors"].append(str(e)))
        page.on("request", lambda r: seen["origins"].add(urlsplit(r.url).netloc))
        charts = {}
        for path in ("/console/health/", "/console/health/sites/yuntai/"):
            page.goto(base + path, wait_until="load")
            page.wait_for_selector("html[data-charts-ready='true']")
            charts[path] = page.evaluate("""() => Array.from(document.querySelectorAll('canvas[data-chart]')).map(
                c => ({drawn: c.dataset.drawn === 'true', chart: !!window.Chart.getChart(c), width: c.width,
                       painted: c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v !== 0)}))""")
            charts[path + " text"] = page.inner_text("main")
        page.goto(base + f"/console/health/sites/yuntai/report/{year}/", wait_until="load")
        with page.expect_download() as download:
            page.click("a[href$='/xlsx/']")
        content = open(download.value.path(), "rb").read()
        context.close()
        return charts, seen, content

    charts, seen, xlsx = browser.run(drive)
    assert not seen["errors"], seen["errors"]
    assert seen["origins"] == {f"localhost:{port}"}, seen["origins"]
    for path in ("/console/health/", "/console/health/sites/yuntai/"):
        assert charts[path], path
        assert all(c["drawn"] and c["chart"] and c["width"] > 0 and c["painted"] for c in charts[path]), charts[path]
    assert "云台乡人民政府" in charts["/console/health/ text"]
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet["A1"].value == f"云台乡人民政府 政府网站工作年度报表（{year}年度）"
    values = {row[1]: row[2] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert any(label.startswith("Site identifier") or "网站标识码" in label for label in values)
    assert "3301270201" in values.values()
