"""tenants' console sections (operators): the site registry and move-up."""
from django.urls import path
from django.utils.translation import gettext_lazy as _

from sitegroup.console import OPERATORS, ConsoleSection, register_console_section

from . import moves, sites

register_console_section(ConsoleSection(
    name="sites", label=_("Sites"), url_name="tenants_sites", permission=OPERATORS, order=20,
    urls=[
        path("sites/", sites.sites, name="tenants_sites"),
        path("sites/<slug:slug>/status/", sites.site_status, name="tenants_site_status"),
    ],
))
register_console_section(ConsoleSection(
    name="moves", label=_("Move-up"), url_name="tenants_moves", permission=OPERATORS, order=50,
    urls=[
        path("moves/", moves.moves, name="tenants_moves"),
        path("moves/start/", moves.move_start, name="tenants_move_start"),
        path("moves/<int:pk>/", moves.move_change, name="tenants_move_change"),
    ],
))
