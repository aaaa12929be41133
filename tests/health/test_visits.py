"""Visit statistics: views and unique visitors per site, page and day, with no address stored."""
import pytest
from django.db import connection
from django.test import RequestFactory

from sitegroup.health import visits
from sitegroup.health.models import PageVisits, ReferrerVisits, SiteVisits, VisitorMark, VisitSalt

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
OTHER_ADDRESS = "198.51.100.9"


def request(host, path, address=ADDRESS, agent="Mozilla/5.0 Firefox/140", referer=""):
    extra = {"HTTP_HOST": host, "REMOTE_ADDR": address, "HTTP_USER_AGENT": agent}
    if referer:
        extra["HTTP_REFERER"] = referer
    return RequestFactory().get(path, **extra)


@pytest.fixture(autouse=True)
def empty_buffer():
    visits._take()
    visits._salts.clear()
    visits._today = (None, 0.0)
    yield
    visits._take()


def test_views_and_unique_visitors_per_site_page_and_day(cluster, settings, django_assert_num_queries):
    settings.SITEGROUP_VISITS_FLUSH_EVERY = 10_000
    peach, willow = cluster.peach.schema_name, cluster.willow.schema_name
    visits.record_visit(peach, "/news/", request("peach.localhost", "/news/"))      # reads the day's salt once
    with django_assert_num_queries(0):   # no query, no write while serving
        visits.record_visit(peach, "/news/", request("peach.localhost", "/news/"))
        visits.record_visit(peach, "/news/", request("peach.localhost", "/news/", address=OTHER_ADDRESS))
        visits.record_visit(peach, "/", request("peach.localhost", "/", referer="https://www.baidu.com/s?wd=x"))
        visits.record_visit(peach, "/", request("peach.localhost", "/", referer="http://peach.localhost/news/"))
        visits.record_visit(willow, "/", request("willow.localhost", "/"))
        visits.record_visit(peach, "/", request("peach.localhost", "/", agent="Baiduspider/2.0"))  # robots not counted
    assert not PageVisits.objects.exists()
    assert visits.flush_visits() == 6
    day = VisitSalt.objects.get().day
    news = PageVisits.objects.get(site=cluster.peach, day=day, path="/news/")
    assert (news.views, news.visitors) == (3, 2)
    home = PageVisits.objects.get(site=cluster.peach, day=day, path="/")
    assert (home.views, home.visitors) == (2, 1)
    site = SiteVisits.objects.get(site=cluster.peach, day=day)
    assert (site.views, site.visitors) == (5, 2)       # the same visitor on two pages is one visitor
    assert SiteVisits.objects.get(site=cluster.willow).views == 1
    assert list(ReferrerVisits.objects.values_list("site__slug", "domain", "views")) == [("peach", "www.baidu.com", 1)]
    # A later batch adds to the same rows.
    visits.record_visit(peach, "/news/", request("peach.localhost", "/news/"))
    visits.flush_visits()
    news.refresh_from_db()
    assert (news.views, news.visitors) == (4, 2)


def test_no_address_or_user_agent_is_stored_and_old_marks_are_forgotten(cluster):
    visits.record_visit(cluster.peach.schema_name, "/", request("peach.localhost", "/"))
    visits.flush_visits()
    with connection.cursor() as cursor:
        for table in ("health_pagevisits", "health_sitevisits", "health_visitormark", "health_referrervisits",
                      "health_visitsalt"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (table names are ours)
            dumped = repr(cursor.fetchall())
            assert ADDRESS not in dumped and "Firefox" not in dumped
    mark = VisitorMark.objects.get()
    assert len(mark.visitor) == 16
    day = mark.day
    assert visits.forget_old_visitors(today=day) == 0
    assert visits.forget_old_visitors(today=day.replace(year=day.year + 1)) == 1
    assert not VisitSalt.objects.exists() and SiteVisits.objects.get(site=cluster.peach).visitors == 1


def test_counts_are_flushed_in_batches_and_kept_when_the_database_refuses(cluster, settings, monkeypatch):
    settings.SITEGROUP_VISITS_FLUSH_EVERY = 3
    for _n in range(2):
        visits.record_visit(cluster.peach.schema_name, "/", request("peach.localhost", "/"))
    assert not SiteVisits.objects.exists()
    visits.record_visit(cluster.peach.schema_name, "/", request("peach.localhost", "/"))
    assert SiteVisits.objects.get(site=cluster.peach).views == 3
    monkeypatch.setattr(visits, "_UPSERT_PAGE", "INSERT INTO no_such_table VALUES (%s, %s, %s, %s)")
    visits.record_visit(cluster.peach.schema_name, "/", request("peach.localhost", "/"))
    assert visits.flush_visits() == 0
    monkeypatch.undo()
    assert visits.flush_visits() == 1
    assert SiteVisits.objects.get(site=cluster.peach).views == 4


def test_only_public_html_page_views_are_counted(cluster, settings):
    settings.SITEGROUP_VISITS_ENABLED = True
    from django.http import HttpResponse, JsonResponse

    from sitegroup.health.receivers import count_page_view

    schema = cluster.peach.schema_name
    page = HttpResponse("<html></html>", content_type="text/html; charset=utf-8")
    count_page_view(None, schema=schema, path="/news/", request=request("peach.localhost", "/news/"), response=page)
    count_page_view(None, schema=schema, path="/admin/pages/", request=request("peach.localhost", "/admin/pages/"),
                    response=page)
    count_page_view(None, schema=schema, path="/api/", request=request("peach.localhost", "/api/"),
                    response=JsonResponse({}))
    count_page_view(None, schema=schema, path="/gone/", request=request("peach.localhost", "/gone/"),
                    response=HttpResponse("<html></html>", status=404))
    count_page_view(None, schema="public", path="/", request=request("localhost", "/"), response=page)
    visits.flush_visits()
    assert list(PageVisits.objects.values_list("site__slug", "path", "views")) == [("peach", "/news/", 1)]


def test_views_of_cached_and_rendered_pages_are_counted_without_an_address(cluster, site_client, settings):
    """Through the whole stack: the page cache renders the first view and serves the next ones."""
    settings.SITEGROUP_VISITS_FLUSH_EVERY = 10_000
    settings.SITEGROUP_VISITS_ENABLED = True
    settings.SITEGROUP_PAGE_CACHE = True
    first = site_client(cluster.peach).get("/news/", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT="Mozilla/5.0 Firefox/140")
    again = site_client(cluster.peach).get("/news/", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT="Mozilla/5.0 Firefox/140")
    other = site_client(cluster.peach).get("/news/", REMOTE_ADDR=OTHER_ADDRESS, HTTP_USER_AGENT="Mozilla/5.0")
    site_client(cluster.willow).get("/", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT="Mozilla/5.0 Firefox/140")
    assert first.status_code == again.status_code == other.status_code == 200
    statuses = [first["X-Sitegroup-Cache"], again["X-Sitegroup-Cache"], other["X-Sitegroup-Cache"]]
    assert statuses[0] == "miss" and statuses[1:] == ["hit", "hit"], statuses
    visits.flush_visits()
    news = PageVisits.objects.get(site=cluster.peach, path="/news/")
    assert (news.views, news.visitors) == (3, 2)
    assert PageVisits.objects.get(site=cluster.willow, path="/").views == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM health_visitormark")
        assert ADDRESS not in repr(cursor.fetchall())


def test_the_day_is_remembered_until_it_passes_and_the_hash_is_keyed_with_the_days_salt(cluster):
    import datetime
    import hashlib
    import time

    from django.utils import timezone

    real_day = timezone.localdate()
    yesterday = real_day - datetime.timedelta(days=1)
    visits._today = (yesterday, time.time() + 60)       # still valid: counted on the remembered day
    assert visits.today() == yesterday
    visits._today = (yesterday, time.time() - 1)        # its time passed: the day is read again
    assert visits.today() == real_day and visits._today[1] > time.time()
    salt = visits._salt(real_day)
    expected = hashlib.blake2b(f"{ADDRESS}\nMozilla/5.0".encode(), key=salt, digest_size=8).hexdigest()
    assert visits.visitor_hash(real_day, ADDRESS, "Mozilla/5.0") == expected
    assert VisitSalt.objects.get(day=real_day).salt.encode() == salt
    # Another day's salt gives the same visitor another mark: yesterday's cannot be linked to today's.
    visits._salts[yesterday] = b"0" * 64
    assert visits.visitor_hash(yesterday, ADDRESS, "Mozilla/5.0") != expected

