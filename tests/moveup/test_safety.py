"""An interrupted move leaves the township as it was; resume completes it; rollback restores it."""
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.images.models import Image
from wagtail.models import Page

from tenants.models import MoveUp, Tenant
from tenants.moveup import MoveUpFailed, MoveUpRefused, copying, engine, move_up, resume_move, rollback_move_of
from tenants.moveup.state import staging_root
from tenants.signals import site_move_rolled_back

from .builders import add_section, build_township, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def prepared(cluster):
    township = build_township(cluster.peach)
    add_section(cluster.east)
    return township


def fail_after_half_the_pages(monkeypatch):
    original, calls = copying.Copier.copy_page, []

    def copy_page(self, obj, source_page):
        calls.append(source_page.pk)
        if len(calls) > len(self.content.pages) // 2:
            raise RuntimeError("disk full (injected)")
        return original(self, obj, source_page)

    monkeypatch.setattr(copying.Copier, "copy_page", copy_page)
    return calls


def staged_files(move):
    root = staging_root() / f"move-{move.pk}"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_interrupted_move_leaves_the_old_site_whole_then_resume_completes_it(
        prepared, cluster, site_client, monkeypatch, django_capture_on_commit_callbacks):
    east_before = snapshot(cluster.east)
    calls = fail_after_half_the_pages(monkeypatch)
    with pytest.raises(MoveUpFailed, match="--resume"):
        move_up(cluster.peach, "/townships/peach/")
    assert len(calls) > 3  # it really stopped part-way through the pages
    move = MoveUp.objects.get(source=cluster.peach)
    assert move.state == MoveUp.State.COPYING and "disk full" in move.error
    # The public sees the old site, whole; the parent has no half section; nothing staged is left.
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.ACTIVE
    response = site_client(cluster.peach).get(prepared.urls["article"])
    assert response.status_code == 200 and "桃花节隆重开幕" in response.content.decode()
    assert snapshot(cluster.east) == east_before
    assert site_client(cluster.east).get("/townships/peach/").status_code == 404
    assert staged_files(move) == []
    # A plain second attempt is refused: the unfinished move must be resumed or rolled back.
    with pytest.raises(MoveUpRefused, match="--resume"):
        move_up(cluster.peach, "/townships/peach/")

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        move = resume_move("peach")
    move.refresh_from_db()
    assert move.state == MoveUp.State.DONE
    assert move.counts["before"] == move.counts["after"]
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.CLOSED
    response = site_client(cluster.peach).get(prepared.urls["article"])
    assert response.status_code == 301
    assert response["Location"] == "http://east.localhost/townships/peach/news/villages/festival/"
    assert site_client(cluster.east).get("/townships/peach/news/villages/festival/").status_code == 200
    assert staged_files(move) == []


def test_a_crash_after_commit_is_finished_by_resume(prepared, cluster, monkeypatch, django_capture_on_commit_callbacks):
    # The transaction commits but the process dies before the staged files are put in place.
    monkeypatch.setattr(engine, "finish_move", lambda move_id: None)
    with django_capture_on_commit_callbacks(execute=True):
        move = move_up(cluster.peach, "/townships/peach/")
    assert move.state == MoveUp.State.VERIFIED and staged_files(move)
    monkeypatch.undo()
    move = resume_move("peach")
    assert move.state == MoveUp.State.DONE and staged_files(move) == []
    with tenant_context(cluster.east):
        for image in Image.objects.filter(file__contains="/peach/"):
            assert (Path(settings.MEDIA_ROOT) / cluster.east.schema_name / image.file.name).is_file()


def test_rollback_restores_the_township_and_removes_the_section(
        prepared, cluster, site_client, django_capture_on_commit_callbacks):
    east_before = snapshot(cluster.east)
    peach_before = snapshot(cluster.peach)
    with django_capture_on_commit_callbacks(execute=True):
        move = move_up(cluster.peach, "/townships/peach/")
    with tenant_context(cluster.east):
        moved_files = [Path(settings.MEDIA_ROOT) / cluster.east.schema_name / i.file.name
                       for i in Image.objects.filter(collection__name="照片")]
    assert moved_files and all(p.is_file() for p in moved_files)
    received = []
    site_move_rolled_back.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="test-rollback")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            move = rollback_move_of("peach")
        move.refresh_from_db()
    finally:
        site_move_rolled_back.disconnect(dispatch_uid="test-rollback")
    assert move.state == MoveUp.State.ROLLED_BACK and move.url_map == {}
    assert len(received) == 1 and received[0]["section_path"] == "/townships/peach/"
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.ACTIVE
    response = site_client(cluster.peach).get(prepared.urls["article"])
    assert response.status_code == 200 and "桃花节隆重开幕" in response.content.decode()
    assert site_client(cluster.east).get("/townships/peach/").status_code == 404
    east_after = snapshot(cluster.east)
    # Every row the move created is gone (ids are not reused, so compare the content).
    assert east_after == east_before
    assert snapshot(cluster.peach) == peach_before
    assert not any(p.exists() for p in moved_files)
    with tenant_context(cluster.east):
        assert Page.find_problems() == ([], [], [], [], [])
    # A rolled-back township can be moved again.
    with django_capture_on_commit_callbacks(execute=True):
        again = move_up(cluster.peach, "/townships/peach/")
    again.refresh_from_db()
    assert again.state == MoveUp.State.DONE


def test_rollback_is_refused_after_the_window(prepared, cluster, settings, django_capture_on_commit_callbacks):
    settings.SITEGROUP_MOVEUP_ROLLBACK_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        move = move_up(cluster.peach, "/townships/peach/")
    MoveUp.objects.filter(pk=move.pk).update(finished_at=timezone.now() - timezone.timedelta(days=31))
    with pytest.raises(MoveUpRefused, match="30"):
        rollback_move_of("peach")
    assert Tenant.objects.get(slug="peach").status == Tenant.Status.CLOSED
