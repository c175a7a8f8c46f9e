"""Every list exports what it shows: the same rows for each user's scope and filters, masked unless
permitted (and then recorded), formula-safe, with a bold frozen header and a file name that says what."""

import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from exports.models import Export
from residents.models import Resident
from tests.residents.fixtures import ZHANG_SAN

AREA_A = "多福巷社区第一网格"  # grid_a's post


def export(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response


def sheet_rows(response):
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]


def names(response):
    return {row[0] for row in sheet_rows(response)[1]}


@pytest.mark.parametrize(
    ("username", "params", "expected"),
    [
        ("grid_a", {}, {"张三", "赵六"}),
        ("grid_b", {}, {"李四"}),
        ("community_admin", {}, {"张三", "赵六", "李四"}),
        ("community_admin", {"tag": "elderly_alone"}, {"张三"}),
        ("official", {}, {"张三", "赵六", "李四", "王五"}),
        ("official", {"q": "王"}, {"王五"}),
        ("street_official", {}, {"王五"}),
    ],
)
def test_the_resident_export_holds_the_rows_of_the_list_for_each_scope_and_filter(
    client, demo, register, username, params, expected
):
    client.force_login(demo[username])

    response = export(client, reverse("residents:resident-export", args=["xlsx"]), **params)

    assert names(response) == expected
    listed = client.get(reverse("residents:resident-list"), params)
    assert {r.name for r in listed.context["page"]} == expected


def test_id_numbers_and_phones_are_masked_without_the_permission_and_full_ones_are_recorded(client, demo, register):
    client.force_login(demo["official"])  # no full-data permission
    _sheet, rows = sheet_rows(export(client, reverse("residents:resident-export", args=["xlsx"]), q="张三"))
    assert rows[0][1] == register["zhang"].masked_id_number != ZHANG_SAN
    assert Export.objects.get().full_personal_data is False

    client.force_login(demo["grid_a"])
    _sheet, rows = sheet_rows(export(client, reverse("residents:resident-export", args=["xlsx"]), q="张三"))
    assert (rows[0][1], rows[0][4]) == (ZHANG_SAN, "13812345678")
    logged = Export.objects.filter(created_by=demo["grid_a"]).get()
    assert (logged.full_personal_data, logged.total_rows, logged.query) == (True, 1, "q=%E5%BC%A0%E4%B8%89")


def test_sensitive_groups_are_exported_only_to_those_who_may_see_them(client, demo, register):
    client.force_login(demo["official"])
    _sheet, rows = sheet_rows(export(client, reverse("residents:resident-export", args=["xlsx"]), q="李四"))
    assert rows[0][12] is None  # an empty cell: 社区矫正 is not shown to an official
    client.force_login(demo["grid_b"])
    _sheet, rows = sheet_rows(export(client, reverse("residents:resident-export", args=["xlsx"]), q="李四"))
    assert rows[0][12] == "社区矫正"


def test_a_formula_in_a_name_comes_back_as_text_and_the_header_is_bold_and_frozen(client, demo, register):
    Resident.objects.filter(pk=register["zhao"].pk).update(name="=1+1")
    client.force_login(demo["grid_a"])

    response = export(client, reverse("residents:resident-export", args=["xlsx"]))

    sheet, rows = sheet_rows(response)
    assert "=1+1" in {row[0] for row in rows}
    formula = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "=1+1")[0]
    assert formula.data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet["A1"].value == "姓名"
    assert sheet.column_dimensions["B"].width > 15
    disposition = unquote(response["Content-Disposition"])
    assert disposition.endswith(f"居民_{AREA_A}_{timezone.localdate().isoformat()}.xlsx")


def test_the_csv_export_is_utf8_with_a_bom_and_formula_safe(client, demo, register):
    Resident.objects.filter(pk=register["zhao"].pk).update(name="=1+1")
    client.force_login(demo["grid_a"])

    response = export(client, reverse("residents:resident-export", args=["csv"]))

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff姓名,")
    assert "\n'=1+1," in text.replace("\r\n", "\n")


def test_a_long_list_is_built_by_the_task_worker_and_downloaded_only_by_who_asked(client, demo, register, settings):
    from exports import tasks

    settings.EXPORT_INLINE_ROWS = 1
    client.force_login(demo["community_admin"])

    response = client.get(reverse("residents:resident-export", args=["xlsx"]))

    export_row = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == export_row.get_absolute_url()
    assert export_row.status == "building"
    assert tasks.export_build(export_id=export_row.pk, file_format="xlsx") == 3
    export_row.refresh_from_db()
    assert (export_row.status, export_row.total_rows) == ("done", 3)
    page = client.get(export_row.get_absolute_url())
    assert 'data-testid="download"' in page.text
    download = client.get(reverse("exports:download", args=[export_row.pk]))
    assert names(download) == {"张三", "赵六", "李四"}
    client.force_login(demo["official"])
    assert client.get(reverse("exports:download", args=[export_row.pk])).status_code == 404
    assert client.get(export_row.get_absolute_url()).status_code == 404


def test_users_without_the_list_permission_cannot_export_it(client, demo, register):
    client.force_login(demo["nobody"])
    assert client.get(reverse("residents:resident-export", args=["xlsx"])).status_code == 403
    client.logout()
    assert client.get(reverse("residents:resident-export", args=["xlsx"])).status_code == 302


def test_the_household_export_lists_the_households_of_the_users_area(client, demo, register):
    client.force_login(demo["grid_b"])

    _sheet, rows = sheet_rows(export(client, reverse("residents:household-export", args=["xlsx"])))

    assert [(row[0], row[1], row[2]) for row in rows] == [("H0002", "李四", 1)]
