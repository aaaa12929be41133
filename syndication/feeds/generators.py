"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) beside Django's RSS 2.0 generator."""
import json

from django.utils.feedgenerator import Rss201rev2Feed, SyndicationFeed, rfc3339_date

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


class JsonFeed(SyndicationFeed):
    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.as_dict(), ensure_ascii=False))

    def as_dict(self):
        feed = self.feed
        data = {"version": JSON_FEED_VERSION, "title": feed["title"], "home_page_url": feed["link"],
                "feed_url": feed["feed_url"], "description": feed["description"], "language": feed["language"]}
        if feed.get("author_name"):
            data["authors"] = [{"name": feed["author_name"]}]
        data["items"] = [self.item_dict(item) for item in self.items]
        return {name: value for name, value in data.items() if value not in (None, "")}

    @staticmethod
    def item_dict(item):
        extra = item.get("json", {})
        data = {"id": item["unique_id"] or item["link"], "url": item["link"], "title": item["title"],
                "content_html": extra.get("content_html") or item["description"] or item["title"],
                "summary": extra.get("summary") or None,
                "date_published": rfc3339_date(item["pubdate"]) if item["pubdate"] else None,
                "date_modified": rfc3339_date(item["updateddate"]) if item["updateddate"] else None,
                "tags": list(item["categories"]) or None}
        if item.get("author_name"):
            data["authors"] = [{"name": item["author_name"]}]
        return {name: value for name, value in data.items() if value not in (None, "")}


FORMATS = {"rss.xml": Rss201rev2Feed, "feed.json": JsonFeed}
