"""The Elasticsearch backend's mapping, documents and queries: checked without a server."""
import datetime

import pytest

from search.backends.base import SearchRequest
from search.backends.elasticsearch import MAPPING, build_search, document_id, document_source, index_definition
from search.backends.pgrank import PHRASE_IN_TITLE, W_SUMMARY, W_TITLE
from search.extract import PageDocument
from search.query import parse

pytestmark = pytest.mark.django_db


def test_one_shared_index_with_a_plugin_free_analyzer_for_words_cut_in_python(settings):
    settings.SITEGROUP_SEARCH_INDEX = "sitegroup-pages"
    body = index_definition()
    analyzer = body["settings"]["analysis"]["analyzer"]["sitegroup_words"]
    assert analyzer == {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}
    fields = body["mappings"]["properties"]
    assert fields["site"]["type"] == "keyword" and fields["level"]["type"] == "keyword"
    for name in ("title", "summary", "body"):
        assert fields[f"{name}_words"]["analyzer"] == fields[f"{name}_inner"]["analyzer"] == "sitegroup_words"
    assert MAPPING is body["mappings"]


def test_documents_are_keyed_by_schema_and_page_and_carry_the_same_words_as_postgresql(cluster):
    doc = PageDocument(page_id=7, url_path="/news/x/", title="政府網站集約化建設", summary="", body="Online services",
                       content_type="themes.articlepage", publish_date=None, language="zh-hant", keywords="一網通辦")
    assert document_id(cluster.peach, 7) == "site_peach:7" != document_id(cluster.willow, 7)
    source = document_source(cluster.peach, doc, "peach.localhost", datetime.datetime(2026, 1, 1))
    assert source["title_words"].split() == ["政府", "网站", "集约化", "建设"]      # folded to Simplified, in order
    assert "集约" in source["title_inner"].split()                              # words inside words, apart
    assert source["body_words"] == "onlin servic" and "services" in source["body_inner"]
    assert "一网通办" in source["summary_words"].split()
    assert (source["site"], source["level"], source["site_active"]) == ("peach", "township", True)


def _clauses(query):
    return query["bool"]["should"]


def test_every_group_must_match_with_the_same_field_boosts_as_postgresql():
    request = SearchRequest(q="医保 services", sites=["peach"], levels=["township"],
                            content_types=["themes.noticepage"], date_from=datetime.date(2026, 1, 1),
                            date_to=datetime.date(2026, 1, 31), page=3, page_size=10)
    parsed = parse(request.q, synonyms={"医保": ("医保", "医疗保险"), "医疗保险": ("医保", "医疗保险")})
    search, _parsed = build_search(request, parsed)
    body = search.to_dict()
    query = body["query"]["bool"]
    assert len(query["must"]) == 2                                         # both groups required
    first = _clauses(query["must"][0])
    phrases = {(next(iter(c["match_phrase"])), next(iter(c["match_phrase"].values()))["query"])
               for c in first if "match_phrase" in c}
    assert ("title_words", "医保") in phrases and ("body_words", "医疗保险") in phrases   # and its synonym
    boosts = {next(iter(c["match_phrase"])): next(iter(c["match_phrase"].values()))["boost"]
              for c in first if "match_phrase" in c}
    assert boosts == {"title_words": W_TITLE, "summary_words": W_SUMMARY, "body_words": 1.0}
    assert {"match_phrase": {"title_words": {"query": "医保 servic", "boost": PHRASE_IN_TITLE}}} in query["should"]
    filters = query["filter"]
    assert {"term": {"site_active": True}} in filters
    assert {"terms": {"site": ["peach"]}} in filters and {"terms": {"level": ["township"]}} in filters
    assert {"terms": {"content_type": ["themes.noticepage"]}} in filters
    assert {"range": {"publish_date": {"gte": "2026-01-01", "lt": "2026-02-01"}}} in filters
    assert (body["from"], body["size"]) == (20, 10)
    assert body["sort"][0] == "_score"                                      # relevance first, date breaks ties
    assert body["aggs"]["per_site"]["terms"]["field"] == "site"


def test_single_characters_are_a_lower_weighted_prefix_and_date_sorting_is_explicit():
    request = SearchRequest(q="政", sort="date")
    body = build_search(request, parse("政", synonyms={}))[0].to_dict()
    clauses = _clauses(body["query"]["bool"]["must"][0])
    assert {next(iter(c)) for c in clauses} == {"prefix"}
    assert clauses[0]["prefix"]["title_words"]["boost"] == pytest.approx(W_TITLE * 0.5)
    assert body["sort"][0] == {"publish_date": {"order": "desc", "missing": "_last"}}
