from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """The publish-check registry and each site's severities (a table in every site's schema)."""

    name = "sitegroup.publishing"
    label = "publishing"
    verbose_name = _("Publish checks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .forms import install_on_every_page_type

        # Every installed app's `publish_checks` module registers its checks there.
        autodiscover_modules("publish_checks")
        install_on_every_page_type()
