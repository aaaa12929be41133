"""Feeds validate as RSS 2.0 and JSON Feed 1.1, carry only live public items, and answer per Host."""
import json
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import feedparser
import jsonschema
import pytest
from django.test import Client
from django_tenants.utils import tenant_context
from wagtail.models import Page, PageViewRestriction

from syndication.models import SyndicationSettings
from tenants.lifecycle import set_status
from themes.models import NoticePage

from .helpers import column, publish_article, publish_item

pytestmark = pytest.mark.django_db

# JSON Feed 1.1 (jsonfeed.org/version/1.1), the parts a feed must have and the types it may use.
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https?://"},
        "feed_url": {"type": "string", "pattern": "^https?://"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "authors": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
        "items": {"type": "array", "items": {
            "type": "object",
            "required": ["id"],
            "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
            "properties": {
                "id": {"type": "string", "minLength": 1},
                "url": {"type": "string", "pattern": "^https?://"},
                "title": {"type": "string"},
                "content_html": {"type": "string"},
                "summary": {"type": "string"},
                "date_published": {"type": "string", "format": "date-time"},
                "date_modified": {"type": "string", "format": "date-time"},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "additionalProperties": False,
        }},
    },
    "additionalProperties": False,
}


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/rss+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    channel = ET.fromstring(response.content).find("channel")        # RSS 2.0's required channel elements
    assert all(channel.findtext(name) for name in ("title", "link", "description"))
    for item in channel.findall("item"):                              # RSS 2.0's rules for an item
        assert item.findtext("title") or item.findtext("description")
        assert item.findtext("link").startswith(("http://", "https://"))
        assert item.findtext("guid")
        parsedate_to_datetime(item.findtext("pubDate"))               # an RFC 822 date, or this raises
    return parsed


def json_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    jsonschema.validate(data, JSON_FEED_SCHEMA, format_checker=jsonschema.FormatChecker())
    return data


@pytest.fixture
def items(cluster):
    """Peach: two live public items, a draft, a private item, an item under an unpublished column."""
    shown = publish_item(cluster.peach, "停水通知", "<p>周六全镇停水，请提前储水。</p>", summary="周六停水")
    news = publish_article(cluster.peach, "桃花镇召开会议", '<p>会议<a href="/notices/">通知</a>内容。</p>')
    with tenant_context(cluster.peach):
        draft = NoticePage(title="草稿通知", slug="draft-notice", body="<p>草稿</p>", live=False)
        column("notices").add_child(instance=draft)
        draft.save_revision()
    private = publish_item(cluster.peach, "内部通知", "<p>内部</p>")
    with tenant_context(cluster.peach):
        PageViewRestriction.objects.create(page=Page.objects.get(pk=private.pk), restriction_type="login")
        hidden_column = column("services")
    hidden = publish_item(cluster.peach, "隐藏栏目下的事项", "<p>看不见</p>", column_slug="services")
    with tenant_context(cluster.peach):
        Page.objects.get(pk=hidden_column.pk).unpublish()
    publish_item(cluster.willow, "柳树街道通知", "<p>柳树</p>")
    return {"shown": shown, "news": news, "hidden": hidden}


def test_site_feeds_validate_and_carry_only_live_public_items_with_links_for_the_host_asked(cluster, items,
                                                                                            site_client):
    parsed = rss(site_client(cluster.peach), "/feeds/rss.xml")
    titles = [entry.title for entry in parsed.entries]
    assert sorted(titles) == ["停水通知", "桃花镇召开会议"]
    notice = next(entry for entry in parsed.entries if entry.title == "停水通知")
    assert notice.link.startswith("http://peach.localhost/notices/")
    assert "周六全镇停水" in notice.description                          # full text by default
    news = next(entry for entry in parsed.entries if entry.title == "桃花镇召开会议")
    assert 'href="http://peach.localhost/notices/"' in news.description  # relative links made absolute
    assert parsed.feed.link == "http://peach.localhost/"

    alias = rss(site_client("peach-alias.example.cn"), "/feeds/rss.xml")
    assert all(entry.link.startswith("http://peach-alias.example.cn/") for entry in alias.entries)

    data = json_feed(site_client(cluster.peach), "/feeds/feed.json")
    assert sorted(item["title"] for item in data["items"]) == ["停水通知", "桃花镇召开会议"]
    assert data["feed_url"].startswith("http://peach.localhost/feeds/")

    willow = rss(site_client(cluster.willow), "/feeds/rss.xml")
    assert [entry.title for entry in willow.entries] == ["柳树街道通知"]


def test_column_feeds_and_the_summary_only_choice(cluster, items, site_client):
    with tenant_context(cluster.peach):
        notices = column("notices")
        news = column("news")
    client = site_client(cluster.peach)
    assert [e.title for e in rss(client, f"/feeds/columns/{notices.pk}/rss.xml").entries] == ["停水通知"]
    assert [i["title"] for i in json_feed(client, f"/feeds/columns/{news.pk}/feed.json")["items"]] == ["桃花镇召开会议"]
    assert client.get(f"/feeds/columns/{items['shown'].pk}/rss.xml").status_code == 404    # an item is no column
    assert client.get("/feeds/columns/999999/rss.xml").status_code == 404
    assert client.get("/feeds/atom.xml").status_code == 404
    assert client.get("/feeds/rss.xml?lang=xx").status_code == 400

    with tenant_context(cluster.peach):
        choice = SyndicationSettings.load()
        choice.feed_full_text = False
        choice.save()
    entry = next(e for e in rss(client, "/feeds/rss.xml").entries if e.title == "停水通知")
    assert entry.description == "周六停水" and "储水" not in entry.description


def test_the_cluster_feed_of_a_column_type_on_the_platform_host(cluster, items, site_client,
                                                                django_capture_on_commit_callbacks):
    platform = Client(HTTP_HOST="localhost")
    parsed = rss(platform, "/feeds/notice/rss.xml")
    titles = {entry.title: entry.link for entry in parsed.entries}
    assert set(titles) == {"停水通知", "柳树街道通知"}                       # notices only, every site
    assert titles["柳树街道通知"].startswith("http://willow.localhost/notices/")
    assert json_feed(platform, "/feeds/notice/feed.json")["items"]
    assert platform.get("/feeds/nonsense/rss.xml").status_code == 404
    assert site_client(cluster.peach).get("/feeds/notice/rss.xml").status_code == 404   # platform host only

    with django_capture_on_commit_callbacks(execute=True):
        set_status(cluster.willow, "suspended")
    assert {entry.title for entry in rss(platform, "/feeds/notice/rss.xml").entries} == {"停水通知"}


def test_feeds_are_cacheable_change_at_once_and_answer_conditional_requests(cluster, items, site_client):
    client = site_client(cluster.peach)
    first = client.get("/feeds/rss.xml")
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    assert first["Last-Modified"] and first["ETag"]
    assert client.get("/feeds/rss.xml", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    publish_item(cluster.peach, "新的通知", "<p>新内容</p>")
    second = client.get("/feeds/rss.xml", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and "新的通知" in second.content.decode()
    with tenant_context(cluster.peach):
        Page.objects.get(pk=items["shown"].pk).unpublish()
    assert "停水通知" not in client.get("/feeds/rss.xml").content.decode()


def test_pages_name_their_feeds_in_the_head(cluster, items, site_client):
    client = site_client(cluster.peach)
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="http://peach.localhost/feeds/rss.xml"' in home
    assert 'href="http://peach.localhost/feeds/feed.json"' in home
    with tenant_context(cluster.peach):
        notices = column("notices")
    item = client.get(items["shown"].url_path.replace("/home", "", 1)).content.decode()
    assert f'href="http://peach.localhost/feeds/columns/{notices.pk}/rss.xml"' in item
    alias = site_client("peach-alias.example.cn").get("/notices/").content.decode()
    assert f'href="http://peach-alias.example.cn/feeds/columns/{notices.pk}/feed.json"' in alias


def test_rebuild_feeds_restores_the_entries_of_a_site(cluster, items):
    import io

    from django.core.management import call_command

    from syndication.exchange.models import FeedEntry

    FeedEntry.objects.filter(site=cluster.peach).delete()
    out = io.StringIO()
    call_command("rebuild_feeds", site="peach", stdout=out, stderr=io.StringIO())
    assert sorted(FeedEntry.objects.filter(site=cluster.peach).values_list("title", flat=True)) == [
        "停水通知", "桃花镇召开会议"]
    assert "2 feed entries" in out.getvalue()
