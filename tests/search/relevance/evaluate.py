"""Index the relevance set on real sites and measure it: nDCG@10 and whether the top hit is right.

Used by the test (tests/search/test_relevance.py) and by bench/search.py, so the figure
asserted and the figure printed are the same computation.
"""
import datetime
import math
from dataclasses import dataclass, field

from django.utils import timezone

from . import documents
from .judgments import HELD_OUT, QUERIES, SUGGESTIONS, SYNONYMS

ROLES = ("city", "east", "west", "peach", "willow")
FIRST_PAGE_ID = 900000


@dataclass
class Report:
    per_query: list = field(default_factory=list)     # (query, nDCG@10, top hit right, held out)
    suggestions: list = field(default_factory=list)   # (typed, expected, offered)

    def _mean(self, rows):
        return sum(row[1] for row in rows) / len(rows) if rows else 0.0

    @property
    def ndcg(self):
        return self._mean(self.per_query)

    @property
    def ndcg_tuning(self):
        return self._mean([row for row in self.per_query if not row[3]])

    @property
    def ndcg_held_out(self):
        return self._mean([row for row in self.per_query if row[3]])

    @property
    def top_hit_rate(self):
        return sum(1 for row in self.per_query if row[2]) / len(self.per_query)

    @property
    def suggestions_right(self):
        return sum(1 for _typed, expected, offered in self.suggestions if offered == expected)

    def lines(self):
        yield (f"relevance set: {len(documents())} documents, {len(self.per_query)} queries "
               f"({len(HELD_OUT)} held out)")
        yield (f"nDCG@10 {self.ndcg:.3f} (tuning {self.ndcg_tuning:.3f}, held out {self.ndcg_held_out:.3f}); "
               f"top hit right {self.top_hit_rate:.0%}; suggestions {self.suggestions_right}/{len(self.suggestions)}")
        for query, ndcg, top, held in sorted(self.per_query, key=lambda row: row[1])[:8]:
            flags = ("" if top else ", top hit wrong") + (" (held out)" if held else "")
            yield f"  weakest: {query!r} nDCG {ndcg:.2f}{flags}"


def page_documents(now=None):
    """{role: [PageDocument]} with page ids from FIRST_PAGE_ID, and {(role, page id): key}."""
    from search.extract import PageDocument

    now = now or timezone.now()
    by_role, keys = {role: [] for role in ROLES}, {}
    for number, item in enumerate(documents(), FIRST_PAGE_ID):
        by_role[item.site].append(PageDocument(
            page_id=number, url_path=f"/relevance/{item.key}/", title=item.title, summary=item.summary,
            body=item.body, content_type=item.kind, publish_date=now - datetime.timedelta(days=item.days),
            language=item.language, keywords=item.keywords))
        keys[(item.site, number)] = item.key
    return by_role, keys


def load(backend, sites):
    """Index the set on `sites` ({role: Tenant}) and install its synonym list; returns {(site slug, key)}."""
    from search import lists

    lists.save("synonyms", SYNONYMS, author="relevance set")
    by_role, keys = page_documents()
    for role, docs in by_role.items():
        backend.index_documents(sites[role], docs)
    backend.finish_rebuild()
    return {(sites[role].slug, key) for (role, _page_id), key in keys.items()}


def ndcg_at_10(ranked_keys, grades):
    gains = [grades.get(key, 0) for key in ranked_keys[:10]]
    dcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(grades.values(), reverse=True)[:10]
    best = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def run(backend, keys, sites=None):
    """Search every query of the set (over `sites` slugs, or all) and score the rankings."""
    from search.backends.base import SearchRequest

    report = Report()
    for query, grades in QUERIES:
        results = backend.search(SearchRequest(q=query, sites=list(sites or []), page_size=10))
        ranked = [_key(hit, keys) for hit in results.hits]
        top_right = bool(ranked) and grades.get(ranked[0], 0) == max(grades.values())
        report.per_query.append((query, ndcg_at_10(ranked, grades), top_right, query in HELD_OUT))
    for typed, expected in SUGGESTIONS:
        results = backend.search(SearchRequest(q=typed, sites=list(sites or [])))
        report.suggestions.append((typed, expected, results.suggestion))
    return report


def _key(hit, keys):
    """The set's key of a hit (None for a page that is not part of the set)."""
    parts = hit.url_path.strip("/").split("/")
    key = parts[-1] if parts[0] == "relevance" else None
    return key if (hit.site_slug, key) in keys else None
