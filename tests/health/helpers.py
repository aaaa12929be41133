"""Building sites in a known state for the health checks: pages written live with chosen dates."""
import datetime
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page

from themes.models import ArticlePage, ColumnPage, ServiceGuidePage

# A controlled clock: far enough after the session's sites were provisioned that their
# columns' opening dates are in the past.
NOW = (timezone.now() + datetime.timedelta(days=800)).replace(hour=12, minute=0, second=0, microsecond=0)


def days_ago(days, now=NOW):
    return now - datetime.timedelta(days=days)


def _live(page, when):
    page.live = True
    page.first_published_at = page.last_published_at = when
    return page


def column(site, slug):
    with tenant_context(site):
        return Page.objects.get(depth=3, slug=slug).specific


def add_item(site, parent_slug_or_page, title, published, **fields):
    """A live article dated `published` under a column (given by slug or page)."""
    with tenant_context(site):
        parent = (Page.objects.get(depth=3, slug=parent_slug_or_page)
                  if isinstance(parent_slug_or_page, str) else parent_slug_or_page)
        page = ArticlePage(title=title, slug=f"i{abs(hash((title, published))) % 10**9}", publish_date=published,
                           body=fields.pop("body", "<p>内容。</p>"), **fields)
        return parent.add_child(instance=_live(page, published))


def add_column(site, title, column_type, opened=None, under="home"):
    with tenant_context(site):
        parent = Page.objects.get(depth=2) if under == "home" else Page.objects.get(depth=3, slug=under)
        page = ColumnPage(title=title, slug=f"c{abs(hash(title)) % 10**9}", column_type=column_type)
        return parent.add_child(instance=_live(page, opened or days_ago(700)))


COMPLETE_GUIDE = {
    "conditions": "<p>本辖区户籍居民。</p>",
    "materials": [("material", {"name": "居民身份证", "form": "original", "copies": 1, "required": True})],
    "steps": [("step", {"title": "窗口受理", "description": "提交材料"})],
    "time_limit": "5 个工作日",
    "place_and_hours": "镇便民服务中心一楼，工作日 9:00-17:00",
    "phone": "0571-12345678",
}


def add_guide(site, title, published, **overrides):
    with tenant_context(site):
        parent = Page.objects.get(depth=3, slug="services")
        page = ServiceGuidePage(title=title, slug=f"g{abs(hash(title)) % 10**9}", publish_date=published,
                                **{**COMPLETE_GUIDE, **overrides})
        return parent.add_child(instance=_live(page, published))


def keep_every_column_fresh(site, now=NOW):
    """One recent item in every standard column, and a complete service guide: a site that passes."""
    for slug in ("news", "notices", "policies", "disclosure"):
        add_item(site, slug, f"{site.slug} {slug} 近期信息", days_ago(1, now))
    add_guide(site, f"{site.slug} 居住证办理", days_ago(2, now))
    add_item(site, "about", f"{site.slug} 机构职能", days_ago(600, now))


class LocalServer:
    """A loopback HTTP server the tests start: `routes` maps a path to (status, body, delay seconds)."""

    def __init__(self, routes):
        self.routes = routes
        self.hits = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.hits.append(self.path)
                status, body, delay = server.routes.get(self.path, (404, "<p>not found</p>", 0))
                if delay:
                    time.sleep(delay)
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
