"""Content that is not a Wagtail page, offered to the index by the app that owns it.

An app registers a source through a Wagtail hook (search never imports the app, the app never calls
search):

    @hooks.register("register_search_sources")
    def letters():
        return AnsweredLetters()      # an object with the attributes and methods below

A source has
* `name`: stable, stored with each of its documents (e.g. "interaction.letter"); pages have "";
* `models`: the model classes whose saves and deletes may change its documents;
* `content_types`: the "app_label.model" labels its documents carry (offered in the type filter);
* `documents()`: every document of the current site (runs inside the site's schema), for rebuilds;
* `items_for(instance)`: the ids of the items a saved or deleted `instance` of one of `models` touches;
* `document(item_id)`: the item's document, or None when the item must not be found (not public any
  more, deleted). A document is a dict: id, url_path (on the site), title, body, content_type,
  publish_date, language, and optionally summary and keywords.
The source alone decides what is public: search indexes what `document()` returns and nothing else.
"""
import functools

from wagtail import hooks

HOOK = "register_search_sources"


@functools.cache
def sources():
    """The registered sources (hooks are registered at start-up; read once per process)."""
    return tuple(source for source in (hook() for hook in hooks.get_hooks(HOOK)) if source is not None)


def source_named(name):
    return next((source for source in sources() if source.name == name), None)


@functools.cache
def sources_for_model(model):
    return tuple(source for source in sources() if any(issubclass(model, watched) for watched in source.models))


def as_page_document(source, item):
    from .extract import PageDocument

    return PageDocument(
        page_id=item["id"], url_path=item["url_path"], title=item["title"], summary=item.get("summary", ""),
        keywords=item.get("keywords", ""), body=item.get("body", ""), content_type=item["content_type"],
        publish_date=item.get("publish_date"), language=item.get("language", ""), source=source.name)


def source_documents():
    """Every document of every source, in the current site."""
    for source in sources():
        for item in source.documents():
            yield as_page_document(source, item)


def sync_items(tenant, source, item_ids):
    """(Re)index or remove `item_ids` of `source` in `tenant` (the current schema)."""
    from .backends.base import get_backend

    documents, gone = [], []
    for item_id in sorted(set(item_ids)):
        item = source.document(item_id)
        if item is None:
            gone.append(item_id)
        else:
            documents.append(as_page_document(source, item))
    backend = get_backend()
    if gone:
        backend.delete_items(tenant, source.name, gone)
    if documents and tenant.status in (tenant.Status.ACTIVE, tenant.Status.SUSPENDED):
        backend.index_documents(tenant, documents)
