"""Rewrite references to moved objects: rich text, StreamField data, foreign keys, revision JSON.

Nothing here knows a page type: it reads field and block definitions.
"""
import json
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Revision, Site

TAG = re.compile(r"<(a|embed)\b([^>]*)>", re.IGNORECASE)
ATTR = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')
ID_ATTR = re.compile(r'(?<![\w-])id="\d+"')


class IdMaps:
    """Old id → new id for every kind of object the move carries."""

    KINDS = ("pages", "revisions", "images", "documents", "collections", "locales", "users", "groups", "sites")

    def __init__(self):
        for kind in self.KINDS:
            setattr(self, kind, {})
        self.dangling = 0

    def kind_for_model(self, model):
        if isinstance(model, str):
            from django.apps import apps

            model = apps.get_model(model)
        if not isinstance(model, type):
            return None
        if issubclass(model, Page):
            return "pages"
        if issubclass(model, Revision):
            return "revisions"
        if issubclass(model, get_image_model()):
            return "images"
        if issubclass(model, get_document_model()):
            return "documents"
        if issubclass(model, Collection):
            return "collections"
        if issubclass(model, Locale):
            return "locales"
        if issubclass(model, get_user_model()):
            return "users"
        if issubclass(model, Group):
            return "groups"
        if issubclass(model, Site):
            return "sites"
        if issubclass(model, ContentType):
            return "identity"   # identical in every schema (asserted before copying)
        return None

    def map(self, model, old_id, *, count_dangling=True):
        """The new id for `old_id` of `model`, or None when the move does not carry it."""
        if old_id is None:
            return None
        kind = self.kind_for_model(model)
        if kind == "identity":
            return old_id
        if kind is None:
            return None
        try:
            key = int(old_id)
        except (TypeError, ValueError):
            return None
        new = getattr(self, kind).get(key)
        if new is None and count_dangling and kind not in ("users",):
            self.dangling += 1
        return new


def is_supported_relation(model):
    return IdMaps().kind_for_model(model) is not None


# --- rich text ---------------------------------------------------------------------------
def rewrite_richtext(html, maps):
    """Point page links, document links and image embeds at the moved objects.

    A reference to an object the move does not carry (e.g. a page deleted long ago) must not
    silently point at an unrelated object of the receiving site: the link keeps its text but
    loses its target, the embed is dropped, and the count is reported.
    """
    if not html or ("linktype" not in html and "embedtype" not in html):
        return html

    def replace(match):
        tag, attrs = match.group(1).lower(), dict(ATTR.findall(match.group(2)))
        kind = attrs.get("linktype") if tag == "a" else attrs.get("embedtype")
        table = {"page": maps.pages, "document": maps.documents, "image": maps.images}.get(kind)
        if table is None or "id" not in attrs:
            return match.group(0)
        try:
            new = table.get(int(attrs["id"]))
        except ValueError:
            new = None
        if new is None:
            maps.dangling += 1
            return "<a>" if tag == "a" else ""
        return ID_ATTR.sub(f'id="{new}"', match.group(0), count=1)

    return TAG.sub(replace, html)


# --- StreamField -------------------------------------------------------------------------
def rewrite_block_value(block, value, maps):
    """Rewrite the JSON-ish (raw) value of `block` in place and return it."""
    if value is None:
        return value
    if isinstance(block, blocks.BaseStreamBlock):
        for item in value or []:
            if isinstance(item, dict) and item.get("type") in block.child_blocks:
                item["value"] = rewrite_block_value(block.child_blocks[item["type"]], item.get("value"), maps)
        return value
    if isinstance(block, blocks.ListBlock):
        result = []
        for item in value or []:
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item["value"] = rewrite_block_value(block.child_block, item["value"], maps)
                result.append(item)
            else:
                result.append(rewrite_block_value(block.child_block, item, maps))
        return result
    if isinstance(block, blocks.BaseStructBlock):
        if isinstance(value, dict):
            for name, child in block.child_blocks.items():
                if name in value:
                    value[name] = rewrite_block_value(child, value[name], maps)
            return value
        # e.g. ImageBlock stored in its older form: just the image id.
        for child in block.child_blocks.values():
            if isinstance(child, blocks.ChooserBlock):
                return rewrite_block_value(child, value, maps)
        return value
    if isinstance(block, blocks.RichTextBlock):
        return rewrite_richtext(value, maps) if isinstance(value, str) else value
    if isinstance(block, blocks.ChooserBlock):
        model = getattr(block, "target_model", None)
        if isinstance(value, (int, str)) and str(value).isdigit():
            return maps.map(model, value)
        return value
    return value


def rewrite_stream(field, raw, maps):
    """Rewrite StreamField raw data: a list, or a JSON string of one (as in revisions)."""
    if raw is None:
        return raw
    if isinstance(raw, str):
        try:
            data = json.loads(raw)
        except ValueError:
            return raw
        return json.dumps(rewrite_block_value(field.stream_block, data, maps), ensure_ascii=False)
    return rewrite_block_value(field.stream_block, raw, maps)


def stream_raw(field, instance):
    value = getattr(instance, field.attname)
    raw = getattr(value, "raw_data", None)
    if raw is not None:
        return json.loads(json.dumps(list(raw), cls=_Encoder))
    if isinstance(value, str):
        return json.loads(value or "[]")
    return value


class _Encoder(json.JSONEncoder):
    def default(self, o):
        return str(o)


# --- model instances ---------------------------------------------------------------------
def rewrite_instance_fields(instance, maps, *, skip=()):
    """Remap FKs, rich text and StreamField data on a model instance (not saved)."""
    for field in instance._meta.concrete_fields:
        if field.name in skip or field.primary_key:
            continue
        if isinstance(field, models.ForeignKey):
            if isinstance(field, models.OneToOneField) and field.remote_field.parent_link:
                continue
            old = getattr(instance, field.attname)
            if old is not None:
                setattr(instance, field.attname, maps.map(field.related_model, old))
        elif isinstance(field, RichTextField):
            setattr(instance, field.attname, rewrite_richtext(getattr(instance, field.attname), maps))
        elif isinstance(field, StreamField):
            setattr(instance, field.attname, rewrite_stream(field, stream_raw(field, instance), maps))


def unsupported_references(instance):
    """[(field name, model label)] of non-empty FKs to models the move does not carry."""
    found = []
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and not (
                isinstance(field, models.OneToOneField) and field.remote_field.parent_link):
            if getattr(instance, field.attname) is not None and not is_supported_relation(field.related_model):
                found.append((field.name, field.related_model._meta.label))
    return found


# --- revision content --------------------------------------------------------------------
def rewrite_serialized(model, data, maps, *, own_id=None, child_ids=None, overrides=None):
    """Rewrite the serialized form of an instance (revision content) for the receiving site."""
    child_ids = child_ids or {}
    for field in model._meta.get_fields():
        name = field.name
        if name not in data:
            continue
        value = data[name]
        if isinstance(field, models.ForeignKey):
            if isinstance(field, ParentalKey) or (
                    isinstance(field, models.OneToOneField) and field.remote_field.parent_link):
                data[name] = own_id
            else:
                data[name] = maps.map(field.related_model, value, count_dangling=False)
        elif isinstance(field, RichTextField):
            data[name] = rewrite_richtext(value, maps) if isinstance(value, str) else value
        elif isinstance(field, StreamField):
            data[name] = rewrite_stream(field, value, maps)
        elif isinstance(field, ParentalManyToManyField):
            mapped = [maps.map(field.related_model, v, count_dangling=False) for v in value or []]
            data[name] = [v for v in mapped if v is not None]
        elif field.one_to_many and isinstance(getattr(field, "field", None), ParentalKey):
            child_model = field.related_model
            ids = child_ids.get(child_model._meta.label, {})
            for child in value or []:
                if isinstance(child, dict):
                    child_pk = ids.get(child.get("pk"))
                    rewrite_serialized(child_model, child, maps, own_id=own_id, child_ids=child_ids)
                    child[field.field.name] = own_id
                    child["pk"] = child_pk
                    if "id" in child:
                        child["id"] = child_pk
    if own_id is not None:
        for key in ("pk", "id"):
            if key in data:
                data[key] = own_id
    data.update(overrides or {})
    return data


def canonical(value):
    """A canonical form of serialized data (JSON held in strings parsed, keys sorted)."""
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] in "[{":
            try:
                return canonical(json.loads(stripped))
            except ValueError:
                pass
        return value
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)
