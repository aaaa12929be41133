"""Error pages. A database that cannot be reached (down, frozen past the connect timeout, or a
statement past the statement timeout) is a 503 "service temporarily unavailable" with
Retry-After, not a 500: nothing is wrong with the request, and proxies and monitors should treat
it as a pause. The page itself touches no database. The app recovers by itself: Django drops an
unusable connection and opens a new one on the next request.
"""
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request, template_name)
