"""Which pages the public may see, decided inside the listing's own query."""
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr


def public(queryset):
    """`queryset.public()` without its extra query.

    Wagtail's `public()` first reads every view restriction of the site and then excludes their
    subtrees; a home page asks for it four times. Here the same rule (a page is private when it,
    or an ancestor, carries a restriction: the restricted page's path is a prefix of its own) is a
    NOT EXISTS in the listing's query.
    """
    from wagtail.models import PageViewRestriction

    restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return queryset.filter(~Exists(restricted))
