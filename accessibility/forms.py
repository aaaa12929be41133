from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


def describe(problem):
    where = _("in “%(field)s”") % {"field": problem.field} if problem.field else problem.location
    return f"{problem.message} ({where}: {problem.excerpt})"


class AccessibilityCheckedPageForm(WagtailAdminPageForm):
    """Refuses to publish while a rule the site set to “block” finds a problem."""

    def _post_clean(self):
        super()._post_clean()
        if "action-publish" not in self.data or self.errors:
            return
        from .models import Severity
        from .page_checks import check_page

        try:
            problems = check_page(self.instance)
        except Exception:  # a page that cannot render yet is the editor's other errors' business
            return
        blocking = [problem for problem, severity in problems if severity == Severity.BLOCK]
        if blocking:
            self.add_error(None, ValidationError(
                [_("Not published: fix these accessibility problems first.")] + [describe(p) for p in blocking]))
