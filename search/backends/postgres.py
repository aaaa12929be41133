"""Default backend: one table in the public schema, a weighted tsvector and a GIN index.

The vector holds the jieba-segmented words of title (A), summary (B) and body (C) under
the 'simple' configuration, plus English stems of the non-Chinese text under 'english'
(D), so 集约化 and "services" → "service" are both found. A query word matches either form;
all query words must match. Ranking: ts_rank_cd, scaled down with age so recent pages of
equal relevance come first.
"""
import datetime
import os
import re
import time

from django.db import connection, transaction
from django.utils import timezone

from ..highlight import snippet
from ..segment import index_words, query_words
from .base import Hit, SearchBackend, SearchResults

NON_HAN = re.compile(r"[\u4e00-\u9fff]+")

VECTOR_SQL = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') || "
    "setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('english', %s), 'D')"
)
UPSERT_SQL = f"""
    INSERT INTO search_searchdocument (site_id, level, page_id, url_path, title, summary, body, content_type,
                                       publish_date, language, indexed_at, search_vector)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now(), {VECTOR_SQL})
    ON CONFLICT (site_id, page_id) DO UPDATE SET
        level = EXCLUDED.level, url_path = EXCLUDED.url_path, title = EXCLUDED.title,
        summary = EXCLUDED.summary, body = EXCLUDED.body, content_type = EXCLUDED.content_type,
        publish_date = EXCLUDED.publish_date, language = EXCLUDED.language, indexed_at = now(),
        search_vector = EXCLUDED.search_vector
"""
# Relevance, then a gentle preference for recent pages: a year-old page keeps 75 %.
SCORE_SQL = ("ts_rank_cd(d.search_vector, q.query) * (0.5 + 0.5 / (1 + GREATEST(EXTRACT(EPOCH FROM "
             "(now() - COALESCE(d.publish_date, now()))), 0) / 31536000.0))")


def document_row(tenant, doc):
    english = NON_HAN.sub(" ", " ".join((doc.title, doc.summary, doc.body)))
    return (tenant.pk, tenant.level, doc.page_id, doc.url_path, doc.title[:255], doc.summary, doc.body,
            doc.content_type, doc.publish_date, doc.language,
            index_words(doc.title), index_words(doc.summary), index_words(doc.body), english)


def tsquery_sql(words):
    """SQL and params for a tsquery requiring every word, in its Chinese or English form."""
    parts, params = [], []
    for word in words:
        parts.append("(plainto_tsquery('simple', %s) || plainto_tsquery('english', %s))")
        params += [word, word]
    return " && ".join(parts), params


class PostgresBackend(SearchBackend):
    def index_documents(self, tenant, documents):
        rows = [document_row(tenant, doc) for doc in documents]
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(UPSERT_SQL, rows)

    def replace_site(self, tenant, documents):
        rows = [document_row(tenant, doc) for doc in documents]  # segment before locking anything
        # One transaction: concurrent searches see the old documents until the new ones commit.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchdocument WHERE site_id = %s", [tenant.pk])
            _pause_for_tests()
            if rows:
                cursor.executemany(UPSERT_SQL, rows)

    def delete_pages(self, tenant, page_ids):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchdocument WHERE site_id = %s AND page_id = ANY(%s)",
                           [tenant.pk, list(page_ids)])

    def delete_site(self, tenant):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchdocument WHERE site_id = %s", [tenant.pk])

    def search(self, request):
        words = query_words(request.q)
        if not words:
            return SearchResults(hits=[], total=0, per_site=[], terms=[])
        query_sql, query_params = tsquery_sql(words)
        where = ["t.status = 'active'", "d.search_vector @@ q.query"]
        params = []
        if request.sites:
            where.append("t.slug = ANY(%s)")
            params.append(list(request.sites))
        if request.levels:
            where.append("d.level = ANY(%s)")
            params.append(list(request.levels))
        if request.content_types:
            where.append("d.content_type = ANY(%s)")
            params.append(list(request.content_types))
        if request.date_from:
            where.append("d.publish_date >= %s")
            params.append(_start_of(request.date_from))
        if request.date_to:
            where.append("d.publish_date < %s")
            params.append(_start_of(request.date_to + datetime.timedelta(days=1)))
        # One pass over the matches: they are scored once, then both counted per site and
        # cut to the requested page (reading the matching vectors twice cost twice the time).
        offset = (request.page - 1) * request.page_size
        sql = f"""
            WITH q AS (SELECT {query_sql} AS query),
            m AS MATERIALIZED (
                SELECT d.id, d.site_id, d.publish_date, {SCORE_SQL} AS score
                FROM search_searchdocument d JOIN tenants_tenant t ON t.id = d.site_id, q
                WHERE {' AND '.join(where)}
            )
            SELECT (SELECT coalesce(json_agg(json_build_array(site_id, n)), '[]')
                    FROM (SELECT site_id, count(*) AS n FROM m GROUP BY site_id) counts),
                   (SELECT coalesce(json_agg(json_build_array(id, score)), '[]')
                    FROM (SELECT id, score FROM m ORDER BY score DESC, publish_date DESC NULLS LAST, id
                          LIMIT %s OFFSET %s) top)
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, query_params + params + [request.page_size, offset])
            counts, top = cursor.fetchone()
            counts, top = _json(counts), _json(top)
            sites = {}
            if counts:
                cursor.execute(
                    "SELECT t.id, t.slug, t.name, (SELECT dm.domain FROM tenants_domain dm WHERE dm.tenant_id = t.id "
                    "ORDER BY dm.is_primary DESC, dm.id LIMIT 1) FROM tenants_tenant t WHERE t.id = ANY(%s)",
                    [[site_id for site_id, _n in counts]])
                sites = {row[0]: row[1:] for row in cursor.fetchall()}
            rows = []
            if top:
                cursor.execute(
                    "SELECT id, site_id, level, url_path, title, summary, left(body, 4000), content_type, "
                    "publish_date, language FROM search_searchdocument WHERE id = ANY(%s)", [[i for i, _s in top]])
                by_id = {row[0]: row for row in cursor.fetchall()}
                rows = [(by_id[doc_id], score) for doc_id, score in top if doc_id in by_id]
        per_site = sorted(((sites[site_id][0], sites[site_id][1], n) for site_id, n in counts if site_id in sites),
                          key=lambda item: (-item[2], item[1]))
        hits = []
        for (_id, site_id, level, path, title, summary, body, ctype, published, language), score in rows:
            slug, name, domain = sites[site_id]
            hits.append(Hit(site_slug=slug, site_name=name, site_domain=domain or "", level=level, url_path=path,
                            title=title, snippet=snippet(body if _mentions(body, words) else (summary or body), words),
                            content_type=ctype, publish_date=published, language=language, score=float(score)))
        return SearchResults(hits=hits, total=sum(count for _s, _n, count in per_site), per_site=per_site,
                             terms=words)


def _pause_for_tests():
    """Hold a rebuild mid-swap so a test can search from another connection meanwhile."""
    delay = float(os.environ.get("SITEGROUP_TEST_REINDEX_PAUSE", "0") or 0)
    if delay:
        time.sleep(delay)


def _json(value):
    import json

    return json.loads(value) if isinstance(value, str) else value


def _mentions(text, words):
    lowered = (text or "").lower()
    return any(word in lowered for word in words)


def _start_of(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))
