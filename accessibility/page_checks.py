"""Check a page as it will be published: render it through its template, then run the checks."""
from django.db import connection
from django.utils.html import strip_tags

from .checks import check_html
from .models import AccessibilitySettings, Severity


def render(page):
    """The page's HTML as its site would serve it (works for unsaved drafts too)."""
    from django.utils import translation

    tenant = connection.tenant
    # The simulated request runs the whole middleware chain, which switches language and
    # ends in the public schema: put both back for the caller.
    with translation.override(translation.get_language()):
        try:
            response = page.make_preview_request()
            if hasattr(response, "render"):
                connection.set_tenant(tenant)  # a TemplateResponse renders after the middleware ran
                response.render()
            return response.content.decode(response.charset or "utf-8")
        finally:
            connection.set_tenant(tenant)


def _rich_text_fields(page):
    from wagtail.fields import RichTextField, StreamField

    for field in page._meta.get_fields():
        if isinstance(field, (RichTextField, StreamField)):
            value = getattr(page, field.name, None)
            if value:
                yield field, str(value)


def _locate(problem, page):
    """Name the content field an element came from, so the editor knows where to fix it."""
    needle = strip_tags(problem.excerpt).strip()[:30] or problem.excerpt[:40]
    for field, value in _rich_text_fields(page):
        from wagtail.rich_text import expand_db_html

        if needle and (needle in strip_tags(expand_db_html(value)) or problem.excerpt[:40] in expand_db_html(value)):
            return str(field.verbose_name)
    return ""


def check_page(page):
    """[(problem, severity)] for `page` (in its site's schema), severities from the site's settings."""
    settings = AccessibilitySettings.load()
    results = []
    for problem in check_html(render(page)):
        severity = settings.severity(problem.rule)
        if severity == Severity.OFF:
            continue
        problem.field = _locate(problem, page)
        results.append((problem, severity))
    return results
