"""After a move-up: search carries the new URLs only, and the township's editors work on their section only."""
import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Page

from search.backends.base import SearchRequest, get_backend
from sitegroup.identity.models import Role, SiteGrant
from tenants.moveup import move_up
from themes.models import ArticlePage

from ..identity.helpers import enter, login, make_account
from ..themes.factories import configure_site
from .builders import add_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def township_with_editor(cluster):
    configure_site(cluster.peach, "gov-classic")
    with tenant_context(cluster.peach):
        news = Page.objects.get(slug="news")
        article = ArticlePage(title="桃花镇集约化建设简报", slug="briefing", body="<p>集约化建设。</p>", live=False)
        news.add_child(instance=article)
        article.save_revision().publish()
    configure_site(cluster.east, "civic-blue")
    add_section(cluster.east)
    editor = make_account("taohua", grants={cluster.peach: Role.EDITOR})
    return editor


def hits(q):
    return [(hit.site_slug, hit.url_path) for hit in get_backend().search(SearchRequest(q=q)).hits]


def test_search_returns_the_new_urls_and_none_of_the_old(cluster, township_with_editor,
                                                        django_capture_on_commit_callbacks):
    assert hits("集约化") == [("peach", "/news/briefing/")]
    with django_capture_on_commit_callbacks(execute=True):
        move_up(cluster.peach, "/townships/peach/")
    assert hits("集约化") == [("east", "/townships/peach/news/briefing/")]


def test_a_former_township_editor_edits_the_new_section_and_nothing_else(cluster, township_with_editor,
                                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        move_up(cluster.peach, "/townships/peach/")
    grant = SiteGrant.objects.get(account=township_with_editor)
    assert (grant.site, grant.role, grant.section_path) == (cluster.east, Role.EDITOR, "/home/townships/peach/")
    with tenant_context(cluster.east):
        moved = Page.objects.get(url_path="/home/townships/peach/news/briefing/")
        outside = Page.objects.get(url_path="/home/news/")
    east = enter(login("taohua"), cluster.east)
    assert east.get(f"/admin/pages/{moved.pk}/edit/").status_code == 200
    refused = east.get(f"/admin/pages/{outside.pk}/edit/")
    assert refused.status_code in (302, 403)          # Wagtail sends editors without permission away
    # and the closed township's admin is no longer theirs
    assert not SiteGrant.objects.filter(account=township_with_editor, site=cluster.peach).exists()
