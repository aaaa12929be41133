"""Template tags shared by every theme: navigation, breadcrumbs, guideline meta tags."""
from django import template
from django.utils import timezone
from wagtail.models import Site

from themes.visibility import public

register = template.Library()


def _memo(request, key, compute):
    store = request.__dict__.setdefault("_sitegroup_memo", {})
    if key not in store:
        store[key] = compute()
    return store[key]


@register.simple_tag(takes_context=True)
def page_ancestors(context):
    """The page's ancestors below the tree root (home first), one query per request."""
    page, request = context.get("page"), context.get("request")
    if page is None or request is None:
        return []
    return _memo(request, ("ancestors", page.pk), lambda: list(page.get_ancestors().filter(depth__gt=1)))


@register.simple_tag(takes_context=True)
def site_menu(context):
    """The home page of the current language and its top-level columns (in menus, live, public)."""
    request, page = context.get("request"), context.get("page")

    def compute():
        site = Site.find_for_request(request)
        home = site.root_page.localized if site else None
        items = list(public(home.get_children().live()).in_menu()) if home else []
        return {"home": home, "items": items}

    menu = _memo(request, "menu", compute)
    page_path = getattr(page, "path", "")
    return {"home": menu["home"], "items": [
        {"page": item, "current": page is not None and item.pk == page.pk,
         "section": page_path.startswith(item.path)} for item in menu["items"]]}


def _column_of(page, request, context):
    from themes.models import ColumnPage, ContentPage, DisclosureCataloguePage

    if isinstance(page, (ColumnPage, DisclosureCataloguePage)):
        return page
    if isinstance(page, ContentPage):
        ancestors = page_ancestors(context)
        parent = ancestors[-1] if ancestors else None
        if parent is not None:
            return _memo(request, ("column", parent.pk), lambda: parent.specific)
    return None


@register.simple_tag(takes_context=True)
def guideline_meta(context):
    """[(name, value)] of the meta tags the national government website guideline asks for.

    Site level: SiteName, SiteDomain, SiteIDCode; column level: ColumnName,
    ColumnDescription, ColumnKeywords, ColumnType; article level: ArticleTitle, PubDate
    (YYYY-MM-DD HH:MM), ContentSource, Keywords, Author, Description, Image, Url.
    """
    from themes.models import ColumnPage, ContentPage

    page, request, theme = context.get("page"), context.get("request"), context.get("theme")
    if page is None or request is None or theme is None:
        return []
    site = Site.find_for_request(request)
    meta = [("SiteName", theme.site_name), ("SiteDomain", site.hostname if site else request.get_host()),
            ("SiteIDCode", theme.appearance.site_id_code)]
    column = _column_of(page, request, context)
    if column is not None:
        column_type = getattr(column, "column_type", "")
        meta += [("ColumnName", column.title), ("ColumnDescription", getattr(column, "description", "")),
                 ("ColumnKeywords", getattr(column, "keywords", "")),
                 ("ColumnType", str(ColumnPage.ColumnType(column_type).label) if column_type else "")]
    if isinstance(page, ContentPage):
        meta += [
            ("ArticleTitle", page.title),
            ("PubDate", timezone.localtime(page.publish_date).strftime("%Y-%m-%d %H:%M")),
            ("ContentSource", page.source), ("Keywords", page.keywords), ("Author", page.author),
            ("Description", page.description_text()),
        ]
        if page.image_id:
            meta.append(("Image", request.build_absolute_uri(page.image.file.url)))
    elif page.search_description:
        meta.append(("Description", page.search_description))
    meta.append(("Url", request.build_absolute_uri(page.url)))
    return [(name, value) for name, value in meta if value]


@register.simple_tag
def available_themes():
    from themes.models.appearance import available_themes as themes

    return list(themes())


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The site's footer facts (own values, else inherited from its parent sites) and furniture."""
    from themes.footer import site_footer as footer_of

    request, theme = context.get("request"), context.get("theme")
    if request is None or theme is None:
        return None
    return footer_of(request, theme.appearance)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """[{code, name, url}] of this page in the site's other languages: its own translation when
    one is live, else that language's home page. Empty when the site has only one language."""
    from django.conf import settings
    from django.utils.translation import get_language
    from wagtail.models import Page

    request, page = context.get("request"), context.get("page")
    if request is None:
        return []

    def compute():
        site = Site.find_for_request(request)
        if site is None:
            return []
        names = dict(settings.LANGUAGES)
        homes = {p.locale.language_code: p for p in Page.objects.filter(
            translation_key=site.root_page.translation_key).live().select_related("locale")}
        own = {}
        if page is not None and getattr(page, "translation_key", None):
            own = {p.locale.language_code: p for p in Page.objects.filter(
                translation_key=page.translation_key).live().select_related("locale")}
        current = get_language()
        versions = []
        for code, home in homes.items():
            if code == current or code not in names:
                continue
            target = own.get(code) or home
            versions.append({"code": code, "name": names[code], "url": target.get_url(request)})
        return versions

    return _memo(request, ("language_versions", getattr(page, "pk", None)), compute)
