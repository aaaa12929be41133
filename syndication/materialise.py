"""Turn a snapshot from the exchange into a page of the current site (its own schema)."""
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site
from wagtail.utils.file import hash_filelike

from themes.models import ArticlePage, ColumnPage, NoticePage

from . import assets
from .snapshot import copies_as_itself, local_richtext

RECEIVED_COLLECTION = "转载图片 Received images"


def site_columns():
    """The columns of this site (its default Wagtail site), in tree order."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return ColumnPage.objects.none()
    return ColumnPage.objects.descendant_of(site.root_page).order_by("path")


def columns_of_type(column_type):
    return list(site_columns().filter(column_type=column_type))


def columns_for(user, column_type=""):
    """Columns `user` may add pages to; those of `column_type` first."""
    columns = [column for column in site_columns()
               if user is None or column.permissions_for_user(user).can_add_subpage()]
    return sorted(columns, key=lambda column: column.column_type != column_type)


def check_column(column, user):
    if not isinstance(column, ColumnPage):
        raise ValidationError(_("Choose a column of this site."))
    if user is not None and not column.permissions_for_user(user).can_add_subpage():
        raise ValidationError(_("You may not add pages to “%(column)s”.") % {"column": column.title})


def free_slug(parent, slug):
    """`slug`, or `slug-2`, `slug-3`... when a sibling has it already."""
    taken = set(Page.objects.child_of(parent).filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def credit(snapshot, site):
    """The 来源 of a received page: the sending site, and its office when the original named one."""
    label = snapshot.source_label or ""
    return (site.name + label if label and not label.startswith(site.name) else site.name)[:120]


def listing_fields(snapshot, site):
    """What columns, search and the guideline meta tags read from a received page."""
    return {"title": snapshot.title[:255], "summary": snapshot.summary, "publish_date": snapshot.publish_date,
            "author": snapshot.author[:60], "keywords": snapshot.keywords[:200], "source": credit(snapshot, site)}


def copy_model(snapshot, column):
    """The original's page type when it can be rebuilt from the snapshot, else a notice or article."""
    try:
        model = apps.get_model(snapshot.page_type)
    except (LookupError, ValueError):
        model = None
    if model is not None and copies_as_itself(model) and model.can_exist_under(column):
        return model
    return NoticePage if column.column_type == ColumnPage.ColumnType.NOTICE else ArticlePage


def build_copy(snapshot, site, column):
    page = copy_model(snapshot, column)()
    fill_copy(page, snapshot, site)
    return page


def fill_copy(page, snapshot, site):
    for name, value in listing_fields(snapshot, site).items():
        setattr(page, name, value)
    images = local_images(snapshot.images)
    model = type(page)
    same_type = model._meta.label_lower == snapshot.page_type
    if same_type:
        for name, value in snapshot.fields.items():
            try:
                field = model._meta.get_field(name)
            except LookupError:
                continue
            if isinstance(field, RichTextField):
                setattr(page, name, local_richtext(value, images))
            else:
                setattr(page, field.attname, field.to_python(value) if value not in (None, "") else
                        (None if field.null else value))
    else:
        page.body = local_richtext(snapshot.body_richtext, images)
    lead = next((descriptor["key"] for descriptor in snapshot.images if descriptor.get("lead")), None)
    page.image = images.get(lead) if lead else None


def local_images(descriptors):
    """{asset key: this site's Image} for the snapshot's images, each file stored once per site."""
    if not descriptors:
        return {}
    Image = get_image_model()
    collection = _received_collection()
    found = {}
    for descriptor in descriptors:
        try:
            data = assets.read(descriptor)
        except OSError:
            continue                                    # the file is gone: the embed is dropped
        image = Image.objects.filter(file_hash=hash_filelike(ContentFile(data))).first()
        if image is None:
            image = Image(title=descriptor.get("title") or descriptor["name"], collection=collection,
                          file=ContentFile(data, name=descriptor["name"]))
            image._set_image_file_metadata()            # size and hash, as Wagtail's upload form does
            image.save()
        found[descriptor["key"]] = image
    return found


def _received_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=RECEIVED_COLLECTION).first()
    return existing or root.add_child(name=RECEIVED_COLLECTION)
