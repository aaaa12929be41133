"""The national spot-check thresholds (国办函〔2019〕80号, 政府网站与政务新媒体检查指标), each a setting.

Defaults are the inspectors'; SITEGROUP_HEALTH_THRESHOLDS (JSON) overrides any key.
"""
from django.conf import settings

DEFAULTS = {
    # 站点无法访问: ≥ 20 probes a day, 15 s each; ≥ 5 % failures over 7 days fails.
    "probes_per_day": 20,
    "probe_window_days": 7,
    "probe_failure_percent": 5.0,
    # 首页栏目信息超过 2 周未更新.
    "home_stale_days": 14,
    # 栏目不更新: news columns 2 weeks, notice and policy columns 6 months — 5 or more fail.
    "news_stale_days": 14,
    "notice_stale_days": 183,
    "stale_columns_fail": 5,
    # 应更新但长期未更新的栏目: a year — 10 or more fail.
    "long_stale_days": 365,
    "long_stale_columns_fail": 10,
    # 空白栏目: 5 or more fail.
    "empty_columns_fail": 5,
    # 互动回应差: a public message unanswered for more than 3 months.
    "unanswered_days": 90,
    "unanswered_fail": 1,
    # 服务不实用: service guides missing required elements.
    "incomplete_guides_fail": 1,
    # 严重错误: open high-severity content-safety findings and 规范表述 errors on live pages.
    "serious_errors_fail": 1,
    # Items this many days before failing are "at risk" (and the site admin is told).
    "warn_days": 3,
    # Zombie (move-up candidate): home not updated this long, this many empty columns, no visits.
    "zombie_stale_days": 90,
    "zombie_empty_columns": 3,
    "zombie_visit_days": 30,
}


def thresholds():
    return {**DEFAULTS, **getattr(settings, "SITEGROUP_HEALTH_THRESHOLDS", {})}
