"""A labelled relevance set for the cross-site search (written for this project).

`documents()` gives ≥ 300 government pages over five sites (long articles, short news and
notices, policy documents, service guides, Traditional-Chinese and English pages, home
pages and columns); `judgments.QUERIES` gives the queries a visitor would type with graded
relevant documents; `evaluate` indexes the set and measures nDCG@10 and the top hit.
"""
from .articles import ARTICLES
from .news import NEWS
from .notices import NOTICES
from .pages import DAILY, ENGLISH, HOMES_AND_COLUMNS, TRADITIONAL
from .policies import POLICIES
from .services import SERVICES


def documents():
    docs = ARTICLES + NEWS + NOTICES + POLICIES + SERVICES + TRADITIONAL + ENGLISH + HOMES_AND_COLUMNS + DAILY
    keys = [d.key for d in docs]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, duplicates
    return docs
