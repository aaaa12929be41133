"""Search's console sections: analytics (every signed-in person, filtered to their sites) and the
operators' synonym and dictionary lists. The registry guards every URL with its section's permission."""
from django.urls import path
from django.utils.translation import gettext_lazy as _

from sitegroup.console import ANY_STAFF, OPERATORS, ConsoleSection, register_console_section

from . import views

register_console_section(ConsoleSection(
    name="search_analytics", label=_("Search analytics"), url_name="search_analytics", permission=ANY_STAFF,
    order=65, urls=[path("search/", views.search_analytics, name="search_analytics")],
))
register_console_section(ConsoleSection(
    name="search_lists", label=_("Synonyms and dictionary"), url_name="search_word_lists", permission=OPERATORS,
    order=66, urls=[
        path("search/lists/", views.word_lists, name="search_word_lists"),
        path("search/lists/<str:kind>/", views.word_list, name="search_word_list"),
        path("search/lists/<str:kind>/<int:version>/", views.word_list_version, name="search_word_list_version"),
    ],
))
