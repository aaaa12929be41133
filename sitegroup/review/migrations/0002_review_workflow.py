"""Every site (and the template schema new sites are cloned from) gets the 先审后发 workflow:
内容安全检查 → 初审 → 终审, assigned to the root page in place of Wagtail's default
"Moderators approval" (which is deactivated when nothing else uses it)."""
from django.db import migrations

WORKFLOW_NAME = "先审后发"


def create_review_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    ContentSafetyTask = apps.get_model("review", "ContentSafetyTask")
    ReviewTask = apps.get_model("review", "ReviewTask")

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    safety_type, _ = ContentType.objects.get_or_create(app_label="review", model="contentsafetytask")
    review_type, _ = ContentType.objects.get_or_create(app_label="review", model="reviewtask")
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    tasks = [
        ContentSafetyTask.objects.create(name="内容安全检查", content_type=safety_type, active=True),
        ReviewTask.objects.create(name="初审", role="moderator", content_type=review_type, active=True),
        ReviewTask.objects.create(name="终审", role="site_admin", content_type=review_type, active=True),
    ]
    for order, task in enumerate(tasks):
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=order)
    previous = WorkflowPage.objects.filter(page=root).first()
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    if previous is not None and previous.workflow_id != workflow.pk:
        old = previous.workflow_id
        unused = not WorkflowPage.objects.filter(workflow_id=old).exists()
        idle = not WorkflowState.objects.filter(workflow_id=old, status__in=["in_progress", "needs_changes"]).exists()
        if unused and idle:
            Workflow.objects.filter(pk=old).update(active=False)


def remove_review_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_task_types"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_review_workflow, remove_review_workflow)]
