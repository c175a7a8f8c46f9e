"""Every list exports what it shows: the same rows for each user's scope and filters, masked unless
permitted (and then recorded), formula-safe, with a bold frozen header and a file name that says what."""

import io
import os
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
    workbook = load_workbook(io.BytesIO(response.getvalue()))
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

    text = response.getvalue().decode("utf-8")
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


def test_the_admin_shows_the_export_log_read_only_and_never_the_file(client, demo, register):
    client.force_login(demo["grid_a"])
    export(client, reverse("residents:resident-export", args=["xlsx"]))
    row = Export.objects.get()
    client.force_login(demo["admin"])

    listing = client.get(reverse("admin:exports_export_changelist"))
    page = client.get(reverse("admin:exports_export_change", args=[row.pk]))

    assert listing.status_code == page.status_code == 200
    assert "居民" in listing.text
    assert 'name="content"' not in page.text
    assert client.post(reverse("admin:exports_export_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    assert Export.objects.filter(pk=row.pk).exists()


def test_the_list_pages_offer_their_exports_with_the_current_filters(client, demo, register):
    client.force_login(demo["community_admin"])

    page = client.get(reverse("residents:tag-list"), {"kind": "elderly_alone", "after": "99"})

    assert f'href="{reverse("residents:tag-export", args=["xlsx"])}?kind=elderly_alone"' in page.text


def test_a_full_id_number_never_goes_into_an_export_link(client, demo, register):
    client.force_login(demo["grid_a"])

    live = client.post(
        reverse("residents:resident-list"),
        {"q": register["zhang"].id_number},
        headers={"HX-Request": "true", "HX-Target": "resident-results"},
    )
    not_found = client.post(reverse("residents:resident-id-search"), {"id_number": "110101199001011237"})

    assert live.status_code == not_found.status_code == 200
    assert 'data-testid="export-links"' not in live.text
    assert 'data-testid="export-links"' not in not_found.text  # rows found by POST: nothing to export by address
    assert 'data-testid="export-links"' in client.get(reverse("residents:resident-list"), {"q": "张"}).text


def test_built_files_are_deleted_after_a_week_and_the_record_stays(client, demo, register, settings):
    import datetime

    from exports import tasks

    settings.EXPORT_INLINE_ROWS = 1
    client.force_login(demo["community_admin"])
    client.get(reverse("residents:resident-export", args=["csv"]))
    row = Export.objects.get()
    tasks.export_build(export_id=row.pk, file_format="csv")
    row.refresh_from_db()
    path = row.file.path
    with row.file.open("rb") as file:
        assert file.read().startswith("\ufeff姓名".encode())
    Export.objects.filter(pk=row.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))

    assert tasks.export_files_clear(timestamp=0) == 1

    row.refresh_from_db()
    assert not row.file
    assert not os.path.exists(path)
    assert client.get(reverse("exports:download", args=[row.pk])).status_code == 404
    assert "已过保存期" in client.get(row.get_absolute_url()).text


def test_a_file_is_not_downloaded_by_someone_who_lost_the_permission_since_asking(client, demo, register, settings):
    from exports import tasks

    settings.EXPORT_INLINE_ROWS = 1
    client.force_login(demo["grid_a"])  # with the full-data permission
    client.get(reverse("residents:resident-export", args=["xlsx"]))
    row = Export.objects.get()
    tasks.export_build(export_id=row.pk, file_format="xlsx")
    assert client.get(reverse("exports:download", args=[row.pk])).status_code == 200

    demo["grid_a"].groups.clear()  # no longer a grid worker: none of their permissions

    assert client.get(reverse("exports:download", args=[row.pk])).status_code == 404


def test_a_full_id_number_is_never_recorded_with_an_export(client, demo, register):
    client.force_login(demo["grid_a"])

    response = client.get(reverse("residents:resident-export", args=["xlsx"]), {"q": register["zhang"].id_number})

    assert response.status_code == 302
    assert register["zhang"].id_number not in response["Location"]
    assert not Export.objects.exists()


def test_a_long_query_is_refused_rather_than_cut(client, demo, register):
    client.force_login(demo["grid_a"])

    response = client.get(reverse("residents:resident-export", args=["xlsx"]), {"q": "张" * 700})

    assert response.status_code == 302
    assert not Export.objects.exists()


def test_control_characters_pasted_into_a_note_do_not_break_the_workbook(client, demo, register):
    from residents.models import Visit

    Visit.objects.create(
        grid=register["zhang"].grid,
        household=register["household"],
        resident=register["zhang"],
        worker=demo["grid_a"],
        visited_on=timezone.localdate(),
        notes="门\x0b口\x1f",
    )
    client.force_login(demo["grid_a"])

    _sheet, rows = sheet_rows(export(client, reverse("residents:visit-export", args=["xlsx"])))

    assert rows[0][8] == "门口"


def test_the_unit_contact_phone_is_masked_without_the_permission(client, demo, party):
    from partybuilding.models import Unit

    Unit.objects.filter(pk=party["unit"].pk).update(contact_phone="13812345678")
    client.force_login(demo["official"])

    _sheet, rows = sheet_rows(export(client, reverse("partybuilding:unit-export", args=["xlsx"])))

    assert "13812345678" not in str(rows)
    assert "138****5678" in str(rows)


def test_back_to_the_list_leads_to_the_list_not_to_another_export(demo):
    row = Export(path="/residents/export.xlsx", query="grid=3", created_by=demo["grid_a"])
    register = Export(path="/residents/registers/disabled/export.csv", created_by=demo["grid_a"])

    assert (row.list_url, register.list_url) == ("/residents/?grid=3", reverse("exports:registers"))


def test_a_month_beyond_the_calendar_is_a_form_error(client, demo):
    client.force_login(demo["community_admin"])

    page = client.get(reverse("exports:registers"), {"register": "services:ledger", "month": "99999999999999999999-01"})

    assert page.status_code == 200
    assert "2026-11" in page.text
