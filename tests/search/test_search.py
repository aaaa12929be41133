"""Cross-site search on real PostgreSQL: Chinese segmentation, English stems, filters, visibility."""
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page, PageViewRestriction

from search.backends.base import SearchRequest, get_backend
from tenants.models import Tenant
from tenants.provisioning import change_status
from themes.models import ArticlePage, NoticePage

pytestmark = pytest.mark.django_db


def publish_article(tenant, title, body="", column="news", model=ArticlePage, days_ago=1, **fields):
    with tenant_context(tenant):
        parent = Page.objects.get(slug=column)
        page = model(title=title, slug=f"p{abs(hash(title)) % 10**8}", body=f"<p>{body}</p>",
                     publish_date=timezone.now() - datetime.timedelta(days=days_ago), live=False, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page


def search(q, **filters):
    return get_backend().search(SearchRequest(q=q, **filters))


def titles(results):
    return {hit.title for hit in results.hits}


@pytest.fixture
def corpus(cluster, search_backend):
    """Pages on three sites (a city, a district, a township)."""
    return {
        "city": publish_article(cluster.city, "推进政府网站集约化建设", "全市政府网站集约化建设工作取得进展。"),
        "east": publish_article(cluster.east, "东区道路改造", "东区完成道路提质改造二十公里。"),
        "peach": publish_article(cluster.peach, "Online services for residents",
                                 "The town launched a new online service for pension applications."),
        "peach_notice": publish_article(cluster.peach, "桃花镇停水通知", "因管网改造，周六停水。", column="notices",
                                        model=NoticePage, days_ago=40),
    }


def test_a_chinese_word_is_found_inside_a_sentence(corpus):
    results = search("集约化")
    assert titles(results) == {"推进政府网站集约化建设"}
    assert "<mark>集约化</mark>" in results.hits[0].snippet
    assert titles(search("道路")) == {"东区道路改造"}
    assert titles(search("政府网站")) == {"推进政府网站集约化建设"}


def test_an_english_word_is_found_by_another_form(corpus):
    assert titles(search("service")) == {"Online services for residents"}
    assert titles(search("pension application")) == {"Online services for residents"}
    assert "<mark>service</mark>" in search("services").hits[0].snippet


def test_every_word_must_match(corpus):
    assert titles(search("集约化 道路")) == set()
    assert titles(search("东区 道路")) == {"东区道路改造"}


def test_filters_by_site_level_type_and_dates(corpus, cluster):
    everything = search("改造")
    assert titles(everything) == {"东区道路改造", "桃花镇停水通知"}
    assert titles(search("改造", sites=["peach"])) == {"桃花镇停水通知"}
    assert titles(search("改造", levels=["district"])) == {"东区道路改造"}
    assert titles(search("改造", content_types=["themes.noticepage"])) == {"桃花镇停水通知"}
    today = timezone.localdate()
    assert titles(search("改造", date_from=today - datetime.timedelta(days=7))) == {"东区道路改造"}
    assert titles(search("改造", date_to=today - datetime.timedelta(days=30))) == {"桃花镇停水通知"}
    assert dict((slug, count) for slug, _name, count in everything.per_site) == {"east": 1, "peach": 1}


def test_results_are_paginated_and_ranked_with_recency(cluster, search_backend):
    for day in range(12):
        publish_article(cluster.willow, f"柳树街道安全生产检查第{day}期", "安全生产检查。", days_ago=day * 30)
    first = search("安全生产", page=1)
    second = search("安全生产", page=2)
    assert first.total == 12 and len(first.hits) == 10 and len(second.hits) == 2
    assert not titles(first) & titles(second)
    assert first.hits[0].title == "柳树街道安全生产检查第0期"   # equal relevance: newest first
    assert second.hits[-1].title == "柳树街道安全生产检查第11期"


def test_drafts_private_pages_and_suspended_sites_never_appear(corpus, cluster):
    with tenant_context(cluster.east):
        draft = ArticlePage(title="东区集约化草稿", slug="draft", live=False)
        Page.objects.get(slug="news").add_child(instance=draft)
        draft.save_revision()                                     # saved, never published
    private = publish_article(cluster.willow, "柳树集约化内部通报", "内部。")
    with tenant_context(cluster.willow):
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert titles(search("集约化")) == {"推进政府网站集约化建设"}

    change_status(cluster.city, Tenant.Status.SUSPENDED)
    assert titles(search("集约化")) == set()
    change_status(cluster.city, Tenant.Status.ACTIVE)
    assert titles(search("集约化")) == {"推进政府网站集约化建设"}


def test_unpublish_delete_move_and_privacy_update_the_index(corpus, cluster):
    with tenant_context(cluster.east):
        Page.objects.get(pk=corpus["east"].pk).specific.unpublish()
    assert titles(search("道路")) == set()
    with tenant_context(cluster.peach):
        Page.objects.get(pk=corpus["peach_notice"].pk).delete()
    assert titles(search("停水")) == set()
    with tenant_context(cluster.city):
        page = Page.objects.get(pk=corpus["city"].pk)
        page.move(Page.objects.get(slug="policies"), pos="last-child")
    hit = search("集约化").hits[0]
    assert hit.url_path.startswith("/policies/")
    with tenant_context(cluster.city):
        restriction = PageViewRestriction.objects.create(page=Page.objects.get(pk=corpus["city"].pk),
                                                         restriction_type=PageViewRestriction.LOGIN)
    assert titles(search("集约化")) == set()
    with tenant_context(cluster.city):
        restriction.delete()
    assert titles(search("集约化")) == {"推进政府网站集约化建设"}


def test_closing_a_site_removes_its_documents(corpus, cluster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        change_status(cluster.east, Tenant.Status.CLOSED)
    # Removed, not just hidden: flipping the status back behind the index's back shows nothing.
    Tenant.objects.filter(pk=cluster.east.pk).update(status=Tenant.Status.ACTIVE)
    assert titles(search("道路")) == set()
    assert titles(search("停水")) == {"桃花镇停水通知"}


def test_cluster_search_page_lists_results_per_site_with_highlights(corpus, site_client):
    response = site_client("localhost").get("/search/", {"q": "改造"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "东区道路改造" in html and "桃花镇停水通知" in html
    assert "<mark>改造</mark>" in html
    assert "东区人民政府</a> (1)" in html and "桃花镇人民政府</a> (1)" in html
    assert 'href="http://east.localhost/news/' in html


def test_site_search_is_limited_to_its_own_site(corpus, cluster, site_client):
    html = site_client(cluster.peach).get("/search/", {"q": "改造"}).content.decode()
    assert "桃花镇停水通知" in html and "东区道路改造" not in html
    assert "theme-" in html  # rendered in the site's theme
    # a site filter in the query string cannot widen it to another site
    html = site_client(cluster.peach).get("/search/", {"q": "改造", "site": "east"}).content.decode()
    assert "东区道路改造" not in html


def test_no_results_and_malformed_queries_get_clear_pages(corpus, site_client):
    client = site_client("localhost")
    html = client.get("/search/", {"q": "不存在的词语组合"}).content.decode()
    assert 'class="no-results"' in html
    response = client.get("/search/", {"q": "", "from": "2026-13-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "2026-13-01" in html
    response = client.get("/search/", {"q": "x" * 200})
    assert response.status_code == 400
    assert client.get("/search/").status_code == 200  # the empty form


def test_json_endpoint_takes_the_same_parameters(corpus, cluster, site_client):
    data = json.loads(site_client("localhost").get("/api/search/", {"q": "改造", "level": "township"}).content)
    assert data["total"] == 1 and data["results"][0]["title"] == "桃花镇停水通知"
    assert data["results"][0]["url"].startswith("http://peach.localhost/notices/")
    on_port = json.loads(site_client("localhost:8000").get("/api/search/", {"q": "改造", "level": "township"}).content)
    assert on_port["results"][0]["url"].startswith("http://peach.localhost:8000/notices/")  # the dev server's port
    assert data["per_site"] == [{"site": "peach", "name": "桃花镇人民政府", "count": 1}]
    bad = site_client("localhost").get("/api/search/", {"q": "改造", "to": "yesterday"})
    assert bad.status_code == 400 and "yesterday" in json.loads(bad.content)["errors"][0]
    own = json.loads(site_client(cluster.east).get("/api/search/", {"q": "改造"}).content)
    assert {r["site"] for r in own["results"]} == {"east"}


def test_reindex_rebuilds_with_progress(corpus, cluster):
    for tenant in Tenant.objects.all():
        get_backend().delete_site(tenant)
    assert titles(search("集约化")) == set()
    err, out = io.StringIO(), io.StringIO()
    call_command("reindex", stdout=out, stderr=err)
    assert "Reindexing" in err.getvalue() and "100%" in err.getvalue()
    assert titles(search("集约化")) == {"推进政府网站集约化建设"}
    assert titles(search("service")) == {"Online services for residents"}
    # The standard columns and home pages are indexed too (every published public page).
    assert "新闻动态" in titles(search("新闻动态", sites=["willow"]))
    call_command("reindex", site="peach", stdout=out, stderr=err)
    with pytest.raises(Exception, match="No site with slug"):
        call_command("reindex", site="nowhere")


def test_a_new_sites_home_and_columns_are_searchable_once_provisioned(cluster, search_backend,
                                                                      django_capture_on_commit_callbacks):
    from tenants.provisioning import SiteSpec, provision_site

    with django_capture_on_commit_callbacks(execute=True):
        provision_site(SiteSpec(slug="lotus", name="莲花镇人民政府", level="township", parent="west"))
    assert "莲花镇人民政府" in titles(search("莲花镇"))
    assert "办事服务" in titles(search("办事服务", sites=["lotus"]))
