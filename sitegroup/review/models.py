"""Workflow tasks of 先审后发 (per site: Wagtail's workflow tables live in every site schema).

- `ContentSafetyTask`: automatic. When a page reaches it, the submitted revision is rendered
  and put through content safety's publish checks (sitegroup/safety/publish_checks.py) with
  the site's severities: problems of a check set to "block" (by default: high-severity
  findings) reject it with the reasons as the comment (the editor sees them); otherwise it
  approves itself, passing the warnings (medium findings, 规范表述) on to the reviewers.
- `ReviewTask`: a person approves or requests changes. 初审 (role "moderator") needs a
  moderator or site-admin grant; 终审 (role "site_admin") a site-admin grant. Grants reach a
  site as Wagtail groups and superusers (sitegroup.identity): moderators are in "Moderators",
  site admins are superusers, and grants limited to a section (after a move-up) get a group
  named "<role> @ <section path>" that counts for pages in that section only.
"""
import logging

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from wagtail.models import Page, Task, TaskState

logger = logging.getLogger(__name__)

MODERATOR, SITE_ADMIN = "moderator", "site_admin"
MODERATORS_GROUP = "Moderators"


class ContentSafetyTask(Task):
    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        blocking, warnings = self.check_revision(task_state)
        if blocking:
            comment = _("Stopped by the content-safety check. Fix these problems and submit again:") + "\n" + \
                "\n".join(f"- {reason}" for reason in blocking + warnings)
            task_state.reject(user=None, update=False, comment=comment)
        else:
            comment = _("Content-safety check passed.")
            if warnings:  # medium findings and 规范表述 reach the reviewers as warnings
                comment += "\n" + _("Warnings:") + "\n" + "\n".join(f"- {w}" for w in warnings)
            task_state.approve(user=None, update=False, comment=comment)
        return task_state  # WorkflowState.update() moves on (or to "needs changes") by itself

    @staticmethod
    def check_revision(task_state):
        """(blocking reasons, warnings) for the submitted revision."""
        # Imported here, not with the models: importing publish_checks registers the checks, which
        # the publishing app does once every app is loaded.
        from sitegroup.publishing import Severity
        from sitegroup.publishing.runner import describe, run_checks
        from sitegroup.safety.publish_checks import CHECKS as SAFETY_CHECKS

        page = task_state.revision.as_object()
        try:
            results = run_checks(page, checks=SAFETY_CHECKS)
        except Exception as error:  # unable to check is not a pass: a page that cannot render is not published
            logger.exception("content-safety check of revision %s failed", task_state.revision_id)
            return [_("The page could not be checked (%(error)s).") % {"error": error}], []
        return ([describe(problem) for problem, severity in results if severity == Severity.BLOCK],
                [describe(problem) for problem, severity in results if severity != Severity.BLOCK])

    def get_actions(self, obj, user):
        return []  # automatic: nobody approves it by hand

    @classmethod
    def get_description(cls):
        return _("Checks the page automatically for gambling, spam, hidden links and sensitive words; "
                 "high-severity problems send it back to the editor with the reasons.")

    class Meta:
        verbose_name = gettext_lazy("content-safety check")
        verbose_name_plural = gettext_lazy("content-safety checks")


def _section_groups(user, roles):
    """Section paths of the user's section grants with one of `roles` (identity's group names)."""
    prefixes = tuple(f"{role} @ " for role in roles)
    return [name.split(" @ ", 1)[1] for name in user.groups.values_list("name", flat=True) if name.startswith(prefixes)]


class ReviewTask(Task):
    class Role(models.TextChoices):
        MODERATOR = MODERATOR, gettext_lazy("Moderators and site administrators (初审)")
        SITE_ADMIN = SITE_ADMIN, gettext_lazy("Site administrators (终审)")

    role = models.CharField(gettext_lazy("who reviews"), max_length=16, choices=Role.choices, default=MODERATOR)

    admin_form_fields = Task.admin_form_fields + ["role"]

    def _roles(self):
        return (MODERATOR, SITE_ADMIN) if self.role == MODERATOR else (SITE_ADMIN,)

    def reviews_everywhere(self, user):
        if not user.is_active:
            return False
        if user.is_superuser:
            return True
        return self.role == MODERATOR and user.groups.filter(name=MODERATORS_GROUP).exists()

    def may_review(self, obj, user):
        if self.reviews_everywhere(user):
            return True
        url_path = getattr(obj, "url_path", "") or ""
        return any(url_path.startswith(section) for section in _section_groups(user, self._roles()))

    def user_can_access_editor(self, obj, user):
        return self.may_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.may_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.may_review(obj, user)

    def get_actions(self, obj, user):
        if self.may_review(obj, user):
            return [("reject", pgettext("review action", "Request changes"), True),
                    ("approve", pgettext("review action", "Approve"), False),
                    ("approve", pgettext("review action", "Approve with comment"), True)]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if self.reviews_everywhere(user):
            return states
        sections = _section_groups(user, self._roles())
        if not sections:
            return TaskState.objects.none()
        page_ids = Page.objects.filter(
            models.Q(*[models.Q(url_path__startswith=s) for s in sections], _connector=models.Q.OR)
        ).values_list("pk", flat=True)
        return states.filter(workflow_state__object_id__in=[str(pk) for pk in page_ids])

    @classmethod
    def get_description(cls):
        return _("Reviewed by people holding the chosen grant on the site "
                 "(初审: moderators; 终审: site administrators).")

    class Meta:
        verbose_name = gettext_lazy("review step")
        verbose_name_plural = gettext_lazy("review steps")
