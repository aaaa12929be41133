"""Console pages of the legacy import: the form, and each site's runs with their progress and reports."""
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.db import connection
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tenants.utils import remove_www, tenant_context

from sitegroup.console import record_action
from sitegroup.tasks.report import report_task_result
from tenants.models import Tenant

from . import mapping as column_mapping
from .domains import check_free
from .importer import ImportRefused
from .models import ImportRun, LegacyItem
from .tasks import import_site_task


class ImportForm(forms.Form):
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site to import into"), to_field_name="slug",
        queryset=Tenant.objects.filter(status=Tenant.Status.ACTIVE).order_by("level", "name"))
    source = forms.URLField(label=gettext_lazy("Legacy site's home page"), max_length=1000,
                            assume_scheme="http",
                            help_text=gettext_lazy("Only pages on this host are read, as its robots.txt allows."))
    unmapped = forms.ChoiceField(
        label=gettext_lazy("Columns no rule or mapping names"),
        choices=[("create", gettext_lazy("become new columns")), ("skip", gettext_lazy("are skipped"))])
    max_pages = forms.IntegerField(label=gettext_lazy("Stop after this many pages"), min_value=1,
                                   max_value=100_000, initial=5000)
    take_over_domain = forms.BooleanField(
        label=gettext_lazy("Take over the legacy domain"), required=False,
        help_text=gettext_lazy("When the import completes, the legacy host becomes a domain of this site, so old "
                               "URLs on it reach their redirects. Refused if another site holds it."))
    mapping = forms.CharField(
        label=gettext_lazy("Column mapping (YAML)"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Run a dry run first: its proposal can be pasted here and edited."))

    def clean(self):
        cleaned = super().clean()
        site, text = cleaned.get("site"), cleaned.get("mapping")
        if site and cleaned.get("source") and cleaned.get("take_over_domain"):
            host = remove_www((urlsplit(cleaned["source"]).hostname or "").lower())
            try:
                check_free(site, host)
            except ImportRefused as error:
                self.add_error("take_over_domain", str(error))
        if site and text:
            with tenant_context(site):
                from wagtail.models import Site

                try:
                    column_mapping.load(text, Site.objects.get(is_default_site=True).root_page)
                except column_mapping.MappingError as error:
                    self.add_error("mapping", error.problems)
            connection.set_schema_to_public()
        return cleaned


def _runs_of(site):
    with tenant_context(site):
        runs = list(ImportRun.objects.all()[:20])
        flagged = list(LegacyItem.objects.filter(status=LegacyItem.Status.FLAGGED).values_list("url", "title")[:50])
    connection.set_schema_to_public()
    return runs, flagged


def imports(request):
    site = Tenant.objects.filter(slug=request.GET.get("site", "")).first()
    initial = {"site": site.slug} if site else {}
    runs, flagged = _runs_of(site) if site else ([], [])
    return render(request, "legacy_import/imports.html", {
        "form": ImportForm(initial=initial), "site": site, "runs": runs, "flagged": flagged,
        "sites": Tenant.objects.filter(status=Tenant.Status.ACTIVE).order_by("level", "name")})


@require_POST
def start(request):
    form = ImportForm(request.POST)
    if not form.is_valid():
        return render(request, "legacy_import/imports.html", {"form": form, "site": None, "runs": [],
                                                              "flagged": [], "sites": []})
    data = form.cleaned_data
    site, dry_run = data["site"], request.POST.get("action") == "dry_run"
    record_action(request, "legacy_import_dry_run" if dry_run else "legacy_import_started", site=site,
                  source=data["source"], unmapped=data["unmapped"], max_pages=data["max_pages"],
                  take_over_domain=data["take_over_domain"])
    result = import_site_task.enqueue(site.slug, data["source"], data["mapping"], data["unmapped"],
                                      data["max_pages"], 0.5, dry_run, data["take_over_domain"])
    report_task_result(request, result, _("The dry run is done: its proposal is below.") if dry_run
                       else _("The import is done: its report is below."))
    if getattr(result, "status", None) == "FAILED" and not dry_run:
        messages.info(request, _("Pages imported so far stay drafts; start the same import again to go on."))
    return redirect(reverse("legacy_import") + "?" + urlencode({"site": site.slug}))
