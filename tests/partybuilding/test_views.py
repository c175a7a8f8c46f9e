import re

import pytest
from django.urls import reverse
from django.utils import timezone

from partybuilding import actions
from partybuilding.models import Activity, CheckIn, Member, PointsEntry

from .conftest import own_identity, plan

READ_ROLES = ["admin", "secretary", "branch_secretary", "community_admin", "official", "street_official"]
NO_PARTY_ROLES = ["window", "grid_a", "nobody"]

# Which organisations each role sees.
VISIBLE = {
    "admin": {"多福巷社区党委", "第一党支部", "第一党小组", "第二党支部", "景山东街社区党委", "景山东街第一党支部"},
    "official": {"多福巷社区党委", "第一党支部", "第一党小组", "第二党支部", "景山东街社区党委", "景山东街第一党支部"},
    "street_official": {"景山东街社区党委", "景山东街第一党支部"},
    "community_admin": {"多福巷社区党委", "第一党支部", "第一党小组", "第二党支部"},
    "secretary": {"多福巷社区党委", "第一党支部", "第一党小组", "第二党支部"},
    "branch_secretary": {"第二党支部"},
}
EDITORS = {"admin", "secretary", "community_admin"}  # of 第一党支部


@pytest.fixture
def world(party):
    """The party fixture with an activity, a check-in and a points entry in 第一党支部 and in the far branch."""
    admin = party["users"]["admin"]
    for key, branch, member in (("", "branch_1", "liu"), ("far_", "far_branch", "far")):
        activity = plan(admin, party[branch], kind=Activity.Kind.VOLUNTEER, volunteer_hours=2)
        party[f"{key}activity"] = activity
        party[f"{key}check_in"] = actions.attendance_record(
            user=admin, activity=activity, member=party[member], status=CheckIn.Status.PRESENT
        )
        party[f"{key}entry"] = PointsEntry.objects.filter(member=party[member]).first()
    return party


def read_urls(world, prefix=""):
    branch = world["far_branch" if prefix else "branch_1"]
    member = world["far" if prefix else "liu"]
    activity = world[f"{prefix}activity"]
    return [
        reverse("partybuilding:organisation-detail", args=[branch.pk]),
        reverse("partybuilding:member-detail", args=[member.pk]),
        reverse("partybuilding:activity-detail", args=[activity.pk]),
        reverse("partybuilding:compliance") + f"?branch={branch.pk}",
        reverse("partybuilding:member-list") + f"?organisation={branch.pk}",
    ]


def edit_urls(world, prefix=""):
    member = world["far" if prefix else "liu"]
    activity = world[f"{prefix}activity"]
    return [
        reverse("partybuilding:member-update", args=[member.pk]),
        reverse("partybuilding:member-leave", args=[member.pk]),
        reverse("partybuilding:member-confirm", args=[member.pk]),
        reverse("partybuilding:points-create", args=[member.pk]),
        reverse("partybuilding:activity-minutes", args=[activity.pk]),
        reverse("partybuilding:activity-expected", args=[activity.pk]),
        reverse("partybuilding:activity-qr", args=[activity.pk]),
    ]


def post_urls(world, prefix=""):
    return [
        *edit_urls(world, prefix)[:-1],  # the QR page only answers GET
        reverse("partybuilding:attendance-record", args=[world[f"{prefix}activity"].pk]),
        reverse("partybuilding:check-in-hours", args=[world[f"{prefix}check_in"].pk]),
        reverse("partybuilding:points-correct", args=[world[f"{prefix}entry"].pk]),
    ]


def names(html, attribute):
    return set(
        re.findall(
            rf'data-{attribute}="\d+"[^>]*>\s*<t[dh][^>]*>(?:<span[^>]*>[^<]*</span>)?<a [^>]*>([^<]+)</a>', html
        )
    )


@pytest.mark.parametrize("username", READ_ROLES)
def test_each_role_sees_exactly_the_organisations_of_its_scope(client, world, username):
    client.force_login(world["users"][username])

    html = client.get(reverse("partybuilding:organisation-list")).content.decode()

    assert names(html, "organisation") == VISIBLE[username]


@pytest.mark.parametrize("username", READ_ROLES)
def test_each_role_opens_party_records_in_its_scope_and_gets_404_outside(client, world, username):
    client.force_login(world["users"][username])
    near = VISIBLE[username] >= {"第一党支部"}
    far = "景山东街第一党支部" in VISIBLE[username]

    for url in read_urls(world):
        assert client.get(url).status_code == (200 if near else 404), url
    for url in read_urls(world, "far_"):
        assert client.get(url).status_code == (200 if far else 404), url


@pytest.mark.parametrize("username", READ_ROLES)
def test_each_role_lists_exactly_the_members_and_activities_of_its_scope(client, world, username):
    client.force_login(world["users"][username])
    expected_members = {member.name for member in Member.objects.all() if member.organisation.name in VISIBLE[username]}

    members = client.get(reverse("partybuilding:member-list")).context["page"]
    activities = client.get(reverse("partybuilding:activity-list")).context["page"]

    assert {member.name for member in members} == expected_members
    assert {activity.organisation.name for activity in activities} <= VISIBLE[username]


@pytest.mark.parametrize("username", READ_ROLES)
def test_each_role_opens_the_edit_pages_of_its_own_organisations_only(client, world, username):
    client.force_login(world["users"][username])
    user = world["users"][username]
    if username in ("official", "street_official"):
        expected_near = expected_far = 403  # officials read, never write
    else:
        expected_near = 200 if username in EDITORS else 404
        expected_far = 200 if user.is_superuser else 404

    for url in edit_urls(world):
        assert client.get(url).status_code == expected_near, url
    for url in edit_urls(world, "far_"):
        assert client.get(url).status_code == expected_far, url


@pytest.mark.parametrize("username", ["secretary", "branch_secretary", "community_admin"])
def test_posts_to_records_outside_the_users_organisations_answer_404_and_change_nothing(client, world, username):
    client.force_login(world["users"][username])
    before = (
        list(Member.objects.order_by("pk").values()),
        list(CheckIn.objects.order_by("pk").values()),
        PointsEntry.objects.count(),
        Activity.objects.get(pk=world["far_activity"].pk).minutes,
    )
    data = {
        "status": "absent",
        "member": world["far"].pk,
        "points": 5,
        "reason": "越权",
        "on": timezone.localdate().isoformat(),
        "minutes": "篡改",
        "name": "篡改",
    }

    for url in post_urls(world, "far_"):
        assert client.post(url, data).status_code == 404, url

    after = (
        list(Member.objects.order_by("pk").values()),
        list(CheckIn.objects.order_by("pk").values()),
        PointsEntry.objects.count(),
        Activity.objects.get(pk=world["far_activity"].pk).minutes,
    )
    assert after == before


def test_a_branch_secretary_cannot_post_to_the_sister_branch(client, world):
    client.force_login(world["users"]["branch_secretary"])

    for url in post_urls(world):
        assert client.post(url, {"status": "absent", "member": world["liu"].pk}).status_code == 404, url
    assert CheckIn.objects.get(pk=world["check_in"].pk).status == CheckIn.Status.PRESENT


@pytest.mark.parametrize("username", NO_PARTY_ROLES)
def test_roles_without_party_work_cannot_open_the_party_pages(client, world, username):
    client.force_login(world["users"][username])

    for url in [reverse("partybuilding:organisation-list"), *read_urls(world), *edit_urls(world)]:
        assert client.get(url).status_code == 403, url


def test_officials_cannot_post_changes(client, world):
    client.force_login(world["users"]["official"])

    for url in post_urls(world):
        assert client.post(url, {"status": "absent", "member": world["liu"].pk}).status_code == 403, url


# Pages at work


def test_the_secretary_plans_an_activity_and_the_organisations_members_are_expected(client, party):
    client.force_login(party["users"]["secretary"])
    starts = timezone.localtime() + timezone.timedelta(days=1)

    response = client.post(
        reverse("partybuilding:activity-create"),
        {
            "organisation": party["branch_1"].pk,
            "kind": Activity.Kind.THEME_DAY,
            "title": "主题党日：重温入党誓词",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timezone.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "党群服务中心",
        },
    )

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == activity.get_absolute_url()
    assert set(activity.expected_members.all()) == {party["liu"], party["chen"]}
    assert activity.points == actions.DEFAULT_POINTS[Activity.Kind.THEME_DAY]
    assert activity.created_by == party["users"]["secretary"]


def test_a_secretary_cannot_plan_an_activity_for_an_organisation_outside_their_scope(client, party):
    client.force_login(party["users"]["branch_secretary"])
    starts = timezone.localtime() + timezone.timedelta(days=1)

    response = client.post(
        reverse("partybuilding:activity-create"),
        {
            "organisation": party["branch_1"].pk,
            "kind": Activity.Kind.LECTURE,
            "title": "党课",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timezone.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_the_attendance_fragment_answers_htmx_polls_and_sends_others_to_the_page(client, world):
    client.force_login(world["users"]["secretary"])
    url = reverse("partybuilding:activity-attendance", args=[world["activity"].pk])

    fragment = client.get(url, headers={"HX-Request": "true"})
    plain = client.get(url)

    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in html
    assert 'hx-trigger="every 5s"' in html
    assert f'data-member="{world["liu"].pk}" data-status="present"' in html
    assert plain.status_code == 302


def test_the_activity_page_polls_its_attendance_table(client, world):
    client.force_login(world["users"]["secretary"])

    html = client.get(world["activity"].get_absolute_url()).content.decode()

    assert f'hx-get="{reverse("partybuilding:activity-attendance", args=[world["activity"].pk])}"' in html
    assert 'hx-trigger="every 5s"' in html


def test_the_secretary_records_leave_and_absence_from_the_activity_page(client, world):
    client.force_login(world["users"]["secretary"])
    activity = plan(world["users"]["secretary"], world["committee"])
    url = reverse("partybuilding:attendance-record", args=[activity.pk])

    leave = client.post(url, {"member": world["chen"].pk, "status": "leave", "reason": "出差"})
    absent = client.post(url, {"member": world["zhou"].pk, "status": "absent"}, headers={"HX-Request": "true"})
    no_reason = client.post(url, {"member": world["liu"].pk, "status": "leave"}, headers={"HX-Request": "true"})

    assert leave.status_code == 302
    assert absent.status_code == 200
    assert 'data-status="absent"' in absent.content.decode()
    assert no_reason.status_code == 400
    assert dict(activity.check_ins.values_list("member__name", "status")) == {"陈明": "leave", "周强": "absent"}


def test_the_secretary_confirms_volunteer_hours(client, world):
    client.force_login(world["users"]["secretary"])

    response = client.post(reverse("partybuilding:check-in-hours", args=[world["check_in"].pk]))

    assert response.status_code == 302
    world["check_in"].refresh_from_db()
    assert world["check_in"].hours_confirmed_by == world["users"]["secretary"]


def test_the_qr_page_shows_the_code_as_an_image_and_the_check_in_link(client, world):
    client.force_login(world["users"]["secretary"])

    html = client.get(reverse("partybuilding:activity-qr", args=[world["activity"].pk])).content.decode()
    image_url = re.search(r'<img src="([^"]+)"', html).group(1)
    link = re.search(r'href="([^"]+)" data-testid="check-in-link"', html).group(1)
    image = client.get(image_url)

    assert "/party/check-in/" in link
    assert image.status_code == 200
    assert image["Content-Type"] == "image/svg+xml"
    assert b"<svg" in image.content
    assert b"style=" not in image.content


def test_the_qr_image_of_a_forged_token_is_not_found(client, world):
    client.force_login(world["users"]["secretary"])

    response = client.get(reverse("partybuilding:activity-qr-image", args=[world["activity"].pk, "forged"]))

    assert response.status_code == 404


def test_the_member_list_and_detail_show_no_full_phone_or_id_number(client, world):
    client.force_login(world["users"]["community_admin"])
    identity = own_identity(1)

    pages = [
        client.get(reverse("partybuilding:member-list")).content.decode(),
        client.get(world["liu"].get_absolute_url()).content.decode(),
    ]

    for html in pages:
        assert "139****0001" in html
        assert identity["phone"] not in html
        assert identity["id_number"] not in html


def test_the_secretary_adds_points_and_corrects_an_entry_from_the_member_page(client, party):
    client.force_login(party["users"]["secretary"])
    member = party["liu"]

    client.post(
        reverse("partybuilding:points-create", args=[member.pk]),
        {"on": timezone.localdate().isoformat(), "points": 4, "reason": "撰写宣传稿"},
    )
    entry = PointsEntry.objects.get()
    client.post(reverse("partybuilding:points-correct", args=[entry.pk]), {"reason": "重复记录"})
    html = client.get(member.get_absolute_url()).content.decode()

    assert list(PointsEntry.objects.order_by("pk").values_list("points", flat=True)) == [4, -4]
    assert re.search(r'data-testid="points-total">0<', html)


def test_the_secretary_adds_a_member_with_their_own_identity(client, party):
    client.force_login(party["users"]["secretary"])
    identity = own_identity(77)

    response = client.post(
        reverse("partybuilding:member-create"),
        {
            "organisation": party["branch_2"].pk,
            "name": "马丽",
            "id_number": identity["id_number"],
            "phone": "139 0000 0077",
            "standing": Member.Standing.FULL,
            "joined_on": "2010-07-01",
            "category": Member.Category.RETIRED,
        },
    )

    member = Member.objects.get(name="马丽")
    assert response.status_code == 302
    assert (member.phone, member.organisation) == (identity["phone"], party["branch_2"])
    assert member.transfers.get().direction == "in"


def test_the_member_form_refuses_an_invalid_id_number(client, party):
    client.force_login(party["users"]["secretary"])

    response = client.post(
        reverse("partybuilding:member-create"),
        {
            "organisation": party["branch_2"].pk,
            "name": "马丽",
            "id_number": "110102198001010000",
            "phone": "13900000077",
            "standing": Member.Standing.FULL,
            "joined_on": "2010-07-01",
            "category": Member.Category.RETIRED,
        },
    )

    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors


def test_the_unit_report_sums_the_hours_and_activities_of_its_in_service_members(client, party):
    admin = party["users"]["admin"]
    activity = plan(admin, party["committee"], kind=Activity.Kind.VOLUNTEER, volunteer_hours=3)
    check_in = actions.attendance_record(user=admin, activity=activity, member=party["zhou"], status="present")
    actions.check_in_confirm_hours(user=admin, check_in=check_in)
    client.force_login(party["users"]["secretary"])

    response = client.get(party["unit"].get_absolute_url())

    assert response.status_code == 200
    (member,) = response.context["members"]
    assert (member.name, member.activities, member.hours) == ("周强", 1, 3)
    assert response.context["totals"]["hours"] == 3


def test_the_unit_list_and_report_follow_the_community_scope(client, party):
    client.force_login(party["users"]["street_official"])

    units = client.get(reverse("partybuilding:unit-list")).context["page"]

    assert [unit.name for unit in units] == ["景山小学"]
    assert client.get(party["unit"].get_absolute_url()).status_code == 404
    assert client.get(party["far_unit"].get_absolute_url()).status_code == 200


def test_a_community_admin_registers_a_unit_and_a_wrong_credit_code_is_refused(client, party):
    client.force_login(party["users"]["community_admin"])
    url = reverse("partybuilding:unit-create")
    data = {"name": "多福巷小学", "community": party["committee"].community_id}

    wrong = client.post(url, {**data, "credit_code": "12110101MB00000001"})
    right = client.post(url, {**data, "credit_code": "12110101mb0000000c"})

    assert "credit_code" in wrong.context["form"].errors
    assert right.status_code == 302
    assert party["unit"].community.party_units.filter(credit_code="12110101MB0000000C").exists()


def test_the_compliance_page_lists_the_branches_in_scope(client, party):
    client.force_login(party["users"]["secretary"])

    response = client.get(reverse("partybuilding:compliance"))

    assert [row.branch.name for row in response.context["rows"]] == ["第一党支部", "第二党支部"]


# The public check-in page


def test_a_member_checks_in_on_the_public_page_without_logging_in(client, world):
    activity = plan(world["users"]["secretary"], world["branch_1"])
    url = reverse("partybuilding:check-in", args=[actions.check_in_token(activity)])

    page = client.get(url)
    done = client.post(url, {"phone": "13900000001", "id_tail": own_identity(1)["id_number"][-4:]})

    assert page.status_code == 200
    assert 'name="phone"' in page.content.decode()
    assert done.status_code == 200
    assert 'data-testid="check-in-done"' in done.content.decode()
    assert activity.check_ins.get().member == world["liu"]


def test_the_public_page_refuses_clearly_and_records_nothing(client, world):
    activity = plan(world["users"]["secretary"], world["branch_1"])
    url = reverse("partybuilding:check-in", args=[actions.check_in_token(activity)])

    unknown = client.post(url, {"phone": "13900000004", "id_tail": own_identity(4)["id_number"][-4:]})
    forged = client.get(reverse("partybuilding:check-in", args=["forged-token"]))

    assert unknown.status_code == 400
    assert 'data-reason="unknown"' in unknown.content.decode()
    assert forged.status_code == 400
    assert 'data-reason="forged"' in forged.content.decode()
    assert 'name="phone"' not in forged.content.decode()
    assert not activity.check_ins.exists()


def test_the_public_page_is_rate_limited(client, world):
    activity = plan(world["users"]["secretary"], world["branch_1"])
    url = reverse("partybuilding:check-in", args=[actions.check_in_token(activity)])

    statuses = [client.post(url, {"phone": "13911112222", "id_tail": "1234"}).status_code for _ in range(21)]

    assert statuses[:20] == [400] * 20
    assert statuses[20] == 429


def test_the_resident_page_shows_party_membership_to_users_allowed_to_see_it(client, party, register):
    Member.objects.create(
        organisation=party["branch_1"], resident=register["zhang"], joined_on=timezone.datetime(1970, 7, 1).date()
    )

    client.force_login(party["users"]["community_admin"])
    shown = client.get(register["zhang"].get_absolute_url()).content.decode()
    client.force_login(party["users"]["window"])
    hidden = client.get(register["zhang"].get_absolute_url()).content.decode()

    assert 'data-testid="party-membership"' in shown
    assert reverse("partybuilding:member-detail", args=[register["zhang"].party_members.get().pk]) in shown
    assert 'data-testid="party-membership"' not in hidden


# Query counts stay bounded whatever the numbers


@pytest.fixture
def crowd(world):
    admin = world["users"]["admin"]
    for number in range(100, 140):
        Member.objects.create(
            organisation=world["group_1"] if number % 2 else world["branch_1"],
            name=f"党员{number}",
            joined_on=timezone.datetime(2000, 1, 1).date(),
            **own_identity(number),
        )
    activity = plan(admin, world["committee"])
    for member in activity.expected_members.all()[:30]:
        actions.attendance_record(user=admin, activity=activity, member=member, status="present")
    world["crowd_activity"] = activity
    return world


@pytest.mark.parametrize("username", ["secretary", "official"])
def test_party_pages_take_a_bounded_number_of_queries(client, crowd, django_assert_max_num_queries, username):
    client.force_login(crowd["users"][username])
    activity = crowd["crowd_activity"]
    urls = [
        reverse("partybuilding:organisation-list"),
        crowd["committee"].get_absolute_url(),
        reverse("partybuilding:member-list"),
        crowd["liu"].get_absolute_url(),
        reverse("partybuilding:activity-list"),
        activity.get_absolute_url(),
        reverse("partybuilding:compliance") + f"?branch={crowd['branch_1'].pk}",
        reverse("partybuilding:unit-list"),
        crowd["unit"].get_absolute_url(),
    ]
    for url in urls:
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url
    with django_assert_max_num_queries(12):
        client.get(reverse("partybuilding:activity-attendance", args=[activity.pk]), headers={"HX-Request": "true"})


def test_a_community_admin_founds_a_party_group_below_a_branch(client, party):
    client.force_login(party["users"]["community_admin"])

    response = client.post(
        reverse("partybuilding:organisation-create"),
        {
            "name": "第二党小组",
            "kind": "group",
            "parent": party["branch_1"].pk,
            "community": party["branch_1"].community_id,
            "secretary": party["users"]["branch_secretary"].pk,
            "committee_members": [party["users"]["secretary"].pk],
        },
    )

    group = party["branch_1"].children.get(name="第二党小组")
    assert response.status_code == 302
    assert list(group.committee_members.all()) == [party["users"]["secretary"]]


@pytest.mark.parametrize(("username", "status"), [("community_admin", 404), ("secretary", 403), ("official", 403)])
def test_organisations_of_another_community_cannot_be_edited(client, party, username, status):
    client.force_login(party["users"][username])
    url = reverse("partybuilding:organisation-update", args=[party["far_branch"].pk])

    assert client.get(url).status_code == status
    assert client.post(url, {"name": "改名", "kind": "branch"}).status_code == status
    party["far_branch"].refresh_from_db()
    assert party["far_branch"].name == "景山东街第一党支部"


def test_party_pages_have_no_inline_script_or_style(client, world):
    client.force_login(world["users"]["secretary"])
    activity = world["activity"]
    urls = [
        reverse("partybuilding:organisation-list"),
        world["committee"].get_absolute_url(),
        world["liu"].get_absolute_url(),
        activity.get_absolute_url(),
        reverse("partybuilding:activity-qr", args=[activity.pk]),
        reverse("partybuilding:compliance") + f"?branch={world['branch_1'].pk}",
        world["unit"].get_absolute_url(),
        reverse("partybuilding:check-in", args=[actions.check_in_token(activity)]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], url
        assert " style=" not in html, url
        assert " onclick=" not in html, url


def test_the_secretary_changes_who_is_expected_but_members_already_recorded_stay(client, world):
    client.force_login(world["users"]["secretary"])
    activity = world["activity"]  # 刘红 (recorded present) and 陈明 are expected

    response = client.post(
        reverse("partybuilding:activity-expected", args=[activity.pk]), {"members": [world["zhou"].pk]}
    )

    assert response.status_code == 302
    assert set(activity.expected_members.values_list("name", flat=True)) == {"刘红", "周强"}


def test_members_outside_the_secretarys_organisations_cannot_be_made_expected(client, world):
    client.force_login(world["users"]["branch_secretary"])
    activity = plan(world["users"]["branch_secretary"], world["branch_2"])

    response = client.post(
        reverse("partybuilding:activity-expected", args=[activity.pk]), {"members": [world["liu"].pk]}
    )

    assert response.status_code == 200
    assert "members" in response.context["form"].errors
    assert list(activity.expected_members.all()) == [world["zhou"]]


# The member form's stale edit, the lists' filters and the buttons' answers


def member_form_data(response):
    """What the member form sends back as it was opened (or as it was shown again)."""
    form = response.context["form"]
    values = {name: form[name].value() for name in form.fields}
    return {name: value for name, value in values.items() if value is not None}


def test_a_stale_member_edit_answers_409_with_the_saved_values_and_saving_again_overwrites_them(client, party):
    client.force_login(party["users"]["secretary"])
    liu = party["liu"]
    url = reverse("partybuilding:member-update", args=[liu.pk])
    opened = {**member_form_data(client.get(url)), "post": "宣传委员"}
    saved_version = liu.version + 1
    Member.objects.filter(pk=liu.pk).update(post="组织委员", version=saved_version)  # someone else saved meanwhile

    stale = client.post(url, opened)
    again = client.post(url, member_form_data(stale))

    html = stale.content.decode()
    assert stale.status_code == 409
    assert "记录已被他人修改" in html
    assert 'data-testid="conflict"' in html
    assert "组织委员" in html
    assert stale.context["current"].post == "组织委员"
    assert again.status_code == 302
    liu.refresh_from_db()
    assert (liu.post, liu.version) == ("宣传委员", saved_version + 1)


def test_the_member_list_shows_active_members_unless_asked_and_an_organisation_includes_those_below(client, party):
    Member.objects.filter(pk=party["chen"].pk).update(
        status=Member.Status.TRANSFERRED_OUT, status_changed_on=timezone.localdate()
    )
    client.force_login(party["users"]["secretary"])
    url = reverse("partybuilding:member-list")

    def listed(query=""):
        return {member.name for member in client.get(url + query).context["page"]}

    assert listed() == {"刘红", "周强"}
    assert listed("?status=all") == listed("?status=") == {"刘红", "陈明", "周强"}
    assert listed("?status=transferred_out") == {"陈明"}
    assert listed(f"?organisation={party['branch_1'].pk}&status=all") == {"刘红", "陈明"}
    assert listed(f"?organisation={party['group_1'].pk}&status=all") == {"陈明"}
    assert listed("?q=刘&status=all") == {"刘红"}
    assert listed(f"?category={Member.Category.IN_SERVICE}") == {"周强"}
    assert listed(f"?standing={Member.Standing.PROBATIONARY}") == set()


def test_the_list_filters_offer_only_the_users_organisations(client, party):
    client.force_login(party["users"]["branch_secretary"])

    for url in (reverse("partybuilding:member-list"), reverse("partybuilding:activity-list")):
        choices = client.get(url).context["filter"].form.fields["organisation"].queryset

        assert [organisation.name for organisation in choices] == ["第二党支部"], url


def test_the_member_list_of_an_organisation_outside_the_users_is_not_found(client, party):
    client.force_login(party["users"]["branch_secretary"])

    response = client.get(reverse("partybuilding:member-list") + f"?organisation={party['branch_1'].pk}")

    assert response.status_code == 404


def test_the_activity_list_filters_by_type_and_organisation(client, party):
    admin = party["users"]["admin"]
    lecture = plan(admin, party["branch_1"], kind=Activity.Kind.LECTURE)
    theme_day = plan(admin, party["branch_2"], kind=Activity.Kind.THEME_DAY)
    client.force_login(party["users"]["secretary"])
    url = reverse("partybuilding:activity-list")

    def listed(query=""):
        return set(client.get(url + query).context["page"])

    assert listed() == {lecture, theme_day}
    assert listed(f"?kind={Activity.Kind.LECTURE}") == {lecture}
    assert listed(f"?organisation={party['branch_2'].pk}") == {theme_day}
    assert listed(f"?organisation={party['committee'].pk}") == set()  # that organisation's own activities only


@pytest.mark.parametrize("name", ["attendance-record", "check-in-hours", "points-correct"])
def test_the_buttons_of_the_activity_and_member_pages_answer_only_post(client, world, name):
    client.force_login(world["users"]["secretary"])
    pk = {"attendance-record": world["activity"], "check-in-hours": world["check_in"], "points-correct": world["entry"]}

    assert client.get(reverse(f"partybuilding:{name}", args=[pk[name].pk])).status_code == 405


def test_a_refused_correction_comes_back_to_the_member_page_with_the_reason(client, world):
    client.force_login(world["users"]["secretary"])
    url = reverse("partybuilding:points-correct", args=[world["entry"].pk])

    client.post(url, follow=True)
    refused = client.post(url, follow=True)

    assert refused.redirect_chain == [(world["liu"].get_absolute_url(), 302)]
    assert [str(message) for message in refused.context["messages"]] == ["该记录已更正过，或本身即为更正记录。"]
    assert PointsEntry.objects.filter(member=world["liu"]).count() == 2
