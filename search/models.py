"""The cross-site index and what search keeps beside it (all in the public schema)."""
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One row per published, public page of every site (and per public item of other sources)."""

    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    # Denormalised from the registry so filters need no join; status is joined at query
    # time so suspending a site hides its documents at once.
    level = models.CharField(max_length=16, db_index=True)
    # A page's id, or the id of an item of another source (search/sources.py) when `source` is set.
    page_id = models.BigIntegerField()
    source = models.CharField(max_length=40, blank=True, default="",
                              help_text=_("Empty for a page; the source of content that is not a page"))
    url_path = models.CharField(max_length=1024, help_text=_("Path of the page on its site, e.g. /news/x/"))
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    body = models.TextField(blank=True)
    content_type = models.CharField(max_length=100, db_index=True, help_text=_("app_label.model"))
    publish_date = models.DateTimeField(null=True, db_index=True)
    language = models.CharField(max_length=16, db_index=True)
    # Title (weight A), summary + keywords (B) and body (C): every word with its position, so
    # one GIN index finds the matches and the weights give each field's term frequency.
    search_vector = SearchVectorField(null=True)
    body_length = models.PositiveIntegerField(default=0, help_text=_("Words in the body"))
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        constraints = [models.UniqueConstraint(fields=["site", "source", "page_id"],
                                               name="search_document_site_source_item")]
        indexes = [GinIndex(fields=["search_vector"], name="search_document_vector")]

    def __str__(self):
        return f"{self.site_id}:{self.page_id} {self.title}"


class SearchTerm(models.Model):
    """The indexed vocabulary: every word in the index and how many documents hold it.

    Gives inverse document frequencies for ranking and, through a trigram index,
    “did you mean” suggestions.
    """

    term = models.CharField(max_length=64, primary_key=True)
    doc_count = models.IntegerField(default=0)
    # A common word also has its documents counted per site (SiteTermCount).
    counted_per_site = models.BooleanField(db_default=False)

    class Meta:
        verbose_name = _("indexed word")
        indexes = [GinIndex(fields=["term"], name="search_term_trigram", opclasses=["gin_trgm_ops"])]

    def __str__(self):
        return f"{self.term} ({self.doc_count})"


class SiteTermCount(models.Model):
    """How many documents of one site hold a common word (see search/backends/pgsitecounts.py)."""

    term = models.CharField(max_length=64)
    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    doc_count = models.IntegerField()

    class Meta:
        verbose_name = _("common word count per site")
        constraints = [models.UniqueConstraint(fields=["term", "site"], name="search_sitetermcount_term_site")]

    def __str__(self):
        return f"{self.term}@{self.site_id} ({self.doc_count})"


class WordListQuerySet(models.QuerySet):
    def create_next(self, **fields):
        with transaction.atomic():
            # Lock the kind's newest row so two saves at once get distinct versions.
            newest = self.select_for_update().filter(kind=fields["kind"]).order_by("-version").first()
            return self.create(version=(newest.version + 1) if newest else 1, **fields)


class WordList(models.Model):
    """One version of an operator-maintained list (synonyms or dictionary words)."""

    class Kind(models.TextChoices):
        SYNONYMS = "synonyms", _("Synonyms")
        DICTIONARY = "dictionary", _("Dictionary words")

    kind = models.CharField(_("list"), max_length=16, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("content"), blank=True)
    author = models.CharField(_("saved by"), max_length=150, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    objects = WordListQuerySet.as_manager()

    class Meta:
        verbose_name = _("search word list")
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="search_wordlist_kind_version")]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"

    @classmethod
    def latest_versions(cls):
        return dict(cls.objects.values_list("kind").annotate(latest=Max("version")).order_by())

    @classmethod
    def texts(cls, versions):
        texts = {}
        for kind, version in versions.items():
            texts[kind] = cls.objects.filter(kind=kind, version=version).values_list("text", flat=True).first() or ""
        return texts


class QueryStat(models.Model):
    """How often a query was searched, per day and site: no person, address or time of day kept."""

    day = models.DateField(_("day"))
    site = models.ForeignKey("tenants.Tenant", verbose_name=_("site"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+",
                             help_text=_("Empty: searched on the platform's cluster-wide search."))
    query = models.CharField(_("query"), max_length=100)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches without results"), default=0)

    class Meta:
        verbose_name = _("search query statistic")
        constraints = [models.UniqueConstraint(fields=["day", "site", "query"], nulls_distinct=False,
                                               name="search_querystat_day_site_query")]
        indexes = [models.Index(fields=["day", "site"], name="search_querystat_day_site")]

    def __str__(self):
        return f"{self.day} {self.query} ×{self.searches}"
