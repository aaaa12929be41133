"""Personal data is kept only as long as needed: after SITEGROUP_INTERACTION_RETENTION_DAYS the
writer's and requester's contact details and attachments of finished cases are erased. The case
itself (subject, text, reply, dates, outcome) stays for the statistics and the annual reports."""
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from . import personal
from .models import DisclosureRequest, Letter
from .shared.models import Transfer

FINISHED = [Letter.Status.ANSWERED, Letter.Status.TRANSFERRED, Letter.Status.REJECTED]
ERASED = "（已按保存期限删除）"


def cutoff(days=None):
    return timezone.now() - datetime.timedelta(days=days or settings.SITEGROUP_INTERACTION_RETENTION_DAYS)


@transaction.atomic
def purge_site(site, days=None):
    """Erase personal data of finished cases older than the retention period; returns counts."""
    before = cutoff(days)
    with schema_context(site.schema_name):
        letters = Letter.objects.filter(status__in=FINISHED, received_at__lt=before).exclude(name="", phone="")
        letter_count = letters.update(name="", phone="", email="", attachment_name="", attachment_data=None)
        requests = DisclosureRequest.objects.filter(status=DisclosureRequest.Status.ANSWERED,
                                                    received_at__lt=before).exclude(phone="")
        request_count = requests.update(requester=personal.encrypt(ERASED), id_number=personal.encrypt(ERASED),
                                        phone="", email="", address="", answer_attachment_data=None)
    transfers = Transfer.objects.filter(source_site=site, received_at__lt=before).exclude(
        state=Transfer.State.PENDING).exclude(phone="")
    transfer_count = transfers.update(name="", phone="", email="", attachment_data=None)
    return {"letters": letter_count, "requests": request_count, "transfers": transfer_count}


def rotate_site(site):
    """Re-encrypt every personal value of the site under the newest key (after a key was added)."""
    fields = {Letter: ["name", "phone", "email"],
              DisclosureRequest: ["requester", "id_number", "phone", "email", "address"]}
    changed = 0
    with schema_context(site.schema_name), transaction.atomic():
        for model, names in fields.items():
            for pk, *values in model.objects.values_list("pk", *names).iterator():
                model.objects.filter(pk=pk).update(**dict(zip(names, values, strict=True)))  # read plain, written anew
                changed += 1
    return changed
