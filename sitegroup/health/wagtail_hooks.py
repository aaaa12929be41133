"""Inside each site's admin: its own health page (site administrators) and a dashboard panel
listing the items at risk or failing, so a site administrator is told in the admin."""
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .models import Alert


def _this_site():
    from tenants.models import Tenant

    return Tenant.objects.filter(schema_name=connection.schema_name).first()


def site_health_admin(request):
    from .views import site_context

    if not request.user.is_superuser:
        raise PermissionDenied
    site = _this_site()
    if site is None:
        raise PermissionDenied
    context = site_context(site, console=False)
    return TemplateResponse(request, "health/admin_site.html",
                            {**context, "site_url": "", "header_title": _("Site health")})


@hooks.register("register_admin_urls")
def urls():
    return [path("site-health/", site_health_admin, name="health_admin_site")]


class HealthMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_menu_item")
def health_menu_item():
    return HealthMenuItem(gettext_lazy("Site health"), reverse("health_admin_site"), icon_name="warning", order=890)


class AlertsPanel(Component):
    name = "sitegroup_site_health"
    order = 40

    def __init__(self, alerts):
        self.alerts = alerts

    def render_html(self, parent_context=None):
        return render_to_string("health/admin_panel.html", {"alerts": self.alerts})


@hooks.register("construct_homepage_panels")
def add_alerts_panel(request, panels):
    site = _this_site()
    if site is None or not request.user.is_superuser:
        return
    recent = timezone.localdate() - timezone.timedelta(days=2)
    alerts = list(Alert.objects.filter(site=site, day__gte=recent).order_by("-day", "code")[:20])
    if alerts:
        panels.append(AlertsPanel(alerts))
