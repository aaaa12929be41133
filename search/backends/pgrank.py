"""Ranking in PostgreSQL: BM25 over field-weighted term frequencies, plus a proximity bonus.

For every query group g (see `search.query`) and every matching document d:

    tf(g, d)  = W_TITLE·tf_title + W_SUMMARY·tf_summary + tf_body / (1 − b + b·|body| / avg|body|)
    score(d)  = Σ_g weight_g · idf_g · tf·(k1 + 1) / (tf + k1)
              + PHRASE_IN_TITLE   if the whole query stands as a phrase in the title
              + PROXIMITY · c/(1 + c), c = cover density of the query's words in the body

Term frequencies come from `ts_rank_cd` on one query group at a time with the weights of
a single field (for one word it is the count of its positions of that weight). idf comes
from the vocabulary table. Recency is only the tie-breaker (or the explicit date sort).
The full score is computed for the best candidates of a cheaper first stage (see
`PostgresBackend.search`), so its cost does not grow with the number of matches.
"""
import functools
import math
import time

from django.db import connection

# The weights below were chosen before the relevance set (tests/search/relevance) was first
# run and have not been adjusted to it since; bench/search.py prints its figures.
K1 = 1.2
B = 0.75
W_TITLE = 6.0
W_SUMMARY = 2.5
PHRASE_IN_TITLE = 1.5
PROXIMITY = 1.0
# First stage: weighted occurrences of the whole query (title 1, summary 0.4, body 0.1),
# one ts_rank_cd call per match, to pick the candidates the full score is computed for.
ROUGH_WEIGHTS = "{0.1,0.1,0.4,1}"
PREFIX_DOC_SHARE = 0.25       # idf of a one-character fallback: as if a quarter of the pages held it
STATS_SECONDS = 600


def _quote(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def alternative_sql(alt, weights=""):
    if alt.prefix:
        return f"{_quote(alt.lexemes[0])}:*{weights}"
    return " <-> ".join(f"{_quote(lexeme)}{':' + weights if weights else ''}" for lexeme in alt.lexemes)


def group_tsquery(group, weights=""):
    return "(" + " | ".join(f"({alternative_sql(alt, weights)})" for alt in group.alternatives) + ")"


def title_phrase_tsquery(groups):
    """The query's words next to each other, in order, in the title (weight A)."""
    return " <-> ".join(group_tsquery(g, "A") for g in groups)


def all_tsquery(groups):
    return " & ".join(group_tsquery(g) for g in groups)


@functools.lru_cache(maxsize=1)
def _stats_cache():
    return {"at": float("-inf"), "docs": 1, "avg_length": 1.0}


def corpus_stats():
    """(number of documents, average body length), refreshed every few minutes per process."""
    stats = _stats_cache()
    if time.monotonic() - stats["at"] > STATS_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = 'search_searchdocument'::regclass")
            estimate = cursor.fetchone()[0]
            if estimate is None or estimate < 1000:
                cursor.execute("SELECT count(*), avg(body_length) FROM search_searchdocument")
            else:  # a sample is enough for an average
                cursor.execute("SELECT %s, avg(body_length) FROM search_searchdocument TABLESAMPLE SYSTEM (2)",
                               [estimate])
            docs, avg_length = cursor.fetchone()
        stats.update(at=time.monotonic(), docs=max(int(docs or 0), 1), avg_length=max(float(avg_length or 0), 1.0))
    return stats["docs"], stats["avg_length"]


def reset_stats():
    _stats_cache()["at"] = float("-inf")


def group_frequencies(groups):
    """(documents in the index, [documents holding each group]) from the vocabulary's counts."""
    docs, _avg = corpus_stats()
    words = sorted({lexeme for g in groups for alt in g.alternatives if not alt.prefix for lexeme in alt.lexemes})
    counts = {}
    if words:
        with connection.cursor() as cursor:
            cursor.execute("SELECT term, doc_count FROM search_searchterm WHERE term = ANY(%s)", [words])
            counts = dict(cursor.fetchall())
    frequencies = []
    for group in groups:
        shares = []
        for alt in group.alternatives:
            if alt.prefix:
                shares.append(docs * PREFIX_DOC_SHARE)
            else:  # a phrase is at most as common as its rarest word
                shares.append(min(counts.get(lexeme, 0) for lexeme in alt.lexemes))
        frequencies.append(min(docs, sum(shares)))
    return docs, frequencies


def idf_values(groups, frequencies=None):
    """BM25's idf per group, from the vocabulary's document counts."""
    docs, frequencies = frequencies or group_frequencies(groups)
    return [math.log(1 + (docs - df + 0.5) / (df + 0.5)) for df in frequencies]


def tf_columns(groups):
    """SELECT list of field-weighted, length-normalised term frequencies tf0…, and the bonus.

    `x.v` is the row's vector read (detoasted) once; every ts_rank_cd call reuses it.
    """
    _docs, avg_length = corpus_stats()
    norm = f"(1 - {B} + {B} * d.body_length / {avg_length:.3f})"
    columns = []
    for i in range(len(groups)):
        columns.append(f"({W_TITLE} * ts_rank_cd('{{0,0,0,1}}', x.v, q.g{i}, 0)"
                       f" + {W_SUMMARY} * ts_rank_cd('{{0,0,1,0}}', x.v, q.g{i}, 0)"
                       f" + ts_rank_cd('{{0,1,0,0}}', x.v, q.g{i}, 0) / {norm}) AS tf{i}")
    bonus = "0"
    if len(groups) > 1:
        bonus = (f"(CASE WHEN x.v @@ q.title_phrase THEN {PHRASE_IN_TITLE} ELSE 0 END) + "
                 f"{PROXIMITY} * (1 - 1 / (1 + ts_rank_cd('{{0,1,0,0}}', x.v, q.every, 0)))")
    columns.append(f"{bonus} AS bonus")
    return ", ".join(columns)


def score_sql(groups, idfs):
    """BM25 over the tf columns, plus the bonus."""
    parts = [f"{group.weight * idf * (K1 + 1):.6f} * tf{i} / (tf{i} + {K1})"
             for i, (group, idf) in enumerate(zip(groups, idfs, strict=True))]
    return " + ".join(parts + ["bonus"])


def query_columns(groups):
    """(SELECT list of the q CTE, params): one tsquery per group, the phrase and the conjunction."""
    columns, params = [], []
    for i, group in enumerate(groups):
        columns.append(f"%s::tsquery AS g{i}")
        params.append(group_tsquery(group))
    columns.append("%s::tsquery AS title_phrase")
    params.append(title_phrase_tsquery(groups))
    columns.append("%s::tsquery AS every")
    params.append(all_tsquery(groups))
    columns.append("%s::tsquery AS any_group")
    params.append(" | ".join(group_tsquery(g) for g in groups))
    return ", ".join(columns), params


def match_sql(groups):
    """Every group must match: one condition on the GIN-indexed vector."""
    return "d.search_vector @@ q.every"
