# The catalogue's items are found by their full pinyin as well as by their initials (zuidi, dibao).

from django.db import migrations, models


def spell_items(apps, schema_editor):
    from residents.models import name_spellings

    ServiceItem = apps.get_model("services", "ServiceItem")
    for item in ServiceItem.objects.all():
        item.name_initials, item.name_pinyin = name_spellings(item.name, person=False).values()
        item.save(update_fields=["name_initials", "name_pinyin"])


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0011_materials_pending"),
    ]

    operations = [
        migrations.AddField(
            model_name="serviceitem",
            name="name_pinyin",
            field=models.CharField(db_default="", editable=False, max_length=300, verbose_name="pinyin"),
        ),
        migrations.RunPython(spell_items, migrations.RunPython.noop, elidable=True),
    ]
