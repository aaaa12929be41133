"""2FA for roles above editor, lockout, idle timeout, password profiles."""
import base64
import re

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone, translation
from django_tenants.utils import tenant_context

from sitegroup.identity import totp
from sitegroup.identity.models import AuditLogEntry, LoginThrottle, Role, StaffAccount
from sitegroup.identity.passwords import AsvsPasswordValidator, DengbaoPasswordValidator
from tests.identity.helpers import (
    PASSWORD,
    enrol_totp,
    enter,
    is_refused,
    login,
    make_account,
    platform_client,
)

pytestmark = pytest.mark.django_db


# --- 2FA --------------------------------------------------------------------------------------

def test_a_site_admin_must_set_up_and_pass_2fa_before_anything(cluster):
    account = make_account("chen", grants={cluster.peach: Role.SITE_ADMIN})
    client = platform_client()
    response = client.post("/login/", {"username": "chen", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/login/2fa/setup/")
    # the password alone opens nothing
    assert client.get("/console/").status_code == 302
    assert client.post(f"/console/sites/{cluster.peach.slug}/enter/").status_code == 302
    setup = client.get("/login/2fa/setup/")
    assert setup.status_code == 200
    key = re.search(r'<span class="secret">([A-Z2-7]+)</span>', setup.content.decode()).group(1)
    candidate = StaffAccount(totp_secret=base64.b32decode(key + "=" * (-len(key) % 8)).hex())
    assert client.get("/login/2fa/qr.svg")["Content-Type"] == "image/svg+xml"
    wrong = "000000" if totp.current_code(candidate) != "000000" else "111111"
    assert client.post("/login/2fa/setup/", {"code": wrong}).status_code == 403
    response = client.post("/login/2fa/setup/", {"code": totp.current_code(candidate)})
    assert response.status_code == 302 and response["Location"] == "/console/"
    account.refresh_from_db()
    assert account.totp_confirmed
    site = enter(client, cluster.peach)
    assert site.get("/admin/").status_code == 200


def test_an_enrolled_site_admin_is_asked_for_the_code_and_a_wrong_code_fails(cluster):
    account = enrol_totp(make_account("chen", grants={cluster.peach: Role.SITE_ADMIN}))
    client = platform_client()
    response = client.post("/login/", {"username": "chen", "password": PASSWORD})
    assert response["Location"].startswith("/login/2fa/")
    wrong = "000000" if totp.current_code(account) != "000000" else "111111"
    assert client.post("/login/2fa/", {"code": wrong}).status_code == 403
    assert client.get("/console/").status_code == 302
    assert AuditLogEntry.objects.filter(action="otp_failed", account=account).exists()
    code = totp.current_code(account)
    assert client.post("/login/2fa/", {"code": code})["Location"] == "/console/"
    # the same code never works twice
    again = platform_client()
    again.post("/login/", {"username": "chen", "password": PASSWORD})
    assert again.post("/login/2fa/", {"code": code}).status_code == 403


def test_an_editor_needs_no_2fa_unless_configured_for_all(cluster, settings):
    make_account("he", grants={cluster.peach: Role.EDITOR})
    response = platform_client().post("/login/", {"username": "he", "password": PASSWORD})
    assert response["Location"] == "/console/"
    settings.SITEGROUP_2FA_REQUIRED_FOR_ALL = True
    response = platform_client().post("/login/", {"username": "he", "password": PASSWORD})
    assert response["Location"].startswith("/login/2fa/setup/")


def test_promoting_an_editor_to_site_admin_demands_2fa_in_the_open_sessions(cluster):
    account = make_account("lu", grants={cluster.peach: Role.EDITOR})
    platform = login("lu")
    peach = enter(platform, cluster.peach)
    account.grants.update(role=Role.SITE_ADMIN)
    assert is_refused(peach.get("/admin/"))  # the site session had no second factor
    assert platform.get("/console/").status_code == 302  # nor had the platform session


# --- lockout -----------------------------------------------------------------------------------

@override_settings(SITEGROUP_LOCKOUT_FAILURES=3, SITEGROUP_LOCKOUT_MINUTES=30)
def test_lockout_after_the_configured_failures(cluster):
    make_account("ma", grants={cluster.peach: Role.EDITOR})
    client = platform_client()
    for _attempt in range(2):
        response = client.post("/login/", {"username": "ma", "password": "wrong"})
        assert "用户名或密码不正确" in response.content.decode()  # Chinese by default
    response = client.post("/login/", {"username": "ma", "password": "wrong"})
    assert "账号已锁定" in response.content.decode()
    # even the right password is refused now (in English for a visitor who chose English with the
    # language switch: the browser's Accept-Language alone no longer changes platform pages)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/login/", {"username": "ma", "password": PASSWORD})
    assert response.status_code == 403 and "this account is locked" in response.content.decode()
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    account = StaffAccount.objects.get(username="ma")
    throttle = LoginThrottle.objects.get(subject=f"staff:{account.pk}", scope="127.0.0.1")
    minutes = (throttle.locked_until - timezone.now()).total_seconds() / 60
    assert 29 < minutes <= 30
    assert AuditLogEntry.objects.filter(action="lockout", actor="ma").count() == 1
    assert AuditLogEntry.objects.filter(action="login_blocked", actor="ma").count() == 1
    # unknown names lock the same way (no hint which names exist)
    for _attempt in range(3):
        client.post("/login/", {"username": "ghost", "password": "x"})
    assert LoginThrottle.objects.get(subject="staff-name:ghost", scope="127.0.0.1").locked_until > timezone.now()
    # when the lock has run out, the right password works again
    throttle.locked_until = timezone.now() - timezone.timedelta(seconds=1)
    throttle.save()
    assert client.post("/login/", {"username": "ma", "password": PASSWORD})["Location"] == "/console/"


@override_settings(SITEGROUP_LOCKOUT_FAILURES=2)
def test_local_site_logins_are_locked_out_too(cluster):
    from django.contrib.auth import get_user_model

    with tenant_context(cluster.peach):
        get_user_model().objects.create_superuser("root", "root@example.cn", PASSWORD)
    client = Client(HTTP_HOST=cluster.peach.primary_domain_name())
    for _attempt in range(2):
        client.post("/admin/login/", {"username": "root", "password": "wrong"})
    client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert is_refused(client.get("/admin/"))
    assert AuditLogEntry.objects.filter(action="lockout", site=cluster.peach, actor="root").exists()


def test_site_login_page_sends_staff_to_the_platform(cluster):
    response = Client(HTTP_HOST=cluster.peach.primary_domain_name()).get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("http://localhost/login/?site=peach")


@override_settings(SITEGROUP_SITE_LOCAL_LOGIN="off")
def test_local_logins_can_be_switched_off(cluster):
    from django.contrib.auth import get_user_model

    with tenant_context(cluster.peach):
        get_user_model().objects.create_superuser("root", "root@example.cn", PASSWORD)
    client = Client(HTTP_HOST=cluster.peach.primary_domain_name())
    assert client.post("/admin/login/", {"username": "root", "password": PASSWORD}).status_code == 403
    assert is_refused(client.get("/admin/"))


# --- idle timeout ------------------------------------------------------------------------------

def _age_session(client, schema_tenant, seconds):
    key = client.cookies["sessionid"].value
    if schema_tenant is None:
        store = SessionStore(session_key=key)
        store["sg_last_seen"] = store["sg_last_seen"] - seconds
        store.save()
        return
    with tenant_context(schema_tenant):
        store = SessionStore(session_key=key)
        store["sg_last_seen"] = store["sg_last_seen"] - seconds
        store.save()


def test_idle_timeout_ends_site_and_platform_sessions(cluster):
    make_account("yang", grants={cluster.peach: Role.EDITOR})
    platform = login("yang")
    peach = enter(platform, cluster.peach)
    assert peach.get("/admin/").status_code == 200
    timeout = settings.SITEGROUP_IDLE_TIMEOUT_SECONDS
    assert timeout == 30 * 60

    _age_session(peach, cluster.peach, timeout - 60)  # 29 idle minutes: still signed in
    assert peach.get("/admin/").status_code == 200
    _age_session(peach, cluster.peach, timeout + 60)
    assert is_refused(peach.get("/admin/"))
    assert AuditLogEntry.objects.filter(action="session_timeout", site=cluster.peach).exists()

    assert platform.get("/console/").status_code == 200
    _age_session(platform, None, timeout + 60)
    response = platform.get("/console/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert AuditLogEntry.objects.filter(action="session_timeout", site__isnull=True, actor="yang").exists()


def test_a_password_change_ends_every_session(cluster):
    account = make_account("xu", grants={cluster.peach: Role.EDITOR})
    platform = login("xu")
    peach = enter(platform, cluster.peach)
    account.set_password("Another-Pass-99!")
    account.save()
    assert is_refused(peach.get("/admin/"))
    assert platform.get("/console/").status_code == 302


# --- password profiles -------------------------------------------------------------------------

def _messages(validator, password):
    with pytest.raises(ValidationError) as error:
        validator.validate(password)
    return " ".join(error.value.messages)


def test_dengbao_profile(english):
    validator = DengbaoPasswordValidator()
    assert "at least 8 characters" in _messages(validator, "Ab1!")
    assert "3 of these 4 kinds" in _messages(validator, "abcdefghij")
    assert "3 of these 4 kinds" in _messages(validator, "abcdefgh12")
    assert "too common" in _messages(validator, "Password1")
    validator.validate("Gov-Portal-2024")  # upper, lower, digits, symbol
    validator.validate("gov-portal-2024")  # lower, digits, symbol


def test_asvs_profile(english):
    validator = AsvsPasswordValidator()
    assert "at least 12 characters" in _messages(validator, "Xy7!Xy7!Xy")
    assert "too common" in _messages(validator, "password1234")
    assert "at most 128" in _messages(validator, "a" * 129)
    validator.validate("correct horse battery staple")  # no composition rules


def test_profiles_are_chosen_by_setting_with_chinese_messages(settings):
    settings.SITEGROUP_PASSWORD_PROFILE = "dengbao"
    validate_password("Gov-Portal-2024")
    settings.SITEGROUP_PASSWORD_PROFILE = "asvs"
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        validate_password("Gov-Portal2")
    assert "12" in error.value.messages[0] and "密码" in error.value.messages[0]


def test_console_refuses_a_weak_password_with_the_reason(cluster):
    operator = enrol_totp(make_account("ops", operator=True))
    console = login("ops", otp_account=operator)
    response = console.post("/console/accounts/", {
        "username": "weak", "full_name": "弱", "email": "", "is_active": "on",
        "password1": "abcdefgh", "password2": "abcdefgh"})
    assert response.status_code == 400
    assert "至少包含以下 4 类字符中的 3 类" in response.content.decode()
    assert not StaffAccount.objects.filter(username="weak").exists()
