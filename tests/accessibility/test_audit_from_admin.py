"""Site admins start a whole-site audit from the admin report; it is queued as a background task."""
import pytest
from django.contrib.auth import get_user_model
from django_tasks_db.models import DBTaskResult
from django_tenants.utils import tenant_context

from sitegroup.identity.models import Role

from ..identity.helpers import enter, login, make_account
from ..themes.factories import configure_site

pytestmark = pytest.mark.django_db
PASSWORD = "Audit-Admin-2024!x"


def test_a_site_admin_queues_an_audit_of_their_own_site(cluster, site_client, queued):
    configure_site(cluster.peach, "gov-classic")
    with tenant_context(cluster.peach):
        get_user_model().objects.create_superuser("chief", "c@example.cn", PASSWORD)
    client = site_client(cluster.peach)
    client.post("/admin/login/", {"username": "chief", "password": PASSWORD})
    report = client.get("/admin/accessibility/audits/").content.decode()
    assert 'action="/admin/accessibility/audits/run/"' in report
    response = client.post("/admin/accessibility/audits/run/", follow=True)
    assert response.status_code == 200
    [queued_task] = DBTaskResult.objects.filter(args_kwargs__args__1="accessibility.tasks.audit_site_task")
    assert queued_task.args_kwargs["args"] == [cluster.peach.schema_name, "accessibility.tasks.audit_site_task",
                                               [cluster.peach.pk], {}]


def test_an_editor_cannot_start_an_audit(cluster, queued):
    make_account("clerk", grants={cluster.willow: Role.EDITOR})
    client = enter(login("clerk"), cluster.willow)                     # the editor's way in: hand-off
    assert client.get("/admin/").status_code == 200
    assert 'audits/run/' not in client.get("/admin/accessibility/audits/").content.decode()
    refused = client.post("/admin/accessibility/audits/run/")
    # Wagtail answers PermissionDenied in its admin with a redirect to the dashboard and a message.
    assert (refused.status_code, refused.get("Location")) in ((403, None), (302, "/admin/"))
    assert not DBTaskResult.objects.filter(args_kwargs__args__1="accessibility.tasks.audit_site_task").exists()
