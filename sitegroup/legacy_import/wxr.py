"""A WordPress export (WXR) as a legacy site: each published post or page is served to the importer as
the page its old CMS would have shown (title, date, category, body), so it goes through the same
extraction, mapping, safety screening and redirects as a crawled page. Files the posts link to are
fetched from the old host when it still answers (otherwise listed as not reachable).
"""
import html
import re
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from lxml import etree

from .fetching import Fetched, HttpFetcher, normalise_url

NS = {"wp": "http://wordpress.org/export/1.2/", "content": "http://purl.org/rss/1.0/modules/content/",
      "dc": "http://purl.org/dc/elements/1.1/"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _paragraphs(text):
    # WordPress stores posts without <p>: blank lines separate paragraphs (what its wpautop adds on display).
    if re.search(r"<p[\s>]", text, re.I):
        return text
    return "".join(f"<p>{block.strip()}</p>" for block in re.split(r"\n\s*\n", text) if block.strip())


class WxrFetcher:
    """Serves a WXR file's published posts and pages at their old URLs."""

    def __init__(self, path, *, delay=0.5):
        try:
            root = etree.parse(str(path), _PARSER).getroot()
        except (OSError, etree.XMLSyntaxError) as error:
            raise ValueError(_("Not a readable WordPress export: %(error)s") % {"error": error}) from None
        channel = root.find("channel")
        if channel is None or root.tag != "rss":
            raise ValueError(_("Not a WordPress export (no <rss><channel>)."))
        self.start_url = normalise_url(channel.findtext("link") or "http://legacy.local/")
        self.files = HttpFetcher(self.start_url, delay=delay)
        self.pages = {}
        for item in channel.findall("item"):
            if item.findtext("wp:post_type", namespaces=NS) not in ("post", "page"):
                continue
            if item.findtext("wp:status", namespaces=NS) != "publish" or not item.findtext("link"):
                continue
            self.pages[normalise_url(item.findtext("link"))] = self._as_html(item)

    def _as_html(self, item):
        title = html.escape(item.findtext("title") or "")
        published = item.findtext("wp:post_date", namespaces=NS) or ""
        if not published and item.findtext("pubDate"):
            published = parsedate_to_datetime(item.findtext("pubDate")).strftime("%Y-%m-%d %H:%M")
        category = next((c.text for c in item.findall("category") if c.get("domain") == "category"), "")
        author = html.escape(item.findtext("dc:creator", namespaces=NS) or "")
        body = _paragraphs(item.findtext("content:encoded", namespaces=NS) or "")
        return (f'<html><head><meta charset="utf-8"><title>{title}</title>'
                f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{published}">'
                f'<meta name="ColumnName" content="{html.escape(category or "")}"><meta name="Author" '
                f'content="{author}"></head><body><article><h1>{title}</h1>{body}</article></body></html>')

    def all_pages(self):
        return list(self.pages)

    def fetch(self, url):
        url = normalise_url(url)
        if url in self.pages:
            return Fetched(url, url, 200, "text/html", self.pages[url].encode("utf-8"), charset="utf-8")
        if url == self.start_url or urlsplit(url).path in ("", "/"):
            return Fetched(url, url, 200, "text/html", b"<html><body></body></html>", charset="utf-8")
        return self.files.fetch(url)
