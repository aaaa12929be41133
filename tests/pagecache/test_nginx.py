"""Real nginx (Debian's package) with deploy/nginx/page-cache-*.conf in front of a gunicorn app:
it keeps what the app allows, never for signed-in visitors, and serves the last copy when the
app is down."""
import time

import pytest

from .servers import AppServer, Nginx

pytestmark = pytest.mark.django_db

# nginx may serve a page for this long without asking the app (X-Accel-Expires).
PROXY_SECONDS = 1


@pytest.fixture
def app_behind_nginx(serving_sites, server_folder, database_name):
    app = AppServer(server_folder, database_name, SITEGROUP_PAGE_CACHE_PROXY_SECONDS=str(PROXY_SECONDS))
    nginx = None
    try:
        nginx = Nginx(server_folder, app.port)
        yield app, nginx
    finally:
        if nginx:
            nginx.stop()
        app.stop()


def test_nginx_serves_the_last_copy_when_the_app_is_down(app_behind_nginx, serving_sites):
    app, nginx = app_behind_nginx
    one, two = serving_sites
    host, other_host = one.primary_domain_name(), two.primary_domain_name()

    status, headers, page = nginx.get(host, "/news/")
    assert status == 200 and headers["x-proxy-cache"] == "MISS" and one.name in page
    assert "x-accel-expires" not in headers                     # nginx's own instruction, stripped
    status, headers, again = nginx.get(host, "/news/")
    assert headers["x-proxy-cache"] == "HIT" and again == page
    status, headers, other = nginx.get(other_host, "/news/")    # the same URL on another site
    assert headers["x-proxy-cache"] == "MISS" and two.name in other and one.name not in other
    status, headers, _ = nginx.get(host, "/news/", cookie="sessionid=abc")
    assert headers["x-proxy-cache"] == "BYPASS"                 # signed in: always the app

    app.stop()
    time.sleep(PROXY_SECONDS + 0.5)   # let the copy go stale, so nginx has to ask the (stopped) app
    status, headers, stale = nginx.get(host, "/news/")
    assert status == 200 and headers["x-proxy-cache"] == "STALE" and stale == page
    status, headers, stale_other = nginx.get(other_host, "/news/")
    assert status == 200 and stale_other == other
    # Nothing else is invented: a page never fetched, and anyone signed in, get the error.
    assert nginx.get(host, "/notices/")[0] == 502
    assert nginx.get(host, "/news/", cookie="__Host-sessionid=abc")[0] == 502


def test_nginx_keeps_nothing_the_app_does_not_allow(app_behind_nginx, serving_sites):
    _, nginx = app_behind_nginx
    host = serving_sites[0].primary_domain_name()
    for _ in range(2):
        status, headers, _ = nginx.get(host, "/admin/login/")
        assert headers["x-proxy-cache"] == "MISS"
