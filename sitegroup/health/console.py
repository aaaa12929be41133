"""Site health's console section: the dashboard, a page per site, the annual report; a home panel."""
from django.urls import path
from django.utils.translation import gettext_lazy as _

from sitegroup.console import ConsolePanel, ConsoleSection, register_console_section

from . import report_views, views
from .access import watches_health

register_console_section(ConsoleSection(
    name="health", label=_("Site health"), url_name="health_overview", permission=watches_health, order=15,
    urls=[
        path("health/", views.overview, name="health_overview"),
        path("health/sites/<slug:slug>/", views.site_health, name="health_site"),
        path("health/sites/<slug:slug>/run/", views.run_now, name="health_run_now"),
        path("health/sites/<slug:slug>/report/<int:year>/", report_views.annual_report, name="health_report"),
        path("health/sites/<slug:slug>/report/<int:year>/xlsx/", report_views.annual_report_xlsx,
             name="health_report_xlsx"),
    ],
    panels=[ConsolePanel(name="health", template="health/panels/overview.html", context=views.overview_panel,
                         order=3)],
))
