from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    """Scheduled jobs (registered by apps in a `scheduled_jobs` module) and their run history (public)."""

    name = "sitegroup.scheduling"
    label = "scheduling"
    verbose_name = _("Scheduled work")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        autodiscover_modules("scheduled_jobs")
