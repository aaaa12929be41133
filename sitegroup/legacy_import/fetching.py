"""Getting a legacy site's files: over HTTP (one host, robots.txt, a rate limit) or from a folder.

Both fetchers answer `fetch(url) -> Fetched`; a file that cannot be used comes back with
`error` set to the reason (the import report lists it), never as an exception.
"""
import mimetypes
import re
import time
import urllib.robotparser
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import charset_normalizer
import requests
from django.utils.translation import gettext as _

USER_AGENT = "SitegroupImporter/1.0 (+government site consolidation)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
# GB2312 and GBK pages often use characters only their superset GB18030 has.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


@dataclass
class Fetched:
    url: str
    final_url: str = ""
    status: int = 0
    content_type: str = ""
    body: bytes = b""
    filename: str = ""
    charset: str = ""
    error: str = ""

    @property
    def is_html(self):
        return not self.error and self.content_type in HTML_TYPES

    def text(self):
        """The page as text, whatever legacy encoding it was saved in."""
        return decode_html(self.body, self.charset)[0]


def normalise_url(url):
    """The form URLs are compared and stored in: no fragment, lower-case host, no default port."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    default_port = {"http": 80, "https": 443}.get(parts.scheme.lower())
    if parts.port and parts.port != default_port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))


def old_path(url):
    """The path (and query) of a legacy URL, as a redirect on the new site matches it."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def same_host(url, base):
    return urlsplit(url).netloc.lower() == urlsplit(base).netloc.lower()


def decode_html(body, declared=""):
    """(text, encoding): the declared charset if the bytes really are in it, else charset-normalizer's guess."""
    match = _META_CHARSET.search(body[:4096])
    for charset in (declared, match.group(1).decode("ascii") if match else ""):
        if not charset:
            continue
        codec = _CHARSET_ALIASES.get(charset.lower(), charset.lower())
        try:
            return body.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            continue
    best = charset_normalizer.from_bytes(body).best()
    if best is None:
        return body.decode("utf-8", errors="replace"), "utf-8"
    encoding = _CHARSET_ALIASES.get(best.encoding, best.encoding)
    return body.decode(encoding, errors="replace"), encoding


def _content_type(header):
    message = Message()
    message["content-type"] = header or ""
    return message.get_content_type(), message.get_param("charset") or ""


def _filename(disposition):
    if not disposition:
        return ""
    message = Message()
    message["content-disposition"] = disposition
    return message.get_filename() or ""


class HttpFetcher:
    """Fetches pages of one host only, honouring robots.txt, at most one request per `delay` seconds."""

    def __init__(self, start_url, *, delay=0.5, timeout=15, max_bytes=60 * 1024 * 1024):
        self.start_url = normalise_url(start_url)
        self.delay, self.timeout, self.max_bytes = delay, timeout, max_bytes
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self._last_request = 0.0
        self._robots = None

    def _wait(self):
        pause = self._last_request + self.delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self._last_request = time.monotonic()

    def allowed(self, url):
        if self._robots is None:
            self._robots = urllib.robotparser.RobotFileParser()
            robots = self._get(urljoin(self.start_url, "/robots.txt"))
            self._robots.parse(robots.body.decode("utf-8", "replace").splitlines() if robots.status == 200 else [])
        return self._robots.can_fetch(USER_AGENT, url)

    def fetch(self, url):
        url = normalise_url(url)
        if not same_host(url, self.start_url):
            return Fetched(url, error=_("on another host"))
        if not self.allowed(url):
            return Fetched(url, error=_("disallowed by the site's robots.txt"))
        return self._get(url)

    def _get(self, url, redirects_left=5):
        self._wait()
        try:
            # Redirects are followed by hand: one to another host is reported, never requested.
            with self.session.get(url, timeout=self.timeout, stream=True, allow_redirects=False) as response:
                if response.is_redirect and redirects_left:
                    target = normalise_url(urljoin(url, response.headers["Location"]))
                    if not same_host(target, self.start_url):
                        return Fetched(url, target, response.status_code,
                                       error=_("redirects to another host (%(url)s)") % {"url": target})
                    return self._get(target, redirects_left - 1)
                if response.status_code >= 400 or response.is_redirect:
                    return Fetched(url, url, response.status_code,
                                   error=_("the server answered HTTP %(status)s") % {"status": response.status_code})
                body = response.raw.read(self.max_bytes + 1, decode_content=True)
                content_type, charset = _content_type(response.headers.get("Content-Type"))
                final = normalise_url(response.url)
        except requests.RequestException as error:
            return Fetched(url, error=_("not reachable: %(error)s") % {"error": error.__class__.__name__})
        if len(body) > self.max_bytes:
            return Fetched(url, final, response.status_code, error=_("larger than the download limit"))
        return Fetched(url, final, response.status_code, content_type, body,
                       _filename(response.headers.get("Content-Disposition")), charset)


class FolderFetcher:
    """Reads a saved copy of a legacy site: `base_url` + a path is the file under `folder`."""

    def __init__(self, folder, base_url):
        self.folder = Path(folder).resolve()
        self.start_url = normalise_url(base_url)

    def all_pages(self):
        """Every saved HTML page, as a URL under the base: a folder import reads them all."""
        for path in sorted(self.folder.rglob("*")):
            if path.is_file() and path.suffix.lower() in (".html", ".htm", ".shtml"):
                yield normalise_url(urljoin(self.start_url, path.relative_to(self.folder).as_posix()))

    def fetch(self, url):
        url = normalise_url(url)
        if not same_host(url, self.start_url):
            return Fetched(url, error=_("on another host"))
        parts = urlsplit(url)
        relative = unquote(parts.path).lstrip("/")
        if not relative or relative.endswith("/"):
            relative += "index.html"
        if parts.query:
            relative += "?" + parts.query  # how wget and browsers save such pages
        path = (self.folder / relative).resolve()
        if not path.is_relative_to(self.folder) or not path.is_file():
            return Fetched(url, url, 404, error=_("not in the saved folder"))
        content_type = mimetypes.guess_type(path.name.split("?")[0])[0] or "application/octet-stream"
        return Fetched(url, url, 200, content_type, path.read_bytes())
