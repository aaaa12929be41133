"""Whole-site audits: every published page, rendered in Debian's Chromium, checked by axe-core.

Each page is checked in the normal, high-contrast and elder-friendly modes of the
assistive toolbar (switched on through its stored preference before the page loads) on a
1366 px wide screen, and in the normal mode on a 390 px wide phone.
Results are stored per site and run (accessibility.reports.AuditRun).
"""
import json
import shutil
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tenants.utils import tenant_context

AXE_SCRIPT = Path(__file__).with_name("vendor") / "axe.min.js"
MODES = {"normal": {}, "contrast": {"contrast": True}, "elder": {"elder": True}}
DESKTOP = {"width": 1366, "height": 768}
# The phone pass: the normal mode at a common phone width (national rules ask for mobile-friendly sites).
PHONE = "phone"
PHONE_VIEWPORT = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * 127.0.0.1"]


class BrowserMissing(RuntimeError):
    pass


def chromium_path():
    path = settings.SITEGROUP_CHROMIUM or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise BrowserMissing("Chromium is not installed: `apt-get install -y chromium` (Debian).")
    return path


def site_page_paths(tenant):
    """Paths of every published public page of the site, home first, and its site map (a route)."""
    from wagtail.models import Page

    with tenant_context(tenant):
        paths = []
        for page in Page.objects.filter(depth__gt=1).live().public().order_by("path"):
            parts = page.get_url_parts()
            if parts and parts[2] not in paths:
                paths.append(parts[2])
        return [*paths, "/sitemap/"]


class Auditor:
    """One browser for many pages; use as a context manager.

    Playwright's sync API runs an event loop in its thread, where Django refuses ORM
    calls; the browser therefore lives in a thread of its own.
    """

    def __init__(self):
        from concurrent.futures import ThreadPoolExecutor

        self._playwright = None
        self.browser = None
        self.axe = AXE_SCRIPT.read_text(encoding="utf-8")
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="auditor")

    def __enter__(self):
        path = chromium_path()
        self._thread.submit(self._start, path).result()
        return self

    def _start(self, path):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)

    def __exit__(self, *exc):
        self._thread.submit(self._stop).result()
        self._thread.shutdown()

    def _stop(self):
        if self.browser:
            self.browser.close()
        if self._playwright:
            self._playwright.stop()

    def run(self, function, *args):
        """Run `function(browser, *args)` in the browser's thread (for browser tests)."""
        return self._thread.submit(function, self.browser, *args).result()

    def check(self, urls, mode="normal"):
        """{url: [axe violation]} for the URLs in one toolbar mode (or PHONE: normal, 390 px wide)."""
        return self._thread.submit(self._check, urls, mode).result()

    def _check(self, urls, mode):
        # axe is injected as an inline script: the sites' CSP (rightly) forbids those.
        viewport = PHONE_VIEWPORT if mode == PHONE else DESKTOP
        context = self.browser.new_context(bypass_csp=True, viewport=viewport)
        state = MODES.get(mode, {})
        context.add_init_script(f"window.localStorage.setItem('sitegroup-a11y', '{json.dumps(state)}');")
        page = context.new_page()
        found = {}
        try:
            for url in urls:
                page.goto(url, wait_until="load")
                page.add_script_tag(content=self.axe)
                # Only violations are read: axe then skips gathering every node of the passing,
                # inapplicable and incomplete rules (one node each), the bulk of its work.
                result = page.evaluate(
                    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                    AXE_TAGS)
                found[url] = result["violations"]
        finally:
            context.close()
        return found


def audit_site(tenant, base_url, auditor, progress=None):
    """Audit every page of `tenant` served at `base_url` (e.g. http://127.0.0.1:PORT); store the run."""
    from .reports.models import AuditRun

    started = timezone.now()
    domain = tenant.primary_domain_name()
    port = base_url.rsplit(":", 1)[1].rstrip("/")
    urls = [f"http://{domain}:{port}{path}" for path in site_page_paths(tenant)]
    results = defaultdict(dict)
    by_impact = defaultdict(int)
    per_page = []
    for mode in [*MODES, PHONE]:
        results[mode] = {}
        for url, violations in auditor.check(urls, mode).items():
            rules = []
            for violation in violations:
                nodes = len(violation["nodes"])
                entry = results[mode].setdefault(violation["id"], {"impact": violation["impact"], "count": 0,
                                                                     "pages": 0, "help": violation["help"]})
                entry["count"] += nodes
                entry["pages"] += 1
                by_impact[violation["impact"] or "unknown"] += nodes
                rules.append(violation["id"])
            if violations:
                per_page.append({"url": url, "mode": mode, "rules": rules,
                                 "violations": sum(len(v["nodes"]) for v in violations)})
            if progress:
                progress(url, mode)
    per_page.sort(key=lambda item: -item["violations"])
    return AuditRun.objects.create(site=tenant, started_at=started, finished_at=timezone.now(),
                                   pages_checked=len(urls), results=dict(results), by_impact=dict(by_impact),
                                   worst_pages=per_page[:20])


class LocalServer:
    """Serve the project on 127.0.0.1 in a thread, for audits run outside a web server."""

    def __enter__(self):
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.test.testcases import LiveServerThread

        self.thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        self.thread.daemon = True
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            raise self.thread.error
        self.url = f"http://127.0.0.1:{self.thread.port}"
        return self

    def __exit__(self, *exc):
        self.thread.terminate()
