"""Writing the PostgreSQL index: vectors built in Python, and the vocabulary kept with them.

PostgreSQL's own parser cannot cut Chinese, so each field is cut by `search.analysis` and
the tsvector is written literally, with positions and weights: title (A), summary +
keywords (B), body (C), one after the other in one vector. A word's position is
its place in the text, and the dictionary words inside a long word share its position, so
phrases (`a <-> b`) and proximity work on Chinese as they do on English.

The vocabulary (`search_searchterm`) counts, for every lexeme, the documents holding it.
It is updated in the same transaction as the documents (old lexemes −1, new ones +1), in
a fixed order so concurrent writers cannot deadlock; `rebuild_vocabulary` recounts it. The
common words are also counted per site (`pgsitecounts`).
"""
from collections import Counter, defaultdict

from django.db import transaction

from .. import lists
from ..analysis import tokens
from . import pgsitecounts

MAX_POSITION = 16383          # PostgreSQL's largest tsvector position
MAX_POSITIONS_PER_WORD = 256  # and the most positions it keeps for one lexeme
FIELD_GAP = 8                 # so that a phrase never spans the title and the summary

UPSERT_SQL = """
    INSERT INTO search_searchdocument (site_id, level, page_id, url_path, title, summary, keywords, body,
                                       content_type, publish_date, language, indexed_at, search_vector, body_length,
                                       source)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now(), %s::tsvector, %s, %s)
    ON CONFLICT (site_id, source, page_id) DO UPDATE SET
        level = EXCLUDED.level, url_path = EXCLUDED.url_path, title = EXCLUDED.title,
        summary = EXCLUDED.summary, keywords = EXCLUDED.keywords, body = EXCLUDED.body,
        content_type = EXCLUDED.content_type, publish_date = EXCLUDED.publish_date,
        language = EXCLUDED.language, indexed_at = now(), search_vector = EXCLUDED.search_vector,
        body_length = EXCLUDED.body_length
"""
LEXEMES_SQL = "tsvector_to_array(coalesce(search_vector, ''::tsvector))"


def _quote(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


class VectorBuilder:
    """Collects positions field by field; `literal()` is the tsvector's text form."""

    def __init__(self):
        self.positions = {}
        self.next_position = 1

    def add(self, text, weight):
        counted = 0
        for token in tokens(text):
            if self.next_position > MAX_POSITION:
                break
            mark = f"{self.next_position}{weight}"
            for lexeme in (token.lexeme, *token.inner):
                places = self.positions.setdefault(lexeme, [])
                if len(places) < MAX_POSITIONS_PER_WORD and (not places or places[-1] != mark):
                    places.append(mark)
            self.next_position += 1
            counted += 1
        self.next_position += FIELD_GAP
        return counted

    def literal(self):
        return " ".join(f"{_quote(lexeme)}:{','.join(places)}" for lexeme, places in self.positions.items())


def vectors(title, summary, keywords, body):
    """(vector literal, body length in words, set of lexemes)."""
    lists.current()  # the operators' dictionary words, if they changed
    vector = VectorBuilder()
    vector.add(title, "A")
    vector.add(" ".join(part for part in (summary, keywords) if part), "B")
    length = vector.add(body, "C")
    return vector.literal(), length, set(vector.positions)


def document_row(tenant, doc):
    """(row for UPSERT_SQL, lexemes of the document)."""
    vector, length, lexemes = vectors(doc.title, doc.summary, doc.keywords, doc.body)
    row = (tenant.pk, tenant.level, doc.page_id, doc.url_path, doc.title[:255], doc.summary, doc.keywords,
           doc.body, doc.content_type, doc.publish_date, doc.language, vector, length, doc.source)
    return row, lexemes


def apply_vocabulary_change(cursor, site_changes, per_site=True):
    """Add the documents' change to the vocabulary, in one fixed order.

    site_changes: {site id: Counter(lexeme → +n / −n documents)}. per_site: keep the common
    words' counts per site in step too (`pgsitecounts`; False only before migration search.0005).
    """
    total = Counter()
    for change in site_changes.values():
        total.update(change)      # adds, negative counts included
    terms = sorted({term for change in site_changes.values() for term, n in change.items() if n and len(term) <= 64})
    if not terms:
        return
    upsert = ("INSERT INTO search_searchterm (term, doc_count) "
              "SELECT term, n FROM unnest(%s::text[], %s::int[]) AS c(term, n) ORDER BY term "
              "ON CONFLICT (term) DO UPDATE SET doc_count = search_searchterm.doc_count + EXCLUDED.doc_count")
    params = [terms, [total[t] for t in terms]]
    if per_site:
        # RETURNING sees the row after the update: counted_per_site as this writer found it.
        cursor.execute(upsert + " RETURNING term, doc_count, counted_per_site", params)
        pgsitecounts.follow(cursor, cursor.fetchall(), site_changes)
    else:
        cursor.execute(upsert, params)
    gone = [t for t in terms if total[t] <= 0]
    if gone:
        cursor.execute("DELETE FROM search_searchterm WHERE term = ANY(%s) AND doc_count <= 0", [gone])


def removed_lexemes(cursor, where_sql, params):
    """Delete documents matching `where_sql`; Counter of the lexemes they held, negated."""
    cursor.execute(f"DELETE FROM search_searchdocument WHERE {where_sql} RETURNING {LEXEMES_SQL}", params)
    change = Counter()
    for (lexemes,) in cursor.fetchall():
        change.subtract(lexemes or [])
    return change


def write_documents(cursor, tenant, rows_and_lexemes):
    """Upsert documents of one site and keep the vocabulary in step."""
    if not rows_and_lexemes:
        return
    keys = sorted((row[-1], row[2]) for row, _lexemes in rows_and_lexemes)
    cursor.execute(f"SELECT {LEXEMES_SQL} FROM search_searchdocument WHERE site_id = %s "
                   "AND (source, page_id) IN (SELECT * FROM unnest(%s::text[], %s::bigint[])) "
                   "ORDER BY source, page_id FOR UPDATE", [tenant.pk, [k[0] for k in keys], [k[1] for k in keys]])
    change = Counter()
    for (lexemes,) in cursor.fetchall():
        change.subtract(lexemes or [])
    cursor.executemany(UPSERT_SQL, [row for row, _lexemes in rows_and_lexemes])
    for _row, lexemes in rows_and_lexemes:
        change.update(lexemes)
    apply_vocabulary_change(cursor, {tenant.pk: change})


def rebuild_vocabulary(cursor):
    """Recount the vocabulary, and the common words per site, from the documents (after a full
    rebuild, or to repair drift)."""
    cursor.execute("LOCK TABLE search_searchterm IN EXCLUSIVE MODE")
    cursor.execute("DELETE FROM search_searchterm")
    cursor.execute(
        "INSERT INTO search_searchterm (term, doc_count) SELECT word, ndoc FROM ts_stat("
        "'SELECT search_vector FROM search_searchdocument WHERE search_vector IS NOT NULL') "
        "WHERE length(word) <= 64")
    pgsitecounts.recount(cursor)


def rebuild_stored_vectors(connection, where_sql="TRUE", params=(), batch=500, progress=None, per_site=True):
    """Recompute the vectors of stored documents from their stored text (new analysis, new words).

    Used by the migration that introduced these vectors and after dictionary changes; the
    vocabulary follows (per_site: as in apply_vocabulary_change). Returns the number of
    documents rewritten.
    """
    done = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM search_searchdocument WHERE {where_sql} ORDER BY id", list(params))
        ids = [row[0] for row in cursor.fetchall()]
    for start in range(0, len(ids), batch):
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"SELECT id, site_id, title, summary, keywords, body, {LEXEMES_SQL} "
                           "FROM search_searchdocument WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                           [ids[start:start + batch]])
            updates, changes = [], defaultdict(Counter)
            for doc_id, site_id, title, summary, keywords, body, old_lexemes in cursor.fetchall():
                vector, length, lexemes = vectors(title, summary, keywords, body)
                updates.append((vector, length, doc_id))
                changes[site_id].subtract(old_lexemes or [])
                changes[site_id].update(lexemes)
            cursor.executemany("UPDATE search_searchdocument SET search_vector = %s::tsvector, "
                               "body_length = %s WHERE id = %s", updates)
            apply_vocabulary_change(cursor, changes, per_site=per_site)
        done += len(updates)
        if progress:
            progress(len(updates))
    return done
