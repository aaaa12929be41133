"""The console's registry: sections (menu entry, URL patterns, permission, order) and home-page panels.

An app describes each of its console sections once, in its `console` module:

    register_console_section(ConsoleSection(
        name="moves", label=_("Move-up"), url_name="tenants_moves", permission=OPERATORS, order=50,
        urls=[path("moves/", views.moves, name="tenants_moves"), ...]))

* `urls` are mounted under /console/. The registry wraps every view: a visitor who is not
  signed in is sent to the staff sign-in page; one whose `permission(request)` is false gets
  403. Views need no decorators of their own.
* `url_name` (optional) is what the menu links to; a section without one adds URLs or panels only.
* `panels` are drawn on the console home, in `order`, for people the section's permission admits.

Who is signed in comes from the identity app: its middleware sets `request.staff` (the
StaffAccount, or None) on the platform host. The console reads that contract and nothing else
of identity.
"""
from dataclasses import dataclass, field
from functools import wraps
from typing import Callable, Sequence
from urllib.parse import urlencode

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.dispatch import Signal
from django.http import HttpResponseRedirect
from django.urls import URLPattern, URLResolver, reverse
from django.views.decorators.cache import never_cache

# The staff sign-in page (identity's), where a visitor without a session is sent.
LOGIN_URL_NAME = "identity_login"

# Sent by console views after an operator action (a site provisioned, a move started...).
# kwargs: request, action (a short name, e.g. "site_provisioned"), site (a Tenant or None),
# obj (the object acted on, or None), data (dict). The identity app writes it to the audit log.
console_action = Signal()


def ANY_STAFF(request):
    """Everyone signed in on the platform."""
    return True


def OPERATORS(request):
    """Platform operators only."""
    return bool(request.staff.is_operator)


@dataclass(frozen=True)
class ConsolePanel:
    """A box on the console home: `context(request)` gives the template's context, or None to hide it."""

    name: str
    template: str
    context: Callable
    order: int = 100


@dataclass(frozen=True)
class ConsoleSection:
    name: str
    label: str
    urls: Sequence = ()
    url_name: str = ""
    permission: Callable = ANY_STAFF
    order: int = 100
    panels: Sequence[ConsolePanel] = field(default_factory=tuple)

    def allows(self, request):
        return getattr(request, "staff", None) is not None and bool(self.permission(request))


_sections: dict[str, ConsoleSection] = {}


def register_console_section(section):
    """Add a section; registering the same name twice is a mistake and is refused."""
    if section.name in _sections:
        raise ImproperlyConfigured(f"A console section named {section.name!r} is already registered.")
    _sections[section.name] = section
    return section


def console_sections():
    """Every registered section, in menu order."""
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))


def guarded(view, permission):
    """The view, reachable only by signed-in staff whom `permission(request)` admits."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request, "staff", None) is None:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(reverse(LOGIN_URL_NAME) + "?" + query)
        if not permission(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return never_cache(wrapped)


def _guard_patterns(patterns, permission):
    guarded_patterns = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            guarded_patterns.append(URLResolver(pattern.pattern, _guard_patterns(pattern.url_patterns, permission),
                                                pattern.default_kwargs, pattern.app_name, pattern.namespace))
        elif isinstance(pattern, URLPattern):
            guarded_patterns.append(URLPattern(pattern.pattern, guarded(pattern.callback, permission),
                                               pattern.default_args, pattern.name))
        else:
            raise ImproperlyConfigured(f"Console URLs must be path()/re_path() entries, not {pattern!r}.")
    return guarded_patterns


def section_urlpatterns():
    """The URL patterns of every section, each view guarded by its section's permission."""
    patterns = []
    for section in console_sections():
        patterns += _guard_patterns(section.urls, section.permission)
    return patterns


def menu_for(request):
    """[(label, url)] of the sections this person may open."""
    return [(section.label, reverse(section.url_name)) for section in console_sections()
            if section.url_name and section.allows(request)]


def panels_for(request):
    """[(panel, context)] for the console home: panels of the sections this person may open."""
    shown = []
    for section in console_sections():
        if not section.allows(request):
            continue
        for panel in section.panels:
            context = panel.context(request)
            if context is not None:
                shown.append((panel, context))
    return sorted(shown, key=lambda item: item[0].order)


def record_action(request, action, *, site=None, obj=None, **data):
    """Tell subscribers (the audit log) that the signed-in person did `action` in the console."""
    console_action.send(sender=ConsoleSection, request=request, action=action, site=site, obj=obj, data=data)
