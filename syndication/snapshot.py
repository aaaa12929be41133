"""Take the published content of a page for another site, inside the page's own schema.

Only the live content of a public page is ever taken (the page row holds the live version; a
draft lives in revisions and never leaves its site). References that mean nothing elsewhere are
resolved here, where they can be: links to pages and documents become absolute links to the
source site, images become files of the exchange (syndication.assets).
"""
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from themes.models import ContentPage

from . import assets
from .links import site_base_url
from .models import LiveReferencePage

# ContentPage's own fields, carried by name on every snapshot.
CONTENT_FIELDS = ("title", "summary", "publish_date", "author", "keywords")
ASSET_ATTRIBUTE = "data-syndication-asset"


def type_fields(model):
    """Fields the page type adds below ContentPage (its body, expiry date, ...)."""
    return [field for field in model._meta.concrete_fields
            if field.model not in (Page, ContentPage) and not getattr(field.remote_field, "parent_link", False)]


def copies_as_itself(model):
    """Whether a page of this type can be rebuilt on another site from its snapshot alone: its own
    fields are plain values or rich text, and it has no child rows or references to other objects."""
    if not issubclass(model, ContentPage):
        return False
    for field in type_fields(model):
        if field.is_relation or isinstance(field, StreamField):
            return False
    # Child rows of the type itself (a policy document's attachments, a guide's forms).
    return not [rel for rel in model._meta.related_objects if rel.field.remote_field.model not in (Page, ContentPage)]


def check_shareable(page):
    """Refuse what may not leave its site: drafts, private pages, pages under an unpublished one."""
    if not page.live:
        raise ValidationError(_("“%(title)s” is not published: only published pages can be sent.") % {
            "title": page.title})
    if page.get_view_restrictions().exists():
        raise ValidationError(_("“%(title)s” is private: only public pages can be sent.") % {"title": page.title})
    if page.get_ancestors().filter(depth__gt=1, live=False).exists():
        raise ValidationError(_("“%(title)s” is under an unpublished page, so the public cannot see it.") % {
            "title": page.title})
    if not isinstance(page.specific, ContentPage):
        raise ValidationError(_("Only items (articles, notices, policy documents, guides) can be sent."))
    if isinstance(page.specific, LiveReferencePage):
        raise ValidationError(_("“%(title)s” shows another site's item: send the original instead.") % {
            "title": page.title})


def take(page, site):
    """{Snapshot field: value} of `page` (of `site`), run in that site's schema."""
    page = page.specific
    check_shareable(page)
    base = site_base_url(site)
    images = {}
    fields, bodies = {}, []
    for field in type_fields(type(page)):
        value = getattr(page, field.attname)
        if isinstance(field, RichTextField):
            rewritten = _rewrite(value or "", base, images)
            fields[field.name] = rewritten
            if rewritten:
                bodies.append(rewritten)
        elif not field.is_relation and field.editable and not isinstance(field, StreamField):
            fields[field.name] = field.value_to_string(page)
    if page.image_id:                                   # the lead image travels too (copies keep it)
        lead = assets.store_image(page.image)
        images.setdefault(lead["key"], lead)["lead"] = True
    richtext = "".join(bodies)
    url_parts = page.get_url_parts()
    return {
        "source_page_id": page.pk,
        "source_path": url_parts[2] if url_parts else page.url_path,
        "source_revision_id": page.live_revision_id,
        "page_type": page._meta.label_lower,
        "title": page.title,
        "summary": page.summary or page.search_description,
        "publish_date": page.publish_date,
        "source_label": page.source,
        "author": page.author,
        "keywords": page.keywords,
        "fields": fields,
        "body_richtext": richtext,
        "body_html": expand_db_html(_display_html(richtext)),
        "images": list(images.values()),
    }


def _rewrite(html, base, images):
    """Database rich text with page/document links made absolute and images named by asset key."""
    if not html:
        return ""
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.find_all("a", attrs={"linktype": True}):
        href = _link_target(link.get("linktype"), link.get("id"), base)
        for attribute in ("linktype", "id"):
            del link[attribute]
        if href:
            link["href"] = href
        else:
            link.unwrap()                       # a link to something the public cannot open: keep its text
    for embed in soup.find_all("embed", attrs={"embedtype": "image"}):
        image = get_image_model().objects.filter(pk=embed.get("id")).first()
        if image is None:
            embed.decompose()
            continue
        descriptor = assets.store_image(image)
        images[descriptor["key"]] = descriptor
        del embed["id"]
        embed[ASSET_ATTRIBUTE] = descriptor["key"]
    return str(soup)


def _link_target(linktype, object_id, base):
    if linktype == "page":
        target = Page.objects.live().public().filter(pk=object_id).first()
        parts = target.get_url_parts() if target is not None else None
        return base + parts[2] if parts and parts[2] else None
    if linktype == "document":
        document = get_document_model().objects.filter(pk=object_id).first()
        return base + document.url if document is not None else None
    return None


def _display_html(richtext):
    """The rich text as a receiving site shows it: asset embeds become images served by the exchange."""
    soup = BeautifulSoup(richtext, "html.parser")
    for embed in soup.find_all("embed", attrs={ASSET_ATTRIBUTE: True}):
        image = soup.new_tag("img", src=assets.url(embed[ASSET_ATTRIBUTE]), alt=embed.get("alt", ""))
        image["class"] = f"richtext-image {embed.get('format', '')}".strip()
        embed.replace_with(image)
    return str(soup)


def local_richtext(richtext, local_images):
    """Rich text for a page of the receiving site: asset embeds point at its own images."""
    soup = BeautifulSoup(richtext, "html.parser")
    for embed in soup.find_all("embed", attrs={ASSET_ATTRIBUTE: True}):
        image = local_images.get(embed[ASSET_ATTRIBUTE])
        if image is None:
            embed.decompose()
            continue
        del embed[ASSET_ATTRIBUTE]
        embed["id"] = str(image.pk)
    return str(soup)


def content_changed(old, new):
    """Whether a new snapshot differs from the stored one in anything a reader sees."""
    return any(getattr(old, name) != value for name, value in new.items()
               if name not in ("source_revision_id", "images"))
