"""Images of a pushed or submitted body, carried between sites as files.

A site's media folder is served only on that site's hosts, so the image files of a snapshot are
copied (once per content, named by their hash) into a folder of the exchange that no URL maps
to. A receiving site serves them through `views.exchange_image` only while it holds a delivery
or submission naming them, and a copy turns them into images of its own.
"""
import hashlib
import posixpath
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.urls import reverse


def storage():
    root = settings.SITEGROUP_SYNDICATION_ASSET_ROOT or str(Path(settings.MEDIA_ROOT) / ".syndication")
    return FileSystemStorage(location=root)


def store_image(image):
    """Copy a Wagtail image's original file into the exchange (in its site's schema); its descriptor."""
    with image.file.open("rb") as handle:
        data = handle.read()
    key = hashlib.sha256(data).hexdigest()[:40]
    name = posixpath.basename(image.file.name) or "image"
    path = f"{key[:2]}/{key}/{name}"
    files = storage()
    if not files.exists(path):
        files.save(path, ContentFile(data))
    return {"key": key, "name": name, "path": path, "title": image.title}


def read(descriptor):
    with storage().open(descriptor["path"], "rb") as handle:
        return handle.read()


def url(key):
    return reverse("syndication_exchange_image", args=[key])
