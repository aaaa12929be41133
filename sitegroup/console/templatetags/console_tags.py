from django import template

from ..registry import menu_for

register = template.Library()


@register.simple_tag(takes_context=True)
def console_menu(context):
    """[(label, url)] of the console sections the signed-in person may open."""
    request = context.get("request")
    if request is None or getattr(request, "staff", None) is None:
        return []
    return menu_for(request)
