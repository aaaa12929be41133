from django.shortcuts import render
from django.urls import path

from sitegroup.console import OPERATORS, ConsolePanel, ConsoleSection, register_console_section

PANEL_TEXT = "Plugin panel for"


def report(request):
    return render(request, "plugin/report.html", {})


def panel_context(request):
    return {"text": PANEL_TEXT, "who": request.staff.username}


register_console_section(ConsoleSection(
    name="test_plugin", label="Plugin report", url_name="test_plugin_report", permission=OPERATORS, order=70,
    urls=[path("plugin-report/", report, name="test_plugin_report")],
    panels=[ConsolePanel(name="test_plugin", template="plugin/panel.html", context=panel_context, order=5)],
))
