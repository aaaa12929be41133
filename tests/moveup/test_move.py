"""Moving a township into a section of its district: everything arrives, every reference follows."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from django_tenants.utils import tenant_context
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Page, Revision

from tenants.models import MoveUp, Tenant
from tenants.moveup import move_up
from tenants.signals import site_moved_up
from themes.models import FormField, PolicyAttachment

from ..themes.factories import configure_site
from .builders import add_section, build_township, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(cluster, django_capture_on_commit_callbacks):
    """peach (with every kind of content) moved into east's /townships/peach/."""
    township = build_township(cluster.peach)
    configure_site(cluster.east, "civic-blue")
    add_section(cluster.east)
    before = {"willow": snapshot(cluster.willow), "city": snapshot(cluster.city), "west": snapshot(cluster.west)}
    received = []

    def receiver(**kwargs):
        received.append(kwargs)

    site_moved_up.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            move = move_up(cluster.peach, "/townships/peach/")
            sent_before_commit = len(received)
    finally:
        site_moved_up.disconnect(receiver)
    return {"township": township, "move": MoveUp.objects.get(pk=move.pk), "before": before, "received": received,
            "sent_before_commit": sent_before_commit, "callbacks": callbacks}


def new_page(tenant, url_path_tail):
    with tenant_context(tenant):
        return Page.objects.get(url_path="/home/townships/peach/" + url_path_tail).specific


def test_counts_and_checksums_match_and_are_reported(moved):
    move = moved["move"]
    assert move.state == MoveUp.State.DONE
    before, after = move.counts["before"], move.counts["after"]
    assert before == after
    assert before["pages"] == 14 and before["images"] == 2 and before["documents"] == 1
    assert before["form_submissions"] == 2 and before["redirects"] == 1 and before["file_bytes"] > 0
    assert move.checksums["before"] == move.checksums["after"]
    assert set(move.checksums["before"]) >= {"pages", "revisions", "images", "documents", "files"}


def test_pages_land_in_the_section_with_history_and_publish_state(moved, cluster):
    with tenant_context(cluster.east):
        section = Page.objects.get(url_path="/home/townships/peach/").specific
        assert section.title == "桃花镇人民政府" and section.live
        assert type(section).__name__ == "ColumnPage"
        assert section.get_parent().slug == "townships"
        article = new_page(cluster.east, "news/villages/festival/")
        assert article.title == "桃花节隆重开幕" and article.live
        revisions = Revision.objects.filter(object_id=str(article.pk)).order_by("created_at")
        assert revisions.count() == 2
        assert article.live_revision_id == article.latest_revision_id == revisions.last().pk
        assert revisions.last().content["title"] == "桃花节隆重开幕"
        assert revisions.last().content["url_path"] == article.url_path
        # The tree is sound: treebeard's bookkeeping agrees with the rows.
        assert Page.find_problems() == ([], [], [], [], [])
        for page in Page.objects.filter(path__startswith=section.path):
            assert page.numchild == Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()


def test_every_reference_points_at_the_moved_objects(moved, cluster):
    with tenant_context(cluster.east):
        notice = new_page(cluster.east, "notices/power-cut/")
        article = new_page(cluster.east, "news/villages/festival/")
        policy = new_page(cluster.east, "policies/new-rules/")
        old_policy = new_page(cluster.east, "policies/old-rules/")
        topic = new_page(cluster.east, "festival-topic/")
        form = new_page(cluster.east, "consultation/")
        image = Image.objects.get(title="镇政府大楼")
        document = Document.objects.get(title="申报表")
        assert f'linktype="page" id="{notice.pk}"' in article.body
        assert f'linktype="document" id="{document.pk}"' in article.body
        assert re.search(rf'embedtype="image"[^>]* id="{image.pk}"', article.body)
        assert article.image_id == image.pk and topic.banner_id == image.pk
        assert f'linktype="page" id="{old_policy.pk}"' in policy.body
        assert old_policy.replaced_by_id == policy.pk
        assert [a.document_id for a in PolicyAttachment.objects.filter(page=policy)] == [document.pk]
        assert {c.url_path for c in topic.source_columns.all()} == {
            "/home/townships/peach/news/", "/home/townships/peach/news/villages/"}
        assert FormField.objects.filter(page=form).count() == 2
        assert sorted(s.form_data["xing_ming"] for s in FormSubmission.objects.filter(page=form)) == ["张三", "李四"]
        # Revisions carry the rewritten references too.
        live = Revision.objects.get(pk=article.live_revision_id).content
        assert f'linktype="page" id="{notice.pk}"' in live["body"] and live["image"] == image.pk
        policy_rev = Revision.objects.get(pk=policy.live_revision_id).content
        assert [a["document"] for a in policy_rev["attachments"]] == [document.pk]
        # Collections are recreated under one named after the township.
        assert image.collection.name == "照片" and image.collection.get_parent().name == "桃花镇人民政府"
        # The township's own redirect is re-pointed.
        redirect = Redirect.objects.get(old_path="/townships/peach/old-festival")
        assert redirect.redirect_page_id == article.pk
        # Files are in the parent's media folder.
        for obj in (image, document):
            assert obj.file.name.startswith(("original_images/peach/", "documents/peach/"))
            assert (Path(settings.MEDIA_ROOT) / cluster.east.schema_name / obj.file.name).is_file()
    assert not any(Path(moved["move"].staging_dir).glob("**/*.*"))


def test_moved_pages_and_files_are_served_on_the_parent_with_the_notice(moved, cluster, site_client):
    client = site_client(cluster.east)
    response = client.get("/townships/peach/news/villages/festival/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "桃花节隆重开幕" in html and "moved-notice" in html and "桃花镇人民政府" in html
    with tenant_context(cluster.east):
        image_url = Image.objects.get(title="镇政府大楼").file.url
        document_url = Document.objects.get(title="申报表").url
    assert image_url.startswith(f"/media/{cluster.east.schema_name}/")
    assert client.get(image_url).status_code == 200
    assert client.get(document_url).status_code == 200
    # The notice is only on the moved section.
    assert "moved-notice" not in client.get("/").content.decode()


def test_every_old_url_answers_301_to_its_new_url_on_each_old_domain(moved, cluster, site_client):
    township = moved["township"]
    expected = {
        township.urls["home"]: "/townships/peach/",
        township.urls["article"]: "/townships/peach/news/villages/festival/",
        township.urls["notice"]: "/townships/peach/notices/power-cut/",
        township.urls["policy"]: "/townships/peach/policies/new-rules/",
        township.urls["form"]: "/townships/peach/consultation/",
        "/old-festival": "/townships/peach/news/villages/festival/",
        "/news/villages/festival/print/": "/townships/peach/news/villages/festival/",
        "/no/such/page/": "/townships/peach/",
    }
    with tenant_context(cluster.east):
        document_url = Document.objects.get(title="申报表").url
        image_url = Image.objects.get(title="镇政府大楼").file.url
    assert township.urls["document_file"].startswith(f"/documents/{township.document.pk}/")
    assert township.urls["image_file"].startswith(f"/media/{cluster.peach.schema_name}/")
    expected[township.urls["document_file"]] = document_url
    expected[township.urls["image_file"]] = image_url
    for domain in ("peach.localhost", "peach-alias.example.cn"):
        client = site_client(domain)
        for old, new in expected.items():
            response = client.get(old)
            assert response.status_code == 301, (domain, old)
            assert response["Location"] == f"http://east.localhost{new}", (domain, old)
    response = site_client("peach.localhost").get(township.urls["news"] + "?page=2")
    assert response["Location"] == "http://east.localhost/townships/peach/news/?page=2"


def test_the_township_is_closed_and_kept_and_other_sites_are_untouched(moved, cluster):
    peach = Tenant.objects.get(slug="peach")
    assert peach.status == Tenant.Status.CLOSED
    assert set(peach.domains.values_list("domain", flat=True)) == {"peach.localhost", "peach-alias.example.cn"}
    with tenant_context(peach):
        # The township's schema keeps its content as history.
        assert Page.objects.filter(slug="festival").exists() and Image.objects.count() == 2
    assert snapshot(cluster.willow) == moved["before"]["willow"]
    assert snapshot(cluster.city) == moved["before"]["city"]
    assert snapshot(cluster.west) == moved["before"]["west"]
    with tenant_context(cluster.east):
        outside = Page.objects.exclude(url_path__startswith="/home/townships/peach/")
        assert not outside.filter(title__in=["桃花节隆重开幕", "停电通知", "意见征集"]).exists()
        assert Collection.objects.filter(name="桃花镇人民政府").count() == 1


def test_site_moved_up_is_sent_once_on_commit_with_the_url_map_and_section(moved, cluster):
    assert moved["sent_before_commit"] == 0
    assert len(moved["received"]) == 1
    sent = moved["received"][0]
    move = moved["move"]
    assert sent["source"].slug == "peach" and sent["target"].slug == "east"
    assert sent["section_path"] == "/townships/peach/" and sent["move"].pk == move.pk
    with tenant_context(cluster.east):
        assert Page.objects.get(pk=sent["section_page_id"]).url_path == "/home/townships/peach/"
    assert sent["url_map"]["/news/villages/festival/"] == "/townships/peach/news/villages/festival/"
    assert sent["url_map"] == move.url_map


def test_the_admin_search_and_usage_know_the_moved_objects_and_only_in_the_parent(moved, cluster):
    """Wagtail's own indexes (admin search, "Usage") are written in bulk after the copy, not per save."""
    from wagtail.models import ReferenceIndex

    with tenant_context(cluster.east):
        article = new_page(cluster.east, "news/villages/festival/")
        policy = new_page(cluster.east, "policies/new-rules/")
        image = Image.objects.get(title="镇政府大楼")
        document = Document.objects.get(title="申报表")
        assert article.pk in [page.pk for page in Page.objects.search("桃花节隆重开幕")]
        assert image.pk in [found.pk for found in Image.objects.search("镇政府大楼")]
        assert document.pk in [found.pk for found in Document.objects.search("申报表")]
        image_users = {ref.object_id for ref in ReferenceIndex.get_references_to(image)}
        document_users = {ref.object_id for ref in ReferenceIndex.get_references_to(document)}
        assert str(article.pk) in image_users
        assert {str(article.pk), str(policy.pk)} <= document_users        # body link and the attachment row
    with tenant_context(cluster.willow):
        assert not Page.objects.search("桃花节隆重开幕")
        assert not Image.objects.filter(title="镇政府大楼").exists()
