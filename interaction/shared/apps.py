from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionSharedConfig(AppConfig):
    """The public-schema half of public interaction: letters on their way between sites, and
    the operator's working-day calendar corrections."""

    name = "interaction.shared"
    label = "interaction_shared"
    verbose_name = _("Public interaction (platform)")
    default_auto_field = "django.db.models.BigAutoField"
