"""Page types shared by every site. The code is shared; the tables live in each site's schema."""
from .appearance import SiteAppearance  # noqa: F401
from .forms import FormField, FormPage  # noqa: F401
from .pages import (  # noqa: F401
    AboutPage,
    ArticlePage,
    ColumnPage,
    ContentPage,
    DisclosureCataloguePage,
    HomePage,
    NoticePage,
    SpecialTopicPage,
)
from .policy import IndexNumberCounter, PolicyAttachment, PolicyDocumentPage  # noqa: F401
from .service import ServiceGuideForm, ServiceGuidePage  # noqa: F401
