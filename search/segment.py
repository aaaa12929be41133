"""Chinese word segmentation (jieba) for the index and for queries.

PostgreSQL's parser treats a run of Chinese characters as one word, so text is cut into
words before it becomes a tsvector: `cut_for_search` for indexed text (it also emits the
shorter words inside long ones: 集约化建设 → 集约, 集约化, 建设), `cut` for queries.
"""
import functools
import re
from pathlib import Path

USER_DICTIONARY = Path(__file__).with_name("government_words.txt")
TOKEN = re.compile(r"[\w\u4e00-\u9fff]+", re.UNICODE)
HAN = re.compile(r"[\u4e00-\u9fff]")


@functools.lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # ~0.8 s, once per process
    jieba.load_userdict(str(USER_DICTIONARY))
    return jieba


def index_words(text):
    """Space-separated words of `text` for a 'simple' tsvector (Chinese segmented, others kept)."""
    if not text:
        return ""
    if not HAN.search(text):
        return " ".join(TOKEN.findall(text.lower()))
    return " ".join(w for w in _jieba().cut_for_search(text.lower()) if TOKEN.fullmatch(w))


def query_words(text):
    """The words of a search query, in order, without punctuation."""
    if not HAN.search(text):
        return TOKEN.findall(text.lower())
    return [w for w in _jieba().cut(text.lower()) if TOKEN.fullmatch(w)]
