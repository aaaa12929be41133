from django.apps import AppConfig


class SitegroupConfig(AppConfig):
    name = "sitegroup"
    verbose_name = "Sitegroup platform"
