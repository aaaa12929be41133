from django.shortcuts import render
from django.template.loader import render_to_string

from .registry import ANY_STAFF, guarded, panels_for


def _home(request):
    """The console home: the panels every section contributes for this person."""
    panels = [render_to_string(panel.template, context, request=request) for panel, context in panels_for(request)]
    return render(request, "console/home.html", {"panels": panels})


home = guarded(_home, ANY_STAFF)
