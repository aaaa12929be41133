"""URLs on the platform host: the cluster's feeds of one column type (e.g. every site's notices)."""
from django.urls import path

from .feeds import views as feeds

urlpatterns = [
    path("feeds/<slug:column_type>/<str:fmt>", feeds.cluster_feed, name="syndication_cluster_feed"),
]
