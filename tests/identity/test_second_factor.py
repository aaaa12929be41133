"""Setting up or replacing a second factor: never by a GET, only with the password (and the current
code once one is confirmed), always audited; resetting someone else's is an operator action."""
import re

import pytest
from django.test import Client, override_settings

from sitegroup.identity import totp
from sitegroup.identity.models import AuditLogEntry, Role, StaffAccount
from tests.identity.helpers import PASSWORD, enrol_totp, enter, is_refused, login, make_account, platform_client

pytestmark = pytest.mark.django_db


def code_for(hex_secret):
    return totp.current_code(StaffAccount(totp_secret=hex_secret))


def shown_key(response):
    match = re.search(r'<span class="secret">([A-Z2-7]+)</span>', response.content.decode())
    assert match, response.content.decode()[:3000]
    return match.group(1)


def hex_of(base32_key):
    import base64

    padded = base32_key + "=" * (-len(base32_key) % 8)
    return base64.b32decode(padded).hex()


def test_a_get_by_a_signed_in_operator_resets_nothing(cluster):
    """The reported attack: a top-level link to /login/2fa/setup/ (SameSite=Lax sends the cookie)."""
    operator = enrol_totp(make_account("ops", operator=True))
    secret = operator.totp_secret
    console = login("ops", otp_account=operator)
    for path in ("/login/2fa/setup/", "/login/2fa/qr.svg", "/console/security/"):
        response = console.get(path)
        assert response.status_code in (200, 302, 403), path
        assert totp.base32_secret(operator) not in response.content.decode()
    operator.refresh_from_db()
    assert operator.totp_confirmed and operator.totp_secret == secret
    # with the password alone the attacker only reaches the code prompt, never a set-up page
    attacker = platform_client()
    response = attacker.post("/login/", {"username": "ops", "password": PASSWORD})
    assert response["Location"].startswith("/login/2fa/") and "setup" not in response["Location"]
    response = attacker.get("/login/2fa/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/login/2fa/")
    assert attacker.get("/login/2fa/qr.svg").status_code == 403
    assert attacker.post("/login/2fa/setup/", {"code": "123456"}).status_code == 302
    assert attacker.get("/console/accounts/").status_code == 302
    operator.refresh_from_db()
    assert operator.totp_secret == secret
    assert not AuditLogEntry.objects.filter(action__in=["otp_enrolled", "otp_replaced", "otp_reset"]).exists()


def test_first_enrolment_at_sign_in_stores_nothing_until_the_code_is_confirmed(cluster):
    account = make_account("chen", grants={cluster.peach: Role.SITE_ADMIN})
    client = platform_client()
    response = client.post("/login/", {"username": "chen", "password": PASSWORD})
    assert response["Location"].startswith("/login/2fa/setup/")
    first, again = client.get("/login/2fa/setup/"), client.get("/login/2fa/setup/")
    assert shown_key(first) == shown_key(again)  # reloading shows the same key
    account.refresh_from_db()
    assert account.totp_secret == "" and not account.totp_confirmed
    assert client.get("/login/2fa/qr.svg")["Content-Type"] == "image/svg+xml"
    candidate = hex_of(shown_key(first))
    assert client.post("/login/2fa/setup/", {"code": "000000" if code_for(candidate) != "000000"
                                             else "111111"}).status_code == 403
    response = client.post("/login/2fa/setup/", {"code": code_for(candidate)})
    assert response.status_code == 302 and response["Location"] == "/console/"
    account.refresh_from_db()
    assert account.totp_confirmed and account.totp_secret == candidate
    assert AuditLogEntry.objects.filter(action="otp_enrolled", account=account).count() == 1
    assert AuditLogEntry.objects.filter(action="otp_failed", account=account).count() == 1


def test_replacing_a_confirmed_factor_needs_a_post_the_password_and_the_current_code(cluster, english):
    account = enrol_totp(make_account("chen", grants={cluster.peach: Role.SITE_ADMIN}))
    old_secret = account.totp_secret
    console = login("chen", otp_account=account)
    site = enter(console, cluster.peach)
    page = console.get("/console/security/")
    assert page.status_code == 200 and 'name="password"' in page.content.decode()

    def current_code():
        return code_for(old_secret)

    refused = [
        {"step": "verify", "password": "wrong", "code": current_code()},
        {"step": "verify", "password": PASSWORD, "code": ""},
        {"step": "verify", "password": PASSWORD, "code": "000000" if current_code() != "000000" else "111111"},
        {"step": "confirm", "code": current_code()},  # no verified step before
    ]
    for data in refused:
        response = console.post("/console/security/", data)
        assert response.status_code in (400, 403), data
        account.refresh_from_db()
        assert account.totp_secret == old_secret
    assert AuditLogEntry.objects.filter(action="login_failed", account=account, data__context="second_factor").exists()

    # a CSRF-less POST from another origin is refused
    forged = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    forged.cookies = console.cookies
    assert forged.post("/console/security/", {"step": "verify", "password": PASSWORD}).status_code == 403

    # wait for the next time step: each code is accepted once
    account.refresh_from_db()
    account.totp_last_step = 0
    account.save(update_fields=["totp_last_step"])
    response = console.post("/console/security/", {"step": "verify", "password": PASSWORD, "code": current_code()})
    assert response.status_code == 200
    new_key = shown_key(response)
    assert hex_of(new_key) != old_secret
    account.refresh_from_db()
    assert account.totp_secret == old_secret  # nothing changes until the new app proves itself
    response = console.post("/console/security/", {"step": "confirm", "code": code_for(hex_of(new_key))})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.totp_secret == hex_of(new_key) and account.totp_confirmed
    assert AuditLogEntry.objects.filter(action="otp_replaced", account=account).count() == 1
    assert "您的其他会话已结束" in console.get("/console/security/").content.decode()
    assert console.get("/console/").status_code == 200  # this session goes on
    assert is_refused(site.get("/admin/"))  # sessions opened with the old factor end


def test_an_operator_resets_someone_elses_factor_but_not_their_own(cluster):
    operator = enrol_totp(make_account("ops", operator=True))
    person = enrol_totp(make_account("li", grants={cluster.peach: Role.SITE_ADMIN}))
    console = login("ops", otp_account=operator)
    reset = f"/console/accounts/{person.pk}/second-factor/reset/"
    assert console.get(reset).status_code == 405
    person.refresh_from_db()
    assert person.totp_confirmed
    assert f'action="{reset}"' in console.get(f"/console/accounts/{person.pk}/").content.decode()
    response = console.post(reset)
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.totp_confirmed and person.totp_secret == ""
    assert AuditLogEntry.objects.get(action="otp_reset").object_id == str(person.pk)
    # their own factor is changed on their security page, with their password and code
    response = console.post(f"/console/accounts/{operator.pk}/second-factor/reset/")
    assert response.status_code == 400 and "页面更换身份验证器应用" in response.content.decode()
    operator.refresh_from_db()
    assert operator.totp_confirmed


@override_settings(SITEGROUP_2FA_REQUIRED_FOR_ALL=False)
def test_an_editor_may_add_a_factor_with_the_password(cluster):
    account = make_account("he", grants={cluster.peach: Role.EDITOR})
    console = login("he")
    response = console.post("/console/security/", {"step": "verify", "password": PASSWORD})
    assert response.status_code == 200
    key = shown_key(response)
    response = console.post("/console/security/", {"step": "confirm", "code": code_for(hex_of(key))})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.totp_confirmed
    assert AuditLogEntry.objects.filter(action="otp_enrolled", account=account).exists()
