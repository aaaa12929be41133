"""Legacy columns → the site's columns and page types, as a YAML file the operator can edit.

    columns:
      新闻动态: {action: import, target: news, type: article}
      通知公告: {action: import, target: notices, type: notice}
      村务公开: {action: create, type: article}      # a new column under the home page
      友情链接: {action: skip}

`target` is the path of one of the site's columns below its home page (`news`,
`news/photos`); `type` is article, notice or policy.
"""
import hashlib
import re
from dataclasses import dataclass

import yaml
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from themes.models import ArticlePage, ColumnPage, DisclosureCataloguePage, NoticePage, PolicyDocumentPage

PAGE_TYPES = {"article": ArticlePage, "notice": NoticePage, "policy": PolicyDocumentPage}
ACTIONS = ("import", "create", "skip")
# The first rule whose words appear in a legacy column's name proposes its place.
DEFAULT_RULES = [
    (re.compile(r"通知|公告|公示|通告"), "notices", "notice"),
    (re.compile(r"政策|文件|法规|规范性|解读|公开目录"), "policies", "policy"),
    (re.compile(r"办事|服务|指南"), "services", "article"),
    (re.compile(r"概况|简介|领导|机构|职能"), "about", "article"),
    (re.compile(r"新闻|动态|要闻|工作|资讯|信息|图片"), "news", "article"),
]


@dataclass
class ColumnRule:
    action: str
    target: str = ""
    page_type: str = "article"

    def as_dict(self):
        if self.action == "skip":
            return {"action": "skip"}
        if self.action == "create":
            return {"action": "create", "type": self.page_type}
        return {"action": "import", "target": self.target, "type": self.page_type}


class MappingError(ValueError):
    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


def propose(column_names, unmapped="create"):
    """{legacy column: ColumnRule} from the default rules; others are created or skipped."""
    mapping = {}
    for name in column_names:
        rule = next((ColumnRule("import", target, page_type) for pattern, target, page_type in DEFAULT_RULES
                     if pattern.search(name)), None)
        mapping[name] = rule or ColumnRule(unmapped, page_type="article")
    return mapping


def to_yaml(mapping, counts=None):
    counts = counts or {}
    lines = [
        "# " + _("Legacy columns and where their pages go. Edit, then run the import with --mapping this-file."),
        "# action: import (into target, a column path below the home page), create (a new column), skip",
        "# type: article, notice, policy",
        "columns:",
    ]
    for name, rule in mapping.items():
        body = yaml.safe_dump({name: rule.as_dict()}, allow_unicode=True, default_flow_style=True,
                              sort_keys=False, width=1000).strip()
        note = f"  # {counts[name]}" if name in counts else ""
        lines.append(f"  {body.removeprefix('{').removesuffix('}')}{note}")
    return "\n".join(lines) + "\n"


def column_at(home, target):
    """The site's column at `target` (a path below the home page), or None."""
    page = home
    for slug in [s for s in target.strip("/").split("/") if s]:
        page = Page.objects.child_of(page).filter(slug=slug).first()
        if page is None:
            return None
    page = page.specific
    return page if isinstance(page, ColumnPage | DisclosureCataloguePage) else None


def load(text, home):
    """{legacy column: ColumnRule} from the YAML `text`; MappingError lists every problem."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise MappingError([_("The mapping file is not valid YAML: %(error)s") % {"error": error}]) from None
    columns = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict):
        raise MappingError([_("The mapping file needs a “columns:” section.")])
    mapping, problems = {}, []
    for name, entry in columns.items():
        entry = entry if isinstance(entry, dict) else {}
        action = entry.get("action", "import")
        page_type = entry.get("type", "article")
        target = str(entry.get("target", "")).strip("/")
        if action not in ACTIONS:
            problems.append(_("%(column)s: unknown action “%(action)s” (import, create or skip).")
                            % {"column": name, "action": action})
            continue
        if action != "skip" and page_type not in PAGE_TYPES:
            problems.append(_("%(column)s: unknown page type “%(type)s” (article, notice or policy).")
                            % {"column": name, "type": page_type})
            continue
        if action == "import":
            column = column_at(home, target) if target else None
            if column is None:
                problems.append(_("%(column)s: the site has no column “%(target)s”.")
                                % {"column": name, "target": target})
                continue
            if isinstance(column, DisclosureCataloguePage) and page_type != "policy":
                problems.append(_("%(column)s: the disclosure catalogue takes policy documents only.")
                                % {"column": name})
                continue
        mapping[str(name)] = ColumnRule(action, target, page_type)
    if problems:
        raise MappingError(problems)
    return mapping


def new_column_slug(name):
    """A stable ASCII slug for a column created from a legacy column's (Chinese) name."""
    ascii_part = slugify(name)
    return ascii_part or "column-" + hashlib.sha1(name.encode()).hexdigest()[:8]
