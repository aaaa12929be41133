"""manage.py site_health, background runs, and who is told what."""
import datetime
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page

from sitegroup.health.models import Alert, HealthRun, Probe
from sitegroup.identity.models import Role
from tests.identity.helpers import make_account

from ..conftest import run_worker
from .helpers import LocalServer, keep_every_column_fresh

pytestmark = pytest.mark.django_db


def _open_columns_long_ago(site, days=30):
    with tenant_context(site):
        Page.objects.filter(depth=3).update(first_published_at=timezone.now() - datetime.timedelta(days=days))


def test_site_health_prints_results_as_json_and_tells_only_that_sites_admins(cluster, english):
    make_account("peachadmin", email="admin@peach.example.cn", grants={cluster.peach: Role.SITE_ADMIN})
    make_account("willowadmin", email="admin@willow.example.cn", grants={cluster.willow: Role.SITE_ADMIN})
    keep_every_column_fresh(cluster.peach, now=timezone.now())
    _open_columns_long_ago(cluster.willow)
    out = io.StringIO()
    call_command("site_health", "--site", "peach", "--site", "willow", "--json", stdout=out)
    results = {r["site"]: r for r in json.loads(out.getvalue())}
    assert set(results) == {"peach", "willow"}
    assert results["peach"]["passed"] is True and results["willow"]["passed"] is False
    willow_items = {i["code"]: i for i in results["willow"]["items"]}
    assert willow_items["empty_columns"]["state"] == "fail" and willow_items["empty_columns"]["count"] == 5
    assert willow_items["empty_columns"]["since"] == (timezone.localdate() - datetime.timedelta(days=16)).isoformat()
    assert "新闻动态" in [d["label"] for d in willow_items["empty_columns"]["details"]]
    # Only willow's administrator is told, about willow.
    assert not Alert.objects.filter(site=cluster.peach).exists()
    assert Alert.objects.filter(site=cluster.willow, code="empty_columns", mailed=True).exists()
    assert [m.to for m in mail.outbox] == [["admin@willow.example.cn"]]
    assert "柳树街道办事处" in mail.outbox[0].subject and "桃花" not in mail.outbox[0].body
    # Alerts are per item and day: a second run the same day tells nobody again.
    call_command("site_health", "--site", "willow", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    # The plain output names the failing item, its columns and since when.
    out = io.StringIO()
    call_command("site_health", "--site", "willow", stdout=out)
    assert "willow: FAIL" in out.getvalue() and "Empty columns" in out.getvalue() and "新闻动态" in out.getvalue()


def test_unknown_site_is_a_clear_error(cluster):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No such site: nosuch"):
        call_command("site_health", "--site", "nosuch", stdout=io.StringIO())


def test_probe_mode_and_queued_runs_in_each_sites_schema(cluster, settings, queued):
    with LocalServer({"/peach/": (200, "<p>ok</p>", 0)}) as server:
        settings.SITEGROUP_HEALTH_PROBE_URL = server.url + "/{slug}/"
        out = io.StringIO()
        call_command("site_health", "--site", "peach", "--site", "willow", "--probe", stdout=out)
    assert "peach: ok" in out.getvalue() and "willow: FAILED" in out.getvalue()
    assert Probe.objects.filter(site=cluster.peach, ok=True).count() == 1
    out = io.StringIO()
    call_command("site_health", "--site", "peach", "--site", "willow", "--queue", stdout=out)
    assert "Queued health runs of 2 sites" in out.getvalue() and not HealthRun.objects.exists()
    results = [r for r in run_worker() if "site_health_task" in str(r.args_kwargs)]
    assert sorted((r.args_kwargs["args"][0], r.status) for r in results) == [
        (cluster.peach.schema_name, "SUCCESSFUL"), (cluster.willow.schema_name, "SUCCESSFUL")]
    assert set(HealthRun.objects.values_list("site__slug", flat=True)) == {"peach", "willow"}


def test_weekly_summary_goes_to_operators(cluster, operator, english):
    operator.email = "ops@city.example.cn"
    operator.save()
    _open_columns_long_ago(cluster.willow)
    call_command("site_health", "--site", "willow", "--site", "peach", stdout=io.StringIO())
    mail.outbox.clear()
    out = io.StringIO()
    call_command("site_health", "--weekly-summary", stdout=out)
    assert "sent to 1 operators" in out.getvalue()
    assert mail.outbox[0].to == ["ops@city.example.cn"] and "柳树街道办事处 (willow)" in mail.outbox[0].body
    assert "Sites checked: 2; failing a veto item: 1" in mail.outbox[0].body


def test_old_probes_runs_and_visitor_marks_are_pruned(cluster):
    from sitegroup.health.models import VisitorMark
    from sitegroup.health.retention import prune

    now = timezone.now()
    Probe.objects.create(site=cluster.peach, at=now - datetime.timedelta(days=31), ok=True)
    Probe.objects.create(site=cluster.peach, at=now - datetime.timedelta(days=6), ok=True)
    HealthRun.objects.create(site=cluster.peach, started_at=now - datetime.timedelta(days=401))
    kept = HealthRun.objects.create(site=cluster.willow, started_at=now - datetime.timedelta(days=300))
    VisitorMark.objects.create(site=cluster.peach, day=timezone.localdate() - datetime.timedelta(days=1), path="/",
                               visitor="0123456789abcdef")
    assert prune(now) == {"probes": 1, "runs": 1, "alerts": 0, "visitor_marks": 1}
    assert Probe.objects.count() == 1 and list(HealthRun.objects.all()) == [kept]
