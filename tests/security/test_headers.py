"""Security headers, production settings, malformed hosts."""
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import Client

from sitegroup.identity.models import Role
from tests.identity.helpers import enter, login, make_account

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_with_production_settings_is_clean():
    env = {**os.environ, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
           "DJANGO_ALLOWED_HOSTS": ".gov.example.cn", "DJANGO_SETTINGS_MODULE": "sitegroup.settings.production",
           "SITEGROUP_TRUSTED_PROXIES": "127.0.0.1,::1",
           "SITEGROUP_INTERACTION_KEYS": Fernet.generate_key().decode()}
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING",
               "--settings=sitegroup.settings.production"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # without the proxy's address every client would look like the proxy (audit log, lockout)
    del env["SITEGROUP_TRUSTED_PROXIES"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "sitegroup.W001" in result.stdout + result.stderr
    # without keys of its own, personal data would be encrypted with a key derived from the secret key
    env["SITEGROUP_TRUSTED_PROXIES"] = "127.0.0.1,::1"
    del env["SITEGROUP_INTERACTION_KEYS"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "interaction.W001" in result.stdout + result.stderr


def test_production_cookies_are_secure_and_local_site_logins_off():
    env = {**os.environ, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": ".gov.example.cn"}
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS > 0, s.SITEGROUP_SITE_LOCAL_LOGIN, s.X_FRAME_OPTIONS)")
    result = subprocess.run(
        [sys.executable, "-c",
         "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sitegroup.settings.production';"
         "django.setup();" + code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True", "True", "True", "True", "off", "SAMEORIGIN"], result.stderr


def test_our_pages_get_a_csp_without_inline_scripts(cluster, site_client):
    for client, path in ((Client(HTTP_HOST="localhost"), "/"), (Client(HTTP_HOST="localhost"), "/login/"),
                         (site_client(cluster.peach), "/")):
        response = client.get(path)
        assert response.status_code == 200
        csp = response["Content-Security-Policy"]
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp.split("style-src")[0]
        assert "object-src 'none'" in csp and "frame-ancestors 'self'" in csp
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "camera=()" in response["Permissions-Policy"]
        # and our templates indeed carry no inline script: every <script> loads a file
        scripts = re.findall(rb"<script\b([^>]*)>(.*?)</script>", response.content, re.S)
        assert all(b"src=" in attributes and not body.strip() for attributes, body in scripts), scripts


def test_admin_gets_its_own_policy(cluster):
    make_account("zhang", grants={cluster.peach: Role.EDITOR})
    peach = enter(login("zhang"), cluster.peach)
    csp = peach.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in csp and "frame-ancestors 'self'" in csp


def test_session_cookies_are_http_only(cluster):
    response = Client(HTTP_HOST="localhost").post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    make_account("zhang")
    response = Client(HTTP_HOST="localhost").post("/login/", {"username": "zhang", "password": "Gov-Portal-2024!x"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.parametrize("host", ["peach.localhost:abc", "bad host", "peach.localhost/evil", "-x-.localhost\\@a"])
def test_malformed_host_gets_400_and_never_a_site(cluster, host):
    response = Client(HTTP_HOST=host).get("/")
    assert response.status_code == 400
    assert cluster.peach.name.encode() not in response.content
