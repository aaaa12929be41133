"""The console's Legacy import section: dry run and import as background tasks, runs shown per site."""
import pytest
from django_tenants.utils import tenant_context

from sitegroup.identity.models import AuditLogEntry
from sitegroup.legacy_import.models import ImportRun
from themes.models import ContentPage

pytestmark = pytest.mark.django_db


def test_an_operator_runs_a_dry_run_then_the_import_from_the_console(cluster, operator_console, legacy_server):
    form = {"site": "peach", "source": legacy_server.url, "unmapped": "create", "max_pages": 100, "mapping": ""}
    response = operator_console.post("/console/imports/start/", {**form, "action": "dry_run"})
    assert response.status_code == 302 and response["Location"].endswith("?site=peach")
    with tenant_context(cluster.peach):
        assert not ContentPage.objects.exists()
        dry = ImportRun.objects.get()
        assert dry.options["dry_run"] and "新闻动态: {action: import, target: news, type: article}" in \
            dry.report["mapping"]
    page = operator_console.get("/console/imports/?site=peach")
    assert "新闻动态: {action: import, target: news, type: article}" in page.content.decode()

    operator_console.post("/console/imports/start/", {**form, "action": "import"})
    with tenant_context(cluster.peach):
        assert ContentPage.objects.live().count() == 6
        assert ImportRun.objects.filter(finished_at__isnull=False, options__dry_run__isnull=True).count() == 1
    with tenant_context(cluster.willow):
        assert not ContentPage.objects.exists() and not ImportRun.objects.exists()
    page = operator_console.get("/console/imports/?site=peach").content.decode()
    assert "关于端午节放假安排的通知" in page  # kept as a draft, listed
    assert AuditLogEntry.objects.filter(action="legacy_import_started", site=cluster.peach).exists()


def test_a_mapping_with_an_unknown_column_is_refused_in_the_form(cluster, operator_console, legacy_server):
    response = operator_console.post("/console/imports/start/", {
        "site": "peach", "source": legacy_server.url, "unmapped": "create", "max_pages": 100, "action": "import",
        "mapping": "columns:\n  新闻动态: {action: import, target: nowhere}\n"})
    assert response.status_code == 200 and "nowhere" in response.content.decode()
    assert legacy_server.requests == []


def test_only_operators_open_the_section(cluster, legacy_server):
    from sitegroup.identity.models import Role
    from tests.identity.helpers import login, make_account

    make_account("editor1", grants={cluster.peach: Role.EDITOR})
    client = login("editor1")
    assert client.get("/console/imports/").status_code == 403
    assert client.post("/console/imports/start/", {"site": "peach", "source": legacy_server.url}).status_code == 403
    assert legacy_server.requests == []
