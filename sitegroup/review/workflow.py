"""The 先审后发 workflow of a site: content-safety check → 初审 → 终审 (or → 审核 in one step).

It is part of the template schema's baseline (created by this app's data migration, which
also runs on every existing site), so every site cloned from the template has it from its
first second; `ensure_review_workflow()` repairs a site whose workflow was deleted
(`manage.py review_workflow --all --repair`). It is assigned to the tree's root page, so every
page of the site, its English tree, and sections moved up into it fall under it.
Run inside the site's schema.
"""
from django.db import transaction

WORKFLOW_NAME = "先审后发"
SAFETY_TASK_NAME = "内容安全检查"
FIRST_REVIEW_NAME = "初审"
FINAL_REVIEW_NAME = "终审"


def review_workflow():
    from wagtail.models import Page, WorkflowPage

    root = Page.get_first_root_node()
    link = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
    return link.workflow if link and link.workflow.name == WORKFLOW_NAME else None


def review_steps():
    """1 or 2: how many human review steps the site's workflow has (0 without the workflow)."""
    from .models import ReviewTask

    workflow = review_workflow()
    if workflow is None:
        return 0
    return ReviewTask.objects.filter(workflow_tasks__workflow=workflow).count()


@transaction.atomic
def ensure_review_workflow(steps=None):
    """Create or repair the site's workflow; returns it. `steps` (1 or 2) changes the review steps."""
    from wagtail.models import Page, Workflow, WorkflowPage, WorkflowTask

    from .models import ContentSafetyTask, ReviewTask

    workflow = review_workflow() or Workflow.objects.filter(name=WORKFLOW_NAME).first() or \
        Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    steps = steps or review_steps() or 2
    if steps not in (1, 2):
        raise ValueError("a site reviews in one or two steps")
    safety = ContentSafetyTask.objects.filter(name=SAFETY_TASK_NAME).first() or \
        ContentSafetyTask.objects.create(name=SAFETY_TASK_NAME)
    first = ReviewTask.objects.filter(role=ReviewTask.Role.MODERATOR).first() or \
        ReviewTask.objects.create(name=FIRST_REVIEW_NAME, role=ReviewTask.Role.MODERATOR)
    final = ReviewTask.objects.filter(role=ReviewTask.Role.SITE_ADMIN).first() or \
        ReviewTask.objects.create(name=FINAL_REVIEW_NAME, role=ReviewTask.Role.SITE_ADMIN)
    wanted = [safety, first] + ([final] if steps == 2 else [])
    current = list(WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order")
                   .values_list("task_id", flat=True))
    if current != [task.pk for task in wanted]:
        WorkflowTask.objects.filter(workflow=workflow).delete()
        for order, task in enumerate(wanted):
            if not task.active:
                task.active = True
                task.save(update_fields=["active"])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    root = Page.get_first_root_node()
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow
