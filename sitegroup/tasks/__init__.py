"""Background work across schemas: a database task queue whose tasks remember their site.

Every task (ours and Wagtail's: search index, reference index, file deletion) is queued
from inside some site's schema, while the worker (`manage.py db_worker`) runs in the public
schema. `backend.SchemaAwareDatabaseBackend` therefore queues each task wrapped in
`schema.run_in_schema`, which re-enters the schema it was queued from before running it.
"""
