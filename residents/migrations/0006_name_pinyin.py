# Full pinyin beside the initials, so that a clerk typing zhangsan finds 张三; the initials are computed
# again too, as polyphonic surnames (曾 zeng, 单 shan) are now read as surnames. Indexes built
# concurrently: a register of a million residents keeps taking changes while they are made.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models

BATCH = 10_000


def spell_names(apps, schema_editor):
    from residents.models import name_spellings

    Resident = apps.get_model("residents", "Resident")
    spelled, last = {}, 0
    with schema_editor.connection.cursor() as cursor:
        while batch := list(Resident.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "name")[:BATCH]):
            last = batch[-1][0]
            rows = [
                (pk, *(spelled.get(name) or spelled.setdefault(name, tuple(name_spellings(name).values()))))
                for pk, name in batch
            ]
            cursor.execute(
                "UPDATE residents_resident r SET name_initials = v.initials, name_pinyin = v.pinyin"
                " FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, initials, pinyin)"
                " WHERE r.id = v.id AND (r.name_initials, r.name_pinyin) IS DISTINCT FROM (v.initials, v.pinyin)",
                [list(column) for column in zip(*rows, strict=True)],
            )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("grids", "0005_dwelling_owner"),
        ("residents", "0005_tail4_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="resident",
            name="name_pinyin",
            field=models.CharField(
                db_default="",
                editable=False,
                help_text="Kept up to date from the name.",
                max_length=200,
                verbose_name="pinyin",
            ),
        ),
        migrations.RunPython(spell_names, migrations.RunPython.noop, elidable=True),
        AddIndexConcurrently(
            model_name="resident",
            index=models.Index(
                fields=["name_pinyin"], name="resident_pinyin_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ),
        AddIndexConcurrently(
            model_name="resident",
            index=models.Index(
                condition=models.Q(("status", "active")),
                fields=["community", "name_pinyin"],
                name="resident_community_pinyin",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
        ),
        # Statistics of the filled column for the planner, which otherwise picks the whole-district
        # index over the community's until autovacuum's next analyze.
        migrations.RunSQL("ANALYZE residents_resident", migrations.RunSQL.noop),
    ]
