from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.cache import patch_cache_control

from .theming import resolve


def site_stylesheet(request):
    """The site's design tokens as CSS custom properties (CSP-friendly: no inline styles)."""
    active = resolve(request)
    css = render_to_string("themes/site_tokens.css", {"theme": active, "tokens": active.tokens})
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    if active.previewing:
        patch_cache_control(response, private=True, no_store=True)
    else:
        # The URL carries the theme version and a stamp of the site's choices.
        patch_cache_control(response, public=True, max_age=3600)
    return response


def favicon(request):
    """/favicon.ico: the site's theme's icon (browsers ask for it whatever the page says)."""
    response = HttpResponseRedirect(static(resolve(request).favicon))
    patch_cache_control(response, public=True, max_age=3600)
    return response
