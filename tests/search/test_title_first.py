"""PostgreSQL backend: a cluster-wide query whose words are in very many pages ranks the pages with a
query word in the title (found through their own index) and keeps every count exact."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search.backends.base import SearchRequest
from search.backends.postgres import PostgresBackend
from search.extract import PageDocument
from tenants.provisioning import change_status

pytestmark = pytest.mark.django_db
WORD = "营商环境"


def page(n, title, body):
    return PageDocument(page_id=n, url_path=f"/news/{n}/", title=title, summary="", body=body,
                        content_type="themes.articlepage", language="zh-hans",
                        publish_date=timezone.now() - datetime.timedelta(days=n))


@pytest.fixture
def backend(cluster, settings):
    settings.SITEGROUP_SEARCH_BACKEND = "search.backends.postgres.PostgresBackend"
    backend = PostgresBackend()
    # Two sites; on each, a few pages with the word in the title and many with it in the body once.
    for site, first in ((cluster.peach, 100), (cluster.willow, 200)):
        backend.index_documents(site, [page(first + i, f"{site.slug}优化{WORD}第{i}项措施", f"围绕{WORD}开展工作。")
                                       for i in range(4)]
                                + [page(first + 10 + i, f"{site.slug}工作简报第{i}期", f"本期简报提到{WORD}。")
                                   for i in range(12)])
    backend.index_documents(cluster.east, [page(300, f"东区{WORD}报告", f"{WORD}。")])
    change_status(cluster.east, "suspended")          # a suspended site's pages are never counted
    return backend


def run(backend, settings, request, threshold):
    settings.SITEGROUP_SEARCH_TITLE_FIRST_ABOVE = threshold
    with CaptureQueriesContext(connection) as queries:
        results = backend.search(request)
    return results, any("ts_filter(d.search_vector" in query["sql"] for query in queries.captured_queries)


def test_title_first_gives_the_full_rankings_first_page_and_exact_counts_per_site(backend, settings):
    request = SearchRequest(q=WORD, page_size=5)
    full, full_used_titles = run(backend, settings, request, threshold=10**9)
    quick, quick_used_titles = run(backend, settings, request, threshold=10)
    assert not full_used_titles and quick_used_titles
    assert quick.total == full.total == 32
    assert quick.per_site == full.per_site and {slug for slug, _name, _n in quick.per_site} == {"peach", "willow"}
    assert [hit.url_path for hit in quick.hits] == [hit.url_path for hit in full.hits]
    assert all(WORD in hit.title for hit in quick.hits)


def test_too_few_title_matches_for_the_page_falls_back_to_ranking_every_match(backend, settings):
    request = SearchRequest(q=WORD, page=2, page_size=5)     # results 6-10: only 8 titles hold the word
    full, _ = run(backend, settings, request, threshold=10**9)
    quick, quick_used_titles = run(backend, settings, request, threshold=10)
    assert quick_used_titles                               # tried, then fell back
    assert [hit.url_path for hit in quick.hits] == [hit.url_path for hit in full.hits]
    assert len(quick.hits) == 5 and quick.total == 32


def test_a_site_scoped_or_dated_query_ranks_every_match(backend, settings):
    for request in (SearchRequest(q=WORD, sites=["willow"]), SearchRequest(q=WORD, sort="date")):
        results, used_titles = run(backend, settings, request, threshold=10)
        assert not used_titles
    scoped, _ = run(backend, settings, SearchRequest(q=WORD, sites=["willow"]), threshold=10)
    assert scoped.total == 16 and {hit.site_slug for hit in scoped.hits} == {"willow"}


def test_the_title_words_have_their_own_index_that_the_planner_can_use(backend):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM search_searchdocument d "
                       "WHERE ts_filter(d.search_vector, '{a}') @@ %s::tsquery", [WORD])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_document_title_words" in plan
