"""Redis as the shared cache: two app processes (gunicorn, production settings) serve each
other's cached pages, keep sites apart, and see purges and status changes made elsewhere."""
import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Page

from tenants.models import Tenant
from tenants.provisioning import change_status
from tests.themes.factories import publish
from themes.models import ArticlePage

from .conftest import committed_elsewhere
from .servers import AppServer, Redis

# The database must exist; what the app servers must see is committed from another connection.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def two_apps(serving_sites, tmp_path_factory):
    """Redis, and two app processes using it; this test process uses it too (its purges must reach them)."""
    from django.conf import settings
    from django.db import connection
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("shared-cache")
    redis = Redis(folder)
    caches = {alias: {**{k: v for k, v in config.items() if k not in ("LOCATION", "OPTIONS")},
                      "BACKEND": "sitegroup.rediscache.RedisCache", "LOCATION": redis.url}
              for alias, config in settings.CACHES.items()}
    apps = []
    try:
        with override_settings(CACHES=caches):
            for _ in range(2):
                apps.append(AppServer(folder, connection.settings_dict["NAME"], cache_url=redis.url))
            yield apps
    finally:
        for app in apps:
            app.stop()
        redis.stop()


def publish_fresh_item(site):
    with tenant_context(site):
        publish(Page.objects.get(slug="news"), ArticlePage(title="跨进程发布的消息", slug="fresh"))


def test_two_processes_share_entries_keep_sites_apart_and_see_purges(two_apps, serving_sites):
    first, second = two_apps
    one, two = serving_sites
    host_one, host_two = one.primary_domain_name(), two.primary_domain_name()

    status, headers, body = first.get(host_one, "/news/")
    assert status == 200 and headers["x-sitegroup-cache"] == "miss" and one.name in body
    status, headers, shared = second.get(host_one, "/news/")
    assert headers["x-sitegroup-cache"] == "hit" and shared == body          # stored by the other process

    status, headers, other = second.get(host_two, "/news/")                  # same path, other site
    assert headers["x-sitegroup-cache"] == "miss" and two.name in other and one.name not in other
    status, headers, again = first.get(host_two, "/news/")
    assert headers["x-sitegroup-cache"] == "hit" and again == other

    committed_elsewhere(lambda: publish_fresh_item(one))                     # committed: purged in Redis
    status, headers, body = second.get(host_one, "/news/")
    assert headers["x-sitegroup-cache"] == "miss" and "跨进程发布的消息" in body
    status, headers, body = first.get(host_one, "/news/")
    assert headers["x-sitegroup-cache"] == "hit" and "跨进程发布的消息" in body
    status, headers, body = first.get(host_two, "/news/")                    # the other site kept its entry
    assert headers["x-sitegroup-cache"] == "hit" and "跨进程发布的消息" not in body


def test_a_status_change_reaches_every_process_at_once(two_apps, serving_sites):
    first, second = two_apps
    _, two = serving_sites
    host = two.primary_domain_name()
    assert first.get(host, "/")[0] == 200 and second.get(host, "/")[1]["x-sitegroup-cache"] == "hit"
    committed_elsewhere(lambda: change_status(Tenant.objects.get(pk=two.pk), Tenant.Status.SUSPENDED))
    try:
        assert first.get(host, "/")[0] == 503 and second.get(host, "/")[0] == 503
    finally:
        committed_elsewhere(lambda: change_status(Tenant.objects.get(pk=two.pk), Tenant.Status.ACTIVE))
    assert first.get(host, "/")[0] == 200 and second.get(host, "/")[0] == 200


def test_the_redis_backend_keeps_one_client_and_behaves_as_djangos(tmp_path):
    """sitegroup.rediscache: Django's backend, less a new redis client per call (0.3 ms each)."""
    from sitegroup.rediscache import RedisCache

    redis = Redis(tmp_path)
    try:
        backend = RedisCache(redis.url, {"KEY_PREFIX": "t"})
        backend.set("page", {"body": "政府网站"}, 60)
        backend.set_many({"a": 1, "b": "二"}, 60)
        assert backend.get("page") == {"body": "政府网站"}
        assert backend.get_many(["a", "b", "missing"]) == {"a": 1, "b": "二"}
        assert backend.incr("a") == 2
        backend.delete("page")
        assert backend.get("page") is None
        assert backend._cache.get_client() is backend._cache.get_client(write=True)
        from redis.utils import HIREDIS_AVAILABLE
        assert HIREDIS_AVAILABLE                     # the C reply parser (pyproject: hiredis)
        long_key = "栏目 " * 200                     # over memcached's limits, fine for Redis
        backend.set(long_key, 1, 60)
        assert backend.get(long_key) == 1
    finally:
        redis.stop()
