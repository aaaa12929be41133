"""Which uploaded files of a site a request may read by their /media/ URL.

Wagtail applies a collection's view restrictions (login, groups, password) in its document
view (/documents/<id>/<name>), but not to the file's own URL, and never to images. The media
view applies them to both: a file that belongs to a document, an image or one of its renditions
in a restricted collection goes only to requests the restriction accepts; the others get what
Wagtail's document view would give them (the login page or the collection's password form).
Wagtail does not restrict files by the privacy of the pages that link to them, so neither does
this.
"""
from django.http import HttpResponse
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.documents.wagtail_hooks import check_view_restrictions
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction


def check(request, path):
    """(response, restricted): a response to send instead of the file (or None), and whether
    the file is restricted at all (then no shared cache may keep it)."""
    if not CollectionViewRestriction.objects.exists():  # the usual case: one small query
        return None, False
    owner = _owner(path)
    if owner is None or not owner.collection.get_view_restrictions().exists():
        return None, False
    if isinstance(owner, get_document_model()):
        # Wagtail's own checks for documents, the same hooks its document view runs.
        for hook in hooks.get_hooks("before_serve_document"):
            response = hook(owner, request)
            if isinstance(response, HttpResponse):
                return response, True
        return None, True
    # An image: the check Wagtail makes for a document in the same collection.
    return check_view_restrictions(owner, request), True


def _owner(path):
    """The document or image (for a rendition, its image) whose file this is."""
    Document, Image = get_document_model(), get_image_model()
    finders = [
        lambda: Document.objects.select_related("collection").filter(file=path).first(),
        lambda: Image.objects.select_related("collection").filter(file=path).first(),
        lambda: getattr(Image.get_rendition_model().objects.select_related("image__collection")
                        .filter(file=path).first(), "image", None),
    ]
    if path.startswith("original_images/"):
        finders = [finders[1], finders[0], finders[2]]
    elif path.startswith("images/"):
        finders = [finders[2], finders[1], finders[0]]
    for find in finders:
        owner = find()
        if owner is not None:
            return owner
    return None
