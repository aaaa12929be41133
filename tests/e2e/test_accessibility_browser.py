"""axe-core on every demo page in both themes and every toolbar mode; the toolbar by keyboard alone."""
import pytest
from django_tenants.utils import tenant_context

from accessibility.audit import MODES, PHONE, audit_site
from sitegroup.demo import content

pytestmark = pytest.mark.django_db


# One test per demo site: the audits are the longest browser work of the suite (over ten minutes
# for the seven sites as one test), and under pytest-xdist (`make test`) the workers share them out.
@pytest.mark.parametrize("slug", [site["slug"] for site in content.SITES])
def test_no_serious_or_critical_axe_violations_on_any_demo_page(demo_cluster, server, browser, slug):
    tenant = next(t for t in demo_cluster if t.slug == slug)
    failures = []
    run = audit_site(tenant, server.url, browser)
    assert run.pages_checked >= 15, tenant.slug
    assert set(run.results) == {*MODES, PHONE}, tenant.slug           # 1366 px in every mode, and 390 px
    for mode, rules in run.results.items():
        for rule, data in rules.items():
            if data["impact"] in ("serious", "critical"):
                pages = [p["url"] for p in run.worst_pages if p["mode"] == mode and rule in p["rules"]]
                failures.append(f"{tenant.slug} [{mode}] {rule} ({data['impact']}): {data['help']} — {pages[:3]}")
    assert not failures, "\n".join(failures)


def test_the_audited_demo_sites_cover_both_themes_and_the_three_toolbar_modes(demo_cluster):
    from themes.models import SiteAppearance

    themes = set()
    for tenant in demo_cluster:
        with tenant_context(tenant):
            themes.add(SiteAppearance.load().theme_slug)
    assert {tenant.slug for tenant in demo_cluster} == {site["slug"] for site in content.SITES}
    assert themes == {"gov-classic", "civic-blue"}
    assert set(MODES) == {"normal", "contrast", "elder"}


def test_audits_are_stored_per_site_and_the_admin_report_shows_the_trend(demo_cluster, server, browser,
                                                                          site_client):
    from django.contrib.auth import get_user_model

    from accessibility.reports.models import AuditRun

    shimen = next(t for t in demo_cluster if t.slug == "shimen")
    first = audit_site(shimen, server.url, browser)
    second = audit_site(shimen, server.url, browser)
    assert AuditRun.objects.filter(site=shimen).count() >= 2
    assert first.pages_checked == second.pages_checked > 0
    assert not AuditRun.objects.filter(site__slug="yuntai", pk__in=[first.pk, second.pk]).exists()
    with tenant_context(shimen):
        get_user_model().objects.create_superuser("auditor", "a@example.cn", "pw-auditor-12345")
    client = site_client(shimen)
    client.post("/admin/login/", {"username": "auditor", "password": "pw-auditor-12345"})
    html = client.get("/admin/accessibility/audits/").content.decode()
    from django.utils import timezone

    assert timezone.localtime(second.started_at).strftime("%Y-%m-%d %H:%M") in html
    assert html.count("<tr><td>") >= 2                                  # one trend row per run at least
    assert 'class="worst-pages"' in html


def test_the_toolbar_works_by_keyboard_alone_and_is_remembered(demo_cluster, server, browser):
    port = server.url.rsplit(":", 1)[1]
    home, news = f"http://yuntai.localhost:{port}/", f"http://yuntai.localhost:{port}/news/"

    def drive(chromium):
        context = chromium.new_context()
        page = context.new_page()
        page.goto(home)

        def tab_to(selector):
            for _ in range(40):
                page.keyboard.press("Tab")
                if page.evaluate(f"document.activeElement.matches('{selector}')"):
                    return
            raise AssertionError(f"could not reach {selector} with Tab")

        def style(expression):
            return page.evaluate(expression)

        observations = {"font_before": style("parseFloat(getComputedStyle(document.documentElement).fontSize)")}
        tab_to('[data-a11y-action="bigger"]')
        page.keyboard.press("Enter")
        observations["font_bigger"] = style("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        tab_to('[data-a11y-mode="contrast"]')
        page.keyboard.press("Space")
        observations["contrast_bg"] = style("getComputedStyle(document.body).backgroundColor")
        observations["contrast_pressed"] = style(
            "document.querySelector('[data-a11y-mode=contrast]').getAttribute('aria-pressed')")
        tab_to('[data-a11y-mode="guide"]')
        page.keyboard.press("Enter")
        observations["guide_visible"] = style("!document.querySelector('.a11y-guide-line').hidden")
        tab_to('[data-a11y-mode="reading"]')
        page.keyboard.press("Enter")
        observations["reading_grid"] = style("getComputedStyle(document.querySelector('.column-grid')).display")
        tab_to('[data-a11y-mode="elder"]')
        page.keyboard.press("Enter")
        observations["elder_font"] = style("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        observations["elder_target"] = style(
            "parseFloat(getComputedStyle(document.querySelector('.site-nav a')).minHeight)")
        page.goto(news)                                   # the next page remembers every choice
        observations["next_classes"] = style("document.documentElement.className")
        observations["next_bg"] = style("getComputedStyle(document.body).backgroundColor")
        observations["next_pressed"] = style(
            "document.querySelector('[data-a11y-mode=elder]').getAttribute('aria-pressed')")
        tab_to('[data-a11y-action="reset"]')
        page.keyboard.press("Enter")
        observations["reset_bg"] = style("getComputedStyle(document.body).backgroundColor")
        context.close()
        return observations

    seen = browser.run(drive)
    assert seen["font_bigger"] > seen["font_before"]
    assert seen["contrast_bg"] == "rgb(0, 0, 0)" and seen["contrast_pressed"] == "true"
    assert seen["guide_visible"] is True
    assert seen["reading_grid"] == "block"
    assert seen["elder_font"] > seen["font_bigger"] and seen["elder_target"] >= 48
    assert all(f"a11y-{mode}" in seen["next_classes"] for mode in ("contrast", "guide", "reading", "elder"))
    assert seen["next_bg"] == "rgb(0, 0, 0)" and seen["next_pressed"] == "true"
    assert seen["reset_bg"] != "rgb(0, 0, 0)"
