"""The console section *Legacy import* (operators): dry run, import and resume as background tasks."""
from django.urls import path
from django.utils.translation import gettext_lazy as _

from sitegroup.console import OPERATORS, ConsoleSection, register_console_section

from . import views

register_console_section(ConsoleSection(
    name="legacy_import", label=_("Legacy import"), url_name="legacy_import", permission=OPERATORS, order=57,
    urls=[
        path("imports/", views.imports, name="legacy_import"),
        path("imports/start/", views.start, name="legacy_import_start"),
    ],
))
