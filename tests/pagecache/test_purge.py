"""Publishing, unpublishing, moving and deleting purge exactly the pages that show the change;
settings, theme and site changes purge the whole site; the purge API reaches other sites."""
import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Page

from sitegroup.pagecache import purge
from tenants.models import Tenant
from tenants.signals import site_moved_up, site_restored
from themes.models import ArticlePage, SiteAppearance
from themes.registry.models import Theme

from .conftest import add_items, cache_status

pytestmark = pytest.mark.django_db

PEACH_PATHS = ["/", "/news/", "/news/?page=1", "/news/first/", "/news/first/print/", "/news/second/",
               "/notices/", "/notices/notice/", "/about/", "/search/", "/no-such-page/"]


def warm(client, paths):
    for path in paths:
        client.get(path)
    assert all(cache_status(client.get(path)) == "hit" for path in paths)


def purged(client, paths):
    """The paths that are no longer served from the cache (each is then cached again)."""
    return {path for path in paths if cache_status(client.get(path)) != "hit"}


@pytest.fixture
def sites(cluster, site_client, page_cache):
    peach_items = add_items(cluster.peach)
    add_items(cluster.willow)
    peach, willow = site_client(cluster.peach), site_client(cluster.willow)
    warm(peach, PEACH_PATHS)
    warm(willow, ["/", "/news/", "/news/first/"])
    return peach, willow, peach_items


def test_publishing_an_item_purges_it_its_column_home_and_listings_only(cluster, sites, committed):
    peach, willow, items = sites
    with tenant_context(cluster.peach), committed():
        page = ArticlePage.objects.get(pk=items["first"].pk)
        page.title = "第一篇（修订）"
        page.save_revision().publish()
    assert purged(peach, PEACH_PATHS) == {"/", "/news/", "/news/?page=1", "/news/first/", "/news/first/print/",
                                          "/search/", "/no-such-page/"}
    assert "第一篇（修订）" in peach.get("/news/").content.decode()
    assert "第一篇（修订）" in peach.get("/").content.decode()
    assert purged(willow, ["/", "/news/", "/news/first/"]) == set()


def test_publishing_a_new_item_shows_it_in_its_column_at_once(cluster, sites, committed):
    peach, _, _ = sites
    with tenant_context(cluster.peach), committed():
        news = Page.objects.get(slug="news")
        page = news.add_child(instance=ArticlePage(title="新发布的消息", slug="fresh"))
        page.save_revision().publish()
    assert "新发布的消息" in peach.get("/news/").content.decode()
    assert peach.get("/news/fresh/").status_code == 200
    assert purged(peach, ["/notices/", "/news/second/", "/about/"]) == set()


def test_unpublishing_purges_the_page_and_its_listings(cluster, sites, committed):
    peach, _, items = sites
    with tenant_context(cluster.peach), committed():
        Page.objects.get(pk=items["second"].pk).specific.unpublish()
    assert purged(peach, PEACH_PATHS) == {"/", "/news/", "/news/?page=1", "/news/second/", "/search/",
                                          "/no-such-page/"}
    assert peach.get("/news/second/").status_code == 404
    assert "peach 第二篇" not in peach.get("/news/").content.decode()


def test_moving_purges_the_old_and_new_places_and_both_columns(cluster, sites, committed):
    peach, _, items = sites
    with tenant_context(cluster.peach), committed():
        Page.objects.get(pk=items["first"].pk).move(Page.objects.get(slug="notices"), pos="last-child")
    assert purged(peach, PEACH_PATHS) == {"/", "/news/", "/news/?page=1", "/news/first/", "/news/first/print/",
                                          "/notices/", "/search/", "/no-such-page/"}
    assert peach.get("/news/first/")["Location"] == "/notices/first/"     # Wagtail's automatic redirect
    assert peach.get("/notices/first/").status_code == 200
    assert "peach 第一篇" in peach.get("/notices/").content.decode()


def test_deleting_purges_the_page_and_its_listings(cluster, sites, committed):
    peach, _, items = sites
    with tenant_context(cluster.peach), committed():
        Page.objects.get(pk=items["notice"].pk).delete()
    assert purged(peach, PEACH_PATHS) == {"/", "/notices/", "/notices/notice/", "/search/", "/no-such-page/"}
    assert peach.get("/notices/notice/").status_code == 404


def test_renaming_a_column_purges_everything_below_it(cluster, sites, committed):
    peach, _, _ = sites
    with tenant_context(cluster.peach), committed():
        news = Page.objects.get(slug="news").specific
        news.title = "要闻"
        news.save_revision().publish()
    # A top-level column is in every page's navigation: the whole site goes.
    assert purged(peach, PEACH_PATHS) == set(PEACH_PATHS)
    assert "要闻" in peach.get("/notices/notice/").content.decode()


def test_site_settings_purge_the_whole_site_and_no_other(cluster, sites, committed):
    peach, willow, _ = sites
    with tenant_context(cluster.peach), committed():
        appearance = SiteAppearance.load()
        appearance.sponsor = "桃花镇人民政府办公室"
        appearance.save()
    assert purged(peach, PEACH_PATHS) == set(PEACH_PATHS)
    assert "桃花镇人民政府办公室" in peach.get("/news/first/").content.decode()
    assert purged(willow, ["/", "/news/", "/news/first/"]) == set()


def test_a_shared_theme_change_purges_every_site(cluster, sites, committed):
    peach, willow, _ = sites
    with committed():
        theme = Theme.objects.get(slug="gov-classic")
        theme.version += 1
        theme.save()
    assert purged(peach, ["/", "/news/first/"]) == {"/", "/news/first/"}
    assert purged(willow, ["/", "/news/first/"]) == {"/", "/news/first/"}


def test_purge_api_reaches_another_site_by_path(cluster, sites, committed):
    """What syndication does after pushing an item into a township's notices column."""
    peach, willow, _ = sites
    with committed():
        purge.purge_paths(cluster.willow, ["/news/"])
    assert purged(willow, ["/", "/news/", "/news/first/"]) == {"/news/"}
    assert purged(peach, PEACH_PATHS) == set()


def test_a_move_up_purges_both_sites(cluster, sites, committed):
    peach, willow, _ = sites
    with tenant_context(cluster.peach):
        section = Page.objects.get(slug="news")
    with committed():
        site_moved_up.send(sender=None, source=cluster.willow, target=cluster.peach, section_page_id=section.pk,
                           section_path="/news/", url_map={}, move=None)
    assert purged(peach, ["/", "/news/first/"]) == {"/", "/news/first/"}
    assert purged(willow, ["/", "/news/first/"]) == {"/", "/news/first/"}


def test_restoring_a_site_from_its_backup_purges_that_site_only(cluster, sites, committed):
    peach, willow, _ = sites
    with committed():
        site_restored.send(sender=Tenant, tenant=cluster.peach, replaced=True)
    assert purged(peach, ["/", "/news/first/"]) == {"/", "/news/first/"}
    assert purged(willow, ["/", "/news/first/"]) == set()


def test_a_purge_queued_in_a_transaction_that_rolls_back_does_nothing(cluster, sites):
    peach, _, _ = sites
    purge.purge_site(cluster.peach)        # the test's transaction never commits
    assert purged(peach, ["/", "/news/"]) == set()


def test_search_pages_are_purged_again_when_the_queued_reindex_has_run(cluster, sites, committed):
    """Moves and privacy changes re-index in the background: the search pages cached in between
    would keep the old results (a page made private among them) until the reindex purges them."""
    from search.tasks import reindex_subtree

    peach, _, items = sites
    warm(peach, ["/search/", "/news/"])
    with tenant_context(cluster.peach), committed():
        reindex_subtree.call(cluster.peach.schema_name, items["first"].pk)
    assert purged(peach, ["/search/", "/news/"]) == {"/search/"}
