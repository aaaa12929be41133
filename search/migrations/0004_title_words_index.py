"""An index of the title words alone, for the PostgreSQL backend's title-first candidates.

Built CONCURRENTLY: on a live index of a million documents a plain CREATE INDEX would hold
up every page save for the minutes it takes.
"""
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("search", "0003_document_sources"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS search_document_title_words ON search_searchdocument "
            "USING gin (ts_filter(search_vector, '{a}'::\"char\"[]))",
            "DROP INDEX CONCURRENTLY IF EXISTS search_document_title_words",
        ),
    ]
