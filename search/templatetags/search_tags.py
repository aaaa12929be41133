"""`{% search_box %}`: the search form on every site page (themes/layout.html) and the platform directory."""
from django import template
from django.utils.translation import gettext_lazy as _

from tenants.models import Tenant

register = template.Library()

SCOPE_LABELS = {"site": _("This site"), "family": _("This site and the sites below it"),
                "cluster": _("All sites")}


@register.inclusion_tag("search/includes/search_box_form.html", takes_context=True)
def search_box(context):
    """On a site: scope this site (default) / this site and its townships / all sites. On the platform: all sites."""
    request = context.get("request")
    site = getattr(request, "tenant", None) if request is not None else None
    on_site = isinstance(site, Tenant)
    scopes = []
    if on_site:
        scopes = ["site"] + (["family"] if site.level != Tenant.Level.TOWNSHIP else []) + ["cluster"]
    params = request.GET if request is not None and request.path.rstrip("/").endswith("/search") else {}
    return {
        "scopes": [(scope, SCOPE_LABELS[scope]) for scope in scopes],
        "scope": params.get("scope") or "site",
        "q": params.get("q", ""),
    }
