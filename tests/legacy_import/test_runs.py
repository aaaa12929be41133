"""Dry run and mapping file, interrupted and resumed runs, saved folders, and input that cannot be read."""
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tenants.utils import tenant_context
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

from sitegroup.legacy_import.fetching import HttpFetcher
from sitegroup.legacy_import.models import ImportRun, LegacyItem
from themes.models import ArticlePage, ColumnPage, ContentPage, NoticePage

from .test_import_site import import_site

pytestmark = pytest.mark.django_db


def test_a_dry_run_writes_nothing_and_proposes_an_editable_mapping(cluster, legacy_server, tmp_path):
    mapping_file = tmp_path / "mapping.yaml"
    output = import_site("peach", legacy_server.url, "--dry-run", "--write-mapping", str(mapping_file))
    with tenant_context(cluster.peach):
        assert not LegacyItem.objects.exists() and not ImportRun.objects.exists()
        assert not ContentPage.objects.exists() and not Image.objects.exists()
        assert not ColumnPage.objects.filter(title="村务公开").exists()
    proposal = mapping_file.read_text("utf-8")
    assert "新闻动态: {action: import, target: news, type: article}  # 3" in proposal
    assert "通知公告: {action: import, target: notices, type: notice}  # 2" in proposal
    assert "政策文件: {action: import, target: policies, type: policy}  # 1" in proposal
    assert "村务公开: {action: create, type: article}  # 1" in proposal
    assert "robots.txt" in output


def test_an_edited_mapping_decides_where_pages_go(cluster, legacy_server, tmp_path):
    mapping_file = tmp_path / "mapping.yaml"
    mapping_file.write_text("columns:\n"
                            "  新闻动态: {action: import, target: about, type: article}\n"
                            "  通知公告: {action: import, target: notices, type: notice}\n"
                            "  政策文件: {action: skip}\n"
                            "  村务公开: {action: skip}\n", "utf-8")
    import_site("peach", legacy_server.url, "--mapping", str(mapping_file))
    with tenant_context(cluster.peach):
        about = Page.objects.get(slug="about")
        assert ArticlePage.objects.child_of(about).live().count() == 3
        assert NoticePage.objects.live().count() == 1
        assert not ColumnPage.objects.filter(title="村务公开").exists()
        skipped = LegacyItem.objects.get(url__endswith="art_104_4001.html")
        assert skipped.status == LegacyItem.Status.SKIPPED and "村务公开" in skipped.reason


def test_a_mapping_naming_a_column_the_site_lacks_is_refused_before_anything_is_imported(cluster, legacy_server,
                                                                                        tmp_path):
    mapping_file = tmp_path / "mapping.yaml"
    mapping_file.write_text("columns:\n  新闻动态: {action: import, target: no-such-column}\n"
                            "  通知公告: {action: import, target: news, type: leaflet}\n", "utf-8")
    with pytest.raises(CommandError) as refused:
        import_site("peach", legacy_server.url, "--mapping", str(mapping_file))
    assert "no-such-column" in str(refused.value) and "leaflet" in str(refused.value)
    assert legacy_server.requests == []
    with tenant_context(cluster.peach):
        assert not LegacyItem.objects.exists() and not ContentPage.objects.exists()


def test_an_interrupted_import_leaves_drafts_and_resumes_without_duplicates(cluster, legacy_server, monkeypatch):
    real_fetch, calls = HttpFetcher.fetch, []

    def fetch_then_fail(self, url):
        calls.append(url)
        if len(calls) == 9:
            raise KeyboardInterrupt
        return real_fetch(self, url)

    monkeypatch.setattr(HttpFetcher, "fetch", fetch_then_fail)
    with pytest.raises(CommandError, match="run the same command again|再次运行"):
        import_site("peach", legacy_server.url)
    with tenant_context(cluster.peach):
        made = list(ContentPage.objects.values_list("title", flat=True))
        assert made, "the run was interrupted after some articles were imported"
        assert not ContentPage.objects.live().exists()
        assert not Redirect.objects.exists()
        assert ImportRun.objects.get().finished_at is None
    fetched_before = list(legacy_server.requests)

    monkeypatch.setattr(HttpFetcher, "fetch", real_fetch)
    import_site("peach", legacy_server.url)
    with tenant_context(cluster.peach):
        titles = list(ContentPage.objects.values_list("title", flat=True))
        assert len(titles) == len(set(titles)) == 7
        assert ContentPage.objects.live().count() == 6  # all but the defaced page
        assert ImportRun.objects.get().finished_at is not None
        assert Image.objects.count() == 2
        assert Redirect.objects.filter(old_path="/art/2019/3/5/art_101_1001.html").count() == 1
    refetched = [path for path in legacy_server.requests[len(fetched_before):]
                 if path in fetched_before and path.startswith("/art/")]
    assert refetched == []

    # A third run finds nothing new and changes nothing.
    import_site("peach", legacy_server.url)
    with tenant_context(cluster.peach):
        assert ContentPage.objects.count() == 7 and Image.objects.count() == 2


def test_a_saved_folder_imports_the_same_way(cluster, legacy_folder, site_client):
    output = import_site("willow", str(legacy_folder), "--base-url", "http://www.qingshi.gov.cn/")
    with tenant_context(cluster.willow):
        river = ArticlePage.objects.get(title="青石镇开展河道清洁行动")  # a GBK file on disk
        assert river.live and "五水共治" in river.body
        assert ContentPage.objects.live().count() == 6
        assert LegacyItem.objects.filter(url="http://www.qingshi.gov.cn/art/2019/4/12/art_101_1002.html").exists()
    with tenant_context(cluster.peach):
        assert not ContentPage.objects.exists() and not LegacyItem.objects.exists()
    response = site_client(cluster.willow).get("/art/2019/4/12/art_101_1002.html")
    assert response.status_code == 301 and response["Location"].endswith("/news/art-101-1002/")
    assert site_client(cluster.peach).get("/art/2019/4/12/art_101_1002.html").status_code == 404
    assert "Import complete" in output or "导入完成" in output


@pytest.mark.parametrize("source", ["http://127.0.0.1:9/", "ftp://old.example.gov.cn/", "/no/such/folder"])
def test_a_legacy_site_that_cannot_be_read_is_refused_with_the_reason(cluster, source):
    with pytest.raises(CommandError):
        call_command("import_site", "peach", "--from", source, "--delay", "0", "--verbosity", "0",
                     stdout=io.StringIO())
    with tenant_context(cluster.peach):
        assert not LegacyItem.objects.exists() and not ImportRun.objects.exists()


def test_an_unknown_site_is_refused(cluster, legacy_server):
    with pytest.raises(CommandError, match="nosuch"):
        import_site("nosuch", legacy_server.url)


def test_a_start_page_that_redirects_to_another_host_is_refused(cluster, legacy_server):
    with pytest.raises(CommandError, match="another host|其他主机|另一主机"):
        import_site("peach", legacy_server.url + "redirect-away")
    assert not any("other-host" in path for path in legacy_server.requests)


def test_a_wordpress_export_imports_its_published_posts(cluster, legacy_server, tmp_path, site_client):
    export = tmp_path / "export.xml"
    export.write_text((Path(__file__).parent / "wordpress_export.xml").read_text("utf-8")
                      .replace("{base}", legacy_server.url), "utf-8")
    import_site("willow", str(export))
    with tenant_context(cluster.willow):
        road = ArticlePage.objects.get(title="南坞村召开村民代表大会审议道路硬化方案")
        assert road.live and road.get_parent().slug == "news"
        assert road.publish_date == datetime.datetime(2020, 4, 18, 2, 30, tzinfo=datetime.UTC)  # 10:30 in Beijing
        assert road.author == "村委会"
        assert "全长约1.2公里" in road.body and "<p>" in road.body
        image = Image.objects.get(title="村民代表大会现场")
        assert f'id="{image.pk}"' in road.body
        notice = NoticePage.objects.get(title="关于征集道路硬化方案意见的通知")
        assert f'<a linktype="page" id="{notice.pk}">' in road.body
        assert not ContentPage.objects.filter(title__startswith="草稿").exists()
    response = site_client(cluster.willow).get("/2020/04/18/daolu-yinghua/")
    assert response.status_code == 301 and response["Location"].endswith(f"/news/{road.slug}/")


def test_a_file_that_is_not_a_wordpress_export_is_refused(cluster, tmp_path):
    broken = tmp_path / "export.xml"
    broken.write_text("<html><body>not an export</body></html>", "utf-8")
    with pytest.raises(CommandError, match="WordPress"):
        import_site("willow", str(broken))


def test_a_document_over_the_upload_limit_is_refused_and_listed(cluster, legacy_server, settings):
    settings.SITEGROUP_MAX_DOCUMENT_SIZE = 20
    output = import_site("peach", legacy_server.url)
    with tenant_context(cluster.peach):
        refused = LegacyItem.objects.get(url__endswith="filename=zhishu.pdf")
        assert refused.status == LegacyItem.Status.REFUSED and "20" in refused.reason
        assert not Document.objects.exists()
    assert "zhishu.pdf" in output
