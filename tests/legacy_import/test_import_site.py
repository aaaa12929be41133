"""import_site against the legacy fixture site served on loopback (and as a saved folder)."""
import datetime
import io

import pytest
from django.core.management import call_command
from django_tenants.utils import tenant_context
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

from sitegroup.legacy_import.models import ImportRun, LegacyItem
from sitegroup.safety.models import ContentFinding
from themes.models import ArticlePage, ColumnPage, ContentPage, NoticePage, PolicyDocumentPage

pytestmark = pytest.mark.django_db

ART = "art/2019/3/5/art_101_1001.html"


def import_site(slug, source, *args):
    out = io.StringIO()
    call_command("import_site", slug, "--from", source, "--delay", "0", "--verbosity", "0", *args, stdout=out)
    return out.getvalue()


def page_at(url_path):
    return Page.objects.get(url_path=url_path).specific


@pytest.fixture
def imported(cluster, legacy_server, tmp_path):
    csv_file = tmp_path / "urls.csv"
    output = import_site("peach", legacy_server.url, "--csv", str(csv_file))
    return {"output": output, "csv": csv_file.read_text("utf-8"), "server": legacy_server}


def test_articles_land_in_the_right_columns_with_their_types_dates_and_sources(imported, cluster):
    with tenant_context(cluster.peach):
        news = ArticlePage.objects.child_of(Page.objects.get(slug="news"))
        assert {p.title for p in news.live()} == {
            "青石镇举办老年人防诈骗讲座", "青石镇开展河道清洁行动", "青石镇召开春耕生产动员会"}
        meeting = news.get(title="青石镇召开春耕生产动员会")
        assert meeting.source == "镇农业办"
        assert meeting.publish_date == datetime.datetime(2019, 3, 5, 9, 30, tzinfo=datetime.UTC) + \
            datetime.timedelta(hours=-8)
        assert "会议通报了去年全镇粮食生产情况" in meeting.body
        assert "主办：青石镇人民政府" not in meeting.body and "打印本页" not in meeting.body
        # The GBK page, and the page whose GBK encoding is not declared anywhere, read as Chinese.
        river = news.get(title="青石镇开展河道清洁行动")
        assert "五水共治" in river.body and river.source == "青石镇河长办"
        lecture = news.get(title="青石镇举办老年人防诈骗讲座")  # found on the column's second list page
        assert "保健品推销" in lecture.body
        notice = NoticePage.objects.get(title="关于开展春季义务植树活动的通知")
        assert notice.live and notice.get_parent().slug == "notices"
        # An unmapped legacy column became a new column of the site, its table kept as text.
        village = ArticlePage.objects.get(title="东坞村2019年上半年财务收支公开")
        assert village.live and village.get_parent().title == "村务公开"
        assert ColumnPage.objects.get(title="村务公开").live
        assert "上级转移支付收入　186000" in village.body


def test_a_policy_document_keeps_its_disclosure_fields(imported, cluster):
    with tenant_context(cluster.peach):
        policy = PolicyDocumentPage.objects.get()
        assert policy.live and policy.get_parent().slug == "policies"
        assert policy.index_number == "113301027315873012/2019-00012"
        assert policy.issuing_body == "青石镇人民政府"
        assert policy.date_written == datetime.date(2019, 6, 18)
        assert policy.document_number == "青石政发〔2019〕8号"
        assert policy.topic == PolicyDocumentPage.Topic.AGRICULTURE
        assert "第三条" in policy.body and "索引号" not in policy.body


def test_files_go_through_the_upload_checks_and_alt_text_is_kept(imported, cluster):
    with tenant_context(cluster.peach):
        assert Image.objects.count() == 2
        meeting = ArticlePage.objects.get(title="青石镇召开春耕生产动员会")
        image = Image.objects.get(title="春耕生产动员会现场")
        assert f'<embed alt="春耕生产动员会现场" embedtype="image" format="fullwidth" id="{image.pk}"/>' in meeting.body
        pdf = Document.objects.get()
        assert pdf.file.name.endswith(".pdf")
        notice = NoticePage.objects.get(title="关于开展春季义务植树活动的通知")
        assert f'<a id="{pdf.pk}" linktype="document">植树活动分组安排表.pdf</a>' in notice.body
        # The program disguised as a .doc was refused, never stored; its link is plain text.
        refused = LegacyItem.objects.get(url__endswith="/uploads/renyuan.doc")
        assert refused.status == LegacyItem.Status.REFUSED
        assert refused.reason == "不能上传程序和脚本。"
        assert "参加人员名单.doc" in notice.body and "renyuan.doc" not in notice.body
    assert "renyuan.doc" in imported["output"]
    assert "1 张图片没有替代文本" in imported["output"] or "1 images have no alt text" in imported["output"]


def test_internal_links_point_at_the_new_pages(imported, cluster):
    with tenant_context(cluster.peach):
        meeting = ArticlePage.objects.get(title="青石镇召开春耕生产动员会")
        river = ArticlePage.objects.get(title="青石镇开展河道清洁行动")
        policy = PolicyDocumentPage.objects.get()
        notice = NoticePage.objects.get(title="关于开展春季义务植树活动的通知")
        assert f'<a linktype="page" id="{river.pk}">' in meeting.body
        assert f'<a linktype="page" id="{meeting.pk}">' in river.body
        assert f'<a linktype="page" id="{policy.pk}">' in notice.body
        assert "/art/2019" not in meeting.body + river.body + notice.body


def test_old_urls_answer_301_to_the_new_pages(imported, cluster, site_client):
    client = site_client(cluster.peach)
    response = client.get("/" + ART)
    assert response.status_code == 301
    assert response["Location"].endswith("/news/art-101-1001/")
    assert client.get(response["Location"]).status_code == 200
    column = client.get("/col/col102/index.html")
    assert column.status_code == 301 and column["Location"].endswith("/notices/")
    second_list_page = client.get("/col/col101/index_2.html")
    assert second_list_page.status_code == 301 and second_list_page["Location"].endswith("/news/")
    attachment = client.get("/module/download/downfile.jsp?filename=zhishu.pdf")
    assert attachment.status_code == 301 and "/documents/" in attachment["Location"]
    # ... and the CSV tells the legacy host where each old URL went.
    assert f"{imported['server'].url}{ART},http://peach.localhost/news/art-101-1001/" in imported["csv"]


def test_the_defaced_page_is_a_draft_with_its_findings_and_the_spam_around_it_is_gone(imported, cluster,
                                                                                     site_client):
    with tenant_context(cluster.peach):
        spam = NoticePage.objects.get(title="关于端午节放假安排的通知")
        assert not spam.live and spam.has_unpublished_changes
        item = LegacyItem.objects.get(page=spam)
        assert item.status == LegacyItem.Status.FLAGGED
        assert any(f["severity"] == "high" and f["category"] == "gambling" for f in item.findings)
        assert not Redirect.objects.filter(old_path="/art/2019/5/8/art_102_2002.html").exists()
        # The navigation's injected links did not come along on the clean pages.
        assert not any("hy88" in page.body for page in ArticlePage.objects.all())
    assert ContentFinding.objects.filter(site=cluster.peach, page_id=spam.pk, severity="high").exists()
    assert "关于端午节放假安排的通知" in imported["output"]
    assert site_client(cluster.peach).get("/art/2019/5/8/art_102_2002.html").status_code == 404


def test_bad_urls_are_reported_with_their_reason(imported, cluster):
    with tenant_context(cluster.peach):
        reasons = dict(LegacyItem.objects.filter(status=LegacyItem.Status.SKIPPED).values_list("url", "reason"))
    base = imported["server"].url
    assert reasons[f"{base}private/internal.html"] == "该站 robots.txt 不允许抓取"
    assert reasons[f"{base}redirect-away"] == "重定向到其他主机（http://www.other-host.example.invalid/）"
    assert reasons[f"{base}data/stats.json"] == "不是 HTML 页面（application/json）"
    assert "/private/internal.html" not in imported["server"].requests


def test_nothing_reaches_the_other_sites(imported, cluster, site_client):
    for other in (cluster.willow, cluster.east):
        with tenant_context(other):
            assert not ArticlePage.objects.filter(title__startswith="青石镇").exists()
            assert not ImportRun.objects.exists() and not LegacyItem.objects.exists()
            assert not Redirect.objects.exists()
            assert not Image.objects.exists() and not Document.objects.exists()
        assert site_client(other).get("/" + ART).status_code == 404
    assert not ContentFinding.objects.exclude(site=cluster.peach).exists()


def test_wagtail_admin_search_and_usage_know_the_imported_pages_and_files(imported, cluster):
    """Written in bulk at the run's end (per-object indexing is paused during the import)."""
    from wagtail.models import ReferenceIndex
    from wagtail.search.models import IndexEntry

    with tenant_context(cluster.peach):
        indexed = set(IndexEntry.objects.values_list("object_id", flat=True))
        pages = list(ContentPage.objects.values_list("pk", flat=True))
        assert pages and {str(pk) for pk in pages} <= indexed  # published and flagged drafts alike
        assert {str(pk) for pk in Image.objects.values_list("pk", flat=True)} <= indexed
        assert {str(pk) for pk in Document.objects.values_list("pk", flat=True)} <= indexed
        image = Image.objects.first()
        assert ReferenceIndex.get_references_to(image).exists()  # “Usage” shows the page that shows it


def test_every_page_published_receiver_has_its_work_done_by_the_bulk_publish():
    """The import publishes without `page_published` per page; it sends `site_pages_published_in_bulk`
    once instead. Every app that reacts to a publish must react to that too, or be listed here with why not."""
    from wagtail.signals import page_published

    from tenants.signals import site_pages_published_in_bulk

    def apps_of(receivers):
        return {receiver.__module__.rsplit(".", 1)[0] for receiver in receivers}

    sync_receivers, async_receivers = page_published._live_receivers(ArticlePage)
    on_publish = apps_of([*sync_receivers, *async_receivers])
    on_bulk = apps_of(site_pages_published_in_bulk._live_receivers(None)[0])
    not_needed = {
        "sitegroup.safety",   # the importer runs the detector on every page itself (drafts for findings)
        "syndication",        # received pushes and corrected originals: never imported pages
    }
    assert on_publish - not_needed == on_bulk == {"search", "syndication.feeds", "sitegroup.pagecache"}
