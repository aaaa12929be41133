from django import template

from tenants.moveup.public import notice_for_page

register = template.Library()


@register.inclusion_tag("tenants/moved_notice.html", takes_context=True)
def moved_site_notice(context):
    """The “this township site has moved here” notice, on the new section and below it."""
    return {"notice": notice_for_page(context.get("page"))}
