"""The cache's table (settings.CACHES, a DatabaseCache), so that `migrate` is all a new database needs."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("plans", "0008_revision")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
