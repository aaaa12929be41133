"""Staff handle letters in their site's admin: assign, transfer up the hierarchy, reply, review, publish."""
import re

import pytest
from django_tenants.utils import tenant_context

from interaction.models import Department, Letter
from interaction.shared.models import Transfer
from sitegroup.identity.models import AuditLogEntry
from tests.identity.helpers import enrol_totp, enter, is_refused, login, make_account
from tests.interaction.helpers import filled, mailbox, zh

CODE = re.compile(r'class="query-code">([0-9A-Z-]{19})<')


def staff(username, grants):
    account = enrol_totp(make_account(username, grants=grants))
    return login(username, otp_account=account)


@pytest.fixture
def township_letter(cluster, site_client):
    mailbox(cluster.peach)
    mailbox(cluster.east)
    response = site_client(cluster.peach).post("/mailbox/", filled())
    with tenant_context(cluster.peach):
        Department.objects.create(name="城建办")
        return CODE.search(response.content.decode()).group(1), Letter.objects.get()


def test_a_township_letter_goes_up_to_the_district_which_answers_it(cluster, site_client, township_letter):
    code, letter = township_letter
    peach_editor = enter(staff("peach-ed", {cluster.peach: "editor"}), cluster.peach)
    inbox = peach_editor.get("/admin/interaction/")
    assert inbox.status_code == 200 and "小区路灯不亮" in inbox.content.decode()
    with tenant_context(cluster.peach):
        department = Department.objects.get()
    peach_editor.post(f"/admin/interaction/letters/{letter.pk}/", {"action": "assign", "department": department.pk})
    response = peach_editor.post(f"/admin/interaction/letters/{letter.pk}/",
                                 {"action": "transfer", "target": cluster.east.pk, "reason": "属区级道路管理事项"})
    assert response.status_code == 302
    with tenant_context(cluster.peach):
        letter.refresh_from_db()
        assert letter.status == Letter.Status.TRANSFERRED
    # The district sees it waiting; the other district and the sibling township do not.
    district = staff("east-team", {cluster.east: "moderator", cluster.west: "moderator"})
    east_admin = enter(district, cluster.east)
    assert "小区路灯不亮" in east_admin.get("/admin/interaction/").content.decode()
    assert "小区路灯不亮" not in enter(district, cluster.west).get("/admin/interaction/").content.decode()
    row = Transfer.objects.get()
    east_admin.post(f"/admin/interaction/transfers/{row.pk}/", {"action": "accept"})
    with tenant_context(cluster.east):
        east_letter = Letter.objects.get()
        assert east_letter.name == "张三丰" and east_letter.transfer_in_id == row.pk
    # An editor drafts the reply; a moderator (someone else) approves it.
    east_editor = enter(staff("east-ed", {cluster.east: "editor"}), cluster.east)
    east_editor.post(f"/admin/interaction/letters/{east_letter.pk}/",
                     {"action": "submit_reply", "body": "已安排维修，本周内修复。", "replying_body": "东区城管局"})
    refused = east_editor.post(f"/admin/interaction/letters/{east_letter.pk}/", {"action": "approve"})
    assert is_refused(refused) or refused["Location"] == "/admin/"  # Wagtail sends a refusal home
    with tenant_context(cluster.east):
        assert Letter.objects.get().status == Letter.Status.NEW
    east_admin.post(f"/admin/interaction/letters/{east_letter.pk}/", {"action": "approve"})
    with tenant_context(cluster.east):
        east_letter.refresh_from_db()
        assert east_letter.status == Letter.Status.ANSWERED
    # Published on the district's list, name masked, no phone; the township's query code shows the reply.
    public = site_client(cluster.east).get("/mailbox/").content.decode()
    assert "小区路灯不亮" in public and "张**" in public and "张三丰" not in public
    detail = site_client(cluster.east).get(f"/mailbox/letters/{east_letter.pk}/").content.decode()
    assert "已安排维修" in detail and "13912345678" not in detail and "张三丰" not in detail
    followed = site_client(cluster.peach).post("/mailbox/query/", {"code": code}).content.decode()
    assert "已安排维修" in followed and "东区人民政府" in followed
    # The trail is on both sides and in the audit log.
    assert "东区人民政府" in peach_editor.get(f"/admin/interaction/letters/{letter.pk}/").content.decode()
    assert "桃花镇人民政府" in east_admin.get(f"/admin/interaction/letters/{east_letter.pk}/").content.decode()
    actions = set(AuditLogEntry.objects.filter(action__startswith="interaction_").values_list("action", flat=True))
    assert {"interaction_transferred", "interaction_accepted_transfer", "interaction_answered"} <= actions


def test_transfers_only_go_up_or_down_the_hierarchy(cluster, township_letter):
    code, letter = township_letter
    peach_editor = enter(staff("peach-ed2", {cluster.peach: "editor"}), cluster.peach)
    response = peach_editor.post(f"/admin/interaction/letters/{letter.pk}/",
                                 {"action": "transfer", "target": cluster.west.pk, "reason": "试试"})
    assert response.status_code == 200 and not Transfer.objects.exists()


def test_a_declined_transfer_reopens_the_letter(cluster, township_letter):
    code, letter = township_letter
    peach_editor = enter(staff("peach-ed3", {cluster.peach: "editor"}), cluster.peach)
    peach_editor.post(f"/admin/interaction/letters/{letter.pk}/",
                      {"action": "transfer", "target": cluster.east.pk, "reason": "区级事项"})
    east_editor = enter(staff("east-ed3", {cluster.east: "editor"}), cluster.east)
    east_editor.post(f"/admin/interaction/transfers/{Transfer.objects.get().pk}/",
                     {"action": "decline", "reason": "属镇级职责"})
    with tenant_context(cluster.peach):
        letter.refresh_from_db()
        assert letter.status == Letter.Status.NEW and letter.events.last().action == "transfer_declined"


def test_a_private_reply_is_not_published_but_the_query_code_shows_it(cluster, site_client):
    mailbox(cluster.willow)
    response = site_client(cluster.willow).post("/mailbox/", filled(consent_public=""))
    code = CODE.search(response.content.decode()).group(1)
    moderator = enter(staff("willow-mod", {cluster.willow: "moderator"}), cluster.willow)
    editor = enter(staff("willow-ed", {cluster.willow: "editor"}), cluster.willow)
    with tenant_context(cluster.willow):
        letter = Letter.objects.get()
    editor.post(f"/admin/interaction/letters/{letter.pk}/", {"action": "submit_reply", "body": "私下答复内容"})
    moderator.post(f"/admin/interaction/letters/{letter.pk}/", {"action": "approve"})
    assert "小区路灯不亮" not in site_client(cluster.willow).get("/mailbox/").content.decode()
    followed = site_client(cluster.willow).post("/mailbox/query/", {"code": code}).content.decode()
    assert "私下答复内容" in followed
    rated = site_client(cluster.willow).post("/mailbox/query/", {"code": code, "rating": "satisfied"})
    assert zh("Satisfied") in rated.content.decode()
    with tenant_context(cluster.willow):
        assert Letter.objects.get().rating == "satisfied"


def test_staff_of_another_site_see_nothing(cluster, township_letter):
    willow_editor = enter(staff("willow-ed4", {cluster.willow: "editor"}), cluster.willow)
    page = willow_editor.get("/admin/interaction/").content.decode()
    assert "小区路灯不亮" not in page
    code, letter = township_letter
    response = willow_editor.get(f"/admin/interaction/letters/{letter.pk}/")
    assert response.status_code == 404
