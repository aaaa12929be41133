"""Each site's accessibility rule choices, copied to the publish-check settings (stored by check id).

Only choices that differ from the rule's default are copied (an untouched site keeps following
the defaults). Nothing is changed or deleted in the old table.
"""
from django.db import migrations

# Column → check id, and the column's default (see 0001_initial).
COLUMNS = {
    "image_alt": ("image-alt", "warn"), "heading_order": ("heading-order", "warn"), "link_name": ("link-name", "warn"),
    "link_new_window": ("link-new-window", "warn"), "table_headers": ("table-headers", "warn"),
    "document_link": ("document-link", "warn"), "html_lang": ("html-lang", "block"),
}


def copy_choices(apps, schema_editor):
    legacy = apps.get_model("accessibility", "AccessibilitySettings").objects.order_by("pk").first()
    if legacy is None:
        return
    chosen = {check_id: getattr(legacy, column) for column, (check_id, default) in COLUMNS.items()
              if getattr(legacy, column) != default}
    if not chosen:
        return
    settings_model = apps.get_model("publishing", "PublishCheckSettings")
    current = settings_model.objects.order_by("pk").first() or settings_model()
    current.severities = {**chosen, **current.severities}
    current.save()


class Migration(migrations.Migration):

    dependencies = [
        ("accessibility", "0001_initial"),
        ("publishing", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_choices, migrations.RunPython.noop)]
