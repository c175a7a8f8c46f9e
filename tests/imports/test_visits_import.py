"""Importing visits (走访) kept on paper."""

import datetime

from imports.models import ImportBatch
from residents.choices import VisitKind
from residents.models import Visit
from tests.imports.test_residents_import import confirm, upload, xlsx

HEADERS = ["户号", "走访日期", "走访类型", "走访内容", "需要跟进"]


def upload_visits(client, rows):
    return upload(client, xlsx(rows, headers=HEADERS), name="走访记录.xlsx", kind="visits")


def test_visits_are_recorded_once_even_when_the_sheet_is_imported_twice(admin_client, demo, register):
    rows = [
        ["H0001", "2026-03-01", "六到家", "老人身体好", "否"],
        ["H0001", datetime.date(2026, 4, 1), None, "", "是"],
    ]
    upload_visits(admin_client, rows)
    confirm(admin_client, ImportBatch.objects.get())

    visits = Visit.objects.filter(household=register["household"]).order_by("visited_on")
    assert [(v.visited_on, v.kind, v.follow_up_needed, v.worker) for v in visits] == [
        (datetime.date(2026, 3, 1), VisitKind.SIX_AT_HOME, False, demo["community_admin"]),
        (datetime.date(2026, 4, 1), VisitKind.ROUTINE, True, demo["community_admin"]),
    ]
    assert visits[0].grid == register["grid_1"]

    upload_visits(admin_client, rows)
    again = ImportBatch.objects.order_by("-pk").first()
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 2}


def test_visits_to_households_outside_the_area_or_in_the_future_are_errors(client, demo, register):
    client.force_login(demo["grid_a"])
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)  # noqa: DTZ011 - a calendar date

    upload_visits(client, [["H0002", "2026-03-01"], ["H0001", tomorrow], ["H0001", "2026-03-01", "看望"]])

    batch = ImportBatch.objects.get()
    assert [error[:2] for error in batch.errors] == [[2, "户号"], [3, "走访日期"], [4, "走访类型"]]
    assert not Visit.objects.exists()
