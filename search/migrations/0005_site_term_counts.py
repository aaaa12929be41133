"""Counts per site of the index's common words (search/backends/pgsitecounts.py).

An index that already holds documents gets the counts of its common words here: one look-up
of the GIN index per word.
"""
import django.db.models.deletion
from django.db import migrations, models


def count_common_words(apps, schema_editor):
    from search.backends import pgsitecounts

    with schema_editor.connection.cursor() as cursor:
        pgsitecounts.recount(cursor)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0004_title_words_index"),
        ("tenants", "0002_moveup"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchterm",
            name="counted_per_site",
            field=models.BooleanField(db_default=False),
        ),
        migrations.CreateModel(
            name="SiteTermCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("term", models.CharField(max_length=64)),
                ("doc_count", models.IntegerField()),
                ("site", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                           to="tenants.tenant")),
            ],
            options={
                "verbose_name": "common word count per site",
                "constraints": [models.UniqueConstraint(fields=("term", "site"), name="search_sitetermcount_term_site")],
            },
        ),
        migrations.RunPython(count_common_words, migrations.RunPython.noop),
    ]
