"""Platform-host console URLs of the search app (included by sitegroup/urls_public.py)."""
from django.urls import path

from . import console

urlpatterns = [
    path("console/search/", console.search_analytics, name="search_analytics"),
    path("console/search/lists/<str:kind>/", console.word_list, name="search_word_list"),
    path("console/search/lists/<str:kind>/<int:version>/", console.word_list_version, name="search_word_list_version"),
]
