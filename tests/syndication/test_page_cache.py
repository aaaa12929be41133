"""With the page cache on, a live reference's cached copy follows a correction or a withdrawal of
the original at once, before any worker has re-mirrored it; other sites' cached pages stay."""
from unittest import mock

import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Page

from syndication.pushing import push_page, select_recipients

from .helpers import publish_item, republish, standing_rule

pytestmark = pytest.mark.django_db

BODY = "<p>各地要在24小时内转发本通知，做好防汛应急准备。</p>"


@pytest.fixture
def page_cache(settings):
    settings.SITEGROUP_PAGE_CACHE = True


@pytest.fixture
def no_worker():
    """The re-mirroring tasks queued but never run: what a visitor sees before the worker gets there."""
    with mock.patch("syndication.corrections.refresh_reference") as refresh, \
            mock.patch("syndication.corrections.withdraw_reference") as withdraw:
        yield refresh, withdraw


def cached_get(client, path):
    response = client.get(path)
    return response, response["X-Sitegroup-Cache"]


def pushed_reference(cluster):
    standing_rule(cluster.east, "copy")
    standing_rule(cluster.peach, "reference")
    notice = publish_item(cluster.city, "防汛通知", BODY)
    with tenant_context(cluster.city):
        push = push_page(Page.objects.get(pk=notice.pk), recipients=select_recipients(cluster.city, scope="subtree"),
                         column_type="notice").push
    return notice, push


def test_a_correction_reaches_the_cached_live_reference_at_once(cluster, site_client, page_cache, no_worker,
                                                                 django_capture_on_commit_callbacks):
    notice, push = pushed_reference(cluster)
    peach, east = site_client(cluster.peach), site_client(cluster.east)
    path = f"/notices/pushed-{push.pk}/"
    for client in (peach, east):
        cached_get(client, path)
        assert cached_get(client, path)[1] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        republish(cluster.city, notice, body="<p>更正：各地要在12小时内转发本通知。</p>")

    assert no_worker[0].enqueue.called
    response, status = cached_get(peach, path)
    assert status != "hit" and "12小时内" in response.content.decode()
    # the copy on another site keeps its own text (an update is only offered) and its cached page
    response, status = cached_get(east, path)
    assert status == "hit" and "24小时内" in response.content.decode()


def test_a_withdrawn_original_leaves_the_cached_live_reference_at_once(cluster, site_client, page_cache, no_worker,
                                                                      django_capture_on_commit_callbacks):
    notice, push = pushed_reference(cluster)
    peach = site_client(cluster.peach)
    path = f"/notices/pushed-{push.pk}/"
    cached_get(peach, path)
    assert cached_get(peach, path)[1] == "hit"

    with django_capture_on_commit_callbacks(execute=True), tenant_context(cluster.city):
        Page.objects.get(pk=notice.pk).unpublish()

    assert no_worker[1].enqueue.called
    response, status = cached_get(peach, path)
    assert status != "hit" and "24小时内" not in response.content.decode()
