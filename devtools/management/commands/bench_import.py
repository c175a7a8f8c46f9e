"""`manage.py bench_import`: the check and the import of a resident register of N rows (10,000 by
default) into one community of the scale district of `seed_scale`, each phase in a process of its own
as the task worker runs it, with its time and peak memory."""

import datetime
import io
import json
import resource
import subprocess
import sys
import time

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from openpyxl import Workbook
from stdnum.cn import ric

from grids.actions import staff_post_assign
from grids.models import Community, Dwelling
from grids.roles import Role
from imports import actions
from imports.kinds import kinds
from imports.models import ImportBatch

SCALE_DISTRICT = "西城区"


class Command(BaseCommand):
    help = "Time the check and the import of an N-row resident register in a community of the scale district."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--phase", choices=["check", "apply"], help="(internal) run one phase of a batch")
        parser.add_argument("--batch", type=int, help="(internal) the batch of --phase")

    def handle(self, *args, rows, phase=None, batch=None, **options):
        if phase:
            return self.run_phase(phase, batch)
        community = Community.objects.filter(street__district__name=SCALE_DISTRICT).order_by("code").first()
        if community is None:
            raise CommandError("No scale district: run seed_scale first.")
        user, _ = get_user_model().objects.get_or_create(username="bench_import")
        staff_post_assign(user=user, role=Role.COMMUNITY_ADMIN, area=community)
        content = self.sheet(community, rows)
        with self.settings_inline(rows):
            batch = actions.batch_upload(
                user=user, kind=kinds()["residents"], upload=SimpleUploadedFile("bench.xlsx", content)
            )
        self.stdout.write(f"{rows} rows into {community} ({len(content) / 1e6:.1f} MB): batch {batch.pk}")
        results = {}
        for name in ("check", "apply"):
            command = [sys.executable, "manage.py", "bench_import", "--phase", name, "--batch", str(batch.pk)]
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
            results[name] = json.loads(output.strip().splitlines()[-1])
            self.stdout.write(f"  {name}: {results[name]}")
        self.stdout.write(json.dumps(results))

    def run_phase(self, phase, batch_id):
        batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
        started = time.monotonic()
        if phase == "check":
            batch = actions.batch_check(batch=batch)
        else:
            batch.status = ImportBatch.Status.APPLYING
            batch = actions.batch_apply(batch=batch)
        seconds = time.monotonic() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result = {"status": batch.status, "seconds": round(seconds, 1), "peak_mib": round(peak), **batch.counts}
        result["errors"] = len(batch.errors)
        self.stdout.write(json.dumps(result))

    def settings_inline(self, rows):
        from django.test import override_settings

        # The upload itself only records the batch; both phases run below, in processes of their own.
        return override_settings(IMPORT_INLINE_ROWS=-1)

    def sheet(self, community, rows) -> bytes:
        dwellings = list(
            Dwelling.objects.filter(grid__community=community, building__isnull=False)
            .select_related("building__compound")
            .order_by("pk")
        )
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(["姓名", "身份证号", "联系电话", "小区", "楼栋", "单元", "房号", "户号", "与户主关系"])
        born = datetime.date(1960, 1, 1)
        stamp = int(time.time()) % 100_000
        for n in range(rows):
            # Three people a household, a new household in each dwelling.
            dwelling = dwellings[(n // 3) % len(dwellings)]
            first17 = f"9{stamp:05d}{born + datetime.timedelta(days=n // 500):%Y%m%d}{n % 500:03d}"
            household = f"B{stamp:05d}{n // 3:06d}"
            relationship = ("户主", "配偶", "子")[n % 3]
            sheet.append([
                f"导入{n}", first17 + ric.calc_check_digit(first17 + "X"), f"139{n:08d}",
                dwelling.building.compound.name, dwelling.building.name, dwelling.unit, dwelling.room,
                household, relationship,
            ])  # fmt: skip
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
