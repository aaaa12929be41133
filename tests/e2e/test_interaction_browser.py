"""A letter walked in Chromium from the visitor who writes it to the staff who answer it.

A visitor writes to a township's mailbox and gets a query code; a township editor signs in on the
platform (password and authenticator code), enters the township's admin, assigns the letter and
transfers it to the district; in the district's admin a moderator accepts it, an editor drafts and
submits the reply, the moderator approves it; the district's public list shows it with the name
masked, the township's query page shows the status and the reply, and the cluster search finds it.
Every step is a click in the
screens staff use; the database is only read to check the outcome.
"""
import pytest
from django_tenants.utils import tenant_context

from sitegroup.identity import totp
from sitegroup.identity.models import StaffAccount
from tests.identity.helpers import PASSWORD, enrol_totp, make_account

SUBJECT = "村口桥梁护栏损坏"
REPLY = "护栏已于今日修复，感谢您的监督。"


@pytest.fixture
def staff(demo_cluster, django_db_blocker):
    """Committed accounts with an authenticator: an editor of the township, an editor and a
    moderator of the district (a reply is reviewed by someone other than its writer)."""
    from tenants.models import Tenant

    with django_db_blocker.unblock():
        township, district = Tenant.objects.get(slug="taoyuan"), Tenant.objects.get(slug="donghu")
        accounts = {name: enrol_totp(make_account(name, grants={site: role}))
                    for name, site, role in (("taoyuan-ed-e2e", township, "editor"),
                                             ("donghu-ed-e2e", district, "editor"),
                                             ("donghu-mod-e2e", district, "moderator"))}
    yield accounts
    with django_db_blocker.unblock():  # revoke the grants while the demo sites still exist
        StaffAccount.objects.filter(pk__in=[a.pk for a in accounts.values()]).delete()


@pytest.fixture
def quick_visitor(settings):
    # The 5-second minimum fill time is tested in tests/interaction/test_mailbox.py; here a browser
    # that types instantly must not be made to sleep.
    settings.SITEGROUP_INTERACTION_MIN_FILL_SECONDS = 0


def test_a_letter_from_a_visitor_to_a_township_is_answered_by_the_district(demo_cluster, server, browser, staff,
                                                                           quick_visitor, django_db_blocker):
    from interaction.models import Letter
    from tenants.models import Tenant

    port = server.url.rsplit(":", 1)[1]
    with django_db_blocker.unblock():
        township, district = Tenant.objects.get(slug="taoyuan"), Tenant.objects.get(slug="donghu")
        with tenant_context(township):
            department = _first_department()
        district_name = district.name
    seen = browser.run(_walk, port, staff, department, district)

    assert seen["code"] and len(seen["code"]) == 19
    assert department in seen["assigned"]
    assert district_name in seen["transferred"]
    assert SUBJECT in seen["incoming"]
    assert seen["public_before_review"] is False
    assert "donghu-mod-e2e" in seen["approved"]
    assert SUBJECT in seen["listed"] and "黄**" in seen["listed"]
    assert REPLY in seen["detail"] and "东湖区交通运输局" in seen["detail"]
    assert district_name in seen["followed"] and REPLY in seen["followed"]
    assert seen["search_hits"] == 1
    assert "黄小明" not in seen["public"] and "13511112222" not in seen["public"]
    with django_db_blocker.unblock():
        with tenant_context(township):
            assert Letter.objects.get(subject=SUBJECT).status == Letter.Status.TRANSFERRED
        with tenant_context(district):
            answered = Letter.objects.select_related("reply").get(subject=SUBJECT)
            assert answered.status == Letter.Status.ANSWERED and answered.reply.body == REPLY
            assert answered.reply.drafted_by.username != answered.reply.reviewed_by.username


def _first_department():
    from interaction.models import Department

    return Department.objects.order_by("sort_order", "name").first().name


def _walk(chromium, port, staff, department, district_site):
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    township, district = f"http://taoyuan.localhost:{port}", f"http://donghu.localhost:{port}"
    seen = {}
    visitor = chromium.new_context()
    page = visitor.new_page()
    page.goto(f"{township}/interaction/mailbox/")
    page.select_option("#id_kind", "help")
    page.fill("#id_subject", SUBJECT)
    page.fill("#id_body", "桃源镇村口小桥的护栏被车撞坏，学生上下学经过很危险，请尽快修复。")
    page.fill("#id_name", "黄小明")
    page.fill("#id_phone", "13511112222")
    page.check("#id_consent_public")
    page.click("form.site-form button[type=submit]")
    seen["code"] = page.locator(".query-code").text_content()

    # The township editor assigns the letter to a department, then sends it up to the district.
    admin = _sign_in(chromium, port, staff["taoyuan-ed-e2e"], "taoyuan")
    admin.locator("table.letters a", has_text=SUBJECT).click()
    admin.select_option("#id_department", label=department)
    admin.click("form.assign button[name=action][value=assign]")
    expect(admin.locator("ul.trail")).to_contain_text(department)
    seen["assigned"] = admin.locator("dl.letter-meta").inner_text()
    admin.select_option("#id_target", value=str(district_site.pk))
    admin.fill("#id_reason", "桥梁属区交通运输局管养")
    admin.click("form.transfer button[name=action][value=transfer]")
    expect(admin.locator("ul.trail")).to_contain_text("桥梁属区交通运输局管养")
    expect(admin.locator("form.transfer")).to_have_count(0)
    seen["transferred"] = admin.locator("ul.trail").inner_text()

    # The district's moderator accepts it from the incoming transfers.
    moderator = _sign_in(chromium, port, staff["donghu-mod-e2e"], "donghu")
    row = moderator.locator("table.incoming tr", has_text=SUBJECT)
    seen["incoming"] = row.inner_text()
    row.locator("button[name=action][value=accept]").click()
    expect(moderator.locator("form.reply")).to_be_visible()
    letter_url = moderator.url

    # A district editor drafts the reply and submits it for review.
    editor = _sign_in(chromium, port, staff["donghu-ed-e2e"], "donghu")
    editor.locator("table.letters a", has_text=SUBJECT).click()
    editor.fill("#id_body", REPLY)
    editor.fill("#id_replying_body", "东湖区交通运输局")
    editor.click("form.reply button[name=action][value=submit_reply]")
    expect(editor.locator("ul.trail")).to_contain_text("reply_submitted")
    expect(editor.locator("form.review")).to_have_count(0)   # an editor cannot approve

    public = visitor.new_page()
    public.goto(f"{district}/interaction/mailbox/")
    seen["public_before_review"] = SUBJECT in public.locator("main").inner_text()

    # The moderator reviews it and approves: the reply goes out.
    moderator.goto(letter_url)
    moderator.click("form.review button[name=action][value=approve]")
    expect(moderator.locator("div.reply")).to_contain_text(REPLY)
    seen["approved"] = moderator.locator("ul.trail").inner_text()

    # The public list of the district, the letter's page, and the township's query page.
    public.goto(f"{district}/interaction/mailbox/")
    seen["listed"] = public.locator("table.letters").inner_text()
    public.locator("table.letters a", has_text=SUBJECT).click()
    seen["detail"] = public.locator("article.letter").inner_text()
    whole = public.content()
    public.goto(f"{township}/interaction/mailbox/query/")
    public.fill("#id_code", seen["code"].lower())
    public.click("form.site-form button[type=submit]")
    seen["followed"] = public.locator("section.letter").inner_text()
    whole += public.content()
    # The cluster search on the platform finds the answered letter and links to its page.
    public.goto(f"http://localhost:{port}/search/?q=护栏")
    hit = public.locator(f"a[href^='{district}/interaction/mailbox/letters/']", has_text=SUBJECT)
    seen["search_hits"] = hit.count()
    seen["public"] = whole + public.content() + seen["listed"]
    visitor.close()
    for page in (admin, moderator, editor):
        page.context.close()
    return seen


def _sign_in(chromium, port, account, slug):
    """Sign in on the platform with password and authenticator code, enter the site's letter inbox."""
    platform = f"http://localhost:{port}"
    page = chromium.new_context().new_page()
    page.goto(f"{platform}/login/")
    page.fill("input[name=username]", account.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action^='/login/'] button[type=submit]")
    page.wait_for_url("**/login/2fa/**")
    page.fill("input[name=code]", totp.current_code(account))
    page.click("form[action^='/login/2fa/'] button[type=submit]")
    page.wait_for_url(f"{platform}/console/**")
    page.goto(f"{platform}/console/sites/{slug}/enter/?next=/admin/interaction/")
    page.click(f"form[action='/console/sites/{slug}/enter/'] button[type=submit]")
    page.wait_for_url(f"http://{slug}.localhost:{port}/admin/interaction/")
    return page
