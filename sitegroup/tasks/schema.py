"""The wrapping task. Kept apart from the backend: defining it there is an import cycle."""
from django.utils.module_loading import import_string
from django_tasks import task
from django_tenants.utils import schema_context


class TaskMissing(LookupError):
    pass


@task(takes_context=True)
def run_in_schema(context, schema_name, task_path, args, kwargs):
    """Run the task at `task_path` inside `schema_name` (where it was queued)."""
    from django_tenants.utils import get_public_schema_name

    from tenants.models import Tenant

    try:
        inner = import_string(task_path)
    except ImportError as exc:
        raise TaskMissing(f"Task {task_path} no longer exists (queued in schema {schema_name}).") from exc
    # A site deleted while its task waited: nothing to do, and never run it in another schema.
    if schema_name != get_public_schema_name() and not Tenant.objects.filter(schema_name=schema_name).exists():
        return None
    with schema_context(schema_name):
        if inner.takes_context:
            return inner.call(context, *args, **kwargs)
        return inner.call(*args, **kwargs)
