"""The relevance set's documents: the shape of one, and helpers shared by the corpus files.

Written for this project: a fictional city (测试市) and its districts and townships. Sites
are named by role ("city", "east", "west", "peach", "willow") and mapped to real tenants
when the set is loaded.
"""
from dataclasses import dataclass

ARTICLE = "themes.articlepage"
NOTICE = "themes.noticepage"
POLICY = "themes.policydocumentpage"
SERVICE = "themes.serviceguidepage"
COLUMN = "themes.columnpage"
HOME = "themes.homepage"


@dataclass
class Doc:
    key: str
    site: str
    kind: str
    title: str
    body: str
    summary: str = ""
    keywords: str = ""
    days: int = 30
    language: str = "zh-hans"


def doc(key, site, kind, title, body, summary="", keywords="", days=30, language="zh-hans"):
    if isinstance(body, (list, tuple)):
        body = "".join(body) if language != "en" else " ".join(body)
    return Doc(key, site, kind, title, body, summary, keywords, days, language)
