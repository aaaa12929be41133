"""Day one in a real browser (issue 14): a township editor signs in on the platform, enters the
site, publishes an article with only a Chinese title and a lead image; a visitor on a phone opens
the menu by keyboard and never scrolls sideways. Every request the browser makes stays on the
cluster's own hosts."""
import re
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from django.utils.translation import gettext
from django_tenants.utils import tenant_context

TITLE = "关于开展政务公开工作的通知 2026"
ALT_TEXT = "镇政府会议室里召开政务公开工作会议"
APPROVE_WITHOUT_COMMENT = "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"


@pytest.fixture
def township_staff(demo_cluster, django_db_blocker):
    """An editor and a site administrator (with an authenticator) of 云台乡 only; committed, as the
    browser's server has its own connection."""
    from sitegroup.identity.models import StaffAccount
    from tests.identity.helpers import PASSWORD, enrol_totp, make_account

    yuntai = next(t for t in demo_cluster if t.slug == "yuntai")
    with django_db_blocker.unblock():
        editor = make_account("day-one-editor", grants={yuntai: "editor"})
        chief = enrol_totp(make_account("day-one-chief", grants={yuntai: "site_admin"}))
    yield {"editor": editor, "chief": chief, "password": PASSWORD, "site": yuntai}
    with django_db_blocker.unblock():
        StaffAccount.objects.filter(pk__in=[editor.pk, chief.pk]).delete()


def _png():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 200), "#3a6ea5").save(out, format="PNG")
    return out.getvalue()


def _foreign(requests, port):
    """Requests to any origin other than the cluster's own (*.localhost / localhost on the test port)."""
    own = re.compile(rf"^https?://([a-z0-9-]+\.)*localhost:{port}$")
    return [url for url in requests if not url.startswith(("data:", "blob:"))
            and not own.match(f"{urlsplit(url).scheme}://{urlsplit(url).netloc}")]


@contextmanager
def recording_page(chromium, requests, **options):
    """A page in a fresh browser context whose every request URL is appended to `requests`."""
    context = chromium.new_context(**options)
    context.on("request", lambda request: requests.append(request.url))
    try:
        yield context.new_page()
    finally:
        context.close()


def _enter_site(page, port, account, password, site, code=None):
    """Sign in on the platform (password, then the authenticator's code if asked) and enter `site`'s admin."""
    page.goto(f"http://localhost:{port}/login/")
    page.fill("input[name=username]", account.username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    if code is not None:
        page.wait_for_url("**/login/2fa/**")
        page.fill("input[name=code]", code())
        page.press("input[name=code]", "Enter")
    page.wait_for_url("**/console/")
    page.click(f"form[action='/console/sites/{site.slug}/enter/'] button")
    page.wait_for_url(f"http://{site.slug}.localhost:{port}/admin/**")
    return page.content()


def _footer_action(page, selector):
    """Click an action of the editor's footer menu (opening its dropdown when the action is inside)."""
    if not page.locator(selector).first.is_visible():
        page.click(".w-dropdown-button [data-w-dropdown-target=toggle]")
    page.locator(selector).first.click()


def test_an_editor_writes_a_chinese_titled_article_with_a_lead_image_and_it_is_reviewed_and_published(
        township_staff, demo_cluster, server, browser, django_db_blocker):
    from wagtail.models import Page

    from sitegroup.identity import totp
    from themes.models import ArticlePage

    staff, site = township_staff, township_staff["site"]
    port = server.url.rsplit(":", 1)[1]
    admin = f"http://{site.slug}.localhost:{port}/admin"
    with django_db_blocker.unblock(), tenant_context(site):
        news = Page.objects.get(slug="news", depth=3)

    def write(chromium):
        requests = []
        with recording_page(chromium, requests, viewport={"width": 1366, "height": 900}) as page:
            dashboard = _enter_site(page, port, staff["editor"], staff["password"], site)
            page.goto(f"{admin}/pages/add/themes/articlepage/{news.pk}/")
            page.fill("#id_title", TITLE)                                   # no slug typed
            # The lead image (题图): uploaded from the chooser, with its alt text (the description).
            page.click("#id_image-chooser .unchosen [data-chooser-action-choose]")
            page.click("#tab-label-upload")
            page.fill("#id_image-chooser-upload-title", "会议现场")
            page.set_input_files("#id_image-chooser-upload-file",
                                 files=[{"name": "IMG_1234.png", "mimeType": "image/png", "buffer": _png()}])
            page.fill("#id_image-chooser-upload-description", ALT_TEXT)
            page.click("form[data-chooser-modal-creation-form] button[type=submit]")
            page.wait_for_selector("#id_image-chooser:not(.blank)")          # chosen: the preview shows
            # 先审后发: an editor submits for review; publishing is the reviewers'.
            _footer_action(page, "button[name=action-submit]")
            page.wait_for_url(f"{admin}/pages/{news.pk}/**")
            return {"dashboard": dashboard, "requests": requests}

    written = browser.run(write)
    assert "云台乡人民政府" in written["dashboard"]                       # the site's own name, not "Sitegroup"
    with django_db_blocker.unblock(), tenant_context(site):
        # The submitted page. Open question for the integrator: under heavy load the full suite once
        # found two pages with this title (an autosaved draft beside the submitted one?).
        article = next(page for page in ArticlePage.objects.filter(title=TITLE) if page.workflow_in_progress)
        assert not article.live
        assert re.fullmatch(r"[a-z0-9-]+", article.slug) and "2026" in article.slug
        assert article.image is not None and article.image.description == ALT_TEXT

    def review(chromium):
        requests = []
        with recording_page(chromium, requests, viewport={"width": 1366, "height": 900}) as page:
            with django_db_blocker.unblock():
                _enter_site(page, port, staff["chief"], staff["password"], site,
                            code=lambda: totp.current_code(staff["chief"]))
            for _step in ("初审", "终审"):
                page.goto(f"{admin}/pages/{article.pk}/edit/")
                with page.expect_navigation():
                    _footer_action(page, APPROVE_WITHOUT_COMMENT)
            return {"requests": requests}

    reviewed = browser.run(review)
    with django_db_blocker.unblock(), tenant_context(site):
        article.refresh_from_db()
        assert article.live, "the article is published once both reviews approve it"
        url = article.get_url()
    for other in demo_cluster:                                          # only 云台乡 got the article
        if other.slug != site.slug:
            with django_db_blocker.unblock(), tenant_context(other):
                assert not ArticlePage.objects.filter(title=TITLE).exists(), other.slug

    def visit(chromium):
        requests = []
        with recording_page(chromium, requests) as page:
            page.goto(f"http://{site.slug}.localhost:{port}{url}")
            image = page.locator("figure.lead-image img")
            return {"alt": image.get_attribute("alt"), "loaded": image.evaluate("img => img.naturalWidth > 0"),
                    "requests": requests}

    public = browser.run(visit)
    assert public["alt"] == ALT_TEXT and public["loaded"]
    assert not _foreign(written["requests"] + reviewed["requests"] + public["requests"], port)


PHONE_PATHS = ["/", "/news/", "/services/", "/sitemap/"]


def test_on_a_phone_the_menu_collapses_and_opens_by_keyboard_and_nothing_scrolls_sideways(demo_cluster, server,
                                                                                          browser):
    port = server.url.rsplit(":", 1)[1]
    sites = [t for t in demo_cluster if t.slug in ("qingchuan", "yuntai")]   # both themes

    def drive(chromium, host):
        found = {}
        requests = []
        with recording_page(chromium, requests, viewport={"width": 390, "height": 844}) as page:
            page.goto(f"http://{host}:{port}/")
            state = "document.querySelector('.nav-toggle').getAttribute('aria-expanded')"
            list_visible = "!!document.querySelector('#site-nav-list').offsetParent"
            found["button_visible"] = page.is_visible(".nav-toggle")
            found["closed"] = (page.evaluate(state), page.evaluate(list_visible))
            for _ in range(60):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.matches('.nav-toggle')"):
                    break
            else:
                raise AssertionError("could not reach the menu button with Tab")
            page.keyboard.press("Enter")
            found["opened"] = (page.evaluate(state), page.evaluate(list_visible))
            page.keyboard.press("Tab")
            found["focus_in_menu"] = page.evaluate("!!document.activeElement.closest('#site-nav-list')")
            page.keyboard.press("Escape")
            found["escaped"] = (page.evaluate(state), page.evaluate("document.activeElement.matches('.nav-toggle')"))
            found["label"] = page.evaluate("document.querySelector('.nav-toggle').textContent.trim()")
            page.set_viewport_size({"width": 320, "height": 640})
            found["overflow"] = {}
            for path in PHONE_PATHS:
                page.goto(f"http://{host}:{port}{path}")
                found["overflow"][path] = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            page.set_viewport_size({"width": 1366, "height": 768})
            page.goto(f"http://{host}:{port}/")
            found["desktop"] = (page.is_visible(".nav-toggle"), page.evaluate(list_visible))
        found["requests"] = requests
        return found

    with translation.override("zh-hans"):
        menu = gettext("Menu")
    assert menu != "Menu"
    for site in sites:
        found = browser.run(drive, site.primary_domain_name())
        assert found["button_visible"] and found["label"] == menu, site.slug
        assert found["closed"] == ("false", False), site.slug
        assert found["opened"] == ("true", True), site.slug
        assert found["focus_in_menu"], site.slug
        assert found["escaped"] == ("false", True), site.slug
        assert found["overflow"] == dict.fromkeys(PHONE_PATHS, 0), (site.slug, found["overflow"])
        assert found["desktop"] == (False, True), site.slug                 # wide screens: the full menu
        assert not _foreign(found["requests"], port), site.slug


CONTRAST_OF_SITE_NAME = """() => {
  function rgb(value) { return value.match(/[\\d.]+/g).map(Number); }
  function luminance([r, g, b]) {
    const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  const name = document.querySelector('.site-name a span');
  let background = [255, 255, 255];
  for (let el = name; el; el = el.parentElement) {
    const style = getComputedStyle(el);
    const colour = rgb(style.backgroundColor);
    if (style.backgroundImage !== 'none') { return {image: true}; }
    if (colour.length < 4 || colour[3] > 0) { background = colour.slice(0, 3); break; }
  }
  const [a, b] = [luminance(rgb(getComputedStyle(name).color)), luminance(background)];
  return {ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
}"""


def test_text_only_mode_keeps_the_site_name_readable_in_both_themes(demo_cluster, server, browser):
    port = server.url.rsplit(":", 1)[1]

    def drive(chromium, host):
        context = chromium.new_context()
        context.add_init_script("window.localStorage.setItem('sitegroup-a11y', '{\"reading\": true}');")
        page = context.new_page()
        try:
            page.goto(f"http://{host}:{port}/")
            return page.evaluate("document.documentElement.classList.contains('a11y-reading')"), \
                page.evaluate(CONTRAST_OF_SITE_NAME)
        finally:
            context.close()

    for site in [t for t in demo_cluster if t.slug in ("qingchuan", "yuntai")]:
        reading, contrast = browser.run(drive, site.primary_domain_name())
        assert reading, site.slug                                            # the mode is really on
        assert not contrast.get("image") and contrast["ratio"] >= 4.5, (site.slug, contrast)
