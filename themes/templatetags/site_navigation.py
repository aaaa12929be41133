from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("themes/includes/nav_items.html", takes_context=True)
def site_columns(context):
    """Top-level columns of the current site (one query; the site root comes from Wagtail's cache)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"columns": [], "current": context.get("page")}
    home = site.root_page.localized
    return {"columns": home.get_children().live().public(),
            "current": context.get("page")}
