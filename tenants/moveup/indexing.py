"""Wagtail's own per-schema indexes of the copied objects, written once at the end of the copy.

Each copied page is written with `save_base`, which fires Wagtail's post_save handlers: the admin
search index (modelsearch) and the reference index ("Usage"), each queued as a task that reads the
object back and writes its rows one object at a time. Profiled on a 400-page move, those two were
62 of the copy's 71 seconds. The copy pauses them and writes both indexes in bulk afterwards, in
the move's transaction (a rolled-back move leaves no index rows either), once the pages' child rows
exist so their references are complete.
"""
from collections import defaultdict
from contextlib import contextmanager

from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def per_object_indexing_paused():
    """Pause the admin search index and the reference index for saves in this block.

    The reference index has a thread-local switch; modelsearch has none, so its handler is
    disconnected for the block. That is process-wide: a move runs in a worker (or a sync gunicorn
    worker's request), where nothing else saves at the same time.
    """
    models = [model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def index_copied_objects(objects):
    """Admin search entries (one bulk write per model and backend) and reference-index rows of `objects`."""
    by_model = defaultdict(list)
    for obj in objects:
        indexed = obj.get_indexed_instance() if isinstance(obj, index.Indexed) else None
        if indexed is not None and index.class_is_indexed(type(indexed)):
            by_model[type(indexed)].append(indexed)
    for _name, backend in index.get_search_backends_with_name(with_auto_update=True):
        for model, items in by_model.items():
            backend.add_bulk(model, items)
    for obj in objects:
        if ReferenceIndex.model_is_indexable(type(obj)):
            ReferenceIndex.create_or_update_for_object(obj)
