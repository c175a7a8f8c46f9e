"""Importing the resident register from Excel: checked row by row, previewed, all or nothing, in scope."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pghistory.models import Context

from imports.models import ImportBatch
from residents.choices import Relationship
from residents.models import Household, Resident
from tests.residents.factories import ResidentFactory, valid_id_number
from tests.residents.fixtures import WANG_WU, ZHANG_SAN

HEADERS = ["姓名", "身份证号", "联系电话", "小区", "楼栋", "单元", "房号", "户号", "与户主关系"]
IN_GRID_1 = ["多福巷小区", "1号楼", "1单元", "501"]  # dwelling d1 of the register fixture, grid_a's grid
IN_GRID_2 = ["多福巷小区", "1号楼", "2单元", "302"]  # d2, grid_b's grid


def new_id(sequence: int) -> str:
    return valid_id_number("110101", datetime.date(1980, 1, 1) + datetime.timedelta(days=sequence), sequence % 1000)


def xlsx(rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name="人口信息表.xlsx", kind="residents"):
    return client.post(reverse("imports:index"), {"kind": kind, "file": SimpleUploadedFile(name, content)}, follow=True)


def confirm(client, batch):
    return client.post(reverse("imports:batch-confirm", args=[batch.pk]), {"version": batch.version}, follow=True)


def test_a_checked_sheet_is_previewed_then_imported_with_its_households(admin_client, register):
    rows = [
        ["孙七", new_id(1), "13600001111", *IN_GRID_1, "H9001", "户主"],
        ["周八", new_id(2), "", *IN_GRID_1, "H9001", "10"],
        ["张三", ZHANG_SAN, "13812349999", *IN_GRID_1, "H0001", "户主"],
    ]

    preview = upload(admin_client, xlsx(rows))

    batch = ImportBatch.objects.get()
    assert (batch.status, batch.counts) == (
        "checked",
        {"created": 2, "updated": 1, "unchanged": 0, "also": [["新建户", 1]]},
    )
    assert ["联系电话", "13812345678", "13812349999"] in [change[1:] for change in batch.changes]
    assert 'data-testid="confirm"' in preview.text
    assert not Resident.objects.filter(name="孙七").exists()

    done = confirm(admin_client, batch)

    batch.refresh_from_db()
    assert batch.status == "done", batch.errors
    assert "已导入" in done.text or "Imported" in done.text
    household = Household.objects.get(number="H9001")
    assert household.dwelling == register["d1"]
    assert {(m.resident.name, m.relationship) for m in household.memberships.all()} == {
        ("孙七", Relationship.HEAD),
        ("周八", Relationship.SPOUSE),
    }
    assert Resident.objects.get(id_number=ZHANG_SAN).phone == "13812349999"
    # The change history of what the import wrote names the import.
    assert Context.objects.filter(metadata__import_batch=batch.pk).exists()
    detail = admin_client.get(Resident.objects.get(name="孙七").get_absolute_url())
    assert f'来自导入 <a href="{batch.get_absolute_url()}">人口信息表.xlsx</a>' in detail.text
    assert batch.content is None


def test_a_500_row_sheet_with_one_bad_id_number_names_its_row_and_column_and_writes_nothing(admin_client, settings):
    settings.IMPORT_INLINE_ROWS = 1000
    rows = [[f"居民{n}", new_id(n), "", *IN_GRID_1, f"H5{n:04d}", "户主"] for n in range(500)]
    rows[248][1] = rows[248][1][:-1] + ("0" if rows[248][1][-1] != "0" else "1")  # Excel row 250

    page = upload(admin_client, xlsx(rows))

    batch = ImportBatch.objects.get()
    assert batch.status == "invalid"
    assert [error[:2] for error in batch.errors] == [[250, "身份证号"]]
    assert "校验" in batch.errors[0][2] or "check" in batch.errors[0][2]
    assert 'data-testid="confirm"' not in page.text
    assert not Resident.objects.filter(name__startswith="居民").exists()


def test_rows_that_repeat_an_id_number_are_all_flagged(admin_client):
    repeated = new_id(7)
    rows = [
        ["甲", repeated, "", *IN_GRID_1, "H9101", "户主"],
        ["乙", new_id(8), "", *IN_GRID_1, "H9102", "户主"],
        ["丙", repeated, "", *IN_GRID_1, "H9103", "户主"],
    ]

    upload(admin_client, xlsx(rows))

    batch = ImportBatch.objects.get()
    assert sorted(error[0] for error in batch.errors if error[1] == "身份证号") == [2, 4]


def test_a_grid_worker_cannot_import_into_another_grid_or_over_a_resident_of_another_area(client, demo, register):
    client.force_login(demo["grid_a"])
    rows = [
        ["甲", new_id(11), "", *IN_GRID_1, "H9201", "户主"],
        ["乙", new_id(12), "", *IN_GRID_2, "H9202", "户主"],
        ["王五", WANG_WU, "", *IN_GRID_1, "H9203", "户主"],
    ]

    upload(client, xlsx(rows))

    batch = ImportBatch.objects.get()
    assert batch.status == "invalid"
    assert sorted(error[0] for error in batch.errors) == [3, 4]
    assert "不在您的管辖范围" in {error[0]: error[2] for error in batch.errors}[4]
    assert Resident.objects.get(id_number=WANG_WU).name == "王五"


def test_a_conflict_between_preview_and_confirm_refuses_the_whole_import_and_names_the_row(admin_client, register):
    taken = new_id(21)
    rows = [
        ["甲", new_id(20), "", *IN_GRID_1, "H9301", "户主"],
        ["乙", taken, "", *IN_GRID_1, "H9302", "户主"],
    ]
    upload(admin_client, xlsx(rows))
    batch = ImportBatch.objects.get()
    assert batch.status == "checked"
    # Meanwhile another clerk registers 乙 in another community.
    ResidentFactory(id_number=taken, name="乙", dwelling=register["far"])

    page = confirm(admin_client, batch)

    batch.refresh_from_db()
    assert batch.status == "refused"
    assert [error[0] for error in batch.errors] == [3]
    assert not Resident.objects.filter(name="甲").exists()
    assert not Household.objects.filter(number__in=["H9301", "H9302"]).exists()
    assert batch.content is not None  # kept for the error report
    assert "已导入" not in page.text


def test_a_formula_in_a_cell_is_stored_as_text_and_shown_escaped(admin_client):
    formula = '=HYPERLINK("http://x.example","点我")'
    upload(admin_client, xlsx([[formula, new_id(30), "", *IN_GRID_1, "H9401", "户主"]]))
    confirm(admin_client, ImportBatch.objects.get())

    resident = Resident.objects.get(id_number=new_id(30))
    assert resident.name == formula
    page = admin_client.get(resident.get_absolute_url())
    assert "=HYPERLINK(&quot;http://x.example&quot;,&quot;点我&quot;)" in page.text


def test_headers_are_matched_by_name_in_any_order_and_extra_columns_are_listed(admin_client):
    headers = ["备注", "与户主关系", "户号", "房号", "单元", "楼栋", "小区", "身份证号", "姓  名"]
    row = ["随便", "户主", "H9501", "501", "1单元", "1号楼", "多福巷小区", new_id(40), "甲"]

    upload(admin_client, xlsx([row], headers=headers))

    batch = ImportBatch.objects.get()
    assert batch.status == "checked", batch.errors
    assert batch.ignored_columns == ["备注"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("register.xlsx", xlsx([["甲", new_id(50)]], headers=["姓名", "身份证号"]), "缺少"),
        ("register.xlsx", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "不是 Excel"),
        ("register.xlsx", b"", "空"),
        ("register.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "密码"),
        ("register.xlsx", xlsx([["甲", new_id(51)]], headers=["名字", "证件"]), "姓名、身份证号"),
        ("register.txt", b"a,b", ".xlsx"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_file_level_error_and_nothing_is_recorded(
    admin_client, name, content, message
):
    page = upload(admin_client, content, name=name)

    assert message in page.text, page.text[-3000:]
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(admin_client, settings):
    settings.IMPORT_MAX_BYTES = 1000

    page = upload(admin_client, b"x" * 2000, name="big.csv")

    assert "1 MB" in page.text or "MB" in page.text
    assert not ImportBatch.objects.exists()


def test_a_gbk_csv_as_excel_in_china_saves_it_is_read(admin_client):
    text = ",".join(HEADERS) + "\r\n" + ",".join(["甲", new_id(60), "", *IN_GRID_1, "H9601", "户主"]) + "\r\n"

    upload(admin_client, text.encode("gbk"), name="人口.csv")

    batch = ImportBatch.objects.get()
    assert batch.status == "checked", batch.errors


def test_the_template_has_the_chinese_column_names_and_an_explanation_sheet(admin_client):
    response = admin_client.get(reverse("imports:template", args=["residents"]))

    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]][:2] == ["姓名", "身份证号"]
    assert workbook.worksheets[1].title == "填写说明"


def test_window_staff_may_not_import_and_nobody_opens_anothers_import(client, demo, admin_client):
    upload(admin_client, xlsx([["甲", new_id(70), "", *IN_GRID_1, "H9701", "户主"]]))
    batch = ImportBatch.objects.get()

    client.force_login(demo["window"])
    assert client.get(reverse("imports:index")).status_code == 403
    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.post(reverse("imports:batch-confirm", args=[batch.pk]), {"version": batch.version}).status_code in (
        403,
        404,
    )
    batch.refresh_from_db()
    assert batch.status == "checked"


def test_a_large_file_is_checked_by_the_task_worker(admin_client, settings):
    from procrastinate.contrib.django.models import ProcrastinateJob

    from imports import tasks

    settings.IMPORT_INLINE_ROWS = 1
    upload(
        admin_client,
        xlsx([["甲", new_id(80), "", *IN_GRID_1, "H9801", "户主"], ["乙", new_id(81), "", *IN_GRID_1, "H9801", "10"]]),
    )
    batch = ImportBatch.objects.get()
    assert batch.status == "checking"
    assert ProcrastinateJob.objects.filter(task_name="imports.tasks.import_check", args={"batch_id": batch.pk}).exists()

    assert tasks.import_check(batch_id=batch.pk) == "checked"


def test_the_error_report_is_the_uploaded_sheet_with_an_error_column(admin_client):
    rows = [
        ["甲", new_id(90), "", *IN_GRID_1, "H9901", "户主"],
        ["=cmd", "110101199001011234", "", *IN_GRID_1, "H9902", "户主"],
    ]
    upload(admin_client, xlsx(rows))
    batch = ImportBatch.objects.get()

    response = admin_client.get(reverse("imports:batch-errors", args=[batch.pk]))

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == [*HEADERS, "错误"]
    assert values[1][-1] in (None, "")
    assert values[2][0] == "'=cmd"
    assert values[2][-1].startswith("身份证号：")


def test_uploaded_files_of_imports_finished_a_month_ago_are_forgotten(admin_client):
    from imports import tasks

    upload(admin_client, xlsx([["甲", "110101199001011234", "", *IN_GRID_1, "H9903", "户主"]]))
    batch = ImportBatch.objects.get()
    assert batch.content is not None
    ImportBatch.objects.filter(pk=batch.pk).update(finished_at=batch.finished_at - datetime.timedelta(days=31))

    assert tasks.import_files_clear(timestamp=0) == 1
    batch.refresh_from_db()
    assert (batch.content, batch.status, len(batch.errors)) == (None, "invalid", 1)


def test_the_import_pages_read_a_bounded_number_of_queries(admin_client, django_assert_max_num_queries):
    for n in range(3):
        upload(admin_client, xlsx([["甲", new_id(200 + n), "", *IN_GRID_1, f"H98{n}", "户主"]]))
    batch = ImportBatch.objects.first()

    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse("imports:index")).status_code == 200
    with django_assert_max_num_queries(10):
        assert admin_client.get(batch.get_absolute_url()).status_code == 200
