"""A resident's grid and community, kept on the resident by triggers, for scoped lists by index range.

residents_resident_area sets them from the dwelling on insert and whenever the dwelling changes;
grids_dwelling_moves_residents and grids_grid_moves_residents carry a dwelling moved to another
grid, or a grid to another community, over to the people living there.
"""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

AREA_TRIGGERS = """
CREATE FUNCTION residents_resident_area() RETURNS trigger AS $$
BEGIN
    SELECT g.id, g.community_id INTO NEW.grid_id, NEW.community_id
    FROM grids_dwelling d JOIN grids_grid g ON g.id = d.grid_id WHERE d.id = NEW.dwelling_id;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER residents_resident_area
    BEFORE INSERT OR UPDATE OF dwelling_id, grid_id, community_id ON residents_resident
    FOR EACH ROW EXECUTE FUNCTION residents_resident_area();

CREATE FUNCTION grids_dwelling_moves_residents() RETURNS trigger AS $$
BEGIN
    UPDATE residents_resident SET grid_id = NEW.grid_id WHERE dwelling_id = NEW.id;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER grids_dwelling_moves_residents
    AFTER UPDATE OF grid_id ON grids_dwelling
    FOR EACH ROW WHEN (OLD.grid_id IS DISTINCT FROM NEW.grid_id)
    EXECUTE FUNCTION grids_dwelling_moves_residents();

CREATE FUNCTION grids_grid_moves_residents() RETURNS trigger AS $$
BEGIN
    UPDATE residents_resident SET community_id = NEW.community_id WHERE grid_id = NEW.id;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER grids_grid_moves_residents
    AFTER UPDATE OF community_id ON grids_grid
    FOR EACH ROW WHEN (OLD.community_id IS DISTINCT FROM NEW.community_id)
    EXECUTE FUNCTION grids_grid_moves_residents();
"""

DROP_AREA_TRIGGERS = """
DROP TRIGGER grids_grid_moves_residents ON grids_grid;
DROP FUNCTION grids_grid_moves_residents();
DROP TRIGGER grids_dwelling_moves_residents ON grids_dwelling;
DROP FUNCTION grids_dwelling_moves_residents();
DROP TRIGGER residents_resident_area ON residents_resident;
DROP FUNCTION residents_resident_area();
"""

BACKFILL = """
UPDATE residents_resident r SET grid_id = g.id, community_id = g.community_id
FROM grids_dwelling d JOIN grids_grid g ON g.id = d.grid_id WHERE d.id = r.dwelling_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('grids', '0003_role_department_liaison'),
        ('residents', '0001_initial'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='resident',
            name='update_update',
        ),
        migrations.AddField(
            model_name='resident',
            name='community',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='grids.community', verbose_name='community'),
        ),
        migrations.AddField(
            model_name='resident',
            name='grid',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='grids.grid', verbose_name='grid'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='resident',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."birth_date" IS DISTINCT FROM (NEW."birth_date") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."dwelling_id" IS DISTINCT FROM (NEW."dwelling_id") OR OLD."education" IS DISTINCT FROM (NEW."education") OR OLD."employment_status" IS DISTINCT FROM (NEW."employment_status") OR OLD."ethnicity" IS DISTINCT FROM (NEW."ethnicity") OR OLD."gender" IS DISTINCT FROM (NEW."gender") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."id_number" IS DISTINCT FROM (NEW."id_number") OR OLD."marital_status" IS DISTINCT FROM (NEW."marital_status") OR OLD."moved_in_on" IS DISTINCT FROM (NEW."moved_in_on") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."name_initials" IS DISTINCT FROM (NEW."name_initials") OR OLD."phone" IS DISTINCT FROM (NEW."phone") OR OLD."political_status" IS DISTINCT FROM (NEW."political_status") OR OLD."registered_address" IS DISTINCT FROM (NEW."registered_address") OR OLD."residence_type" IS DISTINCT FROM (NEW."residence_type") OR OLD."skills" IS DISTINCT FROM (NEW."skills") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."status_changed_on" IS DISTINCT FROM (NEW."status_changed_on") OR OLD."status_note" IS DISTINCT FROM (NEW."status_note") OR OLD."updated_at" IS DISTINCT FROM (NEW."updated_at") OR OLD."version" IS DISTINCT FROM (NEW."version") OR OLD."wanted_job" IS DISTINCT FROM (NEW."wanted_job"))', func='INSERT INTO "residents_residentevent" ("created_at", "dwelling_id", "education", "employment_status", "ethnicity", "id", "id_number", "marital_status", "moved_in_on", "name", "name_initials", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "political_status", "registered_address", "residence_type", "skills", "status", "status_changed_on", "status_note", "updated_at", "version", "wanted_job") VALUES (NEW."created_at", NEW."dwelling_id", NEW."education", NEW."employment_status", NEW."ethnicity", NEW."id", NEW."id_number", NEW."marital_status", NEW."moved_in_on", NEW."name", NEW."name_initials", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone", NEW."political_status", NEW."registered_address", NEW."residence_type", NEW."skills", NEW."status", NEW."status_changed_on", NEW."status_note", NEW."updated_at", NEW."version", NEW."wanted_job"); RETURN NULL;', hash='b7145b4c9c287b727227d0391945e5536bfd372b', operation='UPDATE', pgid='pgtrigger_update_update_7908c', table='residents_resident', when='AFTER')),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name='resident',
            name='community',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='grids.community', verbose_name='community'),
        ),
        migrations.AlterField(
            model_name='resident',
            name='grid',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='grids.grid', verbose_name='grid'),
        ),
        migrations.RunSQL(AREA_TRIGGERS, DROP_AREA_TRIGGERS),
        migrations.AddIndex(
            model_name='resident',
            index=models.Index(condition=models.Q(('status', 'active')), fields=['community', 'id'], name='resident_active_community'),
        ),
        migrations.AddIndex(
            model_name='resident',
            index=models.Index(condition=models.Q(('status', 'active')), fields=['grid', 'id'], name='resident_active_grid'),
        ),
    ]
