"""Syndication's console section (operators): deadlines across the cluster, items waiting for sites
that cannot receive, counts per site and year, and the sideways routes operators allow."""
import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from sitegroup.console import OPERATORS, ConsolePanel, ConsoleSection, record_action, register_console_section
from tenants.models import Tenant

from . import stats
from .deadlines import deadline_report
from .exchange.models import SidewaysRoute
from .hierarchy import is_below
from .log import Action


class RouteForm(forms.Form):
    sender = forms.ModelChoiceField(label=gettext_lazy("Sending site"), to_field_name="slug",
                                    queryset=Tenant.objects.filter(status=Tenant.Status.ACTIVE))
    recipient = forms.ModelChoiceField(label=gettext_lazy("Receiving site"), to_field_name="slug",
                                       queryset=Tenant.objects.filter(status=Tenant.Status.ACTIVE))
    reason = forms.CharField(label=gettext_lazy("Why"), max_length=255)

    def clean(self):
        data = super().clean()
        sender, recipient = data.get("sender"), data.get("recipient")
        if sender and recipient:
            if sender == recipient:
                raise forms.ValidationError(_("Choose two different sites."))
            if is_below(sender, recipient):
                raise forms.ValidationError(_("“%(site)s” is below “%(sender)s” already: no route is needed.") % {
                    "site": recipient.name, "sender": sender.name})
            if SidewaysRoute.objects.filter(sender=sender, recipient=recipient).exists():
                raise forms.ValidationError(_("This route is allowed already."))
        return data


def _year(request):
    today = timezone.localdate()
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= today.year + 1 else today.year


def overview(request):
    report = deadline_report()
    year = _year(request)
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    counts = [{"site": site, "submissions": stats.submission_counts(site, start, end),
               "pushes": stats.push_counts(site, start, end)}
              for site in Tenant.objects.exclude(level=Tenant.Level.CITY).order_by("level", "name")]
    return render(request, "syndication/console/overview.html", {
        "report": report, "counts": counts, "year": year, "route_form": RouteForm(),
        "routes": SidewaysRoute.objects.select_related("sender", "recipient")})


@require_POST
def add_route(request):
    form = RouteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        route = SidewaysRoute.objects.create(sender=data["sender"], recipient=data["recipient"],
                                             reason=data["reason"], allowed_by=request.staff.username)
        record_action(request, Action.ROUTE_ALLOWED, site=route.sender, obj=route, source_site=route.sender.slug,
                      target_site=route.recipient.slug, reason=route.reason)
        messages.success(request, _("“%(sender)s” may now push to “%(recipient)s”.") % {
            "sender": route.sender.name, "recipient": route.recipient.name})
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect("syndication_console")


@require_POST
def remove_route(request, pk):
    route = get_object_or_404(SidewaysRoute.objects.select_related("sender", "recipient"), pk=pk)
    record_action(request, Action.ROUTE_REMOVED, site=route.sender, obj=route, source_site=route.sender.slug,
                  target_site=route.recipient.slug)
    route.delete()
    messages.success(request, _("The route is removed."))
    return redirect("syndication_console")


def panel_context(request):
    report = deadline_report()
    stranded = len(report.stranded) + len(report.stranded_submissions)
    if not report.overdue and not stranded:
        return None
    return {"overdue": len(report.overdue), "stranded": stranded}


register_console_section(ConsoleSection(
    name="syndication", label=pgettext_lazy("syndication", "Syndication"), url_name="syndication_console",
    permission=OPERATORS,
    order=55,
    urls=[
        path("syndication/", overview, name="syndication_console"),
        path("syndication/routes/", add_route, name="syndication_add_route"),
        path("syndication/routes/<int:pk>/remove/", remove_route, name="syndication_remove_route"),
    ],
    panels=[ConsolePanel(name="syndication", template="syndication/console/panel.html", context=panel_context)],
))
