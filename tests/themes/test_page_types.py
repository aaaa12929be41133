"""Page types are declared once, in their class: columns, the home page, search facets and tests follow."""
import pytest
from wagtail.models import get_page_models

from search.views import indexed_content_types
from themes.models import ColumnPage, HomePage

from .factories import build_every_page_type, configure_site

pytestmark = pytest.mark.django_db


def creatable():
    return {model for model in get_page_models() if model.is_creatable}


def names(models):
    return sorted(model.__name__ for model in models)


def test_columns_and_home_take_what_each_page_type_declares():
    assert names(ColumnPage.creatable_subpage_models()) == [
        "AboutPage", "ArticlePage", "ColumnPage", "ConsultationPage", "DisclosureCataloguePage",
        "DisclosureRequestPage", "FormPage", "MailboxPage", "NoticePage", "PolicyDocumentPage", "ServiceGuidePage",
        "SpecialTopicPage"]
    assert names(HomePage.creatable_subpage_models()) == [
        "AboutPage", "ColumnPage", "ConsultationPage", "DisclosureCataloguePage", "DisclosureRequestPage",
        "FormPage", "MailboxPage", "SpecialTopicPage"]
    # every creatable page type can stand somewhere below a site's home
    reachable = {HomePage} | set(HomePage.creatable_subpage_models()) | set(ColumnPage.creatable_subpage_models())
    assert reachable == creatable()


def test_the_search_type_filter_offers_every_creatable_page_type_and_each_search_sources_type():
    from search.sources import sources

    source_types = [label for source in sources() for label in source.content_types]
    assert "interaction.letter" in source_types                 # answered letters (search/sources.py)
    assert sorted(indexed_content_types()) == sorted(
        [model._meta.label_lower for model in creatable()] + source_types)


def test_the_test_factory_builds_a_page_of_every_type(cluster):
    configure_site(cluster.peach, "gov-classic")
    pages = build_every_page_type(cluster.peach)
    assert {type(page.specific) for page in pages.values()} == creatable()
