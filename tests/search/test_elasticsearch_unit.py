"""The Elasticsearch backend's mapping, documents and queries: checked without a server."""
import datetime

import pytest

from search.backends.base import SearchRequest
from search.backends.elasticsearch import MAPPING, build_search, document_id, document_source, index_definition
from search.extract import PageDocument

pytestmark = pytest.mark.django_db


def test_one_shared_index_with_a_plugin_free_chinese_capable_analyzer(settings):
    settings.SITEGROUP_SEARCH_INDEX = "sitegroup-pages"
    body = index_definition()
    analyzer = body["settings"]["analysis"]["analyzer"]["sitegroup_text"]
    assert analyzer == {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase", "porter_stem"]}
    fields = body["mappings"]["properties"]
    assert fields["site"]["type"] == "keyword" and fields["level"]["type"] == "keyword"
    assert fields["body_words"]["analyzer"] == "sitegroup_text"
    assert fields["body_words"]["fields"]["cjk"]["analyzer"] == "cjk"       # built in, no plugin
    assert MAPPING is body["mappings"]


def test_documents_are_keyed_by_schema_and_page_and_carry_segmented_text(cluster):
    doc = PageDocument(page_id=7, url_path="/news/x/", title="政府网站集约化建设", summary="", body="Online services",
                       content_type="themes.articlepage", publish_date=None, language="zh-hans")
    assert document_id(cluster.peach, 7) == "site_peach:7" != document_id(cluster.willow, 7)
    source = document_source(cluster.peach, doc, "peach.localhost", datetime.datetime(2026, 1, 1))
    assert "集约化" in source["title_words"].split() and "政府" in source["title_words"].split()
    assert source["body_words"] == "online services"
    assert (source["site"], source["level"], source["site_active"]) == ("peach", "township", True)


def test_query_requires_every_word_filters_and_prefers_recent_pages():
    search, words = build_search(SearchRequest(
        q="集约化 services", sites=["peach"], levels=["township"], content_types=["themes.noticepage"],
        date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 1, 31), page=3, page_size=10))
    body = search.to_dict()
    assert words == ["集约化", "services"]
    function_score = body["query"]["function_score"]
    match = function_score["query"]["bool"]["must"][0]["multi_match"]
    assert match["operator"] == "and" and match["query"] == "集约化 services"
    filters = function_score["query"]["bool"]["filter"]
    assert {"term": {"site_active": True}} in filters
    assert {"terms": {"site": ["peach"]}} in filters and {"terms": {"level": ["township"]}} in filters
    assert {"terms": {"content_type": ["themes.noticepage"]}} in filters
    assert {"range": {"publish_date": {"gte": "2026-01-01", "lt": "2026-02-01"}}} in filters
    assert "gauss" in function_score["functions"][0]
    assert (body["from"], body["size"]) == (20, 10)
    assert body["aggs"]["per_site"]["terms"]["field"] == "site"
