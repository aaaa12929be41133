"""The plugin's scheduled jobs, registered the way a later app (site health, reminders...) would."""
from datetime import timedelta

from wagtail.models import Collection

from sitegroup.scheduling import ScheduledJob, register_scheduled_job

# Sites (slugs) on which the job raises, set by a test.
FAIL_ON = set()


def leave_a_mark(site):
    """Writes a mark in the site's schema, then fails where a test asked it to (after writing)."""
    root = Collection.get_first_root_node()
    root.add_child(instance=Collection(name=f"scheduled-mark-{site.slug}"))
    if site.slug in FAIL_ON:
        raise RuntimeError(f"the plugin job breaks on {site.slug}")
    return "marked"


register_scheduled_job(ScheduledJob(name="test_plugin_mark", label="Plugin mark", run=leave_a_mark, per_site=True,
                                    every=timedelta(days=1), enabled=lambda: bool(ENABLED)))
register_scheduled_job(ScheduledJob(name="test_plugin_queued_mark", label="Plugin mark, queued", run=leave_a_mark,
                                    per_site=True, queue=True, every=timedelta(days=1), enabled=lambda: bool(ENABLED)))

# Off unless a test turns it on, so a scheduled run in another test does not write marks.
ENABLED = []
