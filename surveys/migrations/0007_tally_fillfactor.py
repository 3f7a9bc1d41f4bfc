"""Room on every page of the tally tables for the next version of its rows.

Each submission rewrites all of its group's tally rows (models/answers.py).
PostgreSQL can then keep the new versions on the same page and leave the
indexes alone (a HOT update), but only when the page has room for them; rows
inserted into tightly packed pages (a group's first answer, a bulk load) move
to other pages instead and add an entry to every index, which made answering
for a small team, whose rows are new, slower than for a large one. With pages
filled to half, a group's rows can always be rewritten in place.

PostgreSQL only: SQLite has no fill factor. Existing rows keep their pages
until they are rewritten (or the table is, with VACUUM FULL).
"""

from django.db import migrations

FILLFACTOR = 50
TABLES = ("surveys_itemtally", "surveys_dimensiontally")


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {FILLFACTOR})")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("surveys", "0006_instrument_v1_translations")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
