"""The small interface every index backend implements, and the search request/result types."""
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

MAX_QUERY_LENGTH = 100
PAGE_SIZE = 10


@dataclass
class SearchRequest:
    """A validated search: what the pages and the JSON endpoint both accept."""

    q: str
    sites: list = field(default_factory=list)        # site slugs
    levels: list = field(default_factory=list)
    content_types: list = field(default_factory=list)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    page: int = 1
    page_size: int = PAGE_SIZE
    sort: str = "relevance"                          # or "date": newest first


@dataclass
class Hit:
    site_slug: str
    site_name: str
    site_domain: str
    level: str
    url_path: str
    title: str
    snippet: str                                  # safe HTML with <mark>
    content_type: str
    publish_date: datetime.datetime | None
    language: str
    score: float = 0.0

    @property
    def url(self):
        return f"//{self.site_domain}{self.url_path}"


@dataclass
class SearchResults:
    hits: list
    total: int
    per_site: list                                # [(slug, name, count)], most first
    terms: list                                   # the query words, for highlighting
    parsed: object = None                         # search.query.ParsedQuery
    suggestion: str | None = None                 # “did you mean”: a query that finds more


class SearchBackend:
    def index_documents(self, tenant, documents):
        raise NotImplementedError

    def replace_site(self, tenant, documents):
        """Swap all of a site's documents for `documents` at once (readers see old or new)."""
        raise NotImplementedError

    def delete_pages(self, tenant, page_ids):
        self.delete_items(tenant, "", page_ids)

    def delete_items(self, tenant, source, item_ids):
        """Remove documents of one source ("" = pages) of a site (search/sources.py)."""
        raise NotImplementedError

    def delete_site(self, tenant):
        raise NotImplementedError

    def site_status_changed(self, tenant):
        """Hide or show a site's documents after a status change (suspended/active)."""

    def search(self, request: SearchRequest) -> SearchResults:
        raise NotImplementedError

    def count(self, request: SearchRequest, parsed=None) -> int:
        """How many documents match (no ranking): used to check a suggestion."""
        raise NotImplementedError

    def similar_terms(self, text, limit=8):
        """[(indexed word, documents holding it)] spelled like `text`, most similar first."""
        return []

    def finish_rebuild(self):
        """Called after `reindex` rebuilt every site (recount statistics)."""

    def resegment(self, words, progress=None):
        """Re-cut the documents holding `words` after the dictionary changed; returns how many."""
        raise NotImplementedError


def get_backend():
    path = settings.SITEGROUP_SEARCH_BACKEND
    return import_string(path)()
