"""The syndication pages of the site admin, used by staff entering each site from the console."""
import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Page

from sitegroup.identity.models import AuditLogEntry
from syndication.exchange.models import Delivery, Push, Submission
from tests.identity.helpers import enrol_totp, enter, login, make_account

from .helpers import column, publish_article, publish_item

pytestmark = pytest.mark.django_db


def staff_in(site, username, role):
    account = make_account(username, grants={site: role})
    if role != "editor":
        enrol_totp(account)
    return enter(login(username, otp_account=account if role != "editor" else None), site)


def test_a_push_from_the_city_admin_is_published_by_a_township_editor(cluster, site_client):
    notice = publish_item(cluster.city, "关于开展安全检查的通知", "<p>请各地开展安全检查。</p>")
    city = staff_in(cluster.city, "city-admin", "site_admin")
    edit = city.get(f"/admin/pages/{notice.pk}/edit/").content.decode()
    assert f"/admin/syndication/push/{notice.pk}/" in edit                  # the page's header button
    form = city.get(f"/admin/syndication/push/{notice.pk}/")
    assert form.status_code == 200 and "桃花镇人民政府" in form.content.decode()
    response = city.post(f"/admin/syndication/push/{notice.pk}/", {
        "scope": "level", "levels": ["township"], "column_type": "notice",
        "deadline": form.context["form"]["deadline"].value().strftime("%Y-%m-%d %H:%M"), "note": "请于今日转发"})
    push = Push.objects.get(sender=cluster.city)
    assert response.status_code == 302 and response["Location"] == f"/admin/syndication/sent/{push.pk}/"
    assert sorted(d.recipient.slug for d in push.deliveries.all()) == ["peach", "willow"]
    detail = city.get(response["Location"]).content.decode()
    assert 'data-site="peach" data-state="pending"' in detail

    peach = staff_in(cluster.peach, "peach-editor", "editor")
    assert "关于开展安全检查的通知" in peach.get("/admin/").content.decode()          # the dashboard panel
    inbox = peach.get("/admin/syndication/inbox/").content.decode()
    delivery = Delivery.objects.get(push=push, recipient=cluster.peach)
    assert f"/admin/syndication/inbox/{delivery.pk}/" in inbox and "请各地开展安全检查" not in inbox
    page = peach.get(f"/admin/syndication/inbox/{delivery.pk}/")
    assert "请各地开展安全检查" in page.content.decode() and "请于今日转发" in page.content.decode()
    with tenant_context(cluster.peach):
        notices = column("notices")
    response = peach.post(f"/admin/syndication/inbox/{delivery.pk}/", {
        "accept": "1", "mode": "reference", "column": notices.pk})
    assert response.status_code == 302
    delivery.refresh_from_db()
    # an editor may not publish: the site's own workflow takes it (Wagtail's moderation by default)
    assert delivery.state == "draft" and delivery.mode == "reference"
    with tenant_context(cluster.peach):
        assert Page.objects.get(pk=delivery.local_page_id).workflow_in_progress
    assert "关于开展安全检查的通知" not in site_client(cluster.peach).get("/notices/").content.decode()
    assert site_client(cluster.peach).get(f"/notices/pushed-{push.pk}/").status_code == 404   # in review: not public

    # the township's own moderator approves it through the site's workflow: then it is published
    with tenant_context(cluster.peach):
        local = Page.objects.get(pk=delivery.local_page_id).specific
        local.get_latest_revision().publish()
    delivery.refresh_from_db()
    assert delivery.state == "published"
    assert "关于开展安全检查的通知" in site_client(cluster.peach).get("/notices/").content.decode()
    detail = city.get(f"/admin/syndication/sent/{push.pk}/").content.decode()
    assert 'data-site="peach" data-state="published"' in detail and "http://peach.localhost/notices/" in detail


def test_sites_never_see_each_others_inboxes_or_queues(cluster):
    notice = publish_item(cluster.city, "通知", "<p>正文</p>")
    city = staff_in(cluster.city, "city-admin", "site_admin")
    city.post(f"/admin/syndication/push/{notice.pk}/", {"scope": "picked", "sites": [cluster.peach.pk],
                                                        "column_type": "notice", "deadline": "2099-01-01 10:00"})
    delivery = Delivery.objects.get(recipient=cluster.peach)
    willow = staff_in(cluster.willow, "willow-editor", "editor")
    assert willow.get(f"/admin/syndication/inbox/{delivery.pk}/").status_code == 404
    assert "通知" not in willow.get("/admin/syndication/inbox/").content.decode().split("<h2>", 1)[1]
    assert willow.get(f"/admin/syndication/sent/{delivery.push.pk}/").status_code == 404
    # a township editor may not push (no publish rights, no sites below)
    item = publish_item(cluster.willow, "街道通知", "<p>正文</p>")
    refused = willow.get(f"/admin/syndication/push/{item.pk}/")                 # Wagtail's way of saying 403
    assert refused.status_code == 302 and refused["Location"] == "/admin/"


def test_a_township_submits_and_reads_the_rejection_with_its_reason(cluster):
    item = publish_article(cluster.peach, "桃花镇开展植树活动", "<p>干部群众共植树五百株。</p>")
    peach = staff_in(cluster.peach, "peach-editor", "editor")
    edit = peach.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert f"/admin/syndication/submit/{item.pk}/" in edit
    response = peach.post(f"/admin/syndication/submit/{item.pk}/", {"target": cluster.east.pk, "note": "请采用"})
    submission = Submission.objects.get(submitter=cluster.peach)
    assert response.status_code == 302 and submission.target == cluster.east

    east = staff_in(cluster.east, "east-admin", "site_admin")
    queue = east.get("/admin/syndication/submissions/").content.decode()
    assert "桃花镇开展植树活动" in queue and "桃花镇人民政府" in queue
    assert east.post(f"/admin/syndication/submissions/{submission.pk}/", {"reject": "1", "reason": ""}).status_code \
        == 200                                                               # the reason is required
    east.post(f"/admin/syndication/submissions/{submission.pk}/",
              {"reject": "1", "reason": "请补充活动图片后重新报送。"})
    submission.refresh_from_db()
    assert submission.state == "rejected"

    ours = peach.get("/admin/syndication/submissions/").content.decode()
    assert "请补充活动图片后重新报送。" in ours
    assert "请补充活动图片后重新报送。" in peach.get("/admin/").content.decode()       # on the dashboard too
    entry = AuditLogEntry.objects.get(action="syndication_submission_rejected")
    assert entry.site_slug == "east" and entry.actor == "east-admin"
    assert entry.data["source_site"] == "peach" and entry.data["target_site"] == "east"

    # resubmitted, and accepted into a column by the district
    peach.post(f"/admin/syndication/submit/{item.pk}/", {"target": cluster.east.pk})
    again = Submission.objects.get(submitter=cluster.peach, state="submitted")
    with tenant_context(cluster.east):
        news = column("news")
    east.post(f"/admin/syndication/submissions/{again.pk}/", {"accept": "1", "column": news.pk})
    again.refresh_from_db()
    assert again.state == "accepted" and again.accepted_url.startswith("/news/")
    assert again.accepted_url in peach.get(f"/admin/syndication/submissions/{again.pk}/").content.decode()
