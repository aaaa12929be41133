"""Content safety as a publish check, for the platform's publish-check registry (issue 11).

One call, no page type named: `problems(page)` renders the page as it would be published
and returns the findings as (severity, message) pairs, "block" for high severity (gambling,
spam, hidden links, injected scripts), "warn" for the rest (medium findings, 规范表述).
Register it with one line, e.g.:

    registry.register("content_safety", sitegroup.safety.publish_check.problems)

Until that registry exists, publishing is guarded by the 先审后发 workflow's content-safety
task (sitegroup.review) and every publish is re-scanned (sitegroup.safety.signals).
"""
from .detector import HIGH


def problems(page, site=None):
    from .pages import check_page, describe

    return [("block" if f.severity == HIGH else "warn", describe(f)) for f in check_page(page, site)]
