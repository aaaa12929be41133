"""Work a receiving site does in its own schema. Queued from inside that schema (tenant_context),
so the schema-aware queue (sitegroup.tasks) runs each task there, whichever site queued it."""
from django_tasks import task

from . import receiving


@task()
def receive_push(delivery_id):
    receiving.receive(delivery_id)


@task()
def refresh_reference(delivery_id):
    receiving.refresh_reference(delivery_id)


@task()
def withdraw_reference(delivery_id):
    receiving.withdraw_reference(delivery_id)
