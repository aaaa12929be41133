"""Scale-out backend: one shared Elasticsearch index for every site, through elasticsearch.dsl.

One index with a `site` field and `_id = "<schema>:<page id>"` (never an index per site:
thousands of small indexes perform badly, and Wagtail's own backends would overwrite each
other's documents across tenants). Text is analysed in Python exactly as for PostgreSQL
(`search.analysis`: Traditional → Simplified, jieba with the government dictionary,
English stems), so the nodes need no plugin: the `*_words` fields hold the lexemes in
order under a whitespace analyzer (phrases work), `*_inner` the shorter words inside long
ones. Ranking is Elasticsearch's BM25 (k1 1.2, b 0.75, as ours) with the same field
boosts as the PostgreSQL backend, every query group required, and the same phrase and
proximity bonuses; suggestions come from the term suggester over the indexed words.
"""
import datetime

from django.conf import settings
from django.utils import timezone
from elasticsearch.dsl import Index, Q, Search, analyzer

from .. import lists
from ..analysis import tokens
from ..highlight import snippet
from ..query import parse
from ..suggest import suggestion_for
from .base import Hit, SearchBackend, SearchResults
from .pgrank import PHRASE_IN_TITLE, PROXIMITY, W_SUMMARY, W_TITLE

WORDS = analyzer("sitegroup_words", tokenizer="whitespace", filter=["lowercase"])
WORDS_FIELD = {"type": "text", "analyzer": "sitegroup_words"}
FIELDS = {"title": W_TITLE, "summary": W_SUMMARY, "body": 1.0}
MAPPING = {
    "properties": {
        "site": {"type": "keyword"}, "site_id": {"type": "integer"}, "site_name": {"type": "keyword"},
        "site_domain": {"type": "keyword", "index": False}, "site_active": {"type": "boolean"},
        "level": {"type": "keyword"}, "page_id": {"type": "long"},
        "source": {"type": "keyword"}, "url_path": {"type": "keyword", "index": False},
        "title": {"type": "keyword", "index": False}, "summary": {"type": "text", "index": False},
        "body": {"type": "text", "index": False},
        **{f"{name}_words": WORDS_FIELD for name in FIELDS},
        **{f"{name}_inner": WORDS_FIELD for name in FIELDS},
        "content_type": {"type": "keyword"}, "publish_date": {"type": "date"}, "language": {"type": "keyword"},
        "indexed_at": {"type": "date"},
    }
}
SORTS = {"relevance": ["_score", {"publish_date": {"order": "desc", "missing": "_last"}}],
         "date": [{"publish_date": {"order": "desc", "missing": "_last"}}, "_score"]}


def index_name():
    return settings.SITEGROUP_SEARCH_INDEX


def index_definition():
    index = Index(index_name())
    index.settings(number_of_shards=1, analysis={"analyzer": {"sitegroup_words": WORDS.get_definition()}})
    return {**index.to_dict(), "mappings": MAPPING}


def document_id(tenant, page_id, source=""):
    """`<schema>:<page id>` for a page, `<schema>:<source>:<id>` for another source's item."""
    return f"{tenant.schema_name}:{source}:{page_id}" if source else f"{tenant.schema_name}:{page_id}"


def _words(text):
    cut = tokens(text)
    return " ".join(t.lexeme for t in cut), " ".join(inner for t in cut for inner in t.inner)


def document_source(tenant, doc, domain, indexed_at):
    lists.current()  # the operators' dictionary words, if they changed
    source = {
        "site": tenant.slug, "site_id": tenant.pk, "site_name": tenant.name, "site_domain": domain,
        "site_active": tenant.status == tenant.Status.ACTIVE, "level": tenant.level, "page_id": doc.page_id,
        "source": doc.source,
        "url_path": doc.url_path, "title": doc.title, "summary": doc.summary, "body": doc.body[:20000],
        "content_type": doc.content_type, "language": doc.language,
        "publish_date": doc.publish_date.isoformat() if doc.publish_date else None,
        "indexed_at": indexed_at.isoformat(),
    }
    for name, text in (("title", doc.title), ("summary", f"{doc.summary} {doc.keywords}"), ("body", doc.body)):
        source[f"{name}_words"], source[f"{name}_inner"] = _words(text)
    return source


def _alternative(alt, boost):
    """One alternative of a group, in any field, with the fields' boosts."""
    text = " ".join(alt.lexemes)
    clauses = []
    for name, field_boost in FIELDS.items():
        if alt.prefix:
            clauses.append(Q("prefix", **{f"{name}_words": {"value": text, "boost": field_boost * boost}}))
            continue
        clauses.append(Q("match_phrase", **{f"{name}_words": {"query": text, "boost": field_boost * boost}}))
        if len(alt.lexemes) == 1:
            clauses.append(Q("term", **{f"{name}_inner": {"value": text, "boost": field_boost * boost}}))
    return clauses


def _filters(request):
    filters = [Q("term", site_active=True)]
    if request.sites:
        filters.append(Q("terms", site=list(request.sites)))
    if request.levels:
        filters.append(Q("terms", level=list(request.levels)))
    if request.content_types:
        filters.append(Q("terms", content_type=list(request.content_types)))
    if request.date_from or request.date_to:
        bounds = {}
        if request.date_from:
            bounds["gte"] = request.date_from.isoformat()
        if request.date_to:
            bounds["lt"] = (request.date_to + datetime.timedelta(days=1)).isoformat()
        filters.append(Q("range", publish_date=bounds))
    return filters


def build_query(parsed, request):
    """Every group must match (any alternative, any field); phrase and proximity add to the score."""
    must = [Q("bool", should=[clause for alt in group.alternatives for clause in _alternative(alt, group.weight)],
              minimum_should_match=1) for group in parsed.groups]
    should = []
    if len(parsed.groups) > 1:
        words = " ".join(group.alternatives[0].lexemes[0] for group in parsed.groups)
        should = [Q("match_phrase", title_words={"query": words, "boost": PHRASE_IN_TITLE}),
                  Q("match_phrase", body_words={"query": words, "slop": 6, "boost": PROXIMITY})]
    return Q("bool", must=must, should=should, filter=_filters(request))


def build_search(request, parsed=None):
    """The elasticsearch.dsl Search for a SearchRequest (unit-tested without a server)."""
    parsed = parsed or parse(request.q)
    start = (request.page - 1) * request.page_size
    search = Search(index=index_name()).query(build_query(parsed, request)).sort(*SORTS[request.sort])
    search = search.extra(track_total_hits=True)[start:start + request.page_size]
    search.aggs.bucket("per_site", "terms", field="site", size=1000)
    return search, parsed


class ElasticsearchBackend(SearchBackend):
    def __init__(self, client=None):
        self._client = client

    @property
    def client(self):
        if self._client is None:
            from elasticsearch import Elasticsearch

            self._client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=30)
        return self._client

    def ensure_index(self):
        if not self.client.indices.exists(index=index_name()):
            self.client.indices.create(index=index_name(), body=index_definition())

    def _actions(self, tenant, documents, indexed_at):
        domain = tenant.primary_domain_name() or ""
        for doc in documents:
            yield {"_op_type": "index", "_index": index_name(), "_id": document_id(tenant, doc.page_id, doc.source),
                   "_source": document_source(tenant, doc, domain, indexed_at)}

    def index_documents(self, tenant, documents):
        from elasticsearch.helpers import bulk

        self.ensure_index()
        bulk(self.client, self._actions(tenant, documents, timezone.now()), refresh="wait_for")

    def replace_site(self, tenant, documents):
        """Overwrite in place, then drop what was not rewritten: searches never see a gap."""
        from elasticsearch.helpers import bulk

        self.ensure_index()
        started = timezone.now()
        bulk(self.client, self._actions(tenant, documents, started), refresh="wait_for")
        self.client.delete_by_query(index=index_name(), refresh=True, query={"bool": {"filter": [
            {"term": {"site_id": tenant.pk}}, {"range": {"indexed_at": {"lt": started.isoformat()}}}]}})

    def delete_items(self, tenant, source, item_ids):
        from elasticsearch.helpers import bulk

        self.ensure_index()
        bulk(self.client, ({"_op_type": "delete", "_index": index_name(), "_id": document_id(tenant, pk, source)}
                           for pk in item_ids), raise_on_error=False, refresh="wait_for")

    def delete_site(self, tenant):
        self.ensure_index()
        self.client.delete_by_query(index=index_name(), refresh=True, query={"term": {"site_id": tenant.pk}})

    def site_status_changed(self, tenant):
        self.ensure_index()
        self.client.update_by_query(index=index_name(), refresh=True, query={"term": {"site_id": tenant.pk}},
                                    script={"source": "ctx._source.site_active = params.active",
                                            "params": {"active": tenant.status == tenant.Status.ACTIVE}})

    def resegment(self, words, progress=None):
        """The stored text is in the sources; re-cutting it is a rebuild of every site."""
        from tenants.models import Tenant

        from ..tasks import reindex_site

        sites = list(Tenant.objects.values_list("pk", flat=True))
        for pk in sites:
            reindex_site.enqueue(pk)
        return len(sites)

    def count(self, request, parsed=None):
        parsed = parsed or parse(request.q)
        if not parsed:
            return 0
        self.ensure_index()
        return Search(index=index_name()).using(self.client).query(build_query(parsed, request)).count()

    def similar_terms(self, text, limit=8):
        self.ensure_index()
        suggest = {"text": text, **{name: {"term": {
            "field": f"{name}_words", "suggest_mode": "always", "min_word_length": 2, "size": limit}}
            for name in FIELDS}}
        response = self.client.search(index=index_name(), size=0, suggest=suggest)
        found = {}
        for name in FIELDS:
            for entry in response["suggest"][name]:
                for option in entry["options"]:
                    found[option["text"]] = max(found.get(option["text"], 0), option["freq"])
        return sorted(found.items(), key=lambda item: -item[1])[:limit]

    def search(self, request):
        parsed = parse(request.q)
        if not parsed:
            return SearchResults(hits=[], total=0, per_site=[], terms=[])
        search, parsed = build_search(request, parsed)
        self.ensure_index()
        response = search.using(self.client).execute()
        hits = []
        for hit in response:
            source = hit.to_dict()
            hits.append(Hit(
                site_slug=source["site"], site_name=source["site_name"], site_domain=source.get("site_domain", ""),
                level=source["level"], url_path=source["url_path"], title=source["title"],
                snippet=snippet(source.get("body", ""), source.get("summary", ""), parsed),
                content_type=source["content_type"],
                publish_date=datetime.datetime.fromisoformat(source["publish_date"]) if source.get(
                    "publish_date") else None,
                language=source.get("language", ""), score=hit.meta.score or 0.0))
        from tenants.models import Tenant

        buckets = response.aggregations.per_site.buckets
        site_names = dict(Tenant.objects.filter(slug__in=[b.key for b in buckets]).values_list("slug", "name"))
        per_site = [(b.key, site_names.get(b.key, b.key), b.doc_count) for b in buckets]
        total = response.hits.total.value
        return SearchResults(hits=hits, total=total, per_site=per_site, terms=parsed.marks, parsed=parsed,
                             suggestion=suggestion_for(self, request, parsed, total))
