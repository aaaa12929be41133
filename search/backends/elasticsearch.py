"""Scale-out backend: one shared Elasticsearch index for every site, through elasticsearch.dsl.

One index with a `site` field and `_id = "<schema>:<page id>"` (never an index per site:
thousands of small indexes perform badly, and Wagtail's own backends would overwrite each
other's documents across tenants). Chinese is segmented with jieba before indexing, as
for PostgreSQL, and analysed with a whitespace tokenizer, lowercasing and the Porter
stemmer, so no plugin (smartcn, IK) is needed on the cluster's nodes; a `cjk` bigram
sub-field adds recall for words jieba splits differently.
"""
import datetime

from django.conf import settings
from django.utils import timezone
from elasticsearch.dsl import Index, Q, Search, analyzer

from ..highlight import snippet
from ..segment import index_words, query_words
from .base import Hit, SearchBackend, SearchResults

SEGMENTED_TEXT = analyzer("sitegroup_text", tokenizer="whitespace", filter=["lowercase", "porter_stem"])
TEXT_FIELD = {"type": "text", "analyzer": "sitegroup_text", "fields": {"cjk": {"type": "text", "analyzer": "cjk"}}}
MAPPING = {
    "properties": {
        "site": {"type": "keyword"}, "site_id": {"type": "integer"}, "site_name": {"type": "keyword"},
        "site_domain": {"type": "keyword", "index": False}, "site_active": {"type": "boolean"},
        "level": {"type": "keyword"}, "page_id": {"type": "long"}, "url_path": {"type": "keyword", "index": False},
        "title": {"type": "keyword", "index": False}, "summary": {"type": "text", "index": False},
        "body": {"type": "text", "index": False},
        "title_words": TEXT_FIELD, "summary_words": TEXT_FIELD, "body_words": TEXT_FIELD,
        "content_type": {"type": "keyword"}, "publish_date": {"type": "date"}, "language": {"type": "keyword"},
        "indexed_at": {"type": "date"},
    }
}


def index_name():
    return getattr(settings, "SITEGROUP_SEARCH_INDEX", "sitegroup-pages")


def index_definition():
    index = Index(index_name())
    index.settings(number_of_shards=1, analysis={"analyzer": {"sitegroup_text": SEGMENTED_TEXT.get_definition()}})
    return {**index.to_dict(), "mappings": MAPPING}


def document_id(tenant, page_id):
    return f"{tenant.schema_name}:{page_id}"


def document_source(tenant, doc, domain, indexed_at):
    return {
        "site": tenant.slug, "site_id": tenant.pk, "site_name": tenant.name, "site_domain": domain,
        "site_active": tenant.status == tenant.Status.ACTIVE, "level": tenant.level, "page_id": doc.page_id,
        "url_path": doc.url_path, "title": doc.title, "summary": doc.summary, "body": doc.body[:20000],
        "title_words": index_words(doc.title), "summary_words": index_words(doc.summary),
        "body_words": index_words(doc.body), "content_type": doc.content_type,
        "publish_date": doc.publish_date.isoformat() if doc.publish_date else None, "language": doc.language,
        "indexed_at": indexed_at.isoformat(),
    }


def build_search(request):
    """The elasticsearch.dsl Search for a SearchRequest (unit-tested without a server)."""
    words = query_words(request.q)
    text = " ".join(words)
    match = Q("multi_match", query=text, operator="and", type="cross_fields",
              fields=["title_words^3", "summary_words^2", "body_words", "title_words.cjk^0.5"])
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
    query = Q("function_score", query=Q("bool", must=[match], filter=filters),
              functions=[{"gauss": {"publish_date": {"origin": "now", "scale": "365d", "decay": 0.5}},
                          "weight": 1}],
              score_mode="multiply", boost_mode="multiply")
    start = (request.page - 1) * request.page_size
    search = Search(index=index_name()).query(query).sort("_score", {"publish_date": {"order": "desc"}})
    search = search.extra(track_total_hits=True)[start:start + request.page_size]
    search.aggs.bucket("per_site", "terms", field="site", size=1000)
    return search, words


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
            yield {"_op_type": "index", "_index": index_name(), "_id": document_id(tenant, doc.page_id),
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

    def delete_pages(self, tenant, page_ids):
        from elasticsearch.helpers import bulk

        self.ensure_index()
        bulk(self.client, ({"_op_type": "delete", "_index": index_name(), "_id": document_id(tenant, pk)}
                           for pk in page_ids), raise_on_error=False, refresh="wait_for")

    def delete_site(self, tenant):
        self.ensure_index()
        self.client.delete_by_query(index=index_name(), refresh=True, query={"term": {"site_id": tenant.pk}})

    def site_status_changed(self, tenant):
        self.ensure_index()
        self.client.update_by_query(index=index_name(), refresh=True, query={"term": {"site_id": tenant.pk}},
                                    script={"source": "ctx._source.site_active = params.active",
                                            "params": {"active": tenant.status == tenant.Status.ACTIVE}})

    def search(self, request):
        search, words = build_search(request)
        if not words:
            return SearchResults(hits=[], total=0, per_site=[], terms=[])
        self.ensure_index()
        response = search.using(self.client).execute()
        names = {}
        hits = []
        for hit in response:
            source = hit.to_dict()
            names[source["site"]] = source["site_name"]
            body = source.get("body", "")
            hits.append(Hit(
                site_slug=source["site"], site_name=source["site_name"], site_domain=source.get("site_domain", ""),
                level=source["level"], url_path=source["url_path"], title=source["title"],
                snippet=snippet(body if any(w in body.lower() for w in words) else source.get("summary") or body,
                                words),
                content_type=source["content_type"],
                publish_date=datetime.datetime.fromisoformat(source["publish_date"]) if source.get(
                    "publish_date") else None,
                language=source.get("language", ""), score=hit.meta.score or 0.0))
        from tenants.models import Tenant

        buckets = response.aggregations.per_site.buckets
        site_names = dict(Tenant.objects.filter(slug__in=[b.key for b in buckets]).values_list("slug", "name"))
        per_site = [(b.key, site_names.get(b.key, b.key), b.doc_count) for b in buckets]
        return SearchResults(hits=hits, total=response.hits.total.value, per_site=per_site, terms=words)
