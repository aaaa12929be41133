"""The database task queue: tasks queued on a site run in that site's schema in the worker.

The worker (`manage.py db_worker`) lives in the public schema, like the queue table.
"""
import datetime

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tenants.utils import tenant_context
from wagtail.models import Collection, Page

from search.backends.base import SearchRequest, get_backend
from tenants.provisioning import SiteSpec, provision_site
from tests.conftest import run_worker
from tests.sitegroup.probe_tasks import leave_a_mark
from themes.models import ArticlePage

pytestmark = pytest.mark.django_db


def marks(tenant):
    with tenant_context(tenant):
        return set(Collection.objects.filter(name__startswith="mark-").values_list("name", flat=True))


def test_tasks_run_in_the_schema_they_were_queued_from(cluster, queued):
    with tenant_context(cluster.peach):
        leave_a_mark.enqueue("mark-peach")
    with tenant_context(cluster.willow):
        leave_a_mark.enqueue("mark-willow")
    assert marks(cluster.peach) == marks(cluster.willow) == set()        # queued, not run
    queue = DBTaskResult.objects.filter(task_path="sitegroup.tasks.schema.run_in_schema")
    assert queue.count() == 2

    results = run_worker()
    assert [r.status for r in results] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert [r.return_value for r in results] == [cluster.peach.schema_name, cluster.willow.schema_name]
    assert marks(cluster.peach) == {"mark-peach"}
    assert marks(cluster.willow) == {"mark-willow"}
    assert marks(cluster.east) == set()


def test_wagtails_own_tasks_follow_their_site(cluster, queued):
    """Wagtail queues its search-index updates; the worker must apply them to the right site."""
    with tenant_context(cluster.peach):
        news = Page.objects.get(slug="news")
        page = news.add_child(instance=ArticlePage(title="Zanzibarian ferry timetable", slug="ferry",
                                                   publish_date=timezone.now()))
        page.save_revision().publish()
        assert not ArticlePage.objects.live().search("Zanzibarian").results().__len__()
    assert DBTaskResult.objects.filter(args_kwargs__args__1="modelsearch.tasks.insert_or_update_object_task").exists()

    run_worker()
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    with tenant_context(cluster.peach):
        assert [p.title for p in ArticlePage.objects.live().search("Zanzibarian")] == ["Zanzibarian ferry timetable"]
    with tenant_context(cluster.willow):
        assert not list(ArticlePage.objects.live().search("Zanzibarian"))


def test_the_cross_site_index_catches_up_when_the_worker_runs(cluster, queued):
    with tenant_context(cluster.peach):
        page = Page.objects.get(slug="news").add_child(instance=ArticlePage(
            title="桃花镇防汛演练", slug="flood-drill", publish_date=timezone.now() - datetime.timedelta(days=1)))
        page.save_revision().publish()                                # a leaf: indexed at once
        page.move(Page.objects.get(slug="notices"), pos="last-child")  # a subtree: queued
    [hit] = get_backend().search(SearchRequest(q="防汛演练")).hits
    assert hit.url_path == "/news/flood-drill/"

    run_worker()
    [hit] = get_backend().search(SearchRequest(q="防汛演练")).hits
    assert (hit.site_slug, hit.url_path) == ("peach", "/notices/flood-drill/")


def test_a_task_of_a_deleted_site_is_dropped_never_run_elsewhere(cluster, queued):
    doomed = provision_site(SiteSpec(slug="doomed", name="待撤销镇", level="township", parent="east"))
    DBTaskResult.objects.all().delete()                          # its provisioning re-index
    with tenant_context(doomed):
        leave_a_mark.enqueue("mark-doomed")
    # The registry row goes; its schema is left behind (as it is while an archive is taken).
    type(doomed).objects.filter(pk=doomed.pk).delete()

    [result] = run_worker()
    assert result.status == "SUCCESSFUL" and result.return_value is None
    for tenant in (cluster.city, cluster.east, cluster.peach):
        assert marks(tenant) == set()
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{doomed.schema_name}".wagtailcore_collection WHERE name LIKE %s',
                       ["mark-%"])
        assert cursor.fetchone()[0] == 0                         # not even in the orphaned schema


def test_a_wrong_task_setting_stops_start_up_with_a_clear_message():
    import os
    import subprocess
    import sys

    env = {**os.environ, "SITEGROUP_TASKS": "rabbit", "DJANGO_SETTINGS_MODULE": "sitegroup.settings.dev"}
    done = subprocess.run([sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0
    assert "SITEGROUP_TASKS must be one of immediate, database, not 'rabbit'" in done.stderr


def test_a_task_run_inline_from_the_console_reverses_page_urls_as_a_worker_would(cluster, settings):
    """The console runs on the platform host, whose URLconf has no page URLs; an inline task must not inherit it."""
    from django.urls import get_urlconf, set_urlconf

    from tests.sitegroup.probe_tasks import home_page_path

    set_urlconf(settings.PUBLIC_SCHEMA_URLCONF)                         # as during a console request
    try:
        with tenant_context(cluster.peach):
            result = home_page_path.enqueue()
        assert result.status == "SUCCESSFUL", result.errors
        assert result.return_value == "/"
        assert get_urlconf() == settings.PUBLIC_SCHEMA_URLCONF          # the request's own is given back
    finally:
        set_urlconf(None)
