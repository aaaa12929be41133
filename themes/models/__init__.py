"""Page types shared by every site. The code is shared; the tables live in each site's schema.

A new page type is a class in a module of this package, imported here; it names where it may
stand (`parent_page_types`) and the columns, search facets and tests pick it up from there.
"""
# isort: skip_file
# Import order is registration order: Wagtail and the search page's type filter list page types in it.
from .appearance import SiteAppearance  # noqa: F401
from .pages import (  # noqa: F401
    AboutPage, ArticlePage, ColumnPage, ContentPage, DisclosureCataloguePage, HomePage, NoticePage,
    SpecialTopicPage,
)
from .policy import IndexNumberCounter, PolicyAttachment, PolicyDocumentPage  # noqa: F401
from .service import ServiceGuideForm, ServiceGuidePage  # noqa: F401
from .forms import FormField, FormPage  # noqa: F401
