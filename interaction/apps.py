from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    """Public interaction (政民互动) inside each site: letters, disclosure requests, consultations."""

    name = "interaction"
    label = "interaction"
    verbose_name = _("Public interaction")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401
