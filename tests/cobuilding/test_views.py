"""The pages of the lists and pairings: each role in its scope and out of it (404), bounded queries, the household
page's panel."""

import datetime

import pytest
from django.urls import reverse

from cobuilding import actions
from cobuilding.models import HelpVisit, Kind, Need, Pairing, Project, Resource
from grids.models import Community

from .conftest import DUOFU


@pytest.fixture
def lists(world):
    """A need of 张三's household matched into a project using the classroom, and the household paired with
    第二党支部 with one help visit."""
    admin = world["users"]["community_admin"]
    need = actions.need_record(
        user=world["users"]["grid_a"],
        household=world["household"],
        kind=Kind.EDUCATION,
        description="学生课后托管",
        urgency=Need.Urgency.URGENT,
    )
    project = actions.project_create(
        user=admin,
        community=need.community,
        title="四点半课堂",
        needs=[need],
        resources=[world["classroom"]],
    )
    pairing = actions.pairing_create(user=admin, household=world["household"], organisation=world["branch_2"])
    visit = actions.help_visit_record(
        user=world["users"]["branch_secretary"],
        pairing=pairing,
        visited_on=datetime.date(2026, 11, 20),
        visitors="周强",
        done="送去米面油",
    )
    return {**world, "need": need, "project": project, "pairing": pairing, "visit": visit}


LISTS = {
    "cobuilding:resource-list": ("window", "community_admin", "official"),
    "cobuilding:need-list": ("window", "community_admin", "official", "grid_a"),
    "cobuilding:need-unmatched": ("window", "community_admin", "official", "grid_a"),
    "cobuilding:project-list": ("window", "community_admin", "official"),
    "cobuilding:pairing-list": ("community_admin", "official", "grid_a", "branch_secretary", "secretary"),
    "cobuilding:pairing-unpaired": ("community_admin", "official", "grid_a"),
}


@pytest.mark.parametrize("name", LISTS)
def test_each_list_shows_its_rows_to_the_roles_in_scope_in_bounded_queries(
    client, lists, name, django_assert_max_num_queries
):
    for username in LISTS[name]:
        client.force_login(lists["users"][username])
        with django_assert_max_num_queries(22):
            response = client.get(reverse(name))
        assert response.status_code == 200, username


@pytest.mark.parametrize(
    ("name", "marker"),
    [
        ("cobuilding:resource-list", "data-resource="),
        ("cobuilding:need-list", "data-need="),
        ("cobuilding:project-list", "data-project="),
        ("cobuilding:pairing-list", "data-pairing="),
    ],
)
def test_a_list_shows_nothing_of_another_community(client, lists, name, marker):
    client.force_login(lists["users"]["far_admin"])

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert marker not in response.content.decode()


def test_lists_filter_by_status_kind_and_urgency(client, lists):
    client.force_login(lists["users"]["window"])

    urgent = client.get(reverse("cobuilding:need-list"), {"urgency": "urgent", "kind": "education"}).content.decode()
    met = client.get(reverse("cobuilding:need-list"), {"status": "met"}).content.decode()
    wrong = client.get(reverse("cobuilding:need-list"), {"status": "nonsense"})

    assert f'data-need="{lists["need"].pk}"' in urgent
    assert "data-need=" not in met
    assert wrong.status_code == 200
    assert "data-need=" not in wrong.content.decode()


def test_roles_without_the_lists_are_refused(client, lists):
    client.force_login(lists["users"]["grid_a"])
    assert client.get(reverse("cobuilding:resource-list")).status_code == 403
    assert client.get(reverse("cobuilding:helpvisit-create", args=[lists["pairing"].pk])).status_code == 403
    client.force_login(lists["users"]["official"])
    assert client.get(reverse("cobuilding:project-match", args=[lists["project"].pk])).status_code == 403
    client.force_login(lists["users"]["nobody"])
    assert client.get(reverse("cobuilding:need-list")).status_code == 403


@pytest.mark.parametrize(
    ("username", "name", "key"),
    [
        ("grid_b", "cobuilding:need-update", "need"),
        ("far_admin", "cobuilding:need-update", "need"),
        ("far_admin", "cobuilding:resource-update", "classroom"),
        ("far_admin", "cobuilding:project-detail", "project"),
        ("far_admin", "cobuilding:project-match", "project"),
        ("far_secretary", "cobuilding:pairing-detail", "pairing"),
        ("far_secretary", "cobuilding:helpvisit-create", "pairing"),
    ],
)
def test_a_record_out_of_scope_answers_404(client, lists, username, name, key):
    client.force_login(lists["users"][username])

    assert client.get(reverse(name, args=[lists[key].pk])).status_code == 404


@pytest.mark.parametrize(
    ("username", "name", "key"),
    [
        ("grid_a", "cobuilding:need-update", "need"),
        ("community_admin", "cobuilding:resource-update", "classroom"),
        ("official", "cobuilding:project-detail", "project"),
        ("branch_secretary", "cobuilding:pairing-detail", "pairing"),
        ("branch_secretary", "cobuilding:helpvisit-create", "pairing"),
        ("grid_a", "cobuilding:pairing-detail", "pairing"),
        ("community_admin", "cobuilding:project-update", "project"),
        ("community_admin", "cobuilding:project-match", "project"),
        ("window", "cobuilding:need-update", "need"),
    ],
)
def test_a_record_in_scope_opens(client, lists, username, name, key):
    client.force_login(lists["users"][username])

    assert client.get(reverse(name, args=[lists[key].pk])).status_code == 200


def test_a_grid_worker_records_a_need_from_the_household_page(client, world):
    client.force_login(world["users"]["grid_a"])
    household = world["household"]
    page = client.get(household.get_absolute_url()).content.decode()
    link = f"{reverse('cobuilding:need-create')}?household={household.pk}"
    assert link in page

    form = client.get(link)
    response = client.post(
        link,
        {
            "household": household.pk,
            "kind": "other",
            "description": "独居老人助餐",
            "urgency": "normal",
            "submission_key": form.context["form"].initial["submission_key"],
        },
    )

    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.household, need.grid, need.recorded_by) == (household, world["grid_1"], world["users"]["grid_a"])


def test_a_grid_worker_cannot_record_a_need_for_another_grids_household(client, world):
    client.force_login(world["users"]["grid_b"])

    response = client.post(
        reverse("cobuilding:need-create"), {"household": world["household"].pk, "kind": "other", "description": "x"}
    )

    assert response.status_code == 200
    assert "household" in response.context["form"].errors
    assert not Need.objects.exists()


def test_an_empty_need_form_says_what_is_missing_in_chinese(client, world):
    client.force_login(world["users"]["window"])

    response = client.post(reverse("cobuilding:need-create"), {"kind": "other", "description": "路灯"})

    assert response.status_code == 200
    assert "group" in response.context["form"].errors


def test_a_stale_resource_edit_answers_409_with_the_saved_values(client, world):
    classroom, admin = world["classroom"], world["users"]["community_admin"]
    client.force_login(world["users"]["community_admin"])
    url = reverse("cobuilding:resource-update", args=[classroom.pk])
    form = client.get(url).context["form"]
    actions.resource_update(user=admin, resource=classroom, availability="每周六上午")

    response = client.post(
        url,
        {
            **{name: form.initial.get(name) or "" for name in form.fields},
            "community": classroom.community_id,
            "unit": classroom.unit_id,
            "availability": "每周日",
            "version": 1,
        },
    )

    assert response.status_code == 409, response.context["form"].errors
    classroom.refresh_from_db()
    assert classroom.availability == "每周六上午"


def test_a_resource_edit_keeps_the_saved_phone_and_shows_it_masked(client, world):
    client.force_login(world["users"]["community_admin"])
    page = client.get(reverse("cobuilding:resource-list")).content.decode()
    form = client.get(reverse("cobuilding:resource-update", args=[world["classroom"].pk])).content.decode()

    assert "139****5678" in page
    assert "13912345678" not in page
    assert "13912345678" not in form


def test_the_project_buttons_start_and_finish_it_and_its_need_is_met(client, lists):
    project = lists["project"]
    client.force_login(lists["users"]["community_admin"])
    url = reverse("cobuilding:project-status", args=[project.pk])

    client.post(url, {"status": "running", "version": 1})
    client.post(url, {"status": "done", "outcome": "学生按时托管", "version": 2})

    project.refresh_from_db()
    lists["need"].refresh_from_db()
    assert (project.status, lists["need"].status) == (Project.Status.DONE, Need.Status.MET)
    stale = client.post(url, {"status": "cancelled", "version": 1}, follow=True)
    assert stale.status_code == 200
    project.refresh_from_db()
    assert project.status == Project.Status.DONE


def test_an_official_reads_a_project_without_its_buttons(client, lists):
    client.force_login(lists["users"]["official"])

    page = client.get(lists["project"].get_absolute_url()).content.decode()

    assert "四点半课堂教室" in page
    assert reverse("cobuilding:project-status", args=[lists["project"].pk]) not in page
    assert client.post(reverse("cobuilding:project-status", args=[lists["project"].pk])).status_code == 403


def test_matching_a_need_into_a_project_through_the_page(client, world):
    admin = world["users"]["community_admin"]
    project = actions.project_create(user=admin, community=Community.objects.get(code=DUOFU), title="助餐")
    need = actions.need_record(
        user=admin, community=project.community, kind=Kind.OTHER, description="独居老人助餐", group="5号楼"
    )
    client.force_login(admin)
    url = reverse("cobuilding:project-match", args=[project.pk])
    key = client.get(url).context["form"].initial["submission_key"]

    response = client.post(url, {"needs": [need.pk], "version": 1, "submission_key": key})

    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == Need.Status.MATCHED


def test_the_household_page_shows_the_pairings_help_visits(client, lists):
    for username in ("grid_a", "community_admin"):
        client.force_login(lists["users"][username])
        page = client.get(lists["household"].get_absolute_url()).content.decode()
        assert "送去米面油" in page
        assert "第二党支部" in page


def test_the_household_page_shows_no_panel_to_whom_cannot_see_the_pairings(client, lists):
    lists["users"]["grid_a"].user_permissions.clear()
    client.force_login(lists["users"]["window"])
    page = client.get(lists["household_2"].get_absolute_url()).content.decode()
    assert "送去米面油" not in page


def test_a_community_admin_pairs_an_unpaired_household(client, world):
    admin = world["users"]["community_admin"]
    client.force_login(admin)
    unpaired = client.get(reverse("cobuilding:pairing-unpaired")).content.decode()
    assert f'data-household="{world["household"].pk}"' in unpaired
    url = f"{reverse('cobuilding:pairing-create')}?household={world['household'].pk}"
    key = client.get(url).context["form"].initial["submission_key"]

    response = client.post(
        url,
        {"household": world["household"].pk, "organisation": world["branch_2"].pk, "starts_on": "2026-01-01"},
    )
    both = client.post(
        url,
        {
            "household": world["household"].pk,
            "organisation": world["branch_1"].pk,
            "unit": world["unit"].pk,
            "submission_key": key,
        },
    )

    assert response.status_code == 302
    assert both.status_code == 200
    assert both.context["form"].non_field_errors()
    assert Pairing.objects.get().organisation == world["branch_2"]
    assert (
        f'data-household="{world["household"].pk}"'
        not in client.get(reverse("cobuilding:pairing-unpaired")).content.decode()
    )


def test_a_secretary_records_a_help_visit_and_ends_the_pairing(client, lists):
    pairing = lists["pairing"]
    client.force_login(lists["users"]["branch_secretary"])
    url = reverse("cobuilding:helpvisit-create", args=[pairing.pk])
    form = client.get(url)
    assert lists["zhou"].name in form.content.decode()

    client.post(
        url, {"visited_on": "2026-11-25", "visitors": "周强", "members": [lists["zhou"].pk], "done": "陪同就医"}
    )
    client.post(reverse("cobuilding:pairing-end", args=[pairing.pk]), {"version": 1, "note": "已搬离"})

    assert HelpVisit.objects.count() == 2
    pairing.refresh_from_db()
    assert (pairing.status, pairing.note) == (Pairing.Status.ENDED, "已搬离")


def test_a_community_admin_withdraws_a_resource_and_the_window_cannot(client, world):
    client.force_login(world["users"]["window"])
    refused = client.post(reverse("cobuilding:resource-status", args=[world["classroom"].pk]), {"status": "withdrawn"})
    assert refused.status_code == 403
    client.force_login(world["users"]["community_admin"])

    client.post(
        reverse("cobuilding:resource-status", args=[world["classroom"].pk]), {"status": "withdrawn", "version": 1}
    )

    world["classroom"].refresh_from_db()
    assert world["classroom"].status == Resource.Status.WITHDRAWN


def test_the_area_dashboard_shows_the_co_building_card(client, lists):
    client.force_login(lists["users"]["community_admin"])
    community = Community.objects.get(code=DUOFU)

    page = client.get(reverse("dashboards:area", args=["community", community.pk])).content.decode()

    assert 'data-testid="cobuilding-panel"' in page


def test_the_entry_opens_on_the_needs_or_on_the_pairings_for_a_secretary(client, lists):
    client.force_login(lists["users"]["window"])
    assert client.get(reverse("cobuilding:home"))["Location"] == reverse("cobuilding:need-list")
    client.force_login(lists["users"]["branch_secretary"])
    assert client.get(reverse("cobuilding:home"))["Location"] == reverse("cobuilding:pairing-list")


def test_the_need_form_from_a_household_names_it_and_asks_no_community(client, world):
    client.force_login(world["users"]["grid_a"])

    response = client.get(reverse("cobuilding:need-create"), {"household": world["household"].pk})

    assert "H0001" in response.content.decode()
    assert response.context["form"].fields["community"].widget.is_hidden


def test_the_lists_cost_the_same_queries_for_one_row_and_for_many(client, lists):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.residents.factories import HouseholdFactory

    admin = lists["users"]["community_admin"]
    client.force_login(admin)
    names = ["cobuilding:need-list", "cobuilding:resource-list", "cobuilding:project-list", "cobuilding:pairing-list"]

    def costs():
        counts = []
        for name in names:
            with CaptureQueriesContext(connection) as queries:
                client.get(reverse(name))
            counts.append(len(queries))
        return counts

    costs()  # the first page of the session also reads what is cached afterwards
    before = costs()
    for number in range(5):
        household = HouseholdFactory(dwelling=lists["d1"], number=f"H01{number}", head=False)
        actions.need_record(user=admin, household=household, kind=Kind.GOODS, description="冬季取暖用品")
        actions.resource_create(
            user=admin,
            community=household.dwelling.grid.community,
            title=f"义诊{number}",
            kind=Kind.MEDICAL,
            offered_by=Resource.OfferedBy.ORGANISATION,
            organisation=lists["branch_1"],
        )
        actions.project_create(user=admin, community=household.dwelling.grid.community, title=f"项目{number}")
        actions.pairing_create(user=admin, household=household, unit=lists["unit"])

    assert costs() == before


@pytest.mark.parametrize(
    ("username", "name", "key", "data"),
    [
        ("far_admin", "cobuilding:resource-status", "classroom", {"status": "withdrawn"}),
        ("grid_b", "cobuilding:need-close", "need", {}),
        ("far_admin", "cobuilding:project-status", "project", {"status": "running"}),
        ("far_secretary", "cobuilding:pairing-end", "pairing", {}),
        ("far_secretary", "cobuilding:helpvisit-create", "pairing", {"visitors": "某某", "done": "走访"}),
    ],
)
def test_a_button_on_a_record_out_of_scope_answers_404_and_changes_nothing(client, lists, username, name, key, data):
    client.force_login(lists["users"][username])

    response = client.post(reverse(name, args=[lists[key].pk]), {**data, "version": 1})

    assert response.status_code == 404
    assert HelpVisit.objects.count() == 1
    assert Pairing.objects.active().count() == 1
    assert Project.objects.get().status == Project.Status.PLANNED
    assert Resource.objects.get().status == Resource.Status.ACTIVE


def test_a_grid_worker_edits_and_closes_a_need_of_their_grid(client, world):
    need = actions.need_record(
        user=world["users"]["grid_a"], household=world["household"], kind=Kind.OTHER, description="楼道灯"
    )
    client.force_login(world["users"]["grid_a"])
    url = reverse("cobuilding:need-update", args=[need.pk])
    key = client.get(url).context["form"].initial["submission_key"]

    client.post(
        url, {"kind": "goods", "description": "楼道灯不亮", "urgency": "urgent", "version": 1, "submission_key": key}
    )
    stale = client.post(url, {"kind": "other", "description": "x", "urgency": "normal", "version": 1})
    client.post(reverse("cobuilding:need-close", args=[need.pk]), {"version": 2})

    need.refresh_from_db()
    assert stale.status_code == 409
    assert (need.kind, need.urgency, need.status, need.version) == ("goods", "urgent", Need.Status.CLOSED, 3)


def test_the_back_office_shows_a_resources_phone_masked(client, world):
    classroom = world["classroom"]
    client.force_login(world["users"]["admin"])

    html = client.get(reverse("admin:cobuilding_resource_change", args=[classroom.pk])).content.decode()

    assert classroom.masked_contact_phone in html
    assert classroom.contact_phone not in html


def test_odd_ids_in_the_address_are_ignored(client, world):
    client.force_login(world["users"]["community_admin"])

    for query in ({"household": "²"}, {"visit": "9" * 30}, {"resident": "-1"}):
        assert client.get(reverse("cobuilding:need-create"), query).status_code == 200
