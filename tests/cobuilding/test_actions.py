"""The three lists and the pairings: who sees and keeps what, matching into projects, history, stale edits."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from cobuilding import actions
from cobuilding.dashboard import panel
from cobuilding.models import HelpVisit, Kind, Need, Pairing, Project, Resource, unpaired
from common.actions import StaleEdit
from grids.models import Community
from residents.models import Household, Visit

from .conftest import DUOFU, FAR


def record_need(world, user="grid_a", **fields):
    visit = Visit.objects.create(
        grid=world["grid_1"],
        household=world["household"],
        worker=world["users"]["grid_a"],
        visited_on=datetime.date(2026, 11, 1),
    )
    return actions.need_record(
        user=world["users"][user],
        visit=visit,
        kind=Kind.EDUCATION,
        description="孙子放学后无人照看，需要课后托管",
        **fields,
    )


def test_a_need_from_a_visit_takes_the_visits_household_community_and_grid(world):
    need = record_need(world)

    assert (need.source, need.household, need.community.code, need.grid) == (
        Need.Source.VISIT,
        world["household"],
        DUOFU,
        world["grid_1"],
    )


@pytest.mark.parametrize(
    ("username", "sees", "keeps"),
    [
        ("grid_a", True, True),  # the grid it was found in
        ("grid_b", False, False),  # another grid
        ("window", True, True),  # the community's desk
        ("community_admin", True, True),
        ("official", True, False),  # the district's overseer reads
        ("street_official", False, False),  # another street
        ("far_admin", False, False),  # another community
        ("secretary", False, False),
        ("nobody", False, False),
    ],
)
def test_who_sees_and_keeps_a_need(world, username, sees, keeps):
    need = record_need(world)
    user = world["users"][username]

    assert Need.objects.visible_to(user).filter(pk=need.pk).exists() is sees
    assert Need.objects.editable_by(user).filter(pk=need.pk).exists() is keeps


def test_a_grid_worker_cannot_record_a_need_of_another_grid(world):
    with pytest.raises(ValidationError):
        actions.need_record(
            user=world["users"]["grid_b"], household=world["household"], kind=Kind.OTHER, description="楼道灯不亮"
        )
    assert not Need.objects.exists()


def test_a_need_of_no_household_needs_a_community_and_someone(world):
    with pytest.raises(ValidationError) as refused:
        actions.need_record(user=world["users"]["window"], kind=Kind.OTHER, description="楼道灯维修", group="3号楼")
    assert "community" in refused.value.message_dict

    need = actions.need_record(
        user=world["users"]["window"],
        community=Community.objects.get(code=DUOFU),
        kind=Kind.OTHER,
        description="楼道灯维修",
        group="3号楼全体居民",
    )
    assert need.grid is None
    assert Need.objects.visible_to(world["users"]["grid_a"]).filter(pk=need.pk).exists() is False


@pytest.mark.parametrize(
    ("username", "sees", "keeps"),
    [
        ("window", True, False),
        ("community_admin", True, True),
        ("official", True, False),
        ("grid_a", False, False),
        ("far_admin", False, False),
        ("street_official", False, False),
    ],
)
def test_who_sees_and_keeps_a_resource(world, username, sees, keeps):
    user, classroom = world["users"][username], world["classroom"]

    assert Resource.objects.visible_to(user).filter(pk=classroom.pk).exists() is sees
    assert Resource.objects.editable_by(user).filter(pk=classroom.pk).exists() is keeps


def test_a_resource_offered_by_a_unit_names_the_unit_and_masks_its_phone(world):
    classroom = world["classroom"]

    assert classroom.offerer == "东华门供电公司"
    assert classroom.masked_contact_phone == "139****5678"


def test_a_resource_of_another_community_is_refused(world):
    with pytest.raises(ValidationError):
        actions.resource_create(
            user=world["users"]["community_admin"],
            community=Community.objects.get(code=FAR),
            title="义诊",
            kind=Kind.MEDICAL,
            offered_by=Resource.OfferedBy.COMMUNITY,
        )


def test_matching_marks_the_need_matched_and_done_marks_it_met_with_history(world):
    admin, need = world["users"]["community_admin"], record_need(world)
    project = actions.project_create(
        user=admin,
        community=need.community,
        title="四点半课堂",
        lead_name="社区党委",
        needs=[need],
        resources=[world["classroom"]],
    )
    need.refresh_from_db()
    assert need.status == Need.Status.MATCHED
    assert list(project.resources.all()) == [world["classroom"]]

    actions.project_set_status(user=admin, project=project, status=Project.Status.RUNNING)
    actions.project_set_status(user=admin, project=project, status=Project.Status.DONE, outcome="12名学生参加")

    need.refresh_from_db()
    project.refresh_from_db()
    assert (need.status, project.status, project.outcome) == (Need.Status.MET, Project.Status.DONE, "12名学生参加")
    assert project.starts_on is not None
    assert project.ends_on is not None
    assert list(need.events.values_list("status", flat=True)) == ["open", "matched", "met"]


def test_a_cancelled_project_gives_its_needs_back_to_the_unmatched_list(world):
    admin, need = world["users"]["community_admin"], record_need(world)
    project = actions.project_create(user=admin, community=need.community, title="课后托管", needs=[need])

    actions.project_set_status(user=admin, project=project, status=Project.Status.CANCELLED)

    assert Need.objects.unmatched().filter(pk=need.pk).exists()


def test_a_done_project_cannot_be_started_again_nor_take_more_needs(world):
    admin = world["users"]["community_admin"]
    project = actions.project_create(user=admin, community=Community.objects.get(code=DUOFU), title="义诊")
    actions.project_set_status(user=admin, project=project, status=Project.Status.CANCELLED)

    with pytest.raises(ValidationError):
        actions.project_set_status(user=admin, project=project, status=Project.Status.RUNNING)
    with pytest.raises(ValidationError):
        actions.project_match(user=admin, project=project, needs=[record_need(world)])


def test_a_project_takes_only_needs_of_its_community(world):
    admin = world["users"]["community_admin"]
    far = actions.need_record(
        user=world["users"]["far_admin"],
        community=Community.objects.get(code=FAR),
        kind=Kind.OTHER,
        description="楼道灯维修",
        group="2号楼",
    )
    with pytest.raises(ValidationError):
        actions.project_create(user=admin, community=Community.objects.get(code=DUOFU), title="楼道灯", needs=[far])


def test_an_edit_on_a_version_seen_before_another_edit_is_refused(world):
    admin, classroom = world["users"]["community_admin"], world["classroom"]
    actions.resource_update(user=admin, resource=classroom, version=1, availability="每周六上午")

    with pytest.raises(StaleEdit):
        actions.resource_update(user=admin, resource=classroom, version=1, availability="每周日上午")
    classroom.refresh_from_db()
    assert (classroom.availability, classroom.version) == ("每周六上午", 2)


def pair(world, organisation="branch_2"):
    return actions.pairing_create(
        user=world["users"]["community_admin"],
        household=world["household"],
        organisation=world[organisation],
        starts_on=datetime.date(2026, 1, 1),
    )


def test_a_household_in_need_is_unpaired_until_paired(world):
    households = Household.objects.visible_to(world["users"]["community_admin"])
    assert list(unpaired(households)) == [world["household"]]

    pair(world)

    assert not unpaired(households).exists()


def test_a_pairing_is_with_an_organisation_or_a_unit_once(world):
    with pytest.raises(ValidationError):
        actions.pairing_create(
            user=world["users"]["community_admin"],
            household=world["household"],
            organisation=world["branch_2"],
            unit=world["unit"],
        )
    pair(world)
    with pytest.raises(ValidationError):
        pair(world)


@pytest.mark.parametrize(
    ("username", "sees", "keeps"),
    [
        ("branch_secretary", True, True),  # the paired branch's secretary
        ("secretary", True, True),  # the committee above it
        ("community_admin", True, True),
        ("grid_a", True, False),  # the household's grid worker reads it on the household's page
        ("grid_b", False, False),
        ("official", True, False),
        ("far_secretary", False, False),
        ("far_admin", False, False),
        ("nobody", False, False),
    ],
)
def test_who_sees_and_keeps_a_pairing(world, username, sees, keeps):
    pairing, user = pair(world), world["users"][username]

    assert Pairing.objects.visible_to(user).filter(pk=pairing.pk).exists() is sees
    assert Pairing.objects.editable_by(user).filter(pk=pairing.pk).exists() is keeps


def test_a_help_visit_is_recorded_by_the_branch_and_not_by_another(world):
    pairing = pair(world)
    visit = actions.help_visit_record(
        user=world["users"]["branch_secretary"],
        pairing=pairing,
        visited_on=datetime.date(2026, 11, 20),
        visitors="周强、刘红",
        members=[world["zhou"]],
        done="送去米面油，帮助申请临时救助",
        hours=2,
    )
    assert list(visit.members.all()) == [world["zhou"]]

    with pytest.raises(Pairing.DoesNotExist):
        actions.help_visit_record(user=world["users"]["far_secretary"], pairing=pairing, visitors="某某", done="走访")
    assert HelpVisit.objects.count() == 1


def test_an_ended_pairing_takes_no_more_visits_and_the_household_is_unpaired_again(world):
    pairing = pair(world)
    actions.pairing_end(user=world["users"]["branch_secretary"], pairing=pairing, version=1)

    with pytest.raises(ValidationError):
        actions.help_visit_record(user=world["users"]["community_admin"], pairing=pairing, visitors="x", done="y")
    assert unpaired(Household.objects.all()).exists()


def test_the_dashboard_panel_counts_the_areas_lists_for_overseers_only(rf, world):
    need = record_need(world)
    actions.project_create(
        user=world["users"]["community_admin"], community=need.community, title="四点半课堂", needs=[need]
    )
    area = SimpleNamespace(level="community", communities=Community.objects.filter(code=DUOFU))
    period = SimpleNamespace(start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 12, 31))
    request = rf.get("/")

    request.user = world["users"]["official"]
    shown = panel(request, area, period)
    request.user = world["users"]["secretary"]

    assert shown["resources"] == 1
    assert (shown["needs"]["open"], shown["needs"]["matched"], shown["projects"]["running"]) == (0, 1, 0)
    assert (shown["pairings"], shown["unpaired"]) == (0, 1)
    assert panel(request, area, period) is None
