"""Which theme a request renders with, and the site's choices within it.

Resolved once per request (and only when a template asks): the site's SiteAppearance
names a theme in the registry; a staff user may preview another theme with
?preview_theme=<slug> while the public keeps seeing the current one.
"""
import functools
import hashlib
from dataclasses import dataclass, field

from django.db import connection
from django.utils.functional import SimpleLazyObject
from django_tenants.utils import get_public_schema_name

PREVIEW_PARAMETER = "preview_theme"
# Used by themes without a static/favicon.ico of their own.
DEFAULT_FAVICON = "themes/favicon.ico"


@functools.lru_cache(maxsize=64)
def theme_favicon(slug, version):
    """Static path of the theme's favicon (its folder's static/favicon.ico), else the default one."""
    from themes.registry.library import theme_folders

    for folder in theme_folders():
        if folder.name == slug and (folder / "static" / "favicon.ico").is_file():
            return f"theme/{slug}/favicon.ico"
    return DEFAULT_FAVICON


@dataclass
class ActiveTheme:
    """The theme a request renders with (`theme` in templates): the registered theme and the site's choices."""

    registered: object       # the themes.registry Theme row
    appearance: object
    tokens: dict
    site_name: str
    previewing: bool = False
    font_stack: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def base_template(self):
        return self.registered.base_template

    @property
    def slug(self):
        return self.registered.slug

    @property
    def name(self):
        return self.registered.name

    @property
    def stylesheet(self):
        return self.registered.stylesheet

    @property
    def favicon(self):
        return theme_favicon(self.registered.slug, self.registered.version)

    @property
    def home_url(self):
        return self.extra.get("home_url", "/")

    @property
    def layout(self):
        return self.tokens.get("layout") or "wide"

    @property
    def css_query(self):
        """Cache-busting query for the site stylesheet (changes with theme version and choices)."""
        parts = [f"v={self.registered.version}", f"s={self.appearance.pk}-{int(self.appearance_stamp)}"]
        if self.previewing:
            parts.append(f"{PREVIEW_PARAMETER}={self.registered.slug}")
        return "&".join(parts)

    @property
    def appearance_stamp(self):
        digest = hashlib.sha1(repr(sorted(self.tokens.items())).encode()).hexdigest()
        return int(digest[:8], 16)


def safe_tokens(theme, tokens):
    """Values fit to write into CSS: anything malformed (e.g. edited in the database) falls back."""
    from themes.colors import HEX_COLOR

    safe = {}
    for name, value in tokens.items():
        kind = theme.tokens.get(name, {}).get("type")
        default = theme.tokens.get(name, {}).get("default")
        if kind == "color":
            safe[name] = value if HEX_COLOR.match(str(value)) else default
        elif kind == "int":
            safe[name] = value if str(value).isdigit() else default
        elif kind == "choice":
            safe[name] = value if value in theme.tokens[name].get("choices", {}) else default
        else:
            safe[name] = value
    return safe


def can_preview(request):
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


def resolve(request):
    """The ActiveTheme for this request, or None on the platform host."""
    if connection.schema_name == get_public_schema_name():
        return None
    cached = getattr(request, "_sitegroup_theme", None)
    if cached is not None:
        return cached
    from wagtail.models import Site

    from themes.sitecache import appearance_and_themes

    # Both from the shared cache (themes/sitecache.py), usually read along with routing.
    appearance, themes = appearance_and_themes(request)
    slug = appearance.theme_slug
    previewing = False
    wanted = request.GET.get(PREVIEW_PARAMETER) if hasattr(request, "GET") else None
    if wanted and wanted != slug and can_preview(request):
        slug, previewing = wanted, True
    theme = themes.get(slug) or themes.get(appearance.theme_slug) or themes.get("gov-classic")
    if theme is None:
        theme = next(iter(themes.values()), None)
    choices = appearance.token_choices()
    if previewing:
        # Keep only the site's choices the previewed theme accepts.
        invalid = theme.validate_choices(choices)
        choices = {k: v for k, v in choices.items() if k not in invalid}
    tokens = safe_tokens(theme, theme.resolve_tokens(choices))
    font_spec = theme.tokens.get("font_family", {})
    site = Site.find_for_request(request)
    active = ActiveTheme(
        registered=theme, appearance=appearance, tokens=tokens, previewing=previewing,
        site_name=appearance.site_name or (site.site_name if site else ""),
        font_stack=font_spec.get("choices", {}).get(tokens.get("font_family"), ""),
        extra={"home_url": _home_url(request)},
    )
    request._sitegroup_theme = active
    return active


def _home_url(request):
    from django.conf import settings
    from django.utils.translation import get_language

    language = get_language()
    return "/" if not language or language == settings.LANGUAGE_CODE else f"/{language}/"


def context_processor(request):
    return {"theme": SimpleLazyObject(lambda: resolve(request))}
