"""An extracted article body → Wagtail rich text: files imported, tables kept as text, links rewritten.

The result goes through Wagtail's own whitelist for the site's rich-text features (the same one
the editor's HTML goes through), so nothing the editor could not produce is stored.
"""
import posixpath
import re
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from .fetching import normalise_url

DOCUMENT_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd", "ppt", "pptx", "rtf", "zip",
                       "txt", "csv", "odt", "ods"}


def _features():
    return settings.WAGTAILADMIN_RICH_TEXT_EDITORS["default"]["OPTIONS"]["features"]


def file_name_of(url):
    """The file name a legacy URL names: its path, or a download script's filename= parameter."""
    parts = urlsplit(url)
    for key, values in parse_qs(parts.query).items():
        if key.lower() in ("filename", "file", "name", "fn") and values:
            return posixpath.basename(unquote(values[0]))
    return posixpath.basename(unquote(parts.path))


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def is_attachment(url):
    return extension_of(file_name_of(url)) in DOCUMENT_EXTENSIONS


def _tables_as_paragraphs(soup):
    # Rich text has no tables: each row becomes a paragraph, its cells separated by a wide space.
    for table in soup.find_all("table"):
        rows = []
        for row in table.find_all("tr"):
            cells = [cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])]
            if any(cells):
                paragraph = soup.new_tag("p")
                paragraph.string = "　".join(cells)
                rows.append(paragraph)
        table.replace_with(*rows) if rows else table.decompose()


def to_rich_text(body_html, *, image_for, document_for):
    """(rich text in Wagtail's database format, [image URLs without alt text]).

    image_for(url, alt) and document_for(url, link_text) import a file and return it, or None
    when it was refused (the image is then dropped and the link kept as plain text).
    """
    soup = BeautifulSoup(body_html, "html.parser")
    _tables_as_paragraphs(soup)
    missing_alt = []
    for img in soup.find_all("img"):
        src = (img.get("src") or "").strip()
        alt = (img.get("alt") or "").strip()
        image = image_for(normalise_url(src), alt) if src.startswith(("http://", "https://")) else None
        if image is None:
            img.decompose()
            continue
        if not alt:
            missing_alt.append(src)
        img.attrs = {"data-embedtype": "image", "data-id": str(image.pk), "data-format": "fullwidth",
                     "data-alt": alt}
    for anchor in soup.find_all("a"):
        href = (anchor.get("href") or "").strip()
        if href.startswith(("http://", "https://")) and is_attachment(href):
            document = document_for(normalise_url(href), anchor.get_text(" ", strip=True))
            if document is None:
                anchor.unwrap()
                continue
            anchor.attrs = {"data-linktype": "document", "data-id": str(document.pk)}
    html = EditorHTMLConverter(features=_features()).to_database_format(str(soup))
    return html, missing_alt


_PAGE_HREF = re.compile(r'<a href="([^"]+)"')


def rewrite_page_links(db_html, page_id_for):
    """Links to legacy pages that were imported become links to their new pages.

    page_id_for(url) returns the new page's id or None (the link is then left as it was).
    """
    def replace(match):
        url = match.group(1).replace("&amp;", "&")
        page_id = page_id_for(normalise_url(url)) if url.startswith(("http://", "https://")) else None
        return f'<a linktype="page" id="{page_id}"' if page_id else match.group(0)

    return _PAGE_HREF.sub(replace, db_html)
