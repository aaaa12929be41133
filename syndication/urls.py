"""URLs on every site's hosts: its feeds and the images of items it received."""
from django.urls import path

from . import views
from .feeds import views as feeds

urlpatterns = [
    path("feeds/<str:fmt>", feeds.site_feed, name="syndication_site_feed"),
    path("feeds/columns/<int:column_id>/<str:fmt>", feeds.column_feed, name="syndication_column_feed"),
    path("syndication/images/<str:key>/", views.exchange_image, name="syndication_exchange_image"),
]
