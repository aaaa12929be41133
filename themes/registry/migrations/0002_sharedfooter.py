"""The public copy of each site's footer values (themes/footer.py), filled from the sites that exist."""

import django.db.models.deletion
from django.db import migrations, models

FIELDS = ("organiser", "icp_number", "police_number", "address", "phone", "email")


def copy_existing_footers(apps, schema_editor):
    """Each existing site's values, read from its own schema (later saves keep them current)."""
    Tenant = apps.get_model("tenants", "Tenant")
    SharedFooter = apps.get_model("theme_registry", "SharedFooter")
    with schema_editor.connection.cursor() as cursor:
        for site in Tenant.objects.all():
            cursor.execute("SELECT to_regclass(%s)", [f'"{site.schema_name}".themes_siteappearance'])
            if cursor.fetchone()[0] is None:
                continue
            cursor.execute(f'SELECT {", ".join(FIELDS)} FROM "{site.schema_name}".themes_siteappearance LIMIT 1')
            row = cursor.fetchone()
            if row:
                SharedFooter.objects.update_or_create(site=site, defaults=dict(zip(FIELDS, row)))


class Migration(migrations.Migration):

    dependencies = [
        ('tenants', '0002_moveup'),
        ('theme_registry', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SharedFooter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('organiser', models.CharField(blank=True, max_length=120, verbose_name='organiser (承办单位)')),
                ('icp_number', models.CharField(blank=True, max_length=60, verbose_name='ICP record number (ICP备案号)')),
                ('police_number', models.CharField(blank=True, max_length=80, verbose_name='public security record number (公安备案号)')),
                ('address', models.CharField(blank=True, max_length=200, verbose_name='address')),
                ('phone', models.CharField(blank=True, max_length=60, verbose_name='telephone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('site', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenants.tenant', verbose_name='site')),
            ],
            options={
                'verbose_name': 'shared footer',
            },
        ),
        migrations.RunPython(copy_existing_footers, migrations.RunPython.noop),
    ]
