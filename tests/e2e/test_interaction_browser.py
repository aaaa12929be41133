"""A visitor writes to a township's mailbox in Chromium and follows the letter by its query code.

The staff steps in between (assign, transfer to the district, reply, review) go through the sites'
admin over HTTP with real staff accounts, as in tests/interaction/test_handling.py.
"""
from django_tenants.utils import tenant_context

from sitegroup.identity.models import StaffAccount
from tests.identity.helpers import enrol_totp, enter, login, make_account


def test_a_letter_from_a_visitor_to_a_township_is_answered_by_the_district(demo_cluster, server, browser,
                                                                           django_db_blocker):
    port = server.url.rsplit(":", 1)[1]
    township_mailbox = f"http://taoyuan.localhost:{port}/interaction/mailbox/"

    def write(chromium):
        context = chromium.new_context()
        page = context.new_page()
        page.goto(township_mailbox)
        page.select_option("#id_kind", "help")
        page.fill("#id_subject", "村口桥梁护栏损坏")
        page.fill("#id_body", "桃源镇村口小桥的护栏被车撞坏，学生上下学经过很危险，请尽快修复。")
        page.fill("#id_name", "黄小明")
        page.fill("#id_phone", "13511112222")
        page.check("#id_consent_public")
        page.wait_for_timeout(5500)  # people take longer than the minimum fill time (5 s)
        page.click("form.site-form button[type=submit]")
        code = page.text_content(".query-code")
        context.close()
        return code

    code = browser.run(write)
    assert code and len(code) == 19
    try:
        _handle_as_staff(django_db_blocker)
        listed, detail, followed, whole = browser.run(_follow, port, code)
    finally:
        with django_db_blocker.unblock():  # revoke the grants while the demo sites still exist
            StaffAccount.objects.filter(username__endswith="-e2e").delete()
    assert "村口桥梁护栏损坏" in listed and "黄**" in listed
    assert "护栏已于今日修复" in detail and "东湖区交通运输局" in detail
    assert "东湖区人民政府" in followed and "护栏已于今日修复" in followed
    assert "黄小明" not in whole and "13511112222" not in whole


def _handle_as_staff(django_db_blocker):
    from interaction.models import Department, Letter
    from interaction.shared.models import Transfer
    from tenants.models import Tenant

    with django_db_blocker.unblock():
        township, district = Tenant.objects.get(slug="taoyuan"), Tenant.objects.get(slug="donghu")
        with tenant_context(township):
            letter = Letter.objects.get(subject="村口桥梁护栏损坏")
            department = Department.objects.first()
        account = enrol_totp(make_account("taoyuan-ed-e2e", grants={township: "editor"}))
        township_admin = enter(login("taoyuan-ed-e2e", otp_account=account), township)
        township_admin.post(f"/admin/interaction/letters/{letter.pk}/",
                            {"action": "assign", "department": department.pk})
        township_admin.post(f"/admin/interaction/letters/{letter.pk}/",
                            {"action": "transfer", "target": district.pk, "reason": "桥梁属区交通运输局管养"})
        row = Transfer.objects.get(source_site=township, source_letter_id=letter.pk)
        account = enrol_totp(make_account("donghu-mod-e2e", grants={district: "moderator"}))
        district_moderator = enter(login("donghu-mod-e2e", otp_account=account), district)
        district_moderator.post(f"/admin/interaction/transfers/{row.pk}/", {"action": "accept"})
        with tenant_context(district):
            accepted = Letter.objects.get(transfer_in_id=row.pk)
        account = enrol_totp(make_account("donghu-ed-e2e", grants={district: "editor"}))
        district_editor = enter(login("donghu-ed-e2e", otp_account=account), district)
        district_editor.post(f"/admin/interaction/letters/{accepted.pk}/",
                             {"action": "submit_reply", "body": "护栏已于今日修复，感谢您的监督。",
                              "replying_body": "东湖区交通运输局"})
        with tenant_context(district):
            assert Letter.objects.get(pk=accepted.pk).status == Letter.Status.NEW  # not out before review
        district_moderator.post(f"/admin/interaction/letters/{accepted.pk}/", {"action": "approve"})



def _follow(chromium, port, code):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"http://donghu.localhost:{port}/interaction/mailbox/")
    listed = page.text_content("table.letters")
    page.click("text=村口桥梁护栏损坏")
    detail = page.text_content("article.letter")
    page.goto(f"http://taoyuan.localhost:{port}/interaction/mailbox/query/")
    page.fill("#id_code", code.lower())
    page.click("form.site-form button[type=submit]")
    followed = page.text_content("section.letter")
    whole = page.content() + listed + detail
    context.close()
    return listed, detail, followed, whole
