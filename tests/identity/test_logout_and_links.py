"""Platform logout ends every site session; bad parameters get 400/404 with a message, never a 500;
the audit log's client address can only come from a configured proxy."""
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from sitegroup.identity.models import AuditLogEntry, Role
from tests.identity.helpers import PASSWORD, enter, handoff_url, is_refused, login, make_account, platform_client

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_platform_logout_ends_the_persons_site_sessions(cluster):
    make_account("wu", grants={cluster.peach: Role.EDITOR, cluster.willow: Role.EDITOR})
    platform = login("wu")
    peach, willow = enter(platform, cluster.peach), enter(platform, cluster.willow)
    elsewhere = login("wu")  # the same person in another browser
    _host, unused_handoff = handoff_url(platform, cluster.peach)
    assert peach.get("/admin/").status_code == 200 and willow.get("/admin/").status_code == 200
    platform.post("/logout/")
    assert is_refused(peach.get("/admin/"))
    assert is_refused(willow.get("/admin/"))
    assert Client(HTTP_HOST=cluster.peach.primary_domain_name()).get(unused_handoff).status_code == 403
    assert elsewhere.get("/console/").status_code == 302
    assert AuditLogEntry.objects.filter(action="logout", site__isnull=True, actor="wu").count() == 1
    # signing in again works as usual
    assert enter(login("wu"), cluster.peach).get("/admin/").status_code == 200


@pytest.mark.parametrize("query", ["site=a%20b", "site=../x", "site=%E6%A1%83", "site=" + "x" * 300])
def test_a_malformed_site_parameter_is_a_400_with_a_message(cluster, query):
    make_account("qin", grants={cluster.peach: Role.EDITOR})
    signed_in = login("qin")
    response = signed_in.get(f"/login/?{query}")
    assert response.status_code == 400
    assert "此链接中的网站标识无效" in response.content.decode()
    # before signing in too, and the sign-in itself
    anonymous = platform_client()
    assert anonymous.get(f"/login/?{query}").status_code == 400
    response = anonymous.post(f"/login/?{query}", {"username": "qin", "password": PASSWORD})
    assert response.status_code == 400


def test_an_unknown_site_is_a_404(cluster):
    make_account("qin", grants={cluster.peach: Role.EDITOR})
    response = login("qin").get("/login/?site=nosuchsite")
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert login("qin").get(response["Location"]).status_code == 404


SETTINGS_PROBE = """
import importlib, json, os, shutil
seen = {}
for value in (None, "127.0.0.1, ::1"):
    os.environ.pop("SITEGROUP_TRUSTED_PROXIES", None)
    if value:
        os.environ["SITEGROUP_TRUSTED_PROXIES"] = value
    importlib.reload(importlib.import_module("sitegroup.settings.base"))
    for name in ("dev", "test", "production"):
        module = importlib.reload(importlib.import_module("sitegroup.settings." + name))
        seen[name + (" configured" if value else "")] = module.SITEGROUP_TRUSTED_PROXIES
        if name == "test":
            shutil.rmtree(module.MEDIA_ROOT, ignore_errors=True)
print(json.dumps(seen))
"""


def test_no_settings_module_trusts_x_real_ip_unless_configured():
    env = {key: value for key, value in os.environ.items() if key != "SITEGROUP_TRUSTED_PROXIES"}
    env.update(DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS=".gov.example.cn")
    result = subprocess.run([sys.executable, "-c", SETTINGS_PROBE], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "dev": [], "test": [], "production": [],
        "dev configured": ["127.0.0.1", "::1"], "test configured": ["127.0.0.1", "::1"],
        "production configured": ["127.0.0.1", "::1"],
    }


def test_a_loopback_client_cannot_spoof_the_audit_address_by_default(cluster):
    Client(HTTP_HOST="localhost").post("/login/", {"username": "spoof", "password": "x"},
                                       REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.250")
    assert AuditLogEntry.objects.get(actor="spoof").ip_address == "127.0.0.1"
