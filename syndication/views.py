"""Public views on site hosts (the admin's are in admin_views/, the feeds' in feeds/)."""
import mimetypes

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

from . import assets
from .exchange.models import Delivery, Push, Submission


def exchange_image(request, key):
    """An image of an item this site sent, received or was submitted, while it may show it."""
    site = request.tenant
    contains = {"images__contains": [{"key": key}]}
    row = (Push.objects.filter(sender=site, **contains).first()
           or Push.objects.filter(gone="", deliveries__recipient=site, **contains)
           .exclude(deliveries__state=Delivery.State.REFUSED).first()
           or Submission.objects.filter(submitter=site, **contains).first()
           or Submission.objects.filter(target=site, gone="", **contains).first())
    if row is None:
        raise Http404
    descriptor = next(image for image in row.images if image["key"] == key)
    try:
        handle = assets.storage().open(descriptor["path"], "rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=mimetypes.guess_type(descriptor["name"])[0] or "image/jpeg")
    patch_cache_control(response, private=True, max_age=3600)
    return response
