"""Submit up: a township's item accepted by its district becomes a page crediting the township; a
rejection reaches the township with its reason; counts per site and period."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page

from sitegroup.identity.models import AuditLogEntry
from syndication import stats, submitting
from syndication.exchange.models import Submission
from syndication.models import ReceivedItem
from themes.models import ArticlePage

from .helpers import column, png_image, publish_article, republish

pytestmark = pytest.mark.django_db


def submit(site, page, target, **options):
    with tenant_context(site):
        return submitting.submit_page(Page.objects.get(pk=page.pk), target=target, **options)


def test_an_accepted_township_submission_becomes_a_page_crediting_the_township(cluster, site_client):
    image = png_image(cluster.peach)
    with tenant_context(cluster.peach):
        notices = column("notices")
    lead = png_image(cluster.peach, title="演练合影", color="blue")
    item = publish_article(cluster.peach, "桃花镇开展防汛演练",
                           f'<p>全镇干部群众参加演练。</p><embed embedtype="image" id="{image.pk}" format="fullwidth" '
                           f'alt="演练现场"/><p>详见<a linktype="page" id="{notices.pk}">通知公告</a>。</p>',
                           source="党政办", image_id=lead.pk)
    submission = submit(cluster.peach, item, cluster.east, note="请审核采用")
    assert submission.state == "submitted" and submission.target == cluster.east
    assert 'href="http://peach.localhost/notices/"' in submission.body_html    # links now point home
    assert len(submission.images) == 2

    with tenant_context(cluster.east):
        outcome = submitting.accept(submission, column=column("news"))
        page = outcome.page
        assert outcome.state == "published" and type(page) is ArticlePage
        assert page.source == "桃花镇人民政府党政办"
        assert ReceivedItem.objects.get(page=page).source_site_slug == "peach"
        local_image_id = page.body.split('id="')[1].split('"')[0]
        from wagtail.images.models import Image

        assert Image.objects.get(pk=local_image_id).title == image.title       # an image of the district now
        assert page.image.title == "演练合影"                                   # and the lead image
    submission.refresh_from_db()
    assert submission.state == "accepted" and submission.accepted_url == f"/news/{page.slug}/"
    html = site_client(cluster.east).get(submission.accepted_url).content.decode()
    assert "全镇干部群众参加演练" in html and "桃花镇人民政府" in html.split('class="provenance"')[1][:200]
    assert f"/media/{cluster.east.schema_name}/" in html                       # served by the district itself
    assert AuditLogEntry.objects.filter(action="syndication_submission_accepted", site_slug="east",
                                        data__source_site="peach", data__target_site="east").exists()
    with pytest.raises(ValidationError):                                       # decided once
        with tenant_context(cluster.east):
            submitting.reject(submission, reason="重复")


def test_a_rejection_reaches_the_township_with_its_reason(cluster):
    item = publish_article(cluster.willow, "柳树街道举办文艺汇演", "<p>汇演内容。</p>")
    submission = submit(cluster.willow, item, cluster.east)
    with tenant_context(cluster.east), pytest.raises(ValidationError):
        submitting.reject(submission, reason="  ")                          # a reason is required
    with tenant_context(cluster.east):
        submitting.reject(submission, reason="内容与本级关联不大，请报送街道网站。")
    seen_by_township = Submission.objects.get(submitter=cluster.willow, pk=submission.pk)
    assert seen_by_township.state == "rejected"
    assert seen_by_township.reason == "内容与本级关联不大，请报送街道网站。"
    assert seen_by_township.decided_at is not None


def test_submissions_go_to_the_parent_or_grandparent_only(cluster):
    item = publish_article(cluster.peach, "桃花镇新闻", "<p>正文</p>")
    assert submit(cluster.peach, item, cluster.city).target == cluster.city         # grandparent
    for wrong in (cluster.west, cluster.willow):
        with pytest.raises(ValidationError):
            submit(cluster.peach, item, wrong)
    with pytest.raises(ValidationError, match="已在|already"):
        submit(cluster.peach, item, cluster.city)                                  # waits once per site


def test_accepting_a_submission_whose_page_was_deleted_meanwhile_says_so_and_creates_nothing(cluster):
    item = publish_article(cluster.peach, "即将删除的新闻", "<p>正文</p>")
    submission = submit(cluster.peach, item, cluster.east)
    with tenant_context(cluster.peach):
        Page.objects.get(pk=item.pk).delete()
    submission.refresh_from_db()
    assert submission.state == "withdrawn" and submission.gone == "deleted"
    with tenant_context(cluster.east):
        before = Page.objects.count()
        with pytest.raises(ValidationError, match="deleted|删除"):
            submitting.accept(submission, column=column("news"))
        assert Page.objects.count() == before


def test_the_upper_site_reviews_the_current_published_text_never_a_draft(cluster):
    item = publish_article(cluster.peach, "桃花镇新闻", "<p>第一版</p>")
    submission = submit(cluster.peach, item, cluster.east)
    republish(cluster.peach, item, body="<p>第二版</p>")
    with tenant_context(cluster.peach):
        draft = Page.objects.get(pk=item.pk).specific
        draft.body = "<p>未发布的草稿</p>"
        draft.save_revision()
    submission.refresh_from_db()
    assert "第二版" in submission.body_html and "草稿" not in submission.body_html
    with tenant_context(cluster.peach):
        Page.objects.get(pk=item.pk).unpublish()
    submission.refresh_from_db()
    assert submission.state == "withdrawn" and submission.body_html   # kept for the record, never shown


def test_counts_per_site_and_period(cluster):
    now = timezone.now()
    items = [publish_article(cluster.peach, f"新闻{i}", "<p>正文</p>") for i in range(3)]
    last_year = now - datetime.timedelta(days=400)
    old = submit(cluster.peach, items[0], cluster.east, now=last_year)
    accepted = submit(cluster.peach, items[1], cluster.east)
    rejected = submit(cluster.peach, items[2], cluster.east)
    with tenant_context(cluster.east):
        submitting.accept(accepted, column=column("news"))
        submitting.reject(rejected, reason="不采用")
        submitting.accept(old, column=column("news"))
    start = now - datetime.timedelta(days=30)
    assert stats.submission_counts(cluster.peach, start, now + datetime.timedelta(minutes=1)) == {
        "submitted": 2, "accepted": 1, "rejected": 1, "withdrawn": 0, "pending": 0}
    assert stats.submission_counts(cluster.willow, start, now)["submitted"] == 0
