"""Accessibility's rules as publish checks: one parse of the rendered page serves all of them."""
from django.utils.translation import gettext_lazy as _

from sitegroup.publishing import PublishCheck, Severity, register_publish_check

from .checks import RULES, check_html

GROUP = _("Accessibility")
# Without a language the page is unusable for screen readers: blocking unless a site relaxes it.
DEFAULT_SEVERITIES = {"html-lang": Severity.BLOCK}


def _problems_of(rule):
    def check(subject):
        return [problem for problem in subject.memo("accessibility", lambda: check_html(subject.html))
                if problem.rule == rule]
    return check


CHECKS = [register_publish_check(PublishCheck(
    id=rule, label=label, group=GROUP, check=_problems_of(rule),
    default_severity=DEFAULT_SEVERITIES.get(rule, Severity.WARN))) for rule, label in RULES.items()]
