"""The cross-site index: one row per published, public page of every site (public schema)."""
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    # Denormalised from the registry so filters need no join; status is joined at query
    # time so suspending a site hides its documents at once.
    level = models.CharField(max_length=16, db_index=True)
    page_id = models.BigIntegerField()
    url_path = models.CharField(max_length=1024, help_text=_("Path of the page on its site, e.g. /news/x/"))
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    content_type = models.CharField(max_length=100, db_index=True, help_text=_("app_label.model"))
    publish_date = models.DateTimeField(null=True, db_index=True)
    language = models.CharField(max_length=16, db_index=True)
    search_vector = SearchVectorField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        constraints = [models.UniqueConstraint(fields=["site", "page_id"], name="search_document_site_page")]
        indexes = [GinIndex(fields=["search_vector"], name="search_document_vector")]

    def __str__(self):
        return f"{self.site_id}:{self.page_id} {self.title}"
