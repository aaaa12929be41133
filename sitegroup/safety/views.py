from django.core.paginator import Paginator
from django.shortcuts import render

from sitegroup.identity.models import Role

from .models import ContentFinding


def findings(request):
    """Operators see every site; others the sites they administer."""
    qs = ContentFinding.objects.select_related("site")
    if not request.staff.is_operator:
        qs = qs.filter(site__staff_grants__account=request.staff, site__staff_grants__role=Role.SITE_ADMIN)
    show_resolved = request.GET.get("resolved") == "1"
    if not show_resolved:
        qs = qs.filter(resolved_at__isnull=True)
    site = request.GET.get("site", "").strip()
    if site:
        qs = qs.filter(site__slug=site)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "safety/findings.html", {"page": page, "site": site, "show_resolved": show_resolved})
