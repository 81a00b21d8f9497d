"""Load the 193 Member States, the observer States and the observer organisations on migrate."""

from django.db import migrations


def load(apps, schema_editor):
    from hemicycle.delegations.reference import all_delegations

    Delegation = apps.get_model("delegations", "Delegation")
    for ref in all_delegations():
        Delegation.objects.update_or_create(
            code=ref.code,
            defaults={
                "iso2": ref.iso2,
                "name": ref.name,
                "category": ref.category,
                "regional_group": ref.group,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("delegations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
