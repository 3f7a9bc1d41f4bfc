from django.db import migrations

from surveys.instrument import V1, install_instrument


def forwards(apps, schema_editor):
    models = {
        name: apps.get_model("surveys", name)
        for name in ("Instrument", "Dimension", "Item", "OpenQuestion")
    }
    install_instrument(models, V1)


def backwards(apps, schema_editor):
    apps.get_model("surveys", "Instrument").objects.filter(version=V1["version"]).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
