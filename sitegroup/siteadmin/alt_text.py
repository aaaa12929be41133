"""Alt text comes from what the editor wrote, never from the image's title.

Wagtail fills an image's title from its file name ("IMG_1234") and, when the image has no
description, offers that title as the alt text of every insertion (rich text) and rendition
(`{% image %}`): screen readers then read file names. Here the alt text is the image's
description only, so an image without one asks the editor for a text alternative instead.
Two small overrides of Wagtail 8, pinned by tests/siteadmin/test_admin.py.
"""
from wagtail.images.forms import ImageInsertionForm
from wagtail.images.models import AbstractImage
from wagtail.images.views.chooser import ImageSelectFormatView

_INSERTION_PREFIX = "image-chooser-insertion"


def _description_only(image):
    return image.description or ""


def _select_format(self, request, image_id):
    """Wagtail's view, except that a new insertion never starts as “decorative”.

    Wagtail ticks “Image is decorative” whenever the proposed alt text is empty, which with
    description-only alt text would silently insert images without one. It stays ticked only
    when the editor reopens an embed that was inserted as decorative (alt_text="" passed back).
    """
    image = self.get_object(image_id)
    initial = {"alt_text": image.default_alt_text, **request.GET.dict()}
    initial["image_is_decorative"] = "alt_text" in request.GET and request.GET["alt_text"] == ""
    form = ImageInsertionForm(initial=initial, prefix=_INSERTION_PREFIX)
    return self.render_select_format_response(image, form)


def never_guess_alt_text():
    AbstractImage.default_alt_text = property(_description_only)
    ImageSelectFormatView.get = _select_format
