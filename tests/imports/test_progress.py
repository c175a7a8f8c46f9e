"""The progress of an import is seen by the page polling it while the import's transaction runs, and
the devtools benchmark's phases report what they did."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connections, transaction

from devtools.management.commands.bench_import import Command as BenchImport
from grids.models import Community
from imports import actions
from imports.actions import progress_outside
from imports.kinds import kinds
from imports.models import ImportBatch
from residents.models import Resident


class RolledBack(Exception):
    pass


def import_meanwhile_observed(batch, observer, user_model):
    with transaction.atomic(), progress_outside(batch) as progress:
        user_model.objects.create(username="written-inside")
        progress(7)
        with observer.cursor() as cursor:
            cursor.execute("SELECT done_rows FROM imports_importbatch WHERE id = %s", [batch.pk])
            assert cursor.fetchone() == (7,)
            cursor.execute("SELECT count(*) FROM auth_user WHERE username = 'written-inside'")
            assert cursor.fetchone() == (0,)  # while what the import writes is not seen yet
        raise RolledBack


@pytest.mark.django_db(transaction=True)
def test_progress_written_inside_the_imports_transaction_is_seen_before_it_ends(django_user_model):
    user = django_user_model.objects.create(username="importer")
    batch = ImportBatch.objects.create(
        kind="residents", created_by=user, file_name="a.xlsx", file_sha256="0" * 64, total_rows=10
    )
    observer = connections.create_connection("default")
    try:
        with pytest.raises(RolledBack):
            import_meanwhile_observed(batch, observer, django_user_model)
    finally:
        observer.close()
    batch.refresh_from_db()
    assert batch.done_rows == 7
    assert not django_user_model.objects.filter(username="written-inside").exists()


def test_the_benchmarks_sheet_checks_clean_and_its_phases_report_time_memory_and_counts(demo, register):
    community = Community.objects.get(code="110101001001")
    content = BenchImport().sheet(community, 30)
    with BenchImport().settings_inline(30):
        batch = actions.batch_upload(
            user=demo["community_admin"], kind=kinds()["residents"], upload=SimpleUploadedFile("b.xlsx", content)
        )
    reports = {}
    for phase in ("check", "apply"):
        out = io.StringIO()
        call_command("bench_import", "--phase", phase, "--batch", str(batch.pk), stdout=out)
        reports[phase] = json.loads(out.getvalue().strip().splitlines()[-1])

    assert (reports["check"]["status"], reports["check"]["errors"]) == ("checked", 0)
    assert (reports["apply"]["status"], reports["apply"]["created"]) == ("done", 30)
    assert reports["apply"]["peak_mib"] > 0
    assert Resident.objects.filter(name__startswith="导入").count() == 30
