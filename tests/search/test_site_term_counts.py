"""PostgreSQL backend: the common words' documents are counted per site as the index changes,
and a one-word query over the whole cluster reads those counts (search/backends/pgsitecounts.py)."""
import datetime
import io
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search.backends.base import SearchRequest
from search.backends.postgres import PostgresBackend
from search.extract import PageDocument
from search.query import parse
from tenants.provisioning import change_status

pytestmark = pytest.mark.django_db
WORD = "quokka"          # one lexeme
LONG_WORD = "营商环境"    # also searched as the phrase of its parts


def page(n, title, body):
    return PageDocument(page_id=n, url_path=f"/news/{n}/", title=title, summary="", body=body,
                        content_type="themes.articlepage", language="zh-hans",
                        publish_date=timezone.now() - datetime.timedelta(days=n))


def counted(term):
    """{site id: documents} as kept, or None when the word is not counted per site."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT counted_per_site FROM search_searchterm WHERE term = %s", [term])
        row = cursor.fetchone()
        if not row or not row[0]:
            return None
        cursor.execute("SELECT site_id, doc_count FROM search_sitetermcount WHERE term = %s", [term])
        return dict(cursor.fetchall())


def actual(term):
    """{site id: documents holding the word}, counted from the documents."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT site_id, count(*) FROM search_searchdocument WHERE search_vector @@ %s::tsquery "
                       "GROUP BY site_id", [f"'{term}'"])
        return dict(cursor.fetchall())


def assert_every_common_word_is_counted_exactly(threshold):
    with connection.cursor() as cursor:
        cursor.execute("SELECT term, doc_count, counted_per_site FROM search_searchterm")
        vocabulary = cursor.fetchall()
        cursor.execute("SELECT count(*) FROM search_sitetermcount s JOIN search_searchterm t USING (term) "
                       "WHERE NOT t.counted_per_site")
        assert cursor.fetchone()[0] == 0                     # no counts left of a word no longer counted
    for term, docs, is_counted in vocabulary:
        if docs > threshold:
            assert is_counted, term
        if is_counted:
            assert counted(term) == actual(term), term


@pytest.fixture
def backend(cluster, settings):
    settings.SITEGROUP_SEARCH_SITE_COUNTS_ABOVE = 4
    call_command("reindex", "--vocabulary", stdout=io.StringIO())   # as after a change of threshold
    return PostgresBackend()


def test_a_word_is_counted_per_site_from_the_threshold_and_every_change_keeps_the_counts_exact(backend, cluster):
    peach, willow = cluster.peach, cluster.willow
    backend.index_documents(peach, [page(1, "通知", f"{WORD} one"), page(2, "通知", f"{WORD} two")])
    backend.index_documents(willow, [page(1, "通知", f"{WORD} three")])
    assert counted(WORD) is None                              # 3 documents: not common yet
    backend.index_documents(willow, [page(2, "通知", f"{WORD} four"), page(3, "通知", f"{WORD} five")])
    assert counted(WORD) == {peach.pk: 2, willow.pk: 3}       # crossed 4: counted from the documents
    assert_every_common_word_is_counted_exactly(4)

    backend.index_documents(peach, [page(3, "通知", f"{WORD} six"), page(1, "通知", "rewritten without it")])
    assert counted(WORD) == {peach.pk: 2, willow.pk: 3}       # one added, one edited away
    backend.delete_items(willow, "", [3])
    backend.replace_site(peach, [page(9, "通知", f"{WORD} only page left"), page(10, "通知", "nothing")])
    assert counted(WORD) == {peach.pk: 1, willow.pk: 2}
    assert_every_common_word_is_counted_exactly(4)

    backend.delete_site(willow)                               # 1 document left: half the threshold or less
    assert counted(WORD) is None and actual(WORD) == {peach.pk: 1}
    assert_every_common_word_is_counted_exactly(4)


def test_recounting_the_vocabulary_gives_the_same_counts_per_site(backend, cluster):
    for site, first in ((cluster.peach, 1), (cluster.willow, 50)):
        backend.index_documents(site, [page(first + i, f"通知{i}", f"{WORD} {'extra ' * i}") for i in range(4)])
    kept = counted(WORD)
    assert kept == {cluster.peach.pk: 4, cluster.willow.pk: 4}
    backend.finish_rebuild()
    assert counted(WORD) == kept
    assert_every_common_word_is_counted_exactly(4)


def test_a_one_word_query_reads_the_kept_counts_with_the_same_results_as_counting(backend, cluster, settings):
    assert len(parse(LONG_WORD).groups[0].alternatives) > 1   # the word, and the phrase of its parts
    for site, first in ((cluster.peach, 100), (cluster.willow, 200)):
        backend.index_documents(site, [page(first + i, f"优化{LONG_WORD}第{i}项", f"围绕{LONG_WORD}开展工作。")
                                       for i in range(6)])
    # Pages that cut it in two (only the phrase finds them) count once each, and a page with both once.
    backend.index_documents(cluster.willow, [page(300, "简报", "营商 环境 持续 改善"),
                                             page(301, "简报", f"营商 环境 与{LONG_WORD}")])
    backend.index_documents(cluster.east, [page(400, f"东区{LONG_WORD}", LONG_WORD)])
    change_status(cluster.east, "suspended")                  # counted per site, never shown
    lexeme = parse(LONG_WORD).groups[0].alternatives[0].lexemes[0]
    assert counted(lexeme) == {cluster.peach.pk: 6, cluster.willow.pk: 7, cluster.east.pk: 1}

    def search(title_first_above):
        settings.SITEGROUP_SEARCH_TITLE_FIRST_ABOVE = title_first_above
        with CaptureQueriesContext(connection) as queries:
            results = backend.search(SearchRequest(q=LONG_WORD, page_size=5))
        return results, any("FROM search_sitetermcount" in q["sql"] for q in queries.captured_queries)

    counting, counting_read_kept = search(10**9)
    reading, read_kept = search(4)
    assert read_kept and not counting_read_kept
    assert reading.per_site == counting.per_site
    assert {slug: n for slug, _name, n in reading.per_site} == {"peach": 6, "willow": 8}
    assert reading.total == counting.total == 14
    assert [hit.url_path for hit in reading.hits] == [hit.url_path for hit in counting.hits]

    # Filters and one site's search count the matches themselves.
    for request in (SearchRequest(q=LONG_WORD, sites=["willow"]), SearchRequest(q=LONG_WORD, levels=["township"]),
                    SearchRequest(q=f"{LONG_WORD} 优化")):
        with CaptureQueriesContext(connection) as queries:
            backend.search(request)
        assert not any("FROM search_sitetermcount" in q["sql"] for q in queries.captured_queries), request


def test_a_writer_that_waits_on_a_word_being_counted_adds_its_change_after(cluster, settings):
    """Two sites' writers at once, the first taking the word over the threshold: the second waits
    for the vocabulary row, then finds the word counted and adds its own documents."""
    settings.SITEGROUP_SEARCH_SITE_COUNTS_ABOVE = 4
    backend = PostgresBackend()
    holding, release, errors = threading.Event(), threading.Event(), []

    def in_thread(work):
        def run():
            try:
                work()
            except Exception as error:   # noqa: BLE001 - reported by the test below
                errors.append(error)
            finally:
                connection.close()
        return threading.Thread(target=run)

    def first():
        with transaction.atomic():
            backend.index_documents(cluster.peach, [page(700 + i, "通知", WORD) for i in range(5)])
            holding.set()
            release.wait(30)

    def second():
        backend.index_documents(cluster.willow, [page(800 + i, "通知", WORD) for i in range(2)])

    threads = [in_thread(first), in_thread(second)]
    try:
        threads[0].start()
        assert holding.wait(30)
        threads[1].start()
        time.sleep(1)
        assert threads[1].is_alive()          # waiting for the first writer's vocabulary row
        release.set()
        for thread in threads:
            thread.join(30)
        assert not errors, errors
        assert counted(WORD) == actual(WORD) == {cluster.peach.pk: 5, cluster.willow.pk: 2}
    finally:
        release.set()
        cleanup = in_thread(lambda: (backend.delete_items(cluster.peach, "", range(700, 705)),
                                     backend.delete_items(cluster.willow, "", range(800, 802))))
        cleanup.start()
        cleanup.join(30)
    assert counted(WORD) is None


def test_recounting_the_vocabulary_is_for_the_whole_index_only(cluster):
    with pytest.raises(CommandError, match="--vocabulary"):
        call_command("reindex", "--vocabulary", "--site", "peach", stdout=io.StringIO())
