from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    """Site health against the national spot-check rules, visit statistics, the annual report."""

    name = "sitegroup.health"
    label = "health"
    verbose_name = _("Site health")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401
