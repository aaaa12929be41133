"""After every save, the editor sees what the publish checks found (blocking or not)."""
from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail import hooks

from .registry import get_publish_check
from .runner import describe, run_checks


def warn_after_save(request, page):
    revision = page.get_latest_revision_as_object()
    try:
        problems = run_checks(revision)
    except Exception:  # a page that cannot render is reported by the form, not here
        return
    groups = {}
    for problem, _severity in problems:
        group = get_publish_check(problem.rule).group or _("Publish checks")
        groups.setdefault(str(group), []).append(problem)
    for group, found in groups.items():
        messages.warning(request, _("%(group)s: %(count)d problem(s) to fix before publishing: %(list)s") % {
            "group": group, "count": len(found), "list": "; ".join(describe(p) for p in found[:5])})


hooks.register("after_edit_page", warn_after_save)
hooks.register("after_create_page", warn_after_save)
