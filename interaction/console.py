"""Public interaction in the platform console: overdue letters and requests per site (operators),
and the working-day calendar corrections the deadlines use."""
from django.urls import path
from django.utils.translation import gettext_lazy as _

from sitegroup.console import OPERATORS, ConsolePanel, ConsoleSection, register_console_section

from . import console_views

register_console_section(ConsoleSection(
    name="interaction", label=_("Public interaction"), url_name="interaction_overdue", permission=OPERATORS,
    order=70,
    urls=[
        path("interaction/", console_views.overdue, name="interaction_overdue"),
        path("interaction/calendar/", console_views.calendar, name="interaction_calendar"),
        path("interaction/calendar/<int:pk>/delete/", console_views.delete_override,
             name="interaction_calendar_delete"),
    ],
    panels=[ConsolePanel(name="interaction", template="interaction/console/panel.html",
                         context=console_views.overdue_panel, order=6)],
))
