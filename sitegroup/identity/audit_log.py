"""The audit log page of the console (operators): search and filter the entries audit.record wrote."""
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from .forms import AuditFilterForm
from .models import AuditLogEntry


def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    entries = AuditLogEntry.objects.all()
    if form.is_valid():
        entries = _filtered(entries, form.cleaned_data)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "identity/audit.html", {"form": form, "page": page, "query": query.urlencode()})


def _filtered(entries, data):
    if data["q"]:
        q = data["q"]
        entries = entries.filter(Q(actor__icontains=q) | Q(object_repr__icontains=q) | Q(action__icontains=q)
                                 | Q(site_slug__icontains=q) | Q(object_type__icontains=q))
    if data["site"]:
        entries = entries.filter(site_slug=data["site"])
    if data["action"]:
        entries = entries.filter(action=data["action"])
    if data["actor"]:
        entries = entries.filter(actor__iexact=data["actor"])
    if data["date_from"]:
        entries = entries.filter(timestamp__date__gte=data["date_from"])
    if data["date_to"]:
        entries = entries.filter(timestamp__date__lte=data["date_to"])
    return entries
