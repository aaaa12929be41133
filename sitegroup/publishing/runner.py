"""Run the registered publish checks over a page, with each site's severities."""
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import expand_db_html

from .models import PublishCheckSettings
from .registry import Severity, publish_checks
from .subject import CheckSubject


def _rich_text_fields(page):
    for field in page._meta.get_fields():
        if isinstance(field, (RichTextField, StreamField)):
            value = getattr(page, field.name, None)
            if value:
                yield field, expand_db_html(str(value))


def locate(problem, page):
    """Name the content field an element came from, so the editor knows where to fix it."""
    source = problem.markup or problem.excerpt
    needle = strip_tags(source).strip()[:30] or source[:40]
    for field, html in _rich_text_fields(page):
        if needle and (needle in strip_tags(html) or source[:40] in html):
            return str(field.verbose_name)
    return ""


def run_checks(page, *, checks=None):
    """[(problem, severity)] for `page` (in its site's schema); checks the site turned off are skipped."""
    severities = PublishCheckSettings.load()
    subject = CheckSubject(page)
    results = []
    for check in publish_checks() if checks is None else checks:
        severity = severities.severity(check)
        if severity == Severity.OFF:
            continue
        for problem in check.check(subject):
            problem.field = problem.field or locate(problem, page)
            results.append((problem, severity))
    return results


def blocking(results):
    return [problem for problem, severity in results if severity == Severity.BLOCK]


def describe(problem):
    where = _("in “%(field)s”") % {"field": problem.field} if problem.field else problem.location
    return f"{problem.message} ({where}: {problem.excerpt})"
