from django.db import connection
from django.urls import get_urlconf, set_urlconf
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.backend import DatabaseBackend

WRAPPER = "sitegroup.tasks.schema.run_in_schema"


class SchemaAwareDatabaseBackend(DatabaseBackend):
    """django-tasks-db's queue (a table in the public schema), each task carrying its schema."""

    def enqueue(self, task, args, kwargs):
        if task.module_path == WRAPPER:
            return super().enqueue(task, args, kwargs)
        from .schema import run_in_schema

        self.validate_task(task)
        wrapped = run_in_schema.using(priority=task.priority, queue_name=task.queue_name,
                                      run_after=task.run_after, backend=self.alias)
        return super().enqueue(wrapped, [connection.schema_name, task.module_path, list(args), dict(kwargs)], {})

    async def aenqueue(self, task, args, kwargs):
        # Async callers go through the same wrapping (the schema is read from the connection).
        from asgiref.sync import sync_to_async

        return await sync_to_async(self.enqueue)(task, args, kwargs)


class InlineBackend(ImmediateBackend):
    """Runs each task at once, inside the caller, but as a worker would run it.

    A task queued from a request on the platform host (the console) would otherwise inherit that
    request's URLconf (`sitegroup.urls_public`), where no site's page URLs exist: search indexing,
    redirects and link rewriting of the pages the task creates reverse them and fail. A worker has
    the default URLconf, so the inline run gets it too, and the caller's is restored afterwards.
    """

    def _execute_task(self, task_result):
        previous_urlconf = get_urlconf()
        set_urlconf(None)
        try:
            super()._execute_task(task_result)
        finally:
            set_urlconf(previous_urlconf)
