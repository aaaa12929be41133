"""Staff with a grant handle letters (Editors, Moderators); Moderators also approve replies, keep the
department list and moderate consultation comments.

Site administrators are superusers of their site and have both. The permissions are created
here (post_migrate would be too late for the template schema's baseline)."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editors": ["handle_letter"],
    "Moderators": ["handle_letter", "review_reply", "add_department", "change_department", "delete_department",
                   "change_consultationcomment"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("interaction")
    app_config.models_module = True  # a migration's app config stub has none; create_permissions wants one
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.add(*Permission.objects.filter(content_type__app_label="interaction",
                                                             codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="interaction",
                              codename__in=["handle_letter", "review_reply"]).delete()  # the model permissions go with the models


class Migration(migrations.Migration):
    dependencies = [
        ("interaction", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
