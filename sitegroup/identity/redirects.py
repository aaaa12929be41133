"""The one check for redirect targets taken from a request (next, site_next, a hand-off's next),
and where the sign-in steps lead.

Only a path on the same host passes: Django's url_has_allowed_host_and_scheme with no allowed
host refuses every URL that names a host, including the spellings browsers read as one
(`/\\evil.example`, `\\\\evil.example`, a tab or newline inside `//`), and a leading control
character. Control characters anywhere are refused as well: a newline in a Location header
is an error, not a redirect.
"""
import re
import unicodedata
from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# A site's short name as the registry allows it (tenants.Tenant.slug).
SITE_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,40}")


def safe_path(candidate, default=None):
    """`candidate` if it is a path on this host, otherwise `default`."""
    if not candidate or not isinstance(candidate, str) or not candidate.startswith("/"):
        return default
    if any(unicodedata.category(character)[0] == "C" for character in candidate):
        return default
    if not url_has_allowed_host_and_scheme(candidate, allowed_hosts=None):
        return default
    return candidate


# --- Where the sign-in steps lead ---------------------------------------------------------------

def _site_parameter(request):
    return request.GET.get("site") or request.POST.get("site")


def site_parameter_checked(view):
    """A `site` parameter that is no site's short name answers 400 with a message (it would
    otherwise end in a 500 when the hand-off URL is built)."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        site = _site_parameter(request)
        if site is not None and not SITE_SLUG.fullmatch(site):
            return render(request, "identity/bad_link.html", {
                "message": _("This link names no valid site. Open the site from the console instead."),
            }, status=400)
        return view(request, *args, **kwargs)
    return wrapped


def after_login(request):
    """Where a completed sign-in goes: the hand-off page of the site it started from, or `next`."""
    site = _site_parameter(request)
    if site:
        target = reverse("identity_enter_site", args=[site])
        site_next = safe_path(request.GET.get("site_next") or request.POST.get("site_next"))
        return target + ("?" + urlencode({"next": site_next}) if site_next else "")
    return safe_path(request.POST.get("next") or request.GET.get("next"), default=reverse("console_home"))


def carry(request):
    """The query that follows the person through the sign-in steps (unsafe values dropped)."""
    keep = {}
    for key in ("next", "site_next"):
        value = safe_path(request.GET.get(key))
        if value:
            keep[key] = value
    site = request.GET.get("site")
    if site and SITE_SLUG.fullmatch(site):
        keep["site"] = site
    return "?" + urlencode(keep) if keep else ""
