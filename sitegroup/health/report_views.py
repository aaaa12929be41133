"""The annual report in the console: fill in what the platform cannot know, print it, export XLSX."""
import io

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sitegroup.console import record_action

from .access import site_for
from .models import AnnualReport
from .report import annual_report as build_report
from .report import editable_fields

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(year):
    # Reports exist from the first year a platform could hold data up to the current year.
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404(_("No report for that year."))
    return year


class ReportForm(forms.Form):
    def __init__(self, fields, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in fields:
            self.fields[field.key] = forms.CharField(label=field.label, required=False, max_length=200,
                                                     initial=field.entered,
                                                     help_text=_("Platform data: %(value)s") % {
                                                         "value": field.computed} if field.computed is not None
                                                     else _("The platform cannot know this."))


def annual_report(request, slug, year):
    site, year = site_for(request, slug), _year(year)
    sections = annual_report_data(site, year)
    form = ReportForm(editable_fields(sections), request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {key: value.strip() for key, value in form.cleaned_data.items() if value and value.strip()}
        report, _created = AnnualReport.objects.get_or_create(site=site, year=year)
        report.values, report.updated_by = values, request.staff.username
        report.save()
        record_action(request, "annual_report_saved", site=site, obj=report, year=year)
        return redirect("health_report", slug=site.slug, year=year)
    template = "health/report_print.html" if request.GET.get("print") == "1" else "health/report.html"
    return render(request, template, {"site": site, "year": year, "sections": sections, "form": form,
                                      "generated": timezone.localtime()})


def annual_report_data(site, year):
    return build_report(site, year)


def annual_report_xlsx(request, slug, year):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    site, year = site_for(request, slug), _year(year)
    sections = annual_report_data(site, year)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年度报表"
    sheet.append([f"{site.name} 政府网站工作年度报表（{year}年度）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Section"), _("Item"), _("Value"), _("Source")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for title, fields in sections:
        for field in fields:
            value = field.value
            sheet.append([str(title), str(field.label), "" if value is None else value, str(field.source)])
    for column, width in zip("ABCD", (34, 46, 36, 14), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        row[1].alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="annual-report-{site.slug}-{year}.xlsx"'
    return response
