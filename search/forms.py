"""Reading search parameters from a query string, with clear messages for bad input."""
import datetime

from django.utils.translation import gettext as _

from .backends.base import MAX_QUERY_LENGTH, PAGE_SIZE, SearchRequest

LEVELS = ("city", "district", "township")
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


def parse(params, *, fixed_site=None):
    """SearchRequest from GET parameters q, site, level, type, from, to, page."""
    errors = []
    q = " ".join((params.get("q") or "").split())
    if not q:
        errors.append(_("Type the words to search for."))
    elif len(q) > MAX_QUERY_LENGTH:
        errors.append(_("The search is too long: at most %(max)d characters.") % {"max": MAX_QUERY_LENGTH})
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
    if errors:
        raise BadSearch(errors)
    sites = [fixed_site] if fixed_site else [slug for slug in params.getlist("site") if slug]
    return SearchRequest(q=q, sites=sites, levels=levels,
                         content_types=[t for t in params.getlist("type") if t],
                         date_from=date_from, date_to=date_to, page=page, page_size=PAGE_SIZE)
