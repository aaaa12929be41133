"""Content safety as publish checks: the page as a visitor would get it, checked before it goes live.

Three checks share one detection per page (the registry renders the page once for every check;
the findings are kept in the subject's memo), so each site chooses per kind of finding:

* `content-safety`: high-severity findings (gambling and other spam, keyword stuffing, hidden
  links, injected scripts and frames) — blocks publishing unless the site relaxes it;
* `content-safety-doubtful`: medium and low findings a person should look at — warns;
* `standard-wording`: 规范表述, wrong → right expressions — warns.

They run for everyone who publishes from the page editor, moderators and site administrators
included, whose publish action bypasses the 先审后发 workflow; the workflow's content-safety task
(sitegroup.review) runs the same checks, with the same severities, on what editors submit.
"""
from django.utils.translation import gettext_lazy as _

from sitegroup.publishing import Problem, PublishCheck, Severity, register_publish_check

from .detector import HIGH
from .models import ContentFinding
from .pages import check_page

GROUP = _("Content safety")
WORDING_RULE = ContentFinding.Kind.TYPO


def findings_of(subject):
    """The detector's findings on the subject's page, computed once for the three checks."""
    return subject.memo("content-safety", lambda: check_page(subject.page, render=lambda page: subject.html))


def _label(choices, value):
    return choices(value).label if value in choices.values else value


def as_problem(check_id, finding):
    if finding.rule == WORDING_RULE:
        message = f"“{finding.matched}” → “{finding.detail}”"
    else:
        message = _("%(rule)s (%(category)s): “%(matched)s”") % {
            "rule": _label(ContentFinding.Kind, finding.rule),
            "category": _label(ContentFinding.Category, finding.category), "matched": finding.matched[:80]}
    return Problem(rule=check_id, message=str(message), location=str(_label(ContentFinding.Part, finding.part)),
                   excerpt=finding.excerpt[:160])


def _check(check_id, wanted):
    def check(subject):
        return [as_problem(check_id, finding) for finding in findings_of(subject) if wanted(finding)]
    return check


CHECKS = [register_publish_check(check) for check in (
    PublishCheck(id="content-safety", group=GROUP, default_severity=Severity.BLOCK,
                 label=_("No gambling, spam, hidden links or injected code"),
                 check=_check("content-safety", lambda f: f.severity == HIGH)),
    PublishCheck(id="content-safety-doubtful", group=GROUP, default_severity=Severity.WARN,
                 label=_("Possible spam and sensitive words, for a person to look at"),
                 check=_check("content-safety-doubtful", lambda f: f.severity != HIGH and f.rule != WORDING_RULE)),
    PublishCheck(id="standard-wording", group=GROUP, default_severity=Severity.WARN,
                 label=_("Standard wording (规范表述)"),
                 check=_check("standard-wording", lambda f: f.severity != HIGH and f.rule == WORDING_RULE)),
)]
