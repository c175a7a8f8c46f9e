"""Each list's export holds exactly the rows the list shows, for users of every role, inside and
outside their scope, with and without filters; registers hold their list's rows with their presets."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partybuilding.actions import attendance_record
from partybuilding.models import CheckIn, PointsEntry
from residents.choices import EmploymentStatus, ResidenceType, TagKind, VisitKind
from residents.models import Resident, Visit
from tests.partybuilding.conftest import plan
from tests.residents.factories import ResidentTagFactory

NAIVE = datetime.datetime  # an Excel date cell, read back: no time zone (Excel has none)


def exported(client, url_name, params=None, file_format="xlsx", args=()):
    response = client.get(reverse(url_name, args=[*args, file_format]), params or {})
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    sheet = load_workbook(io.BytesIO(response.getvalue())).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]


def listed(client, url_name, params=None):
    response = client.get(reverse(url_name), params or {})
    assert response.status_code == 200
    return list(response.context["page"])


@pytest.fixture
def records(demo, register, new_request, party):
    """Requests, visits and activities across the register's grids and the party's branches."""
    requests = {
        "zhang": new_request(resident="zhang", contact_name="张三", contact_phone="13812345678"),
        "li": new_request(resident="li"),
        "wang": new_request(resident="wang", user="admin"),
    }
    for who, worker in [("zhang", "grid_a"), ("li", "grid_b")]:
        resident = register[who]
        Visit.objects.create(
            grid=resident.grid,
            household=register["household" if who == "zhang" else "household_2"],
            resident=resident,
            worker=demo[worker],
            visited_on=datetime.date(2026, 11, 3),
            kind=VisitKind.ROUTINE if who == "zhang" else VisitKind.NEEDY,
            notes='=HYPERLINK("x")',
        )
    activities = [
        plan(demo["secretary"], party["branch_1"], title="主题党日"),
        plan(demo["admin"], party["far_branch"]),
    ]
    for activity, member in [(activities[0], party["liu"]), (activities[1], party["far"])]:
        activity.expected_members.add(member)
        attendance_record(user=demo["admin"], activity=activity, member=member, status=CheckIn.Status.PRESENT)
        PointsEntry.objects.create(
            member=member, on=datetime.date(2026, 11, 1), points=5, reason="志愿服务", source="manual"
        )
    return {"requests": requests, "activities": activities}


LISTS = [
    # list, export, the key of a list row, the key's column in the file
    ("services:request-list", "services:request-export", lambda r: r.number, 0),
    ("residents:tag-list", "residents:tag-export", lambda t: (t.resident.name, str(t.get_kind_display())), (0, 8)),
    ("residents:visit-list", "residents:visit-export", lambda v: (v.visited_on, v.resident.name), (0, 6)),
    ("residents:household-list", "residents:household-export", lambda h: h.number, 0),
    ("partybuilding:member-list", "partybuilding:member-export", lambda m: m.name, 0),
    ("partybuilding:activity-list", "partybuilding:activity-export", lambda a: a.title, 2),
    ("partybuilding:checkin-list", "partybuilding:checkin-export", lambda c: (c.activity.title, c.member.name), (0, 4)),
    ("partybuilding:points-list", "partybuilding:points-export", lambda p: (p.member.name, p.points), (1, 3)),
    ("partybuilding:unit-list", "partybuilding:unit-export", lambda u: u.name, 0),
]
USERS = ["admin", "window", "grid_a", "grid_b", "community_admin", "secretary", "official", "street_official", "dept"]


def _key(row, column):
    if isinstance(column, tuple):
        values = tuple(row[i] for i in column)
        return tuple(v.date() if isinstance(v, datetime.datetime) else v for v in values)
    return row[column]


@pytest.mark.parametrize(("list_name", "export_name", "list_key", "column"), LISTS)
@pytest.mark.parametrize("username", USERS)
def test_every_list_exports_exactly_the_rows_it_shows_to_each_role(
    client, demo, records, username, list_name, export_name, list_key, column
):
    client.force_login(demo[username])
    page = client.get(reverse(list_name))
    if page.status_code != 200:  # a role without the list has no export either
        assert client.get(reverse(export_name, args=["xlsx"])).status_code == page.status_code
        return

    rows = exported(client, export_name)

    assert sorted(map(str, (_key(row, column) for row in rows))) == sorted(
        map(str, (list_key(obj) for obj in page.context["page"]))
    )


@pytest.mark.parametrize(
    ("username", "url_name", "params", "expected"),
    [
        ("community_admin", "services:request-export", {"grid": "grid_2"}, 1),
        ("grid_a", "residents:visit-export", {"kind": VisitKind.ROUTINE}, 1),
        ("grid_a", "residents:visit-export", {"kind": VisitKind.NEEDY}, 0),
        ("community_admin", "residents:tag-export", {"kind": TagKind.ELDERLY_ALONE}, 1),
        ("secretary", "partybuilding:member-export", {"q": "周"}, 1),
    ],
)
def test_an_export_applies_the_lists_filters(client, demo, register, records, username, url_name, params, expected):
    params = {k: (register[v].pk if v in ("grid_1", "grid_2") else v) for k, v in params.items()}
    client.force_login(demo[username])

    assert len(exported(client, url_name, params)) == expected


def test_sensitive_tags_are_not_in_the_tag_export_of_a_user_who_may_not_see_them(client, demo, register):
    client.force_login(demo["official"])
    assert [row[8] for row in exported(client, "residents:tag-export")] == ["独居老人"]
    client.force_login(demo["grid_b"])
    assert [row[8] for row in exported(client, "residents:tag-export")] == ["社区矫正"]


def test_the_request_ledger_masks_the_contact_phone_unless_permitted_and_has_the_three_rates(
    client, demo, register, records
):
    client.force_login(demo["official"])
    rows = {row[0]: row for row in exported(client, "services:request-export")}
    zhang = rows[records["requests"]["zhang"].number]
    assert zhang[8] == "138****5678"
    assert (zhang[16], zhang[17], zhang[18]) == (None, "否", None)  # not dispatched, not resolved: empty cells
    client.force_login(demo["window"])
    rows = {row[0]: row for row in exported(client, "services:request-export")}
    assert rows[records["requests"]["zhang"].number][8] == "13812345678"


def test_a_formula_in_visit_notes_stays_text(client, demo, register, records):
    client.force_login(demo["grid_a"])

    assert exported(client, "residents:visit-export")[0][8] == '=HYPERLINK("x")'


def test_the_job_seekers_register_holds_residents_seeking_work_by_status_or_tag(client, demo, register):
    Resident.objects.filter(pk=register["zhao"].pk).update(
        employment_status=EmploymentStatus.JOB_SEEKING, skills="电工", wanted_job="物业维修"
    )
    ResidentTagFactory(resident=register["li"], kind=TagKind.JOB_SEEKER, since=datetime.date(2026, 3, 2))
    client.force_login(demo["community_admin"])

    rows = exported(client, "residents:register-job-seekers")

    assert {(row[0], row[10], row[11], row[12]) for row in rows} == {
        ("赵六", "电工", "物业维修", None),
        ("李四", None, None, NAIVE(2026, 3, 2)),
    }
    client.force_login(demo["grid_b"])
    assert [row[0] for row in exported(client, "residents:register-job-seekers")] == ["李四"]


def test_the_tag_registers_hold_their_groups_and_ignore_a_kind_in_the_address(client, demo, register):
    ResidentTagFactory(resident=register["zhao"], kind=TagKind.LOW_INCOME, since=datetime.date(2025, 1, 1))
    client.force_login(demo["community_admin"])

    rows = exported(client, "residents:register-low-income", {"kind": TagKind.ELDERLY_ALONE})

    assert [(row[0], row[8]) for row in rows] == [("赵六", "低保")]
    assert [row[0] for row in exported(client, "residents:register-elderly-alone")] == ["张三"]


def test_the_floating_register_holds_the_floating_population(client, demo, register):
    Resident.objects.filter(pk=register["wang"].pk).update(
        residence_type=ResidenceType.FLOATING, registered_address="河北省保定市"
    )
    client.force_login(demo["official"])

    rows = exported(client, "residents:register-floating")

    assert [(row[0], row[9]) for row in rows] == [("王五", "河北省保定市")]


def test_the_dual_reporting_register_lists_in_service_members_by_unit(client, demo, party):
    client.force_login(demo["secretary"])

    rows = exported(client, "partybuilding:register-reported")

    assert [(row[0], row[3], row[6]) for row in rows] == [("东华门供电公司", "周强", NAIVE(2024, 3, 1))]


def test_the_registers_page_offers_what_the_user_may_take_and_leads_to_the_export(client, demo, register):
    client.force_login(demo["community_admin"])
    page = client.get(reverse("exports:registers"))
    offered = set(page.context["form"].registers)
    assert {"residents:low-income", "services:ledger", "partybuilding:roll"} <= offered

    response = client.get(
        reverse("exports:registers"),
        {"register": "services:ledger", "file_format": "xlsx", "grid": register["grid_1"].pk, "month": "2026-11"},
    )

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("services:register-ledger", args=["xlsx"])
        + f"?grid={register['grid_1'].pk}&received_from=2026-11-01&received_to=2026-11-30"
    )
    client.force_login(demo["secretary"])
    offered = set(client.get(reverse("exports:registers")).context["form"].registers)
    assert offered == {"partybuilding:roll", "partybuilding:reported"}


def test_a_bad_month_on_the_registers_page_is_a_clear_error(client, demo):
    client.force_login(demo["community_admin"])

    page = client.get(reverse("exports:registers"), {"register": "services:ledger", "month": "十一月"})

    assert page.status_code == 200
    assert "2026-11" in page.text


@pytest.mark.parametrize(("list_name", "export_name", "list_key", "column"), LISTS)
def test_the_records_give_every_list_rows_to_compare(client, demo, records, list_name, export_name, list_key, column):
    client.force_login(demo["admin"])

    assert len(exported(client, export_name)) >= 2


def more_of_everything(demo, register, party, new_request, records):
    """As many rows again in every list of the records."""
    from tests.partybuilding.factories import MemberFactory, UnitFactory

    for who in ("zhang", "li", "wang"):
        new_request(resident=who, user="admin")
    ResidentTagFactory(resident=register["zhao"], kind=TagKind.LOW_INCOME, since=datetime.date(2025, 1, 1))
    ResidentTagFactory(resident=register["wang"], kind=TagKind.DISABLED, since=datetime.date(2025, 1, 1))
    for visit in Visit.objects.all():
        visit.pk = None
        visit.save()
    for organisation in (party["branch_1"], party["far_branch"]):
        member = MemberFactory(organisation=organisation)
        PointsEntry.objects.create(
            member=member, on=datetime.date(2026, 11, 2), points=3, reason="学习", source="manual"
        )
    for activity in records["activities"]:
        member = MemberFactory(organisation=activity.organisation)
        activity.expected_members.add(member)
        attendance_record(user=demo["admin"], activity=activity, member=member, status=CheckIn.Status.PRESENT)
    plan(demo["secretary"], party["branch_1"], title="党课")
    UnitFactory(community=party["unit"].community)
    UnitFactory(community=party["far_unit"].community)


def test_list_pages_and_their_exports_cost_the_same_queries_whatever_the_rows(
    client, demo, register, party, new_request, records
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(demo["admin"])
    client.get(reverse("portal:home"))  # the session's first save, not a cost of the lists

    def costs():
        found = {}
        for list_name, export_name, _key, _column in LISTS:
            for url in (reverse(list_name), reverse(export_name, args=["xlsx"])):
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url).status_code == 200
                found[url] = len(queries)
        return found

    before = costs()
    more_of_everything(demo, register, party, new_request, records)
    after = costs()

    assert after == before
    assert max(after.values()) <= 20


def test_visits_that_reveal_a_sensitive_group_follow_its_permission_in_the_list_and_the_export(client, demo, register):
    Visit.objects.create(
        grid=register["li"].grid,
        household=register["household_2"],
        resident=register["li"],
        worker=demo["grid_b"],
        visited_on=datetime.date(2026, 11, 4),
        kind=VisitKind.EX_OFFENDER,
    )
    for username, shown in [("official", 0), ("window", 0), ("grid_b", 1), ("community_admin", 1)]:
        client.force_login(demo[username])
        page = client.get(reverse("residents:visit-list"))
        assert len(page.context["page"]) == shown, username
        assert len(exported(client, "residents:visit-export")) == shown, username
        assert (VisitKind.EX_OFFENDER.value in dict(page.context["filter"].form.fields["kind"].choices)) == bool(shown)


def test_the_activity_export_counts_expected_present_and_on_leave(client, demo, records):
    activity = records["activities"][0]
    client.force_login(demo["admin"])

    rows = {row[2]: row for row in exported(client, "partybuilding:activity-export")}

    expected = activity.expected_members.count()
    present = activity.check_ins.filter(status=CheckIn.Status.PRESENT).count()
    assert (rows[activity.title][6], rows[activity.title][7], rows[activity.title][8]) == (expected, present, 0)
    assert expected >= present == 1
