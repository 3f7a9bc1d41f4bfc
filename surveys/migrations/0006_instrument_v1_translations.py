"""Instrument v1 in German, French, Spanish and Swedish (surveys/instrument_i18n.py)."""

from django.db import migrations

from surveys.instrument_i18n import V1_TRANSLATIONS
from surveys.translations import install_translations


def forwards(apps, schema_editor):
    names = (
        "Instrument", "Dimension", "DimensionText", "Item", "ItemText", "OpenQuestion",
        "OpenQuestionText",
    )  # fmt: skip
    install_translations({n: apps.get_model("surveys", n) for n in names}, 1, V1_TRANSLATIONS)


def backwards(apps, schema_editor):
    for name in ("DimensionText", "ItemText", "OpenQuestionText"):
        apps.get_model("surveys", name).objects.filter(language__in=list(V1_TRANSLATIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0005_instrument_translations")]

    operations = [migrations.RunPython(forwards, backwards)]
