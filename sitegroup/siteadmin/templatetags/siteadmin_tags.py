"""The site an admin page belongs to, for people who hold grants on several sites."""
from django import template
from django.db import connection
from django_tenants.utils import get_public_schema_name

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_site_level(context):
    """The level of the site the request is on (city, district / county, township / street), or ""."""
    request = context.get("request")
    tenant = getattr(request, "tenant", None) or getattr(connection, "tenant", None)
    if tenant is None or tenant.schema_name == get_public_schema_name() or not hasattr(tenant, "get_level_display"):
        return ""
    return tenant.get_level_display()


@register.simple_tag
def admin_site_name():
    """The name of the site the request is on (WAGTAIL_SITE_NAME is evaluated per request)."""
    from django.conf import settings

    return str(settings.WAGTAIL_SITE_NAME)
