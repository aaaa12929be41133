from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    """Review before publishing (先审后发): Wagtail workflow tasks, one set per site schema."""

    name = "sitegroup.review"
    label = "review"
    verbose_name = _("Review before publishing")
    default_auto_field = "django.db.models.BigAutoField"
