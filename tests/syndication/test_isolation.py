"""Nothing crosses between sites except what was addressed to a site, and never anything unpublished.

One push (city → peach only) and one submission (peach → east) next to a draft of the city's and a
draft of peach's: then every schema, every exchange row, every feed and every public page of the
sites that were not addressed is searched for what must not be there."""
import pytest
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django_tenants.utils import tenant_context
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from syndication import submitting
from syndication.exchange.models import Delivery, FeedEntry, Push, Submission
from syndication.models import LiveReferencePage, ReceivedItem
from syndication.pushing import push_page

from .helpers import column, png_image, publish_article, publish_item, standing_rule

pytestmark = pytest.mark.django_db

CITY_DRAFT = "市级未发布草稿内容"
PEACH_DRAFT = "桃花镇未发布草稿内容"


def add_draft_revision(site, page, text):
    with tenant_context(site):
        draft = Page.objects.get(pk=page.pk).specific
        draft.body = f"<p>{text}</p>"
        draft.save_revision()


def test_only_the_addressed_site_receives_and_no_draft_ever_leaves_its_site(cluster, site_client):
    for site in (cluster.peach, cluster.willow, cluster.west):
        standing_rule(site, "copy")
    image = png_image(cluster.city)
    embed = f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="地图"/>'
    notice = publish_item(cluster.city, "仅发往桃花镇的通知", f"<p>桃花镇请转发。</p>{embed}")
    add_draft_revision(cluster.city, notice, CITY_DRAFT)
    with tenant_context(cluster.city):
        push = push_page(Page.objects.get(pk=notice.pk), recipients=[cluster.peach], column_type="notice").push
    article = publish_article(cluster.peach, "桃花镇报送的新闻", "<p>报送正文。</p>")
    add_draft_revision(cluster.peach, article, PEACH_DRAFT)
    with tenant_context(cluster.peach):
        submission = submitting.submit_page(Page.objects.get(pk=article.pk), target=cluster.east)
    with tenant_context(cluster.east):
        submitting.accept(submission, column=column("news"))

    # the addressed sites have it, in their own schema
    with tenant_context(cluster.peach):
        received = ReceivedItem.objects.get(delivery_id=Delivery.objects.get(push=push).pk)
        assert Page.objects.get(pk=received.page_id).live
    with tenant_context(cluster.east):
        assert Page.objects.filter(title="桃花镇报送的新闻", live=True).exists()

    # the others have nothing of either, in their schema, their feeds or their public pages
    for site in (cluster.willow, cluster.west, cluster.city):
        with tenant_context(site):
            assert not ReceivedItem.objects.exists(), site.slug
            assert not LiveReferencePage.objects.exists(), site.slug
            assert not Page.objects.filter(title="桃花镇报送的新闻").exists(), site.slug
            if site != cluster.city:
                assert not Page.objects.filter(title="仅发往桃花镇的通知").exists(), site.slug
                assert not Image.objects.filter(title=image.title).exists(), site.slug
        client = site_client(site)
        for path in ("/notices/", "/news/", "/feeds/rss.xml", "/feeds/feed.json"):
            html = client.get(path).content.decode()
            assert "报送正文" not in html, (site.slug, path)
            if site != cluster.city:
                assert "桃花镇请转发" not in html, (site.slug, path)
    assert not Delivery.objects.exclude(recipient=cluster.peach).exists()
    assert not Submission.objects.exclude(target=cluster.east).exists()

    # no draft text in any exchange row, any other site's pages or revisions, any feed
    drafts = Q(body_html__contains=CITY_DRAFT) | Q(body_html__contains=PEACH_DRAFT)
    assert not Push.objects.filter(drafts).exists() and not Submission.objects.filter(drafts).exists()
    assert not FeedEntry.objects.filter(Q(content_html__contains=CITY_DRAFT) |
                                        Q(content_html__contains=PEACH_DRAFT)).exists()
    own_draft = {cluster.city: CITY_DRAFT, cluster.peach: PEACH_DRAFT}
    for site in (cluster.city, cluster.east, cluster.west, cluster.peach, cluster.willow):
        with tenant_context(site):
            revisions = Revision.objects.annotate(text=Cast("content", TextField()))
            assert revisions.filter(text__contains="桃花镇请转发").exists() == (site in (cluster.city, cluster.peach))
            for text in {CITY_DRAFT, PEACH_DRAFT} - {own_draft.get(site)}:
                assert not revisions.filter(text__contains=text).exists(), (site.slug, text)
        for path in ("/notices/", "/news/", f"/notices/pushed-{push.pk}/", "/feeds/rss.xml", "/feeds/feed.json"):
            html = site_client(site).get(path).content.decode()
            assert CITY_DRAFT not in html and PEACH_DRAFT not in html, (site.slug, path)
    platform = site_client("localhost")
    for path, public_text in (("/feeds/notice/rss.xml", "桃花镇请转发"), ("/feeds/news/feed.json", "报送正文")):
        response = platform.get(path)
        assert response.status_code == 200
        body = response.content.decode()
        assert public_text in body                                          # what is public is there
        assert CITY_DRAFT not in body and PEACH_DRAFT not in body
