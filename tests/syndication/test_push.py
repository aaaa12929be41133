"""Push down: a city notice reaches every site below it as a copy or a live reference; corrections
and withdrawals follow; deadlines; sideways and inactive sites refused; nothing crosses unpublished."""
import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page

from sitegroup.identity.models import AuditLogEntry
from syndication import receiving
from syndication.deadlines import check_deadlines
from syndication.exchange.models import Delivery, Push, SidewaysRoute
from syndication.models import LiveReferencePage, ReceivedItem
from syndication.pushing import push_page, select_recipients
from tenants.lifecycle import set_status
from themes.models import NoticePage

from .helpers import column, provision_demo_sites, publish_item, republish, standing_rule

pytestmark = pytest.mark.django_db

BODY = "<p>各地要在24小时内转发本通知，做好防汛应急准备。</p>"


@pytest.fixture
def demo():
    return provision_demo_sites()


def push_from(site, page, **options):
    with tenant_context(site):
        recipients = options.pop("recipients", None) or select_recipients(site, scope="subtree")
        return push_page(Page.objects.get(pk=page.pk), recipients=recipients, column_type="notice", **options)


def test_a_city_push_reaches_every_site_below_as_a_copy_or_a_live_reference(demo, site_client):
    standing_rule(demo["donghu"], "copy")
    standing_rule(demo["taoyuan"], "reference")
    notice = publish_item(demo["qingchuan"], "关于做好防汛应急准备的紧急通知", BODY, source="应急管理局")

    result = push_from(demo["qingchuan"], notice)

    assert sorted(d.recipient.slug for d in result.delivered) == ["donghu", "liuxi", "shimen", "taoyuan", "xishan",
                                                                   "yuntai"]
    assert result.refused == []
    states = {d.recipient.slug: d for d in Delivery.objects.filter(push=result.push).select_related("recipient")}
    assert states["donghu"].state == "published" and states["donghu"].mode == "copy"
    assert states["taoyuan"].state == "published" and states["taoyuan"].mode == "reference"
    # the others asked to be asked: the push waits in their inbox
    assert {slug for slug, d in states.items() if d.state == "pending"} == {"xishan", "liuxi", "shimen", "yuntai"}

    # another site chooses per push: a live reference, from its own inbox
    with tenant_context(demo["shimen"]):
        outcome = receiving.accept_push(states["shimen"], mode="reference", column=column("notices"))
        assert outcome.state == "published"

    copy = site_client(demo["donghu"]).get("/notices/pushed-%d/" % result.push.pk)
    html = copy.content.decode()
    assert copy.status_code == 200 and "24小时内转发本通知" in html
    assert '<meta name="ContentSource" content="青川市人民政府应急管理局">' in html
    provenance = html.split('class="provenance"', 1)[1].split("</p>", 1)[0]
    assert "青川市人民政府" in provenance and 'href="http://qingchuan.localhost/notices/' in provenance
    with tenant_context(demo["donghu"]):
        page = Page.objects.get(pk=states["donghu"].local_page_id).specific
        assert type(page) is NoticePage and page.live and "24小时内" in page.body
        assert ReceivedItem.objects.get(page=page).kind == "push_copy"

    reference = site_client(demo["taoyuan"]).get("/notices/")
    assert "关于做好防汛应急准备的紧急通知" in reference.content.decode()        # listed in the notice column
    page = site_client(demo["taoyuan"]).get(f"/notices/pushed-{result.push.pk}/")
    assert page.status_code == 200 and "24小时内转发本通知" in page.content.decode()
    with tenant_context(demo["taoyuan"]):
        assert type(Page.objects.get(pk=states["taoyuan"].local_page_id).specific) is LiveReferencePage

    # the sender sees who published, with the links
    assert Delivery.objects.filter(push=result.push, state="published").count() == 3
    assert AuditLogEntry.objects.filter(action="syndication_push_sent", site_slug="qingchuan",
                                        data__target_site="taoyuan").exists()
    assert AuditLogEntry.objects.filter(action="syndication_push_published", site_slug="taoyuan",
                                        data__source_site="qingchuan").exists()


def test_a_correction_shows_in_the_live_reference_at_once_and_is_offered_to_the_copy(cluster, site_client):
    standing_rule(cluster.east, "copy")
    standing_rule(cluster.peach, "reference")
    notice = publish_item(cluster.city, "防汛通知", BODY)
    push = push_from(cluster.city, notice).push

    republish(cluster.city, notice, body="<p>更正：各地要在12小时内转发本通知。</p>", title="防汛通知（更正）")

    push.refresh_from_db()
    assert push.version == 2 and "12小时内" in push.body_html
    html = site_client(cluster.peach).get(f"/notices/pushed-{push.pk}/").content.decode()
    assert "12小时内" in html and "24小时内" not in html and "防汛通知（更正）" in html
    assert "防汛通知（更正）" in site_client(cluster.peach).get("/notices/").content.decode()

    copy = Delivery.objects.get(push=push, recipient=cluster.east)
    assert copy.update_offered
    assert "24小时内" in site_client(cluster.east).get(f"/notices/pushed-{push.pk}/").content.decode()
    with tenant_context(cluster.east):
        receiving.apply_update(copy)
    assert "12小时内" in site_client(cluster.east).get(f"/notices/pushed-{push.pk}/").content.decode()
    assert not Delivery.objects.get(pk=copy.pk).update_offered

    # a draft of the original never travels: the push keeps the published text
    with tenant_context(cluster.city):
        Page.objects.get(pk=notice.pk).specific.save_revision()  # a draft, unchanged
        draft = Page.objects.get(pk=notice.pk).specific
        draft.body = "<p>草稿：尚未发布的内容。</p>"
        draft.save_revision()
    push.refresh_from_db()
    assert "草稿" not in push.body_html
    assert "草稿" not in site_client(cluster.peach).get(f"/notices/pushed-{push.pk}/").content.decode()


def test_withdrawing_the_original_takes_the_reference_down_and_offers_withdrawal_to_the_copy(cluster, site_client):
    standing_rule(cluster.east, "copy")
    standing_rule(cluster.peach, "reference")
    notice = publish_item(cluster.city, "临时交通管制通知", BODY)
    push = push_from(cluster.city, notice).push

    with tenant_context(cluster.city):
        Page.objects.get(pk=notice.pk).unpublish()

    push.refresh_from_db()
    assert push.gone == "unpublished"
    reference = site_client(cluster.peach).get(f"/notices/pushed-{push.pk}/")
    assert reference.status_code == 404                                 # unpublished with the original
    assert "24小时内" not in site_client(cluster.peach).get("/notices/").content.decode()
    assert Delivery.objects.get(push=push, recipient=cluster.peach).state == "withdrawn"
    pending = Delivery.objects.get(push=push, recipient=cluster.west)
    assert pending.state == "withdrawn"                                 # nothing left to accept
    copy = Delivery.objects.get(push=push, recipient=cluster.east)
    assert copy.withdrawal_offered and copy.state == "published"
    with tenant_context(cluster.east):
        receiving.apply_withdrawal(copy)
    assert site_client(cluster.east).get(f"/notices/pushed-{push.pk}/").status_code == 404


def test_the_sender_sees_an_overdue_site_after_the_deadline(cluster):
    notice = publish_item(cluster.city, "紧急通知", BODY)
    sent_at = timezone.now()
    push = push_from(cluster.city, notice, now=sent_at).push
    assert push.deadline == sent_at + datetime.timedelta(hours=24)
    with tenant_context(cluster.east):
        receiving.accept_push(Delivery.objects.get(push=push, recipient=cluster.east), mode="copy",
                              column=column("notices"))

    assert check_deadlines(now=sent_at + datetime.timedelta(hours=23)).overdue == []
    later = sent_at + datetime.timedelta(hours=25)
    with mock.patch("django.utils.timezone.now", return_value=later):
        report = check_deadlines()
        overdue = sorted(d.recipient.slug for d in report.overdue)
        assert overdue == ["peach", "west", "willow"]
        assert not Delivery.objects.get(push=push, recipient=cluster.east).is_overdue()
    assert AuditLogEntry.objects.filter(action="syndication_push_overdue", site_slug="peach").count() == 1
    assert check_deadlines(now=later).newly_overdue == []              # reported once


def test_sibling_and_upward_pushes_are_refused_unless_an_operator_allows_the_route(cluster):
    notice = publish_item(cluster.east, "东湖区通知", BODY)
    result = push_from(cluster.east, notice, recipients=[cluster.west, cluster.city, cluster.peach])
    refused = {d.recipient.slug: d.reason for d in result.refused}
    assert set(refused) == {"west", "testcity"}
    assert "西县人民政府" in refused["west"] and "东区人民政府" in refused["west"]
    assert [d.recipient.slug for d in result.delivered] == ["peach"]
    assert not Delivery.objects.filter(recipient=cluster.west).exclude(state="refused").exists()

    SidewaysRoute.objects.create(sender=cluster.east, recipient=cluster.west, allowed_by="ops")
    again = push_from(cluster.east, publish_item(cluster.east, "第二份通知", BODY), recipients=[cluster.west])
    assert [d.recipient.slug for d in again.delivered] == ["west"]


def test_suspended_and_closed_sites_are_refused_with_the_reason_and_the_others_go_on(
        cluster, django_capture_on_commit_callbacks):
    set_status(cluster.willow, "suspended")
    set_status(cluster.west, "closed")
    result = push_from(cluster.city, publish_item(cluster.city, "通知", BODY))
    refused = {d.recipient.slug: d.reason for d in result.refused}
    assert set(refused) == {"willow", "west"}
    assert "柳树街道办事处" in refused["willow"] and "西县人民政府" in refused["west"]
    assert sorted(d.recipient.slug for d in result.delivered) == ["east", "peach"]

    # a site that stops being active: what waits for it is reported
    with django_capture_on_commit_callbacks(execute=True):
        set_status(cluster.peach, "suspended")
    assert AuditLogEntry.objects.filter(action="syndication_addressed_to_inactive_site", site_slug="peach",
                                        data__source_site="testcity").exists()
    assert [d.recipient.slug for d in check_deadlines().stranded] == ["peach"]
    with tenant_context(cluster.peach), pytest.raises(ValidationError):
        receiving.accept_push(Delivery.objects.get(push=result.push, recipient=cluster.peach), mode="copy",
                              column=column("notices"))

    # a suspended site does not send either
    with pytest.raises(ValidationError):
        push_from(cluster.peach, publish_item(cluster.peach, "桃花镇通知", BODY))


def test_drafts_and_private_pages_are_never_pushed_and_nothing_unpublished_crosses(cluster, site_client):
    from wagtail.models import PageViewRestriction

    with tenant_context(cluster.city):
        draft = NoticePage(title="内部草稿", slug="internal-draft", body="<p>机密草稿内容</p>", live=False)
        column("notices").add_child(instance=draft)
        draft.save_revision()
    with pytest.raises(ValidationError, match="published|发布"):
        push_from(cluster.city, draft)
    private = publish_item(cluster.city, "内部通知", "<p>仅限内部人员</p>")
    with tenant_context(cluster.city):
        PageViewRestriction.objects.create(page=Page.objects.get(pk=private.pk), restriction_type="login")
    with pytest.raises(ValidationError, match="private|公开"):
        push_from(cluster.city, private)
    assert not Push.objects.filter(title__in=["内部草稿", "内部通知"]).exists()

    # a pushed page made private later disappears from its live references
    standing_rule(cluster.peach, "reference")
    shown = publish_item(cluster.city, "公开通知", "<p>公开内容</p>")
    push = push_from(cluster.city, shown).push
    with tenant_context(cluster.city):
        PageViewRestriction.objects.create(page=Page.objects.get(pk=shown.pk), restriction_type="login")
    push.refresh_from_db()
    assert push.gone == "private"
    assert "公开内容" not in site_client(cluster.peach).get("/notices/").content.decode()


def test_a_received_copy_goes_through_the_receiving_sites_publish_checks(cluster):
    from sitegroup.publishing.models import PublishCheckSettings

    from .helpers import png_image

    with tenant_context(cluster.east):
        choices = PublishCheckSettings.load()
        choices.severities = {"image-alt": "block"}                    # the district blocks images without alt
        choices.save()
    standing_rule(cluster.east, "copy")
    standing_rule(cluster.peach, "copy")                               # the township only warns
    image = png_image(cluster.city)
    notice = publish_item(cluster.city, "配图通知", f'<p>见下图。</p><embed embedtype="image" id="{image.pk}" '
                                                 'format="fullwidth" alt="IMG_1234.png"/>')
    push = push_from(cluster.city, notice).push
    assert Delivery.objects.get(push=push, recipient=cluster.east).state == "draft"
    assert Delivery.objects.get(push=push, recipient=cluster.peach).state == "published"
    with tenant_context(cluster.east):
        page = Page.objects.get(pk=Delivery.objects.get(push=push, recipient=cluster.east).local_page_id)
        assert not page.live and page.has_unpublished_changes


def test_a_live_reference_is_managed_like_any_page_in_the_admin(cluster, site_client):
    from django.contrib.auth import get_user_model

    standing_rule(cluster.peach, "reference")
    push = push_from(cluster.city, publish_item(cluster.city, "引用通知", BODY)).push
    delivery = Delivery.objects.get(push=push, recipient=cluster.peach)
    with tenant_context(cluster.peach):
        get_user_model().objects.create_superuser("peach-admin", "a@example.cn", "pw-Syndication-1")
    client = site_client(cluster.peach)
    client.post("/admin/login/?local=1", {"username": "peach-admin", "password": "pw-Syndication-1"})
    edit = client.get(f"/admin/pages/{delivery.local_page_id}/edit/")
    assert edit.status_code == 200 and "引用通知" in edit.content.decode()
    assert "24小时内转发本通知" not in edit.content.decode()           # the text is not kept (nor editable) here
    response = client.post(f"/admin/pages/{delivery.local_page_id}/unpublish/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == "draft"                                   # the sender sees it is no longer live
