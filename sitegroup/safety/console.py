"""Content safety's console section: findings (operators see every site, site admins their own)."""
from django.urls import path
from django.utils.translation import gettext_lazy as _

from sitegroup.console import ANY_STAFF, ConsoleSection, register_console_section

from . import views

register_console_section(ConsoleSection(
    name="safety_findings", label=_("Content safety"), url_name="safety_findings", permission=ANY_STAFF, order=60,
    urls=[path("findings/", views.findings, name="safety_findings")],
))
