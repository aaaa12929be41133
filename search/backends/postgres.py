"""Default backend: one table in the public schema with two tsvectors under GIN indexes.

Text is cut in Python (`search.analysis`: Traditional folded to Simplified, jieba with the
government dictionary, English stems) and written as literal vectors (`pgindex`); queries
are parsed the same way (`search.query`) into groups that must all match. Ranking is BM25
over field-weighted term frequencies with a phrase/proximity bonus (`pgrank`); recency
only breaks ties unless the visitor sorts by date.
"""
import datetime
import json
import os
import time

import opencc
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ..highlight import snippet
from ..query import parse
from ..suggest import suggestion_for
from . import pgindex, pgrank, pgsitecounts
from .base import Hit, SearchBackend, SearchResults

RERANK_CANDIDATES = 300   # matches that get the full score (the rest cannot reach the first pages)
# The words of a document's title, under their own GIN index (migration search.0004).
TITLE_WORDS = "ts_filter(d.search_vector, '{a}')"
ORDERINGS = {
    "relevance": "score DESC, publish_date DESC NULLS LAST, id",
    "date": "publish_date DESC NULLS LAST, score DESC, id",
}


class PostgresBackend(SearchBackend):
    def index_documents(self, tenant, documents):
        rows = [pgindex.document_row(tenant, doc) for doc in documents]  # cut text before locking
        if rows:
            with transaction.atomic(), connection.cursor() as cursor:
                pgindex.write_documents(cursor, tenant, rows)

    def replace_site(self, tenant, documents):
        rows = [pgindex.document_row(tenant, doc) for doc in documents]
        # One transaction: concurrent searches see the old documents until the new ones commit.
        with transaction.atomic(), connection.cursor() as cursor:
            change = pgindex.removed_lexemes(cursor, "site_id = %s", [tenant.pk])
            _pause_for_tests()
            if rows:
                cursor.executemany(pgindex.UPSERT_SQL, [row for row, _lexemes in rows])
            for _row, lexemes in rows:
                change.update(lexemes)
            pgindex.apply_vocabulary_change(cursor, {tenant.pk: change})

    def delete_items(self, tenant, source, item_ids):
        with transaction.atomic(), connection.cursor() as cursor:
            change = pgindex.removed_lexemes(cursor, "site_id = %s AND source = %s AND page_id = ANY(%s)",
                                             [tenant.pk, source, list(item_ids)])
            pgindex.apply_vocabulary_change(cursor, {tenant.pk: change})

    def delete_site(self, tenant):
        with transaction.atomic(), connection.cursor() as cursor:
            change = pgindex.removed_lexemes(cursor, "site_id = %s", [tenant.pk])
            pgindex.apply_vocabulary_change(cursor, {tenant.pk: change})

    def finish_rebuild(self):
        with transaction.atomic(), connection.cursor() as cursor:
            pgindex.rebuild_vocabulary(cursor)
        pgrank.reset_stats()

    def resegment(self, words, progress=None):
        """Re-cut stored documents whose text holds any of `words` (after a dictionary change)."""
        to_traditional = opencc.OpenCC("s2t")
        patterns = sorted({f"%{form}%" for word in words for form in (word, to_traditional.convert(word))})
        if not patterns:
            return 0
        where = "lower(title || ' ' || summary || ' ' || keywords || ' ' || body) LIKE ANY(%s)"
        return pgindex.rebuild_stored_vectors(connection, where, [patterns], progress=progress)

    def _where(self, request, groups, documents_only=False, match=None):
        """SQL condition and params. documents_only: leave out the site's status (the caller keeps
        only active sites' rows afterwards) so the documents need no join; never with `sites`.
        match: the condition on the words, if not that every group is in the document."""
        match = match or pgrank.match_sql(groups)
        where = [match] if documents_only else ["t.status = 'active'", match]
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
        return " AND ".join(where), params

    def count(self, request, parsed=None):
        parsed = parsed or parse(request.q)
        if not parsed:
            return 0
        columns, query_params = pgrank.query_columns(parsed.groups)
        where, params = self._where(request, parsed.groups)
        with connection.cursor() as cursor:
            cursor.execute(f"WITH q AS (SELECT {columns}) SELECT count(*) FROM search_searchdocument d "
                           f"JOIN tenants_tenant t ON t.id = d.site_id CROSS JOIN q WHERE {where}",
                           query_params + params)
            return cursor.fetchone()[0]

    def similar_terms(self, text, limit=8):
        """Indexed words that look like `text` (trigram similarity), most similar first."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT term, doc_count FROM search_searchterm WHERE term %% %s AND doc_count > 0 "
                           "ORDER BY similarity(term, %s) DESC, doc_count DESC LIMIT %s", [text, text, limit])
            return cursor.fetchall()

    def search(self, request):
        parsed = parse(request.q)
        if not parsed:
            return SearchResults(hits=[], total=0, per_site=[], terms=[])
        groups = parsed.groups
        frequencies = pgrank.group_frequencies(groups)   # (documents in the index, [documents per group])
        _documents, per_group = frequencies
        # A cluster-wide query whose words are in very many pages takes its candidates among the
        # pages holding a word in the title (an index of title words finds them without reading
        # the others); the counts stay exact. Site-scoped, dated and rarer queries rank every match.
        # (Not for a lone character's prefix fallback: its frequency is a guess, and few titles start with it.)
        title_first = (request.sort == "relevance" and not request.sites
                       and not any(alt.prefix for group in groups for alt in group.alternatives)
                       and min(per_group) > settings.SITEGROUP_SEARCH_TITLE_FIRST_ABOVE)
        counts, top = self._ranked(request, groups, frequencies, title_first)
        matched = sum(n for _site, n in counts)
        if title_first and len(top) < min(request.page_size, matched - (request.page - 1) * request.page_size):
            counts, top = self._ranked(request, groups, frequencies, title_first=False)  # too few titles
        with connection.cursor() as cursor:
            sites = _sites(cursor, [site_id for site_id, _n in counts])
            rows = _rows(cursor, top)
        per_site = sorted(((sites[site_id][0], sites[site_id][1], n) for site_id, n in counts if site_id in sites),
                          key=lambda item: (-item[2], item[1]))
        hits = []
        for (_id, site_id, level, path, title, summary, body, ctype, published, language), score in rows:
            slug, name, domain = sites[site_id]
            hits.append(Hit(site_slug=slug, site_name=name, site_domain=domain or "", level=level, url_path=path,
                            title=title, snippet=snippet(body, summary, parsed), content_type=ctype,
                            publish_date=published, language=language, score=float(score)))
        total = sum(count for _s, _n, count in per_site)
        return SearchResults(hits=hits, total=total, per_site=per_site, terms=parsed.marks, parsed=parsed,
                             suggestion=suggestion_for(self, request, parsed, total))

    def _ranked(self, request, groups, frequencies, title_first):
        """([(site id, matches)], [(document id, score)] of the requested page)."""
        columns, query_params = pgrank.query_columns(groups)
        where, params = self._where(request, groups)
        offset = (request.page - 1) * request.page_size
        candidates = max(RERANK_CANDIDATES, offset + request.page_size)
        by_date = request.sort == "date"
        matches = "search_searchdocument d JOIN tenants_tenant t ON t.id = d.site_id CROSS JOIN q"
        # Two stages. The first picks `candidates` matches with one cheap ranking call each
        # (`rough`: weighted occurrences), or the newest for the date order; only those get the
        # full BM25 score, each row's vector read (detoasted) once (`x.v`) for all its ts_rank_cd
        # calls. Title first, the rough call runs on the title matches only, and the counts per
        # site come from every match without reading its vector.
        rough = "0" if by_date else f"ts_rank_cd('{pgrank.ROUGH_WEIGHTS}', d.search_vector, q.every, 0)"
        if title_first:
            # Counted without the sites' join (_sites() keeps the active ones), or read from the
            # counts per site of a common word (pgsitecounts).
            with connection.cursor() as cursor:
                kept_counts = pgsitecounts.counts_sql(cursor, request, groups)
            if kept_counts:
                counts_body, count_params = kept_counts
            else:
                count_where, count_params = self._where(request, groups, documents_only=True)
                counts_body = (f"SELECT d.site_id, count(*) AS n FROM search_searchdocument d CROSS JOIN q "
                               f"WHERE {count_where} GROUP BY d.site_id")
            # One group: a title holding it is a match already, so only the title index is read.
            title_match = (f"{TITLE_WORDS} @@ q.every" if len(groups) == 1
                           else f"{pgrank.match_sql(groups)} AND {TITLE_WORDS} @@ q.any_group")
            title_where, title_params = self._where(request, groups, match=title_match)
            first_stages = f"""
                counts AS MATERIALIZED ({counts_body}),
                candidates AS MATERIALIZED (
                    SELECT d.id FROM {matches} WHERE {title_where}
                    ORDER BY {rough} DESC, d.publish_date DESC NULLS LAST, d.id LIMIT %s),"""
            params = count_params + title_params
        else:
            order = "publish_date DESC NULLS LAST, id" if by_date else "rough DESC, publish_date DESC NULLS LAST, id"
            first_stages = f"""
                m AS MATERIALIZED (SELECT d.id, d.site_id, d.publish_date, {rough} AS rough
                                   FROM {matches} WHERE {where}),
                counts AS MATERIALIZED (SELECT site_id, count(*) AS n FROM m GROUP BY site_id),
                candidates AS MATERIALIZED (SELECT id FROM m ORDER BY {order} LIMIT %s),"""
        sql = f"""
            WITH q AS (SELECT {columns}),{first_stages}
            ranked AS MATERIALIZED (
                SELECT id, publish_date, {pgrank.score_sql(groups, pgrank.idf_values(groups, frequencies))} AS score
                FROM (SELECT d.id, d.publish_date, {pgrank.tf_columns(groups)}
                      FROM candidates c JOIN search_searchdocument d ON d.id = c.id CROSS JOIN q
                      CROSS JOIN LATERAL (SELECT d.search_vector || ''::tsvector AS v OFFSET 0) x
                      OFFSET 0) scored
            )
            SELECT (SELECT coalesce(json_agg(json_build_array(site_id, n)), '[]') FROM counts),
                   (SELECT coalesce(json_agg(json_build_array(id, score)), '[]')
                    FROM (SELECT id, score FROM ranked ORDER BY {ORDERINGS[request.sort]} LIMIT %s OFFSET %s) top)
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, query_params + params + [candidates, request.page_size, offset])
            counts, top = cursor.fetchone()
        return _json(counts), _json(top)


def _sites(cursor, site_ids):
    if not site_ids:
        return {}
    # One pass over the domains (a cluster-wide word can be in every site: 2,000 ids).
    cursor.execute(
        "SELECT DISTINCT ON (t.id) t.id, t.slug, t.name, dm.domain FROM tenants_tenant t "
        "LEFT JOIN tenants_domain dm ON dm.tenant_id = t.id WHERE t.id = ANY(%s) AND t.status = 'active' "
        "ORDER BY t.id, dm.is_primary DESC NULLS LAST, dm.id", [site_ids])
    return {row[0]: row[1:] for row in cursor.fetchall()}


def _rows(cursor, top):
    if not top:
        return []
    cursor.execute("SELECT id, site_id, level, url_path, title, summary, left(body, 4000), content_type, "
                   "publish_date, language FROM search_searchdocument WHERE id = ANY(%s)", [[i for i, _s in top]])
    by_id = {row[0]: row for row in cursor.fetchall()}
    return [(by_id[doc_id], score) for doc_id, score in top if doc_id in by_id]


def _pause_for_tests():
    """Hold a rebuild mid-swap so a test can search from another connection meanwhile."""
    delay = float(os.environ.get("SITEGROUP_TEST_REINDEX_PAUSE", "0") or 0)
    if delay:
        time.sleep(delay)


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _start_of(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))
