"""Findings people can act on: public URL, highlighted text, take down, false positive; alerts."""
import pytest
from django.core import mail
from django_tenants.utils import tenant_context
from wagtail.models import Page

from sitegroup.identity.models import AuditLogEntry, Role
from sitegroup.safety.models import AllowedMatch, ContentFinding, SiteSafetySettings
from sitegroup.safety.pages import scan_page

from ..identity.helpers import enrol_totp, login, make_account
from .helpers import INJECTED, publish_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    account = enrol_totp(make_account("ops", operator=True, email="ops@example.cn"))
    return login("ops", otp_account=account)


def test_a_finding_shows_the_public_url_and_the_text_in_context(cluster, operator):
    page = publish_article(cluster.peach, "春耕会议", INJECTED, slug="spring")
    finding = ContentFinding.open().get(site=cluster.peach, page_id=page.pk, kind="spam_text")
    assert finding.url == "http://peach.localhost/news/spring/"
    assert (finding.category, finding.severity, finding.part) == ("gambling", "high", "body")
    assert "鸿运88娱乐城" in finding.matched and finding.before.endswith("会议，")
    html = operator.get("/console/findings/").content.decode()
    assert 'href="http://peach.localhost/news/spring/"' in html
    assert f"<mark>{finding.matched}</mark>" in html
    assert f"/console/findings/{finding.pk}/take-down/" in html
    assert f"/console/findings/{finding.pk}/false-positive/" in html


def test_take_down_unpublishes_the_page_and_is_audited(cluster, operator):
    page = publish_article(cluster.peach, "春耕会议", INJECTED)
    finding = ContentFinding.open().filter(site=cluster.peach, page_id=page.pk).first()
    response = operator.post(f"/console/findings/{finding.pk}/take-down/")
    assert response.status_code == 302
    with tenant_context(cluster.peach):
        assert not Page.objects.get(pk=page.pk).live
    finding.refresh_from_db()
    assert finding.resolution == ContentFinding.Resolution.TAKEN_DOWN
    assert AuditLogEntry.objects.filter(action="content_taken_down", site=cluster.peach, actor="ops").exists()


def test_a_finding_for_a_page_that_no_longer_exists_is_closed_not_crashed_on(cluster, operator):
    page = publish_article(cluster.peach, "春耕会议", INJECTED)
    finding = ContentFinding.open().filter(site=cluster.peach, page_id=page.pk).first()
    with tenant_context(cluster.peach):
        Page.objects.filter(pk=page.pk).delete()  # a raw delete: no signal closes the finding
    ContentFinding.objects.filter(pk=finding.pk).update(resolved_at=None, resolution="")
    response = operator.post(f"/console/findings/{finding.pk}/take-down/", follow=True)
    assert response.status_code == 200
    finding.refresh_from_db()
    assert finding.resolution == ContentFinding.Resolution.PAGE_GONE


def test_false_positive_trains_the_site_allow_list(cluster, operator):
    body = "<p>街道召开会议。华彩118彩票平台开业庆典在商业街举行。</p>"
    page = publish_article(cluster.peach, "商业街新闻", body)
    willow_page = publish_article(cluster.willow, "商业街新闻", body)
    finding = ContentFinding.open().get(site=cluster.peach, page_id=page.pk)
    assert operator.post(f"/console/findings/{finding.pk}/false-positive/").status_code == 302
    assert AllowedMatch.objects.filter(site=cluster.peach, rule=finding.kind, key=finding.key).exists()
    with tenant_context(cluster.peach):
        assert scan_page(Page.objects.get(pk=page.pk), cluster.peach) == []   # not reported again here
    with tenant_context(cluster.willow):  # ...but the allow-list is the site's own
        assert scan_page(Page.objects.get(pk=willow_page.pk), cluster.willow) != []
    assert AuditLogEntry.objects.filter(action="finding_false_positive", site=cluster.peach).exists()


def test_site_admins_act_on_their_sites_only(cluster):
    page = publish_article(cluster.peach, "春耕会议", INJECTED)
    finding = ContentFinding.open().filter(site=cluster.peach, page_id=page.pk).first()
    account = enrol_totp(make_account("willowadmin", grants={cluster.willow: Role.SITE_ADMIN}))
    client = login("willowadmin", otp_account=account)
    assert "鸿运88" not in client.get("/console/findings/").content.decode()
    assert client.post(f"/console/findings/{finding.pk}/take-down/").status_code == 403
    assert client.post(f"/console/findings/{finding.pk}/false-positive/").status_code == 403
    with tenant_context(cluster.peach):
        assert Page.objects.get(pk=page.pk).live


def test_high_severity_on_a_live_page_alerts_admins_and_operators_and_can_take_it_down(
        cluster, django_capture_on_commit_callbacks):
    make_account("ops2", operator=True, email="ops2@example.cn")
    make_account("peachadmin", grants={cluster.peach: Role.SITE_ADMIN}, email="admin@peach.example.cn")
    make_account("willowadmin", grants={cluster.willow: Role.SITE_ADMIN}, email="admin@willow.example.cn")
    SiteSafetySettings.objects.create(site=cluster.peach, auto_takedown=True)
    with django_capture_on_commit_callbacks(execute=True):
        page = publish_article(cluster.peach, "春耕会议", INJECTED)
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["admin@peach.example.cn", "ops2@example.cn"]
    assert "鸿运88娱乐城" in mail.outbox[0].body
    with tenant_context(cluster.peach):
        assert not Page.objects.get(pk=page.pk).live   # taken down automatically
    assert AuditLogEntry.objects.filter(action="content_flagged", site=cluster.peach, data__taken_down=True).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        willow_page = publish_article(cluster.willow, "春耕会议", INJECTED)
    assert [m.to for m in mail.outbox] == [["admin@willow.example.cn", "ops2@example.cn"]]
    with tenant_context(cluster.willow):
        assert Page.objects.get(pk=willow_page.pk).live  # willow did not ask for automatic take-down


def test_no_mail_without_a_mail_server(cluster, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    make_account("ops3", operator=True, email="ops3@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        publish_article(cluster.peach, "春耕会议", INJECTED)
    assert mail.outbox == []
    assert ContentFinding.open().filter(site=cluster.peach, severity="high").exists()


def test_a_site_admin_sets_one_step_review_and_automatic_take_down(cluster):
    from sitegroup.review.workflow import review_steps

    account = enrol_totp(make_account("peachadmin", grants={cluster.peach: Role.SITE_ADMIN}))
    client = login("peachadmin", otp_account=account)
    page = client.get("/console/safety/sites/peach/settings/").content.decode()
    assert "先审后发" in page or "Review before publishing" in page
    response = client.post("/console/safety/sites/peach/settings/", {"review_steps": "1", "auto_takedown": "on"})
    assert response.status_code == 302
    with tenant_context(cluster.peach):
        assert review_steps() == 1
    with tenant_context(cluster.willow):
        assert review_steps() == 2
    assert SiteSafetySettings.for_site(cluster.peach).auto_takedown
    assert AuditLogEntry.objects.filter(action="safety_settings_changed", site=cluster.peach).exists()
    assert client.post("/console/safety/sites/willow/settings/", {"review_steps": "1"}).status_code == 403


def test_the_section_is_for_operators_and_site_admins_and_its_panel_shows_their_sites(cluster, operator):
    publish_article(cluster.peach, "春耕会议", INJECTED)
    publish_article(cluster.willow, "春耕会议", INJECTED)
    home = operator.get("/console/").content.decode()
    assert 'id="panel-content-safety"' in home and "?site=peach" in home and "?site=willow" in home

    account = enrol_totp(make_account("willowadmin", grants={cluster.willow: Role.SITE_ADMIN}))
    admin = login("willowadmin", otp_account=account)
    home = admin.get("/console/").content.decode()
    assert "/console/findings/" in home and "?site=willow" in home and "?site=peach" not in home
    assert admin.get("/console/safety/lexicon/").status_code == 403     # the platform lexicon: operators

    account = enrol_totp(make_account("peachmod", grants={cluster.peach: Role.MODERATOR}))
    moderator = login("peachmod", otp_account=account)
    home = moderator.get("/console/").content.decode()
    assert "/console/findings/" not in home and 'id="panel-content-safety"' not in home
    assert moderator.get("/console/findings/").status_code == 403
    assert moderator.get("/console/safety/runs/").status_code == 403
