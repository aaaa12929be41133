"""Who sees which sites' health: the same people as content safety's — operators every site,
site administrators the sites they administer (one rule, kept in sitegroup.safety.views)."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from sitegroup.safety.views import administered_sites as watched_sites
from sitegroup.safety.views import manages_content_safety as watches_health
from tenants.models import Tenant

__all__ = ["watched_sites", "watches_health", "site_for"]


def site_for(request, slug):
    site = get_object_or_404(Tenant, slug=slug)
    if not watched_sites(request.staff).filter(pk=site.pk).exists():
        raise PermissionDenied
    return site
