"""Helpers for tests that sign staff in on the platform and hand them off into sites."""
from urllib.parse import urlsplit

from django.test import Client

from sitegroup.identity import totp
from sitegroup.identity.models import SiteGrant, StaffAccount

PLATFORM = "localhost"
PASSWORD = "Gov-Portal-2024!x"


def make_account(username, *, grants=None, operator=False, password=PASSWORD, **fields):
    account = StaffAccount(username=username, is_operator=operator, **fields)
    account.set_password(password)
    account.save()
    for site, role in (grants or {}).items():
        SiteGrant.objects.create(account=account, site=site, role=role)
    return account


def platform_client():
    return Client(HTTP_HOST=PLATFORM)


def enrol_totp(account):
    """Give the account a confirmed authenticator, as after the set-up step."""
    account.totp_secret = totp.new_secret()
    account.totp_confirmed = True
    account.save()
    return account


def login(username, password=PASSWORD, *, otp_account=None):
    """Sign in on the platform; returns the platform client (asserts success)."""
    client = platform_client()
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    if otp_account is not None:
        assert response["Location"].startswith("/login/2fa/")
        otp_account.refresh_from_db()
        response = client.post("/login/2fa/", {"code": totp.current_code(otp_account)})
        assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/console/"
    return client


def handoff_url(platform, site, next_url="/admin/"):
    """Ask the console for a hand-off into `site`; returns (host, path-with-token)."""
    response = platform.post(f"/console/sites/{site.slug}/enter/", {"next": next_url})
    assert response.status_code == 302, response.status_code
    parts = urlsplit(response["Location"])
    return parts.hostname, parts.path + "?" + parts.query


def enter(platform, site, next_url="/admin/"):
    """Follow a hand-off into a site with a fresh browser for that host (cookies are host-only)."""
    host, path = handoff_url(platform, site, next_url)
    assert host == site.primary_domain_name()
    client = Client(HTTP_HOST=host)
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == next_url, response.content.decode()[:1000]
    return client


def is_refused(response):
    """403, or a redirect to a login page: never content."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and "/login/" in response["Location"]
