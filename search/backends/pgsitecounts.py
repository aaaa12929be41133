"""Counts per site of the index's common words, kept with the vocabulary (PostgreSQL backend).

A query over the whole cluster shows how many pages of every site match. For a word in tens
of thousands of pages, counting them means visiting every matching row (GIN has no
index-only scan): about 35 ms for 24,000 pages at a million documents, the larger part of a
one-word search. So every word in more than SITEGROUP_SEARCH_SITE_COUNTS_ABOVE documents has
its documents counted per site in `search_sitetermcount`, changed in the same transaction as
the documents and the vocabulary (`pgindex.apply_vocabulary_change`), and a one-word query
reads those counts.

A word starts being counted when a change takes it over the threshold: that writer counts
the word's documents then, in its own transaction. The vocabulary row it has just updated
stays locked until it commits, so a concurrent writer of the same word has either committed
before (and is in the count) or waits and then finds the word counted (and adds its own
change). A word stops being counted when it falls to half the threshold, so a word near the
line does not start and stop on every save.
"""
from django.conf import settings

from .pgrank import _quote, alternative_sql


def threshold():
    return settings.SITEGROUP_SEARCH_SITE_COUNTS_ABOVE


def follow(cursor, vocabulary, site_changes):
    """Keep the counts per site in step with a change of the vocabulary.

    vocabulary: [(term, its documents after the change, counted per site before it)] of every
    changed word, with their vocabulary rows locked; site_changes: {site id: Counter(term → ±n)}.
    """
    keep_above = threshold() // 2
    start = sorted(term for term, docs, counted in vocabulary if not counted and docs > threshold())
    stop = sorted(term for term, docs, counted in vocabulary if counted and docs <= keep_above)
    counted = {term for term, docs, was_counted in vocabulary if was_counted and docs > keep_above}
    rows = sorted((term, site_id, n) for site_id, change in site_changes.items()
                  for term, n in change.items() if n and term in counted)
    if rows:
        terms, sites, changes = (list(column) for column in zip(*rows, strict=True))
        cursor.execute(
            "INSERT INTO search_sitetermcount (term, site_id, doc_count) "
            "SELECT * FROM unnest(%s::text[], %s::int[], %s::int[]) ORDER BY 1, 2 "
            "ON CONFLICT (term, site_id) DO UPDATE "
            "SET doc_count = search_sitetermcount.doc_count + EXCLUDED.doc_count",
            [terms, sites, changes])
        fewer = sorted({term for term, _site, n in rows if n < 0})
        if fewer:
            cursor.execute("DELETE FROM search_sitetermcount WHERE term = ANY(%s) AND doc_count <= 0", [fewer])
    if stop:
        cursor.execute("UPDATE search_searchterm SET counted_per_site = false WHERE term = ANY(%s)", [stop])
        cursor.execute("DELETE FROM search_sitetermcount WHERE term = ANY(%s)", [stop])
    if start:
        start_counting(cursor, start)


def start_counting(cursor, terms):
    """Count `terms` per site from the documents (this transaction's own changes included)."""
    terms = sorted(terms)
    cursor.execute("UPDATE search_searchterm SET counted_per_site = true WHERE term = ANY(%s)", [terms])
    cursor.execute("DELETE FROM search_sitetermcount WHERE term = ANY(%s)", [terms])
    for term in terms:   # one GIN look-up each: the word's documents only
        cursor.execute("INSERT INTO search_sitetermcount (term, site_id, doc_count) "
                       "SELECT %s, site_id, count(*) FROM search_searchdocument "
                       "WHERE search_vector @@ %s::tsquery GROUP BY site_id", [term, _quote(term)])


def recount(cursor, progress=None):
    """Count every common word again (after the vocabulary was recounted). Returns the words."""
    cursor.execute("DELETE FROM search_sitetermcount")
    cursor.execute("UPDATE search_searchterm SET counted_per_site = false WHERE counted_per_site")
    cursor.execute("SELECT term FROM search_searchterm WHERE doc_count > %s ORDER BY term", [threshold()])
    terms = [row[0] for row in cursor.fetchall()]
    for start in range(0, len(terms), 50):
        start_counting(cursor, terms[start:start + 50])
        if progress:
            progress(len(terms[start:start + 50]))
    return terms


def counts_sql(cursor, request, groups):
    """(SQL giving (site_id, n) rows, params) for a one-word query over the whole cluster whose
    word is counted per site, or None when its matches must be counted.

    A group may have other forms beside the word (a long word also as the phrase of its
    parts): their documents without the word are counted from the index, which are few.
    """
    if (len(groups) != 1 or request.sites or request.levels or request.content_types
            or request.date_from or request.date_to or groups[0].single_character):
        return None
    alternatives = groups[0].alternatives
    words = [alt.lexemes[0] for alt in alternatives if len(alt.lexemes) == 1 and not alt.prefix]
    if not words:
        return None
    cursor.execute("SELECT term FROM search_searchterm WHERE term = ANY(%s) AND counted_per_site", [words])
    counted = {row[0] for row in cursor.fetchall()}
    word = next((w for w in words if w in counted), None)
    if word is None:
        return None
    sql = "SELECT site_id, doc_count AS n FROM search_sitetermcount WHERE term = %s"
    params = [word]
    others = [alt for alt in alternatives if alt.lexemes != (word,)]
    if others:
        rest = " | ".join(f"({alternative_sql(alt)})" for alt in others)
        sql += (" UNION ALL SELECT site_id, count(*) FROM search_searchdocument "
                "WHERE search_vector @@ %s::tsquery GROUP BY site_id")
        params.append(f"({rest}) & !{_quote(word)}")
    return f"SELECT site_id, sum(n)::bigint AS n FROM ({sql}) c GROUP BY site_id", params
