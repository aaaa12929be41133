"""Logins, failures, lockouts, grant changes and content actions land in one audit log, with the site."""
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page

from sitegroup.identity.models import AuditLogEntry, Role
from tests.identity.helpers import enrol_totp, enter, login, make_account, platform_client

pytestmark = pytest.mark.django_db


def test_logins_failures_and_site_entry_are_recorded_with_ip_and_site(cluster):
    account = make_account("zhang", grants={cluster.peach: Role.EDITOR})
    client = platform_client()
    client.post("/login/", {"username": "zhang", "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    client.post("/login/", {"username": "nobody", "password": "wrong"})
    platform = login("zhang")
    peach = enter(platform, cluster.peach)
    peach.post("/admin/logout/")
    platform.post("/logout/")

    failed = AuditLogEntry.objects.filter(action="login_failed").order_by("id")
    assert [(e.actor, e.account_id) for e in failed] == [("zhang", account.pk), ("nobody", None)]
    assert failed[0].ip_address == "203.0.113.9"
    assert AuditLogEntry.objects.filter(action="login", account=account, site__isnull=True).count() == 1
    entered = AuditLogEntry.objects.get(action="site_enter", account=account)
    assert entered.site == cluster.peach and entered.site_slug == "peach"
    assert AuditLogEntry.objects.filter(action="logout", site=cluster.peach, account=account).exists()
    assert AuditLogEntry.objects.filter(action="logout", site__isnull=True, account=account).exists()


def test_content_actions_on_every_site_are_in_the_platform_log(cluster):
    account = enrol_totp(make_account("li", grants={cluster.east: Role.SITE_ADMIN, cluster.willow: Role.SITE_ADMIN}))
    platform = login("li", otp_account=account)
    for site in (cluster.east, cluster.willow):
        client = enter(platform, site)
        with tenant_context(site):
            home = Page.objects.get(depth=2)
        response = client.post(f"/admin/pages/{home.pk}/lock/", REMOTE_ADDR="198.51.100.7")
        assert response.status_code == 302
        with tenant_context(site):
            assert Page.objects.get(pk=home.pk).locked
    entries = AuditLogEntry.objects.filter(action="wagtail.lock", account=account)
    assert {e.site_slug for e in entries} == {"east", "willow"}
    entry = entries.get(site=cluster.willow)
    with tenant_context(cluster.willow):
        home = Page.objects.get(depth=2)
        label = home.specific_class._meta.label_lower
    assert entry.object_type == label and entry.object_id == str(home.pk)
    assert entry.object_repr == home.title and entry.actor == "li"
    assert entry.ip_address == "198.51.100.7"


def test_grant_changes_are_recorded_and_the_log_is_searchable_in_the_console(cluster):
    operator = enrol_totp(make_account("ops", operator=True))
    target = make_account("wang")
    console = login("ops", otp_account=operator)
    response = console.post(f"/console/accounts/{target.pk}/", {
        "form": "grant", "grant-site": cluster.west.pk, "grant-role": Role.EDITOR, "grant-section_path": ""})
    assert response.status_code == 302
    entry = AuditLogEntry.objects.get(action="grant_added")
    assert entry.site == cluster.west and entry.account == operator and entry.data["grantee"] == "wang"

    page = console.get("/console/audit/", {"site": "west", "action": "grant_added"})
    assert page.status_code == 200
    assert "grant_added" in page.content.decode() and "ops" in page.content.decode()
    assert "login_failed" not in console.get("/console/audit/", {"site": "west"}).content.decode()
    # only operators read the log
    make_account("plain")
    assert login("plain").get("/console/audit/").status_code == 403


def test_purge_keeps_at_least_180_days(cluster):
    old = AuditLogEntry.objects.create(action="login", actor="old", timestamp=timezone.now() - timedelta(days=400))
    recent = AuditLogEntry.objects.create(action="login", actor="recent",
                                          timestamp=timezone.now() - timedelta(days=179))
    with pytest.raises(CommandError, match="at least 180 days"):
        call_command("purge_audit_log", "--older-than-days", "30")
    assert AuditLogEntry.objects.filter(pk=old.pk).exists()
    call_command("purge_audit_log", "--older-than-days", "180")
    assert not AuditLogEntry.objects.filter(pk=old.pk).exists()
    assert AuditLogEntry.objects.filter(pk=recent.pk).exists()
    assert AuditLogEntry.objects.filter(action="audit_purged", data__deleted=1).exists()


def test_client_address_comes_from_the_proxy_only_when_trusted(cluster, settings):
    settings.SITEGROUP_TRUSTED_PROXIES = ["10.0.0.2"]
    client = platform_client()
    client.post("/login/", {"username": "a", "password": "x"}, REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="192.0.2.44")
    client.post("/login/", {"username": "b", "password": "x"}, REMOTE_ADDR="192.0.2.99", HTTP_X_REAL_IP="1.2.3.4")
    assert AuditLogEntry.objects.get(actor="a").ip_address == "192.0.2.44"
    assert AuditLogEntry.objects.get(actor="b").ip_address == "192.0.2.99"
