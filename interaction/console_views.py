"""The console's public-interaction section: overdue items per site, and the working-day calendar."""
import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from sitegroup.console import record_action
from tenants.models import Tenant

from . import stats, workdays
from .shared.models import WorkdayOverride


def _summaries():
    sites = Tenant.objects.filter(status=Tenant.Status.ACTIVE).order_by("level", "name")
    rows = [stats.overdue_summary(site) for site in sites]
    return sorted(rows, key=lambda row: (-row["unanswered_90"], -row["overdue_letters"], -row["overdue_requests"],
                                         row["site"].name))


def overdue(request):
    return TemplateResponse(request, "interaction/console/overdue.html", {"rows": _summaries()})


def overdue_panel(request):
    rows = [row for row in _summaries() if row["unanswered_90"] or row["overdue_letters"] or row["overdue_requests"]]
    return {"rows": rows[:20]} if rows else None


class OverrideForm(forms.ModelForm):
    class Meta:
        model = WorkdayOverride
        fields = ["date", "is_workday", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


def calendar(request):
    form = OverrideForm()
    if request.method == "POST":
        form = OverrideForm(request.POST)
        if form.is_valid():
            override = form.save()
            workdays.forget_overrides()
            record_action(request, "workday_override_saved", obj=override, date=str(override.date),
                          is_workday=override.is_workday)
            messages.success(request, _("Saved."))
            return redirect("interaction_calendar")
    this_year = timezone.localdate().year
    return TemplateResponse(request, "interaction/console/calendar.html", {
        "form": form, "overrides": WorkdayOverride.objects.filter(date__gte=datetime.date(this_year - 1, 1, 1)),
        "missing_years": workdays.years_needing_overrides([this_year, this_year + 1]),
    })


def delete_override(request, pk):
    override = get_object_or_404(WorkdayOverride, pk=pk)
    if request.method == "POST":
        record_action(request, "workday_override_deleted", obj=override, date=str(override.date))
        override.delete()
        workdays.forget_overrides()
        messages.success(request, _("Deleted."))
    return redirect("interaction_calendar")
