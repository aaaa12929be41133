"""With Wagtail's front-end cache configured, publishing also purges the page and the pages
listing it there, on every domain of the site (and nothing on other sites)."""
import pytest
from django_tenants.utils import tenant_context
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from themes.models import ArticlePage

from .conftest import add_items

pytestmark = pytest.mark.django_db
PURGED = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)


def test_publishing_purges_the_front_end_cache_on_every_domain(cluster, settings, committed):
    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": f"{__name__}.RecordingBackend"}}
    items = add_items(cluster.peach)
    PURGED.clear()
    with tenant_context(cluster.peach), committed():
        page = ArticlePage.objects.get(pk=items["first"].pk)
        page.save_revision().publish()
    expected = {f"http://{host}{path}" for host in ("peach.localhost", "peach-alias.example.cn")
                for path in ("/", "/news/", "/news/first/")}
    assert set(PURGED) == expected


def test_without_a_front_end_cache_nothing_is_sent(cluster, committed):
    items = add_items(cluster.peach)
    PURGED.clear()
    with tenant_context(cluster.peach), committed():
        ArticlePage.objects.get(pk=items["first"].pk).save_revision().publish()
    assert PURGED == []
