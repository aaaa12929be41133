"""Read what a township holds, once, in its schema (the move never reads it again while writing)."""
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django_tenants.utils import schema_context
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from taggit.models import TaggedItem
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, PageViewRestriction, Revision

from .state import SourceContent


def content_type_rows(schema):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id, app_label, model FROM "{schema}".django_content_type ORDER BY id')
        return cursor.fetchall()


def lock_source(source):
    """Editors of the township cannot change what is being copied until the move commits; visitors read on."""
    tables = ", ".join(f'"{source.schema_name}"."{model._meta.db_table}"'
                       for model in (Page, Revision, get_image_model(), get_document_model()))
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")


def _child_rows(pages, page_ids):
    children = {}
    for model in {type(page) for page in pages}:
        for relation in get_all_child_relations(model):
            child_model = relation.related_model
            if child_model not in children:
                children[child_model] = list(child_model.objects.filter(
                    **{f"{relation.field.name}_id__in": page_ids}).order_by("pk"))
    return children


def _m2m_rows(pages):
    rows = []
    for page in pages:
        for m2m in get_all_child_m2m_relations(type(page)):
            through = m2m.remote_field.through
            rows.append((page.pk, type(page), m2m.name, list(through.objects.filter(
                **{m2m.m2m_column_name(): page.pk}).values_list(m2m.m2m_reverse_name(), flat=True))))
    return rows


def _tags():
    tags = {}
    for model in (get_image_model(), get_document_model()):
        content_type = ContentType.objects.get_for_model(model)
        for object_id, name in TaggedItem.objects.filter(content_type=content_type).values_list(
                "object_id", "tag__name"):
            tags.setdefault((model, object_id), []).append(name)
    return tags


def read_source(source, home_id):
    """SourceContent of the township `source`, from its home page `home_id` down."""
    with schema_context(source.schema_name):
        home = Page.objects.get(pk=home_id)
        pages = list(home.get_descendants(inclusive=True).specific().order_by("path"))
        ids = [page.pk for page in pages]
        images = list(get_image_model().objects.order_by("pk"))
        documents = list(get_document_model().objects.order_by("pk"))
        files = images + documents
        return SourceContent(
            home=home, pages=pages, children=_child_rows(pages, ids), m2m=_m2m_rows(pages),
            revisions=list(Revision.objects.page_revisions().filter(object_id__in=[str(i) for i in ids])
                           .order_by("pk")),
            collections=list(Collection.objects.order_by("path")), images=images, documents=documents,
            tags=_tags(),
            restrictions=[(restriction, list(restriction.groups.values_list("name", flat=True)))
                          for restriction in PageViewRestriction.objects.filter(page_id__in=ids)],
            submissions=list(FormSubmission.objects.filter(page_id__in=ids).order_by("pk")),
            redirects=list(Redirect.objects.order_by("pk")),
            locale_codes=dict(Locale.objects.values_list("pk", "language_code")),
            file_paths={(type(obj), obj.pk): obj.file.path for obj in files},
            file_urls={(type(obj), obj.pk): obj.file.url for obj in files},
            document_urls={document.pk: document.url for document in documents},
            relative_paths={page.pk: page.url_path[len(home.url_path):] for page in pages},
        )
