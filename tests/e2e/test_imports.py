import pytest
from openpyxl import load_workbook

from tests.imports.test_residents_import import new_id

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_community_admin_fills_the_template_and_imports_three_residents(
    page, live_server, register, screenshot, tmp_path
):
    log_in(page, live_server, "community_admin")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_test_id("nav-sections").get_by_role("link", name="数据导入").click()

    with page.expect_download() as download:
        page.get_by_test_id("template-residents").click()
    template = tmp_path / "人口信息表.xlsx"
    download.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    columns = [cell.value for cell in sheet[1]]
    for name, id_number, relationship in [
        ("孙七", new_id(101), "户主"),
        ("周八", new_id(102), "配偶"),
        ("孙小九", new_id(103), "子"),
    ]:
        # A room the portal does not know yet, in grid 1.
        values = {"小区": "多福巷小区", "楼栋": "1号楼", "单元": "1单元", "房号": "601", "网格": "1"}
        values.update({"姓名": name, "身份证号": id_number, "户号": "H7001", "与户主关系": relationship})
        sheet.append([values.get(column) for column in columns])
    workbook.save(template)

    page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(str(template))
    page.get_by_role("button", name="上传并检查").click()

    counts = page.get_by_test_id("counts")
    assert counts.inner_text().split() == ["新增", "3", "更新", "0", "无变化", "0", "新建户", "1", "新建房屋", "1"]
    screenshot("preview")
    page.get_by_test_id("confirm").click()
    assert page.get_by_text("已导入").first.is_visible()

    page.goto(f"{live_server.url}/residents/households/")
    page.get_by_role("link", name="H7001").click()
    for name in ("孙七", "周八", "孙小九"):
        assert page.get_by_role("link", name=name).is_visible()
    screenshot("household")
