"""What to tell the person who started a task: done, failed (and why), or queued for the worker."""
from django.contrib import messages
from django.utils.translation import gettext as _


def report_task_result(request, result, success_message):
    """A message for the person: the task's success message, its error, or that it is queued."""
    status = getattr(result, "status", None)
    if status == "SUCCESSFUL":
        level, text = messages.SUCCESS, success_message
    elif status == "FAILED":
        last_line = (result.errors[-1].traceback.strip().splitlines() or [""])[-1] if result.errors else ""
        level, text = messages.ERROR, _("It failed: %(error)s") % {"error": last_line.split(": ", 1)[-1]}
    else:
        level, text = messages.INFO, _("Queued: a background worker runs it now. This page shows its state.")
    messages.add_message(request, level, text)
