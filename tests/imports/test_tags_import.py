"""Importing special groups (特殊人群) of residents already on the register."""

import datetime

from django.contrib.auth.models import Group, Permission

from grids.roles import Role
from imports.models import ImportBatch
from residents.choices import TagKind
from residents.models import ResidentTag
from tests.imports.test_residents_import import confirm, upload, xlsx
from tests.residents.fixtures import LI_SI, WANG_WU, ZHANG_SAN, ZHAO_LIU

HEADERS = ["身份证号", "类别", "起始日期", "结束日期", "备注"]


def upload_tags(client, rows):
    return upload(client, xlsx(rows, headers=HEADERS), name="特殊人群.xlsx", kind="tags")


def test_tags_are_opened_and_ended_by_id_number(admin_client, register):
    rows = [
        [ZHAO_LIU, "低保", "2026/1/5", None, "2026 年新认定"],
        [ZHANG_SAN, "独居老人", None, "2026年6月30日", None],  # ends her current tag
        [LI_SI, "待就业", datetime.date(2026, 3, 1), None, None],
    ]
    rows[1][2] = "2020-01-01"

    upload_tags(admin_client, rows)

    batch = ImportBatch.objects.get()
    assert (batch.status, batch.counts) == ("checked", {"created": 2, "updated": 1, "unchanged": 0}), batch.errors
    confirm(admin_client, batch)
    batch.refresh_from_db()
    assert batch.status == "done", batch.errors
    assert ResidentTag.objects.get(resident=register["zhao"], kind=TagKind.LOW_INCOME).since == datetime.date(
        2026, 1, 5
    )
    assert ResidentTag.objects.get(resident=register["zhang"], kind=TagKind.ELDERLY_ALONE).until == datetime.date(
        2026, 6, 30
    )


def test_residents_outside_the_area_and_unknown_groups_are_errors(admin_client, register):
    upload_tags(admin_client, [[WANG_WU, "低保", "2026-01-05"], [ZHAO_LIU, "富豪", "2026-01-05"]])

    batch = ImportBatch.objects.get()
    assert [error[:2] for error in batch.errors] == [[2, "身份证号"], [3, "类别"]]
    assert not ResidentTag.objects.filter(resident=register["wang"]).exists()


def test_without_the_permission_sensitive_groups_cannot_be_imported(admin_client, register):
    group = Group.objects.get(name=Role.COMMUNITY_ADMIN.group_name)
    group.permissions.remove(Permission.objects.get(codename="view_sensitive_tags"))

    upload_tags(admin_client, [[ZHAO_LIU, "社区矫正", "2026-01-05"]])

    batch = ImportBatch.objects.get()
    assert [error[:2] for error in batch.errors] == [[2, "类别"]]
