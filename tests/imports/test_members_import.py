"""Importing the party member roll (党员花名册): members linked to the register where they live in the
community, entered with their own identity otherwise, updated where already on a roll the user keeps."""

import datetime

import pytest

from imports.models import ImportBatch
from partybuilding.models import Member, Transfer
from residents.choices import PoliticalStatus
from tests.imports.test_residents_import import confirm, upload, xlsx
from tests.partybuilding.factories import own_identity
from tests.residents.factories import ResidentFactory

HEADERS = [
    *("姓名", "身份证号", "联系电话", "所在党组织", "党员身份"),
    *("入党日期", "预备期满日期", "党员类别", "工作单位", "岗位"),
]


@pytest.fixture
def secretary_client(client, party):
    """The secretary of 多福巷社区党委, who keeps its branches' rolls."""
    client.force_login(party["users"]["secretary"])
    return client


def first_grid(party):
    return party["branch_1"].community.grids.first()


def upload_roll(client, rows):
    upload(client, xlsx(rows, headers=HEADERS), name="党员花名册.xlsx", kind="members")
    return ImportBatch.objects.latest("pk")


def test_the_roll_links_residents_of_the_register_enters_others_and_updates_members_on_it(secretary_client, party):
    on_register = ResidentFactory(
        name="孙丽", political_status=PoliticalStatus.CPC_MEMBER, dwelling__grid=first_grid(party)
    )
    newcomer = own_identity(20)
    liu = party["liu"]
    rows = [
        ["孙丽", on_register.id_number, "", "第一党支部", "正式", "2001年7月1日", None, "离退休党员", None, None],
        ["钱进", newcomer["id_number"], newcomer["phone"], "第二党支部", "预备党员", "2026-03-01", "2027/3/1", None],
        ["刘红", liu.id_number, "", "第一党支部", None, liu.joined_on, None, None, None, "楼栋长"],
        ["陈明", party["chen"].id_number, None, "第二党支部", None, party["chen"].joined_on],  # moves branch
    ]

    upload_roll(secretary_client, rows)

    batch = ImportBatch.objects.get()
    assert (batch.status, batch.counts) == ("checked", {"created": 2, "updated": 2, "unchanged": 0}), batch.errors
    assert not Member.objects.filter(name="钱进").exists()
    confirm(secretary_client, batch)
    batch.refresh_from_db()
    assert batch.status == "done", (batch.errors, batch.message)
    sun = Member.objects.get(resident=on_register)
    assert (sun.name, sun.id_number, sun.category, sun.joined_on) == ("孙丽", "", "retired", datetime.date(2001, 7, 1))
    qian = Member.objects.get(id_number=newcomer["id_number"])
    assert (qian.standing, qian.probation_ends_on) == ("probationary", datetime.date(2027, 3, 1))
    assert Transfer.objects.filter(member=qian, direction="in").exists()
    liu.refresh_from_db()
    assert (liu.post, liu.version) == ("楼栋长", 2)
    assert Transfer.objects.get(member=party["chen"], direction="within").to_organisation == "第二党支部"


def test_rows_outside_the_users_organisations_and_incomplete_rows_are_errors(client, party):
    client.force_login(party["users"]["branch_secretary"])  # keeps 第二党支部 only
    newcomer = own_identity(21)
    rows = [
        ["钱进", newcomer["id_number"], newcomer["phone"], "第一党支部", None, "2020-01-01"],
        ["吴静", party["far"].id_number, party["far"].phone, "第二党支部", None, "2020-01-01"],
        ["赵敏", own_identity(22)["id_number"], "", "第二党支部", None, "2020-01-01"],  # no phone, not on register
        # a probationary member without the end of the probation
        ["李雷", own_identity(23)["id_number"], "13900001111", "第二党支部", "预备", "2026-01-01"],
        ["韩梅", own_identity(24)["id_number"], "13900001112", "第二党支部", None, "2020-01-01", None, "在职党员"],
    ]

    batch = upload_roll(client, rows)

    assert batch.status == "invalid"
    assert [error[:2] for error in batch.errors] == [
        [2, "所在党组织"],
        [3, "身份证号"],
        [4, "联系电话"],
        [5, "预备期满日期"],
        [6, "工作单位"],
    ]
    assert "不在您的管辖范围" in batch.errors[0][2]
    assert not Member.objects.filter(name__in=["钱进", "赵敏", "李雷", "韩梅"]).exists()


def test_a_repeated_id_number_flags_both_rows_and_a_name_that_differs_from_the_register_is_an_error(
    secretary_client, party
):
    on_register = ResidentFactory(
        name="孙丽", political_status=PoliticalStatus.MASSES, dwelling__grid=first_grid(party)
    )
    twice = own_identity(25)
    rows = [
        ["钱进", twice["id_number"], twice["phone"], "第一党支部", None, "2020-01-01"],
        ["钱进", twice["id_number"], twice["phone"], "第二党支部", None, "2020-01-01"],
        ["孙莉", on_register.id_number, "", "第一党支部", None, "2020-01-01"],
    ]

    batch = upload_roll(secretary_client, rows)

    assert [error[:2] for error in batch.errors] == [[2, "身份证号"], [3, "身份证号"], [4, "姓名"]]


def test_a_resident_the_register_does_not_show_as_a_party_member_is_not_linked(secretary_client, party):
    masses = ResidentFactory(name="孙丽", political_status=PoliticalStatus.MASSES, dwelling__grid=first_grid(party))

    batch = upload_roll(secretary_client, [["孙丽", masses.id_number, "", "第一党支部", None, "2020-01-01"]])

    assert [error[:2] for error in batch.errors] == [[2, "身份证号"]]
    assert "政治面貌" in batch.errors[0][2]


def test_secretaries_see_the_roll_among_what_they_may_import_and_window_staff_do_not(client, party):
    client.force_login(party["users"]["secretary"])
    assert "党员花名册" in client.get("/imports/").text
    client.force_login(party["users"]["window"])
    assert client.get("/imports/").status_code == 403
