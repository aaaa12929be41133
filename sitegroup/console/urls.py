"""/console/: the home page and every registered section's URLs (included by sitegroup/urls_public.py)."""
from django.urls import path

from . import views
from .registry import section_urlpatterns

urlpatterns = [path("", views.home, name="console_home"), *section_urlpatterns()]
