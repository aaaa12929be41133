"""The operators' site registry in the console: provision, suspend, re-activate, close; and the command."""
import io

import pytest
from django.contrib import messages
from django.core.management import CommandError, call_command
from django.test import Client

from sitegroup.identity.models import AuditLogEntry, Role
from tenants.lifecycle import refusal
from tenants.models import Tenant
from tests.identity.helpers import enrol_totp, login, make_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(operator_console):
    return operator_console


def levels(response):
    return [m.level for m in response.context["messages"]]


def test_only_operators_manage_sites(cluster):
    admin = enrol_totp(make_account("chief", grants={cluster.east: Role.SITE_ADMIN}))
    client = login("chief", otp_account=admin)
    assert client.get("/console/sites/").status_code == 403
    assert client.post(f"/console/sites/{cluster.peach.slug}/status/", {"status": "suspended"}).status_code == 403
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.ACTIVE


def test_an_operator_provisions_a_site_that_answers_on_its_domain(console, cluster):
    response = console.post("/console/sites/", {"slug": "lotus", "name": "荷花镇人民政府", "level": "township",
                                                "parent": "east", "domains": "lotus.localhost\nlotus.example.cn"},
                            follow=True)
    assert levels(response) == [messages.SUCCESS]
    lotus = Tenant.objects.get(slug="lotus")
    assert (lotus.parent, lotus.status) == (cluster.east, Tenant.Status.ACTIVE)
    assert "荷花镇人民政府" in Client(HTTP_HOST="lotus.example.cn").get("/").content.decode()
    assert AuditLogEntry.objects.filter(action="site_provisioned", site_slug="lotus", actor="ops").exists()
    # and it is not another site's content
    assert "荷花镇" not in Client(HTTP_HOST="peach.localhost").get("/").content.decode()


def test_bad_provisioning_input_is_refused_with_the_reason_and_nothing_stored(console, cluster):
    response = console.post("/console/sites/", {"slug": "reed", "name": "芦苇镇", "level": "township",
                                                "parent": "testcity", "domains": ""})
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    response = console.post("/console/sites/", {"slug": "Bad Slug!", "name": "x", "level": "city"})
    assert "slug" in response.context["form"].errors
    assert not Tenant.objects.filter(slug__in=["reed", "Bad Slug!"]).exists()


def test_suspend_reactivate_and_close_from_the_console(console, cluster, django_capture_on_commit_callbacks):
    peach = Client(HTTP_HOST="peach.localhost")
    nothing_chosen = console.post("/console/sites/peach/status/", {"status": ""}, follow=True)
    assert levels(nothing_chosen) == [messages.ERROR]
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.ACTIVE
    suspended = console.post("/console/sites/peach/status/", {"status": "suspended"}, follow=True)
    assert levels(suspended) == [messages.SUCCESS]
    assert peach.get("/").status_code == 503
    assert levels(console.post("/console/sites/peach/status/", {"status": "active"}, follow=True)) == [messages.SUCCESS]
    assert peach.get("/").status_code == 200

    refused = console.post("/console/sites/peach/status/", {"status": "closed", "confirm": ""}, follow=True)
    assert levels(refused) == [messages.ERROR]                      # closing needs the typed short name
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.ACTIVE
    console.post("/console/sites/peach/status/", {"status": "closed", "confirm": "peach"})
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.CLOSED
    assert peach.get("/").status_code in (404, 410)
    changes = AuditLogEntry.objects.filter(action="site_status_changed", site_slug="peach")
    assert changes.count() == 3


def test_a_district_with_open_townships_cannot_close(console, cluster):
    response = console.post("/console/sites/east/status/", {"status": "closed", "confirm": "east"}, follow=True)
    assert levels(response) == [messages.ERROR]
    refusal = str(list(response.context["messages"])[0])
    assert "peach" in refusal and "willow" in refusal
    assert Tenant.objects.get(slug="east").status == Tenant.Status.ACTIVE


def test_the_lifecycle_rules(cluster):
    assert refusal(cluster.peach, "suspended") is None
    assert refusal(cluster.peach, "archived")                       # active → archived skips closing
    assert refusal(cluster.peach, "nonsense")
    assert refusal(cluster.peach, "active")                         # already active
    assert refusal(cluster.east, "closed")                          # townships below it are open


def test_the_set_site_status_command(cluster):
    out = io.StringIO()
    call_command("set_site_status", "willow", "suspended", stdout=out)
    assert Tenant.objects.get(slug="willow").status == Tenant.Status.SUSPENDED and "→" in out.getvalue()
    with pytest.raises(CommandError, match="nosuch"):
        call_command("set_site_status", "nosuch", "suspended")
    with pytest.raises(CommandError):
        call_command("set_site_status", "testcity", "closed")       # its districts are open
    assert Tenant.objects.get(slug="testcity").status == Tenant.Status.ACTIVE
