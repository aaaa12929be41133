"""Move-up as background tasks, so the console's request does not wait for a large township.

With the immediate task backend they run inline; with the database backend a worker runs
them (they work in the public schema and enter the sites themselves).
"""
from django_tasks import task


@task()
def move_up_task(slug, section_path, notice_days=30):
    from . import move_up

    return move_up(slug, section_path, notice_days=notice_days).pk


@task()
def resume_move_task(slug):
    from . import resume_move

    return resume_move(slug).pk


@task()
def rollback_move_task(slug):
    from . import rollback_move_of

    return rollback_move_of(slug).pk
