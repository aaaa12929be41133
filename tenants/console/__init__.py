"""tenants' console sections (operators): the site registry and move-up."""
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitegroup.console import OPERATORS, ConsolePanel, ConsoleSection, register_console_section

from . import moves, overview, sites

register_console_section(ConsoleSection(
    name="sites", label=pgettext_lazy("console section", "Sites"), url_name="tenants_sites", permission=OPERATORS,
    order=20,
    urls=[
        path("sites/", sites.sites, name="tenants_sites"),
        path("sites/<slug:slug>/status/", sites.site_status, name="tenants_site_status"),
    ],
    panels=[ConsolePanel(name="cluster", template="tenants/console/panels/cluster.html",
                         context=overview.cluster_panel, order=20)],
))
register_console_section(ConsoleSection(
    name="moves", label=_("Move-up"), url_name="tenants_moves", permission=OPERATORS, order=50,
    urls=[
        path("moves/", moves.moves, name="tenants_moves"),
        path("moves/start/", moves.move_start, name="tenants_move_start"),
        path("moves/<int:pk>/", moves.move_change, name="tenants_move_change"),
    ],
    panels=[ConsolePanel(name="moves", template="tenants/console/panels/moves.html",
                         context=overview.moves_panel, order=50)],
))
