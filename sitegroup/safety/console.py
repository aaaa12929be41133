"""Content safety's console sections: findings, scan runs, lexicons with versions, per-site settings.

Operators see and act on every site, site administrators on the sites they administer (the
views narrow it); editors and moderators do not get the section. The platform lexicon is the
operators' alone: a section of its own, reached from the content-safety pages' sub-menu.
"""
from django.urls import path
from django.utils.translation import gettext_lazy as _

from sitegroup.console import OPERATORS, ConsolePanel, ConsoleSection, register_console_section

from . import views

register_console_section(ConsoleSection(
    name="content_safety", label=_("Content safety"), url_name="safety_findings",
    permission=views.manages_content_safety, order=60,
    urls=[
        path("findings/", views.findings, name="safety_findings"),
        path("findings/<int:pk>/take-down/", views.take_down, name="safety_take_down"),
        path("findings/<int:pk>/false-positive/", views.false_positive, name="safety_false_positive"),
        path("safety/runs/", views.runs, name="safety_runs"),
        path("safety/sites/<slug:slug>/scan/", views.scan_now, name="safety_scan_now"),
        path("safety/sites/<slug:slug>/settings/", views.site_settings, name="safety_site_settings"),
        path("safety/sites/<slug:slug>/lexicon/", views.site_lexicon, name="safety_site_lexicon"),
        # Platform versions are the operators' to restore, a site's its administrators': the view decides.
        path("safety/lexicon/versions/<int:pk>/", views.lexicon_version, name="safety_lexicon_version"),
    ],
    panels=[ConsolePanel(name="content_safety", template="safety/panels/open_findings.html",
                         context=views.open_findings_panel, order=5)],
))
register_console_section(ConsoleSection(
    name="content_safety_lexicon", label=_("Platform lexicon"), permission=OPERATORS, order=61,
    urls=[path("safety/lexicon/", views.platform_lexicon, name="safety_lexicon")],
))
