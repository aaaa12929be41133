"""Reading search parameters from a query string, with clear messages for bad input."""
import datetime

from django.utils.translation import gettext as _

from .backends.base import MAX_QUERY_LENGTH, PAGE_SIZE, SearchRequest

LEVELS = ("city", "district", "township")
SORTS = ("relevance", "date")
SCOPES = ("site", "family", "cluster")   # this site / this site and the sites below it / every site
MAX_PAGE = 100


class BadSearch(ValueError):
    """The query string cannot be searched; `messages` say why."""

    def __init__(self, messages):
        super().__init__("; ".join(messages))
        self.messages = messages


def _date(value, label, errors):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        errors.append(_("%(label)s “%(value)s” is not a date: use YYYY-MM-DD.") % {"label": label, "value": value})
        return None


def scope_of(params):
    """The scope a site's search page was asked for (`site` when absent); BadSearch if unknown."""
    scope = params.get("scope") or "site"
    if scope not in SCOPES:
        raise BadSearch([_("Unknown scope “%(scope)s”.") % {"scope": scope[:20]}])
    return scope


def parse(params, *, fixed_sites=None):
    """SearchRequest from GET parameters q, site, level, type, from, to, sort, page.

    `fixed_sites`: the slugs a site's own search is limited to (its scope); the `site`
    parameter can narrow them but never widen them.
    """
    errors = []
    q = " ".join((params.get("q") or "").split())
    if not q:
        errors.append(_("Type the words to search for."))
    elif len(q) > MAX_QUERY_LENGTH:
        errors.append(_("The search is too long: at most %(max)d characters.") % {"max": MAX_QUERY_LENGTH})
    elif any(ord(char) < 32 or 127 <= ord(char) < 160 for char in q):
        errors.append(_("The search contains control characters."))
    levels = [level for level in params.getlist("level") if level]
    unknown_levels = [level for level in levels if level not in LEVELS]
    if unknown_levels:
        errors.append(_("Unknown level: %(levels)s.") % {"levels": ", ".join(unknown_levels)})
    date_from = _date(params.get("from"), _("Start date"), errors)
    date_to = _date(params.get("to"), _("End date"), errors)
    if date_from and date_to and date_from > date_to:
        errors.append(_("The start date is after the end date."))
    try:
        page = int(params.get("page") or 1)
        if not 1 <= page <= MAX_PAGE:
            raise ValueError
    except ValueError:
        errors.append(_("“%(page)s” is not a results page (1–%(max)d).") % {"page": params.get("page"),
                                                                             "max": MAX_PAGE})
        page = 1
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        errors.append(_("Unknown sort order “%(sort)s”: relevance or date.") % {"sort": sort[:20]})
    if errors:
        raise BadSearch(errors)
    sites = [slug for slug in params.getlist("site") if slug]
    if fixed_sites is not None:
        sites = [slug for slug in sites if slug in fixed_sites] or list(fixed_sites)
    return SearchRequest(q=q, sites=sites, levels=levels,
                         content_types=[t for t in params.getlist("type") if t],
                         date_from=date_from, date_to=date_to, page=page, page_size=PAGE_SIZE, sort=sort)
