"""What a site's footer says: its own organiser, contact and record numbers, and the site furniture.

A site fills its footer in Settings › Site appearance. A field it leaves empty shows the value of
its nearest ancestor that has one (township → district → city): the ICP and public-security record
numbers and the organiser are often the cluster's, and a township without its own telephone line
points visitors to its district's. What is inherited is marked in the admin form
(`SiteAppearanceForm`) and never applies to what only the site itself can be: its sponsoring body,
its site identifier, its organisation code.

Each site's own values are mirrored into the public schema (`themes.registry.SharedFooter`,
written when the settings are saved) so that a child site reads its ancestors' values with one
query, without entering their schemas.
"""
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The footer fields a child site inherits while it leaves them empty.
INHERITABLE_FIELDS = ("organiser", "icp_number", "police_number", "address", "phone", "email")
# What the footer shows, in order, with its labels.
FOOTER_LABELS = {
    "sponsor": _("Sponsor"), "organiser": _("Organiser"), "site_id_code": _("Site identifier"),
    "icp_number": _("ICP record"), "police_number": _("Public security record"), "address": _("Address"),
    "phone": _("Telephone"), "email": _("Email"),
}


@dataclass(frozen=True)
class InheritedValue:
    value: str
    site_name: str


@dataclass
class FooterFact:
    name: str
    value: str
    inherited_from: str = ""

    @property
    def label(self):
        return FOOTER_LABELS[self.name]


@dataclass
class SiteFooter:
    facts: dict = field(default_factory=dict)        # name → FooterFact, only the filled ones
    badge: object = None                             # a Wagtail image, or None
    badge_url: str = ""
    error_report_url: str = ""


def site_of(tenant):
    from tenants.models import Tenant

    return tenant if isinstance(tenant, Tenant) and tenant.pk else None


def inherited_values(tenant):
    """{field: InheritedValue} from the nearest ancestor of `tenant` that fills each inheritable field."""
    from themes.registry.models import SharedFooter

    site = site_of(tenant)
    if site is None or not site.parent_id:
        return {}
    # The parent and the grandparent (the deepest tree is city → district → township), nearest first.
    rows = sorted(SharedFooter.objects.filter(Q(site_id=site.parent_id) | Q(site__children=site.parent_id))
                  .select_related("site").distinct(),
                  key=lambda row: row.site_id != site.parent_id)
    found = {}
    for row in rows:
        for name in INHERITABLE_FIELDS:
            value = getattr(row, name)
            if value and name not in found:
                found[name] = InheritedValue(value=value, site_name=row.site.name)
    return found


def error_report_url(appearance, page_url):
    """The 我为政府网站找错 link: the site's own, else the national platform's for its identifier."""
    template = appearance.error_report_url or (
        settings.SITEGROUP_ERROR_REPORT_URL if appearance.site_id_code else "")
    if not template:
        return ""
    return template.replace("{site_id_code}", quote(appearance.site_id_code, safe="")).replace(
        "{url}", quote(page_url, safe=""))


def site_footer(request, appearance):
    """The SiteFooter of this request's site (computed once per request)."""
    cached = getattr(request, "_sitegroup_footer", None)
    if cached is not None:
        return cached
    from django.db import connection

    inherited = inherited_values(getattr(request, "tenant", None) or connection.tenant)
    footer = SiteFooter(badge=appearance.party_badge, badge_url=appearance.party_badge_url,
                        error_report_url=error_report_url(appearance, request.build_absolute_uri()))
    for name in FOOTER_LABELS:
        own = getattr(appearance, name)
        if own:
            footer.facts[name] = FooterFact(name, own)
        elif name in inherited:
            footer.facts[name] = FooterFact(name, inherited[name].value, inherited[name].site_name)
    request._sitegroup_footer = footer
    return footer
