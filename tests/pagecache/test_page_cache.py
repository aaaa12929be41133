"""Anonymous pages come from the per-site page cache with no query; staff, sessions and private
pages never do; a page of one site is never served for another."""
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from wagtail.models import Page, PageViewRestriction

from sitegroup.pagecache.signals import page_served
from tenants.models import Tenant

from .conftest import add_items, cache_status

pytestmark = pytest.mark.django_db


def test_a_hit_runs_no_query_for_pages_listings_and_search(cluster, site_client, page_cache):
    add_items(cluster.peach)
    client = site_client(cluster.peach)
    paths = ["/", "/news/", "/news/first/", "/news/first/print/", "/news/?page=1", "/search/", "/search/?q=第一篇",
             "/sitemap-that-does-not-exist/", "/en/"]
    first = {path: client.get(path) for path in paths}
    assert {path: cache_status(r) for path, r in first.items()} == dict.fromkeys(paths, "miss")
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert cache_status(response) == "hit", path
        assert len(queries) == 0, (path, [q["sql"] for q in queries])
        assert response.status_code == first[path].status_code
        assert response.content == first[path].content
        # The headers the rest of the stack added are replayed (CSP, nosniff, language).
        for header in ("Content-Security-Policy", "X-Content-Type-Options", "Content-Type", "Content-Language"):
            assert response.get(header) == first[path].get(header), (path, header)


def test_the_platform_directory_and_cluster_search_are_cached_too(cluster, site_client, page_cache):
    client = site_client("localhost")
    for path in ("/", "/search/", "/search/?q=集约化"):
        assert cache_status(client.get(path)) == "miss"
        with CaptureQueriesContext(connection) as queries:
            assert cache_status(client.get(path)) == "hit"
        assert len(queries) == 0


def test_the_same_path_on_two_sites_is_two_entries(cluster, site_client, page_cache):
    add_items(cluster.peach)
    add_items(cluster.willow)
    peach, willow = site_client(cluster.peach), site_client(cluster.willow)
    for _ in range(2):  # the second round is served from the cache
        for path in ("/", "/news/", "/news/first/"):
            mine, theirs = peach.get(path).content.decode(), willow.get(path).content.decode()
            assert cluster.peach.name in mine and cluster.willow.name not in mine
            assert cluster.willow.name in theirs and cluster.peach.name not in theirs
            assert "peach 第一篇" in mine and "willow 第一篇" not in mine
    assert cache_status(willow.get("/news/")) == "hit"
    # Every stored key names its site's schema first, as django-tenants' key function does.
    stored = [key for key in caches["serving"]._cache if ":entry:" in key]
    assert stored and all(key.startswith(("site_peach:", "site_willow:")) for key in stored)
    assert {key.split(":")[0] for key in stored} == {"site_peach", "site_willow"}


def test_an_alias_domain_gets_its_own_entry_with_its_own_host_in_urls(cluster, site_client, page_cache):
    site_client(cluster.peach).get("/")
    alias = site_client("peach-alias.example.cn").get("/")
    assert cache_status(alias) == "miss"
    assert 'content="http://peach-alias.example.cn/"' in alias.content.decode()


def test_signed_in_staff_are_never_served_nor_stored(cluster, site_client, page_cache):
    with tenant_context(cluster.peach):
        admin = get_user_model().objects.create_superuser("siteadmin", "a@example.cn", "pw-Long-enough-1")
        staff = site_client(cluster.peach)
        staff.force_login(admin)
    anonymous = site_client(cluster.peach)
    staff_view = staff.get("/")
    assert cache_status(staff_view) == "skip"
    assert staff_view["X-Accel-Expires"] == "0"             # nginx must not keep it either
    assert cache_status(anonymous.get("/")) == "miss"       # nothing the staff request rendered was kept
    hit = anonymous.get("/")
    assert cache_status(hit) == "hit"
    assert cache_status(staff.get("/")) == "skip"           # and staff never get the anonymous copy
    assert 'id="wagtail-userbar' not in hit.content.decode()


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken"])
def test_requests_with_a_session_or_csrf_cookie_bypass_the_cache(cluster, site_client, page_cache, cookie):
    client = site_client(cluster.peach)
    client.get("/news/")
    client.cookies[cookie] = "whatever"
    for _ in range(2):
        assert cache_status(client.get("/news/")) == "skip"
    # Other cookies (analytics, the language choice) do not stop caching.
    other = site_client(cluster.peach)
    other.cookies["_tracking"] = "1"
    assert cache_status(other.get("/news/")) == "hit"


def test_admin_and_posts_are_never_cached(cluster, site_client, page_cache):
    client = site_client(cluster.peach)
    for _ in range(2):
        assert cache_status(client.get("/admin/login/")) == "skip"
    assert "X-Sitegroup-Cache" not in client.post("/search/", {"q": "x"})


def test_a_password_protected_page_is_never_cached(cluster, site_client, page_cache, committed):
    items = add_items(cluster.peach)
    client = site_client(cluster.peach)
    client.get("/news/first/")
    assert cache_status(client.get("/news/first/")) == "hit"
    with tenant_context(cluster.peach), committed():
        PageViewRestriction.objects.create(page=Page.objects.get(pk=items["first"].pk),
                                           restriction_type=PageViewRestriction.PASSWORD, password="secret")
    for _ in range(2):
        response = Client(HTTP_HOST="peach.localhost").get("/news/first/")
        assert cache_status(response) == "skip"
        assert 'name="password"' in response.content.decode()
        assert response.cookies  # the form's CSRF cookie: no shared cache may keep it


def test_a_login_restricted_page_is_never_served_from_the_cache(cluster, site_client, page_cache, committed):
    items = add_items(cluster.peach)
    client = site_client(cluster.peach)
    client.get("/news/second/")
    with tenant_context(cluster.peach), committed():
        PageViewRestriction.objects.create(page=Page.objects.get(pk=items["second"].pk),
                                           restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        response = client.get("/news/second/")
        assert response.status_code == 302 and cache_status(response) == "skip"


def test_a_response_that_sets_a_cookie_is_not_stored(cluster, site_client, page_cache):
    from django.urls import path

    from sitegroup import urls as site_urls

    def sets_cookie(request):
        from django.http import HttpResponse

        response = HttpResponse("hello")
        response.set_cookie("visitor", "1")
        return response

    site_urls.urlpatterns.insert(0, path("cookie-test/", sets_cookie))
    try:
        client = site_client(cluster.peach)
        assert cache_status(client.get("/cookie-test/")) == "skip"
        assert cache_status(client.get("/cookie-test/")) == "skip"
    finally:
        site_urls.urlpatterns.pop(0)


def test_page_served_hook_runs_on_hits_and_misses(cluster, site_client, page_cache):
    seen = []

    def count(sender, schema, path, request, response, cached, **kwargs):
        seen.append((schema, path, response.status_code, cached))

    page_served.connect(count)
    try:
        client = site_client(cluster.peach)
        client.get("/")
        client.get("/")
        site_client(cluster.willow).get("/news/")
        staff = site_client(cluster.peach)
        staff.cookies["sessionid"] = "x"
        staff.get("/")
    finally:
        page_served.disconnect(count)
    assert seen == [("site_peach", "/", 200, False), ("site_peach", "/", 200, True),
                    ("site_willow", "/news/", 200, False), ("site_peach", "/", 200, False)]


def test_a_broken_cache_serves_uncached_instead_of_failing(cluster, site_client, page_cache, monkeypatch):
    from sitegroup.pagecache import store

    def unavailable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(store, "fetch", unavailable)
    response = site_client(cluster.peach).get("/")
    assert response.status_code == 200 and cache_status(response) == "skip"


def test_a_hit_is_one_read_of_the_cache(cluster, site_client, page_cache, monkeypatch):
    """The Host → site record is read in the same round trip as the entry and its tokens."""
    serving = caches["serving"]
    client = site_client(cluster.peach)
    client.get("/news/")
    reads, inside = [], []

    def counted(name, real):
        def read(*args, **kwargs):
            if not inside:  # the local-memory backend's get_many calls its own get
                reads.append(name)
            inside.append(name)
            try:
                return real(*args, **kwargs)
            finally:
                inside.pop()
        return read

    for name in ("get", "get_many"):
        monkeypatch.setattr(serving, name, counted(name, getattr(serving, name)))
    assert cache_status(client.get("/news/")) == "hit"
    assert reads == ["get_many"]


def test_a_host_record_changed_by_another_process_is_obeyed_at_once(cluster, site_client, page_cache):
    """This process's remembered record is only a guess: the shared one decides (here: another
    app process suspended the site, and only the shared record says so)."""
    from tenants import hostcache

    client = site_client(cluster.peach)
    client.get("/")
    assert cache_status(client.get("/")) == "hit"
    hostname = cluster.peach.primary_domain_name()
    shared = {**hostcache.guess(hostname), "status": Tenant.Status.SUSPENDED}
    caches["serving"].set(hostcache.key_for(hostname), shared)     # as another process's change would
    response = client.get("/")
    assert response.status_code == 503 and cache_status(response) == "skip"
    assert hostcache.guess(hostname)["status"] == Tenant.Status.SUSPENDED
    caches["serving"].delete(hostcache.key_for(hostname))          # dropped: read from the registry again
    response = client.get("/")
    assert response.status_code == 200 and cache_status(response) == "hit"
