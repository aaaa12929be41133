from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "sitegroup.identity"
    label = "identity"
    verbose_name = _("Staff identity and audit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, moveup, signals  # noqa: F401
