"""What a visitor's browser gets from an HTML document, split into the parts the rules read.

- `title`, `meta` (keywords, description and the guideline's Article/Column tags), `alt`
  (image alt and title attributes);
- `body`: the visible text, one line per block element, with internal link text in place;
- `link`: every outbound link on its own (its text and address), and `attachment`: the file
  name of every document link;
- `hidden`: text a visitor cannot see (display:none, off-screen, zero size, `hidden`,
  <noscript>, classes hidden by an inline <style>): the usual hiding place of 暗链.

Markup that has no business in a government page (scripts from elsewhere, inline script,
frames, plug-ins, event handlers, javascript: links, meta refresh) is reported here too.
Escaped text (&lt;script&gt;) is text, never markup: the parser sees it as such.
"""
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag

HIDDEN_STYLE = [
    re.compile(r"display\s*:\s*none", re.I),
    re.compile(r"visibility\s*:\s*hidden", re.I),
    re.compile(r"(?<![-\w])opacity\s*:\s*0(\.0+)?\s*(;|$|!)", re.I),
    re.compile(r"font-size\s*:\s*0(\.0+)?\s*(px|pt|em|rem|%)?\s*(;|$|!)", re.I),
    re.compile(r"(?<![-\w])(left|top|right|bottom)\s*:\s*-\s*\d{3,}", re.I),
    re.compile(r"text-indent\s*:\s*-\s*\d{3,}", re.I),
    re.compile(r"(?<![-\w])(height|width)\s*:\s*[01]px.*overflow\s*:\s*hidden"
               r"|overflow\s*:\s*hidden.*(?<![-\w])(height|width)\s*:\s*[01]px", re.I),
    re.compile(r"(?<![-\w])(height|width)\s*:\s*0(px)?\s*(;|$)", re.I),
    re.compile(r"clip\s*:\s*rect\(\s*0", re.I),
    re.compile(r"transform\s*:\s*scale\(\s*0(\.0+)?\s*\)", re.I),
    re.compile(r"color\s*:\s*(#fff(fff)?|white)\b.*background(-color)?\s*:\s*(#fff(fff)?|white)\b", re.I),
]
_STYLE_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^\s*([.#])([\w-]+)\s*$")
BLOCK_TAGS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption",
              "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
              "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "option", "button", "label"}
SKIPPED_TAGS = {"script", "style", "template", "head", "title", "svg", "math"}
META_NAMES = {"keywords", "description", "articletitle", "columnname", "columndescription", "columnkeywords",
              "sitename", "contentsource", "author"}
DOCUMENT_PATH = re.compile(r"/documents/\d+/(?P<name>[^/?#]+)")


@dataclass
class MarkupFinding:
    rule: str       # unsafe_markup, hidden_link
    severity: str
    detail: str
    snippet: str


@dataclass
class Parts:
    title: str = ""
    meta: list = field(default_factory=list)         # [(name, content)]
    body: str = ""
    links: list = field(default_factory=list)        # [(text, href, hidden)] outbound links
    attachments: list = field(default_factory=list)  # [file name]
    alt: list = field(default_factory=list)
    hidden: list = field(default_factory=list)       # [text]
    hidden_links: list = field(default_factory=list)  # [(text, href)] hidden links of any kind
    markup: list = field(default_factory=list)       # [MarkupFinding]


def style_hides(style):
    return any(pattern.search(style or "") for pattern in HIDDEN_STYLE)


def _hidden_selectors(soup):
    classes, ids = set(), set()
    for style in soup.find_all("style"):
        for selectors, body in _STYLE_RULE.findall(style.get_text()):
            if style_hides(body):
                for selector in selectors.split(","):
                    match = _SIMPLE_SELECTOR.match(selector)
                    if match:
                        (classes if match.group(1) == "." else ids).add(match.group(2))
    return classes, ids


def _hides(tag, classes, ids):
    if tag.name == "noscript" or tag.has_attr("hidden") or style_hides(tag.get("style", "")):
        return True
    return bool(classes and set(tag.get("class", [])) & classes) or bool(ids and tag.get("id") in ids)


def is_outbound(href, own_hosts):
    parts = urlsplit((href or "").strip())
    return parts.scheme in ("http", "https", "") and bool(parts.netloc) and (parts.hostname or "") not in own_hosts


def _snippet(tag, limit=200):
    text = " ".join(str(tag).split())
    return text if len(text) <= limit else text[:limit] + "…"


def extract(html, own_hosts=(), static_prefix="/static/"):
    """Parse `html` (a whole document or a fragment) into Parts."""
    own_hosts = set(own_hosts)
    soup = BeautifulSoup(html or "", "html.parser")
    classes, ids = _hidden_selectors(soup)
    parts = Parts()
    title = soup.find("title")
    parts.title = " ".join(title.get_text(" ").split()) if title else ""
    for meta in soup.find_all("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name in META_NAMES and meta.get("content"):
            parts.meta.append((name, meta["content"]))
    _markup(soup, parts, own_hosts, static_prefix)

    body_chunks, hidden_chunks = [], []
    root = soup.body or soup
    # Walk the tree once: (node, hidden, inside an outbound link).
    stack = [(root, False, False, False)]
    while stack:
        node, hidden, outbound, in_link = stack.pop()
        if isinstance(node, str):
            if isinstance(node, (Comment, Doctype)) or not isinstance(node, NavigableString):
                continue
            if node == "\n":  # end-of-block marker pushed below
                (hidden_chunks if hidden else body_chunks).append("\n")
                continue
            # Hidden links are reported as such (hidden_links), not again as hidden text.
            target = (None if in_link else hidden_chunks) if hidden else (None if outbound else body_chunks)
            if target is not None:
                target.append(str(node))
            continue
        if not isinstance(node, Tag) or node.name in SKIPPED_TAGS:
            continue
        now_hidden = hidden or _hides(node, classes, ids)
        if node.name == "img":
            for attribute in ("alt", "title"):
                if node.get(attribute):
                    (parts.hidden if now_hidden else parts.alt).append(node[attribute])
        now_outbound = outbound
        if node.name == "a":
            href = node.get("href", "") or ""
            text = " ".join(node.get_text(" ").split())
            document = DOCUMENT_PATH.search(href)
            if document:
                parts.attachments.append(unquote(document.group("name")))
            if now_hidden and (text or href):
                parts.hidden_links.append((text, href))
            if is_outbound(href, own_hosts):
                parts.links.append((text, href, now_hidden))
                now_outbound = True
        now_in_link = in_link or node.name == "a"
        if node.name in BLOCK_TAGS:
            stack.append((NavigableString("\n"), now_hidden, now_outbound, now_in_link))
        for child in reversed(node.contents):
            stack.append((child, now_hidden, now_outbound, now_in_link))
        if node.name in BLOCK_TAGS:
            stack.append((NavigableString("\n"), now_hidden, now_outbound, now_in_link))
    parts.body = _tidy("".join(body_chunks))
    hidden_text = _tidy("".join(hidden_chunks))
    parts.hidden = ([hidden_text] if hidden_text else []) + parts.hidden
    return parts


def _tidy(text):
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _markup(soup, parts, own_hosts, static_prefix):
    def add(severity, detail, tag):
        parts.markup.append(MarkupFinding("unsafe_markup", severity, detail, _snippet(tag)))

    for tag in soup.find_all("script"):
        kind = (tag.get("type") or "").lower()
        src = tag.get("src")
        if src:
            own = not is_outbound(src, own_hosts) and urlsplit(src).path.startswith(static_prefix)
            if not own:
                add("high", "<script src>", tag)
        elif kind not in ("application/ld+json", "application/json") and tag.get_text().strip():
            add("high", "<script>", tag)
    for tag in soup.find_all(["iframe", "frame"]):
        if is_outbound(tag.get("src", ""), own_hosts):
            add("high" if style_hides(tag.get("style", "")) or tag.get("width") in ("0", "1")
                or tag.get("height") in ("0", "1") else "medium", f"<{tag.name}>", tag)
    for tag in soup.find_all(["object", "applet"]):
        add("high", f"<{tag.name}>", tag)
    for tag in soup.find_all("embed"):
        # Wagtail's stored rich text holds <embed embedtype="image" ...>; rendered pages never do.
        if not tag.get("embedtype"):
            add("high", "<embed>", tag)
    for tag in soup.find_all("meta"):
        if "refresh" in (tag.get("http-equiv", "") or "").lower():
            add("high", "meta refresh", tag)
    for tag in soup.find_all(True):
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        if handlers:
            add("high", ", ".join(handlers), tag)
        if tag.name in ("a", "area", "form", "iframe"):
            target = (tag.get("href") or tag.get("action") or tag.get("src") or "").strip().lower()
            target = re.sub(r"[\s\x00-\x1f]", "", target)
            if target.startswith(("javascript:", "vbscript:", "data:text")):
                add("high", "javascript: link", tag)
