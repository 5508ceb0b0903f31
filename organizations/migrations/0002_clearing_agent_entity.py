from django.db import migrations


def add_clearing_agent(apps, schema_editor):
    # The registration route for licensed brokers depends on this entry, so
    # it exists in every deployment; staff may add others.
    LegalEntity = apps.get_model("organizations", "LegalEntity")
    LegalEntity.objects.get_or_create(
        code="clearing_agent",
        defaults={"name_ar": "مخلص جمركي", "name_en": "Clearing agent", "sort_order": 1},
    )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(add_clearing_agent, migrations.RunPython.noop)]
