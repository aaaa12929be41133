"""A received page is published by the receiving site's own rules, never around them.

1. The site's publish checks (sitegroup.publishing) run as they do for the publish button: a
   check the site set to *block* keeps the page a draft, with the problems listed.
2. A person who may publish in that column publishes; a standing rule with no person publishes
   only when the site chose “publish” for it.
3. Otherwise (a person without publish rights, or a standing rule set to “keep for review”) the
   page is submitted to the Wagtail workflow that applies to it, if any (issue 12's 先审后发
   workflows plug in here with no change), else it stays a draft for an editor.
The delivery or submission becomes “published” only when the page goes live (signals.py).
"""
from dataclasses import dataclass, field

from sitegroup.publishing.runner import blocking, run_checks

PUBLISHED = "published"
IN_REVIEW = "in_review"
DRAFT = "draft"


@dataclass
class Outcome:
    """What became of a received page: the page, its state and any blocking problems."""

    page: object = None
    state: str = ""
    problems: list = field(default_factory=list)


def publish_or_review(page, revision, user, *, review=False):
    """(state, blocking problems) after trying to publish `page`'s `revision` under the site's rules."""
    problems = blocking(run_checks(page))
    if problems:
        return DRAFT, problems
    may_publish = user is None or page.permissions_for_user(user).can_publish()
    if may_publish and not review:
        revision.publish(user=user)
        return PUBLISHED, []
    workflow = page.get_workflow()
    if workflow is not None and not page.workflow_in_progress:
        workflow.start(page, user)
        return IN_REVIEW, []
    return DRAFT, []
