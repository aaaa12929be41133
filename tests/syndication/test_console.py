"""The console's syndication section: late sites, items waiting for inactive sites, counts, routes."""
import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page

from sitegroup.identity.models import AuditLogEntry
from syndication.exchange.models import SidewaysRoute
from syndication.pushing import push_page, select_recipients
from tenants.lifecycle import set_status
from tests.identity.helpers import login, make_account

from .helpers import publish_item

pytestmark = pytest.mark.django_db


def test_operators_see_late_sites_and_items_waiting_for_inactive_sites(cluster, operator_console):
    notice = publish_item(cluster.city, "迟到的通知", "<p>正文</p>")
    sent_at = timezone.now() - datetime.timedelta(hours=30)
    with tenant_context(cluster.city):
        push_page(Page.objects.get(pk=notice.pk), recipients=select_recipients(cluster.city, scope="subtree"),
                  column_type="notice", now=sent_at, deadline=sent_at + datetime.timedelta(hours=24))
    set_status(cluster.willow, "suspended")
    html = operator_console.get("/console/syndication/").content.decode()
    overdue = html.split('class="data syndication-overdue"')[1].split("</table>")[0]
    assert "东区人民政府" in overdue and "迟到的通知" in overdue and "柳树街道办事处" not in overdue
    stranded = html.split('class="data syndication-stranded"')[1].split("</table>")[0]
    assert "柳树街道办事处" in stranded
    home = operator_console.get("/console/").content.decode()
    assert "/console/syndication/" in home


def test_operators_allow_and_remove_a_sideways_route_and_it_is_audited(cluster, operator_console):
    response = operator_console.post("/console/syndication/routes/", {
        "sender": "east", "recipient": "west", "reason": "联合防汛"})
    assert response.status_code == 302
    route = SidewaysRoute.objects.get(sender=cluster.east, recipient=cluster.west)
    entry = AuditLogEntry.objects.get(action="syndication_route_allowed")
    assert entry.actor == "ops" and entry.data["target_site"] == "west" and entry.site_slug == "east"
    operator_console.post("/console/syndication/routes/", {"sender": "testcity", "recipient": "east", "reason": "x"})
    assert SidewaysRoute.objects.count() == 1                      # below already: no route needed
    operator_console.post(f"/console/syndication/routes/{route.pk}/remove/")
    assert not SidewaysRoute.objects.exists()
    assert AuditLogEntry.objects.filter(action="syndication_route_removed", site_slug="east").exists()


def test_staff_who_are_not_operators_cannot_open_the_section(cluster):
    make_account("editor-only", grants={cluster.peach: "editor"})
    client = login("editor-only")
    assert client.get("/console/syndication/").status_code == 403
    assert client.post("/console/syndication/routes/", {"sender": "east", "recipient": "west",
                                                        "reason": "x"}).status_code == 403
    assert not SidewaysRoute.objects.exists()
