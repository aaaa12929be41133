"""Who sees which sites' health: operators every site, site administrators their own sites."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from sitegroup.identity.models import Role
from tenants.models import Tenant


def watched_sites(staff):
    if staff.is_operator:
        return Tenant.objects.all()
    return Tenant.objects.filter(staff_grants__account=staff, staff_grants__role=Role.SITE_ADMIN).distinct()


def watches_health(request):
    """The console section's permission: operators and people holding a site-administrator grant."""
    staff = request.staff
    return staff.is_operator or staff.grants.filter(role=Role.SITE_ADMIN).exists()


def site_for(request, slug):
    site = get_object_or_404(Tenant, slug=slug)
    if not watched_sites(request.staff).filter(pk=site.pk).exists():
        raise PermissionDenied
    return site
