"""Console pages for operators: the site registry, provisioning a site, changing its status."""
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sitegroup.console import record_action

from ..lifecycle import ALLOWED, set_status
from ..models import Tenant
from ..provisioning import SiteSpec, provision_site

# Statuses after which the site is gone from the public: typed confirmation needed.
NEEDS_CONFIRMATION = {Tenant.Status.CLOSED, Tenant.Status.ARCHIVED}


class ProvisionForm(forms.Form):
    slug = forms.CharField(label=gettext_lazy("Short name"), max_length=40, help_text=gettext_lazy(
        "Lowercase letters, digits and hyphens; it names the schema and the default domain, e.g. taohua"))
    name = forms.CharField(label=gettext_lazy("Site name"), max_length=120)
    level = forms.ChoiceField(label=gettext_lazy("Level"), choices=Tenant.Level.choices)
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Parent site"), required=False, to_field_name="slug",
        queryset=Tenant.objects.filter(level__in=[Tenant.Level.CITY, Tenant.Level.DISTRICT],
                                       status__in=[Tenant.Status.ACTIVE, Tenant.Status.SUSPENDED]),
        help_text=gettext_lazy("A district's parent is a city; a township's is a district; a city has none."))
    domains = forms.CharField(
        label=gettext_lazy("Domains"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("One per line, the primary first; empty for the default domain."))


class FilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    level = forms.ChoiceField(label=gettext_lazy("Level"), required=False,
                              choices=[("", gettext_lazy("All levels"))] + Tenant.Level.choices)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                               choices=[("", gettext_lazy("All statuses"))] + Tenant.Status.choices)


def _provision(request, form):
    data = form.cleaned_data
    spec = SiteSpec(slug=data["slug"].strip(), name=data["name"].strip(), level=data["level"],
                    parent=data["parent"].slug if data["parent"] else None,
                    domains=[line.strip() for line in data["domains"].splitlines() if line.strip()])
    try:
        tenant = provision_site(spec)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
    record_action(request, "site_provisioned", site=tenant, obj=tenant, level=tenant.level, parent=spec.parent or "")
    messages.success(request, _("Site “%(site)s” is ready at %(domain)s.") % {
        "site": tenant.name, "domain": tenant.primary_domain_name()})
    return tenant


def sites(request):
    form = ProvisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _provision(request, form):
        return redirect("tenants_sites")
    filters = FilterForm(request.GET or None)
    registry = Tenant.objects.select_related("parent").prefetch_related("domains").order_by("level", "name")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            registry = registry.filter(Q(name__icontains=data["q"]) | Q(slug__icontains=data["q"])
                                       | Q(domains__domain__icontains=data["q"])).distinct()
        if data["level"]:
            registry = registry.filter(level=data["level"])
        if data["status"]:
            registry = registry.filter(status=data["status"])
    page = Paginator(registry, 100).get_page(request.GET.get("page"))
    rows = [{"site": site, "next": [(status, Tenant.Status(status).label, status in NEEDS_CONFIRMATION)
                                    for status in Tenant.Status.values if status in ALLOWED[site.status]]}
            for site in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "tenants/console/sites.html", {"form": form, "filters": filters, "page": page, "rows": rows,
                                                   "query": query.urlencode()})


@require_POST
def site_status(request, slug):
    site = get_object_or_404(Tenant, slug=slug)
    new_status = request.POST.get("status", "")
    if not new_status:
        messages.error(request, _("Choose the new status first."))
        return redirect("tenants_sites")
    if new_status in NEEDS_CONFIRMATION and request.POST.get("confirm") != site.slug:
        messages.error(request, _("Type the site's short name (%(slug)s) to confirm.") % {"slug": site.slug})
        return redirect("tenants_sites")
    old = site.status
    try:
        with transaction.atomic():
            set_status(site, new_status)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("tenants_sites")
    record_action(request, "site_status_changed", site=site, obj=site, old_status=old, new_status=new_status)
    messages.success(request, _("“%(site)s” is now %(status)s.") % {"site": site.name,
                                                                       "status": site.get_status_display()})
    return redirect("tenants_sites")
