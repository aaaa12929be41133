"""Move-up from the platform console: dry run, refusal on conflicts, move, rollback (operators only)."""
import pytest
from django.contrib import messages
from django_tenants.utils import tenant_context
from wagtail.models import Page

from sitegroup.identity.models import AuditLogEntry, Role
from tenants.models import MoveUp, Tenant
from themes.models import ArticlePage

from ..identity.helpers import enrol_totp, login, make_account
from ..themes.factories import configure_site
from .builders import add_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def township(cluster):
    configure_site(cluster.peach, "gov-classic")
    with tenant_context(cluster.peach):
        article = ArticlePage(title="桃花镇集约化建设简报", slug="briefing", body="<p>集约化建设。</p>", live=False)
        Page.objects.get(slug="news").add_child(instance=article)
        article.save_revision().publish()
    configure_site(cluster.east, "civic-blue")
    add_section(cluster.east)
    return cluster.peach


@pytest.fixture
def console(operator_console):
    return operator_console


def dry_run(console, section):
    return console.get("/console/moves/", {"site": "peach", "section": section, "notice_days": 30})


def test_only_operators_reach_the_move_up_console(cluster, township):
    site_admin = enrol_totp(make_account("taohua", grants={cluster.peach: Role.SITE_ADMIN}))
    editor = login("taohua", otp_account=site_admin)
    assert editor.get("/console/moves/").status_code == 403
    assert editor.post("/console/moves/start/", {"site": "peach", "section": "/townships/peach/",
                                                 "notice_days": 30, "confirm": "peach"}).status_code == 403
    assert not MoveUp.objects.exists()
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.ACTIVE


def test_the_dry_run_shows_what_moves_and_every_changed_url(console, township):
    html = dry_run(console, "/townships/peach/").content.decode()
    assert "http://peach.localhost/news/briefing/ → http://east.localhost/townships/peach/news/briefing/" in html
    assert "http://peach-alias.example.cn/news/briefing/" in html           # every old domain
    assert "/townships/peach/news/briefing/" in html and 'name="confirm"' in html
    assert not MoveUp.objects.exists()                                      # a dry run changes nothing


def test_a_move_with_conflicts_is_refused(console, township):
    html = dry_run(console, "/no-such-section/peach/").content.decode()
    assert 'class="conflicts"' in html and 'name="confirm"' not in html
    response = console.post("/console/moves/start/", {"site": "peach", "section": "/no-such-section/peach/",
                                                      "notice_days": 30, "confirm": "peach"}, follow=True)
    assert [m.level for m in response.context["messages"]] == [messages.ERROR]
    assert not MoveUp.objects.exists()
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.ACTIVE


def test_the_console_moves_after_confirmation_and_rolls_back(console, township, cluster,
                                                             django_capture_on_commit_callbacks):
    form = {"site": "peach", "section": "/townships/peach/", "notice_days": 30}
    refused = console.post("/console/moves/start/", {**form, "confirm": "wrong"}, follow=True)
    assert [m.level for m in refused.context["messages"]] == [messages.ERROR]
    assert not MoveUp.objects.exists()                                      # not confirmed: nothing moves

    with django_capture_on_commit_callbacks(execute=True):
        console.post("/console/moves/start/", {**form, "confirm": "peach"})
    response = console.get("/console/moves/")
    move = MoveUp.objects.get()
    assert move.state == MoveUp.State.DONE
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.CLOSED
    assert [m.level for m in response.context["messages"]] == [messages.SUCCESS]
    assert 'value="rollback"' in response.content.decode() and 'value="resume"' not in response.content.decode()
    assert move.checksums["before"] == move.checksums["after"]
    with tenant_context(cluster.east):
        assert Page.objects.filter(url_path="/home/townships/peach/news/briefing/", live=True).exists()
    started = AuditLogEntry.objects.get(action="move_up_started")
    assert (started.site_slug, started.actor) == ("peach", "ops")

    reopen = console.post("/console/sites/peach/status/", {"status": "active"}, follow=True)
    assert [m.level for m in reopen.context["messages"]] == [messages.ERROR]    # roll back instead
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.CLOSED

    with django_capture_on_commit_callbacks(execute=True):
        console.post(f"/console/moves/{move.pk}/", {"action": "rollback"})
    move.refresh_from_db()
    assert move.state == MoveUp.State.ROLLED_BACK
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.ACTIVE
    with tenant_context(cluster.east):
        assert not Page.objects.filter(url_path__startswith="/home/townships/peach/").exists()
    assert AuditLogEntry.objects.filter(action="move_up_rolled_back", site_slug="peach").exists()
