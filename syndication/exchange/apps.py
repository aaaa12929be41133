from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Pushes, submissions, sideways routes and feed entries of every site (public schema)."""

    name = "syndication.exchange"
    label = "syndication_exchange"
    verbose_name = _("Syndication exchange")
    default_auto_field = "django.db.models.BigAutoField"
