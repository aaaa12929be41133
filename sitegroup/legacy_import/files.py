"""Images and attachments of a legacy site, stored through the same forms (and upload checks) as an
editor's uploads: Wagtail's image and document forms with the platform's SafeImageForm /
SafeDocumentForm bases. A refused file is never stored; the reason goes into the report.
"""
import posixpath

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection

from .bodies import extension_of, file_name_of

COLLECTION_NAME = "旧站导入"
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp", "bmp"}
_TYPE_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
                    "application/pdf": "pdf", "application/msword": "doc"}


def import_collection():
    """The collection imported files go into (one per site, under the root)."""
    existing = Collection.objects.filter(name=COLLECTION_NAME, depth=2).first()
    return existing or Collection.get_first_root_node().add_child(name=COLLECTION_NAME)


def _file_name(fetched):
    name = posixpath.basename(fetched.filename) or file_name_of(fetched.final_url or fetched.url) or "file"
    if not extension_of(name) and fetched.content_type in _TYPE_EXTENSIONS:
        name = f"{name}.{_TYPE_EXTENSIONS[fetched.content_type]}"
    return name[-100:]


def _errors(form):
    # The first message of each field: a refused file also fails the model's own validators after it.
    return "; ".join(str(messages[0]) for messages in form.errors.values() if messages)


def _store(fetched, title, collection, form_class, name):
    form = form_class(data={"title": (title or name)[:255], "collection": collection.pk},
                      files={"file": SimpleUploadedFile(name, fetched.body, fetched.content_type)})
    if not form.is_valid():
        return None, _errors(form)
    stored = form.save(commit=False)
    # What Wagtail's own upload views set before saving: file size and hash (duplicate detection).
    stored.file_size = len(fetched.body)
    stored._set_file_hash()
    stored.save()
    return stored, ""


def store_image(fetched, title, collection):
    """(image, "") or (None, the reason it was refused)."""
    if fetched.error:
        return None, fetched.error
    name = _file_name(fetched)
    if extension_of(name) not in IMAGE_EXTENSIONS:
        return None, _("not an image (%(type)s)") % {"type": fetched.content_type or name}
    return _store(fetched, title, collection, get_image_form(get_image_model()), name)


def store_document(fetched, title, collection):
    """(document, "") or (None, the reason it was refused)."""
    if fetched.error:
        return None, fetched.error
    return _store(fetched, title, collection, get_document_form(get_document_model()), _file_name(fetched))
