"""Names Wagtail's migrations write in English into every site, which editors then read: the default
workflow and task "Moderators approval" (on every save button: "提交给Moderators approval") and the
tree root "Root" (first crumb of the page explorer). Renamed in every site and in the template
schema, only while they still have Wagtail's generated names."""
from django.db import migrations

GENERATED = "Moderators approval"
WORKFLOW_NAME = "内容审核"
TASK_NAME = "审核员审批"
ROOT, ROOT_NAME = "Root", "根目录"


def rename(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=GENERATED).update(name=WORKFLOW_NAME)
    apps.get_model("wagtailcore", "Task").objects.filter(name=GENERATED).update(name=TASK_NAME)
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=ROOT).update(title=ROOT_NAME,
                                                                                     draft_title=ROOT_NAME)


def restore(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).update(name=GENERATED)
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).update(name=GENERATED)
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=ROOT_NAME).update(title=ROOT,
                                                                                          draft_title=ROOT)


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0098_apitoken")]
    operations = [migrations.RunPython(rename, restore)]
