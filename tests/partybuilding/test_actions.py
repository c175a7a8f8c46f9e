import datetime
from decimal import Decimal

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from partybuilding import actions
from partybuilding.models import Activity, CheckIn, Member, PointsEntry, PointsRule, PointsSource, Transfer

from .conftest import own_identity, plan


def check_in(activity, member, token=None, **kwargs):
    identity = {"phone": member.identity_phone, "id_tail": member.identity_number[-4:]}
    return actions.member_check_in(token=token or actions.check_in_token(activity), **{**identity, **kwargs})


def refusal(activity, member, **kwargs):
    with pytest.raises(actions.CheckInRefused) as refused:
        check_in(activity, member, **kwargs)
    return refused.value.code


def points(member):
    return sum(PointsEntry.objects.filter(member=member).values_list("points", flat=True))


# QR check-in


def test_a_member_checks_in_with_a_valid_token_in_the_window_and_earns_the_activity_points(party):
    activity = plan(party["users"]["secretary"], party["branch_1"], points=3)

    result = check_in(activity, party["liu"])

    assert (result.status, result.method, result.member) == (CheckIn.Status.PRESENT, CheckIn.Method.QR, party["liu"])
    entry = PointsEntry.objects.get(member=party["liu"])
    assert (entry.points, entry.source, entry.check_in) == (3, PointsSource.ATTENDANCE, result)


def test_a_member_of_a_group_below_the_organisation_is_expected_and_checks_in(party):
    activity = plan(party["users"]["secretary"], party["committee"])

    assert set(activity.expected_members.all()) == {party["liu"], party["chen"], party["zhou"]}
    assert check_in(activity, party["chen"]).status == CheckIn.Status.PRESENT


def test_the_phone_may_be_typed_with_spaces_and_the_country_code_and_the_x_in_lower_case(party):
    member = party["liu"]
    member.id_number = own_identity(9, datetime.date(1979, 1, 1))["id_number"]
    while not member.id_number.endswith("X"):  # find one ending in X
        member.id_number = own_identity(int(member.id_number[14:17]) + 2, datetime.date(1979, 1, 1))["id_number"]
    member.save()
    activity = plan(party["users"]["secretary"], party["branch_1"])

    result = check_in(activity, member, phone="+86 139 0000 0001", id_tail=member.id_number[-4:].lower())

    assert result.member == member


def test_a_member_linked_to_a_resident_checks_in_with_the_residents_phone(party, register):
    member = Member.objects.create(
        organisation=party["branch_1"], resident=register["zhang"], joined_on=datetime.date(1970, 7, 1)
    )
    activity = plan(party["users"]["secretary"], party["branch_1"])

    result = check_in(activity, member, phone="13812345678", id_tail="002X")

    assert result.member == member


def test_an_expired_token_is_refused_and_nothing_is_recorded(party, monkeypatch):
    activity = plan(party["users"]["secretary"], party["branch_1"])
    issued = timezone.now().timestamp() - actions.CHECK_IN_TOKEN_MAX_AGE - 60
    with monkeypatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: issued)
        old_token = actions.check_in_token(activity)

    assert refusal(activity, party["liu"], token=old_token) == "expired"
    assert not CheckIn.objects.exists()
    assert not PointsEntry.objects.exists()


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # tampered signature
        lambda token: signing.TimestampSigner(salt="another-purpose").sign(token.split(":")[0]),  # not for check-in
        lambda token: "not-a-token",
    ],
)
def test_a_forged_token_is_refused_and_nothing_is_recorded(party, forge):
    activity = plan(party["users"]["secretary"], party["branch_1"])

    assert refusal(activity, party["liu"], token=forge(actions.check_in_token(activity))) == "forged"
    assert not CheckIn.objects.exists()


def test_a_token_naming_another_activity_cannot_be_made_by_editing_it(party):
    activity = plan(party["users"]["secretary"], party["branch_1"])
    other = plan(party["users"]["secretary"], party["branch_1"], title="另一个活动")
    _activity_pk, rest = actions.check_in_token(activity).split(":", 1)
    forged = f"{other.pk}:{rest}"

    assert refusal(other, party["liu"], token=forged) == "forged"


def test_a_reused_token_checks_nobody_in_twice(party):
    activity = plan(party["users"]["secretary"], party["branch_1"])
    token = actions.check_in_token(activity)
    check_in(activity, party["liu"], token=token)

    assert refusal(activity, party["liu"], token=token) == "duplicate"
    assert CheckIn.objects.filter(activity=activity, member=party["liu"]).count() == 1
    assert points(party["liu"]) == activity.points


def test_the_same_token_serves_every_expected_member(party):
    activity = plan(party["users"]["secretary"], party["branch_1"])
    token = actions.check_in_token(activity)

    check_in(activity, party["liu"], token=token)
    check_in(activity, party["chen"], token=token)

    assert activity.check_ins.count() == 2


def test_check_in_before_the_window_opens_is_refused(party):
    activity = plan(party["users"]["secretary"], party["branch_1"], starts_in=datetime.timedelta(hours=3))

    assert refusal(activity, party["liu"]) == "not_open"
    assert not CheckIn.objects.exists()


def test_check_in_after_the_window_closes_is_refused(party):
    activity = plan(party["users"]["secretary"], party["branch_1"], starts_in=-datetime.timedelta(hours=3))

    assert refusal(activity, party["liu"]) == "closed"
    assert not CheckIn.objects.exists()


def test_check_in_is_open_from_30_minutes_before_the_start_to_30_minutes_after_the_end(party):
    activity = plan(party["users"]["secretary"], party["branch_1"], starts_in=datetime.timedelta(minutes=29))

    assert activity.check_in_opens_at == activity.starts_at - datetime.timedelta(minutes=30)
    assert activity.check_in_closes_at == activity.ends_at + datetime.timedelta(minutes=30)
    assert check_in(activity, party["liu"]).status == CheckIn.Status.PRESENT


def test_a_member_of_another_organisation_is_refused(party):
    activity = plan(party["users"]["secretary"], party["branch_1"])

    assert refusal(activity, party["far"]) == "unknown"
    assert refusal(activity, party["zhou"]) == "unknown"  # a member of the sister branch
    assert not CheckIn.objects.exists()


def test_an_unknown_phone_or_wrong_id_digits_are_refused(party):
    activity = plan(party["users"]["secretary"], party["branch_1"])

    assert refusal(activity, party["liu"], phone="13911112222") == "unknown"
    assert refusal(activity, party["liu"], id_tail="0000") == "unknown"
    assert refusal(activity, party["liu"], id_tail="12") == "unknown"
    assert not CheckIn.objects.exists()


def test_a_member_who_transferred_out_cannot_check_in(party):
    activity = plan(party["users"]["secretary"], party["branch_1"])
    actions.member_leave(
        user=party["users"]["secretary"],
        member=party["liu"],
        status=Member.Status.TRANSFERRED_OUT,
        on=timezone.localdate(),
        to_organisation="朝阳区某党支部",
    )

    assert refusal(activity, party["liu"]) == "unknown"


# Leave and attendance recorded by the secretary


def test_a_member_asks_for_leave_with_a_reason(party):
    activity = plan(party["users"]["secretary"], party["branch_1"])

    leave = actions.member_request_leave(
        user=party["users"]["secretary"], activity=activity, member=party["liu"], reason="出差"
    )

    assert (leave.status, leave.reason, leave.recorded_by) == (
        CheckIn.Status.LEAVE,
        "出差",
        party["users"]["secretary"],
    )
    assert not PointsEntry.objects.exists()


def test_leave_without_a_reason_is_refused(party):
    activity = plan(party["users"]["secretary"], party["branch_1"])

    with pytest.raises(ValidationError):
        actions.member_request_leave(
            user=party["users"]["secretary"], activity=activity, member=party["liu"], reason=" "
        )

    assert not CheckIn.objects.exists()


def test_a_member_on_leave_who_comes_after_all_checks_in_and_earns_the_points(party):
    activity = plan(party["users"]["secretary"], party["branch_1"])
    actions.member_request_leave(
        user=party["users"]["secretary"], activity=activity, member=party["liu"], reason="出差"
    )

    result = check_in(activity, party["liu"])

    assert result.status == CheckIn.Status.PRESENT
    assert CheckIn.objects.count() == 1
    assert points(party["liu"]) == activity.points


def test_marking_a_member_absent_after_they_were_present_takes_the_points_back_by_a_new_entry(party):
    activity = plan(party["users"]["secretary"], party["branch_1"])
    actions.attendance_record(
        user=party["users"]["secretary"], activity=activity, member=party["liu"], status=CheckIn.Status.PRESENT
    )

    actions.attendance_record(
        user=party["users"]["secretary"], activity=activity, member=party["liu"], status=CheckIn.Status.ABSENT
    )

    assert list(PointsEntry.objects.order_by("pk").values_list("points", flat=True)) == [
        activity.points,
        -activity.points,
    ]
    assert CheckIn.objects.get().status == CheckIn.Status.ABSENT


def test_a_secretary_cannot_record_attendance_outside_their_organisations(party):
    activity = plan(party["users"]["admin"], party["far_branch"])

    with pytest.raises(ValidationError):
        actions.attendance_record(
            user=party["users"]["secretary"], activity=activity, member=party["far"], status=CheckIn.Status.PRESENT
        )

    assert not CheckIn.objects.exists()


def test_a_member_not_expected_cannot_be_recorded(party):
    activity = plan(party["users"]["secretary"], party["branch_1"])

    with pytest.raises(ValidationError):
        actions.attendance_record(
            user=party["users"]["secretary"], activity=activity, member=party["zhou"], status=CheckIn.Status.PRESENT
        )


# Points


def volunteering(party, **kwargs):
    return plan(
        party["users"]["secretary"],
        party["committee"],
        kind=Activity.Kind.VOLUNTEER,
        volunteer_hours=Decimal("3.0"),
        **kwargs,
    )


def test_confirmed_volunteer_hours_earn_points_and_in_service_members_earn_them_as_reporting_service(party):
    activity = volunteering(party)
    secretary = party["users"]["secretary"]
    community_member = check_in(activity, party["liu"])
    in_service_member = check_in(activity, party["zhou"])

    actions.check_in_confirm_hours(user=secretary, check_in=community_member)
    actions.check_in_confirm_hours(user=secretary, check_in=in_service_member, hours=Decimal("2.5"))

    hours_entries = PointsEntry.objects.exclude(source=PointsSource.ATTENDANCE)
    assert {(e.member.name, e.source, e.points) for e in hours_entries} == {
        ("刘红", PointsSource.VOLUNTEER, 6),
        ("周强", PointsSource.REPORTING, 5),
    }
    assert CheckIn.objects.get(member=party["zhou"]).hours == Decimal("2.5")


def test_hours_are_confirmed_once_and_only_for_members_present(party):
    activity = volunteering(party)
    secretary = party["users"]["secretary"]
    present = check_in(activity, party["liu"])
    absent = actions.attendance_record(
        user=secretary, activity=activity, member=party["chen"], status=CheckIn.Status.ABSENT
    )
    actions.check_in_confirm_hours(user=secretary, check_in=present)

    with pytest.raises(ValidationError):
        actions.check_in_confirm_hours(user=secretary, check_in=present)
    with pytest.raises(ValidationError):
        actions.check_in_confirm_hours(user=secretary, check_in=absent)
    assert PointsEntry.objects.filter(source=PointsSource.VOLUNTEER).count() == 1


def test_automatic_points_stop_at_the_yearly_cap_of_their_source(party):
    PointsRule.objects.create(source=PointsSource.ATTENDANCE, yearly_cap=5)
    secretary = party["users"]["secretary"]
    first, second, third = (plan(secretary, party["branch_1"], points=3, title=f"活动{n}") for n in range(3))

    for activity in (first, second, third):
        check_in(activity, party["liu"])

    assert list(PointsEntry.objects.order_by("pk").values_list("points", flat=True)) == [3, 2]
    assert CheckIn.objects.filter(status=CheckIn.Status.PRESENT).count() == 3


def test_the_secretary_adds_a_manual_entry_with_a_reason(party):
    entry = actions.points_add_manual(
        user=party["users"]["secretary"], member=party["liu"], on=timezone.localdate(), points=5, reason="调解邻里纠纷"
    )

    assert (entry.source, entry.points, entry.reason, entry.recorded_by) == (
        PointsSource.MANUAL,
        5,
        "调解邻里纠纷",
        party["users"]["secretary"],
    )


def test_a_manual_entry_above_the_yearly_cap_is_refused(party):
    PointsRule.objects.create(source=PointsSource.MANUAL, yearly_cap=8)
    secretary = party["users"]["secretary"]
    actions.points_add_manual(user=secretary, member=party["liu"], on=timezone.localdate(), points=5, reason="表彰")

    with pytest.raises(ValidationError) as error:
        actions.points_add_manual(user=secretary, member=party["liu"], on=timezone.localdate(), points=5, reason="表彰")

    assert "points" in error.value.error_dict
    assert points(party["liu"]) == 5


def test_a_deduction_is_never_capped(party):
    PointsRule.objects.create(source=PointsSource.MANUAL, yearly_cap=0)

    entry = actions.points_add_manual(
        user=party["users"]["secretary"], member=party["liu"], on=timezone.localdate(), points=-2, reason="无故缺席"
    )

    assert entry.points == -2


def test_a_manual_entry_needs_a_reason_and_is_refused_outside_the_secretarys_organisations(party):
    secretary = party["users"]["secretary"]
    with pytest.raises(ValidationError):
        actions.points_add_manual(user=secretary, member=party["liu"], on=timezone.localdate(), points=2, reason=" ")
    with pytest.raises(ValidationError):
        actions.points_add_manual(user=secretary, member=party["far"], on=timezone.localdate(), points=2, reason="好")

    assert not PointsEntry.objects.exists()


def test_a_correction_is_a_new_entry_of_the_opposite_sign_and_is_made_once(party):
    secretary = party["users"]["secretary"]
    entry = actions.points_add_manual(
        user=secretary, member=party["liu"], on=timezone.localdate(), points=5, reason="误记"
    )

    correction = actions.points_correct(user=secretary, entry=entry, reason="记错了人")

    assert (correction.points, correction.corrects) == (-5, entry)
    assert points(party["liu"]) == 0
    with pytest.raises(ValidationError):
        actions.points_correct(user=secretary, entry=entry, reason="再次更正")
    entry.refresh_from_db()
    assert entry.points == 5


# Members


def test_moving_a_member_to_another_branch_and_transferring_them_out_are_kept_as_history(party):
    secretary = party["users"]["secretary"]
    member = party["liu"]
    member.organisation = party["branch_2"]
    actions.member_update(user=secretary, member=member, version=member.version)
    actions.member_leave(
        user=secretary,
        member=member,
        status=Member.Status.TRANSFERRED_OUT,
        on=datetime.date(2026, 6, 1),
        to_organisation="朝阳区某党支部",
    )

    member.refresh_from_db()
    assert (member.status, member.status_changed_on) == (Member.Status.TRANSFERRED_OUT, datetime.date(2026, 6, 1))
    assert list(Transfer.objects.filter(member=member).order_by("pk").values_list("direction", "to_organisation")) == [
        (Transfer.Direction.WITHIN, "第二党支部"),
        (Transfer.Direction.OUT, "朝阳区某党支部"),
    ]
    assert Member.objects.filter(pk=member.pk).exists()


def test_a_stale_edit_of_a_member_is_refused(party):
    member = party["liu"]
    member.post = "楼栋长"
    actions.member_update(user=party["users"]["secretary"], member=member, version=1)
    member.post = "政策宣传岗"

    with pytest.raises(actions.StaleEdit):
        actions.member_update(user=party["users"]["secretary"], member=member, version=1)


def test_a_probationary_member_is_made_a_full_member(party):
    member = party["chen"]
    member.standing = Member.Standing.PROBATIONARY
    member.joined_on = datetime.date(2025, 7, 1)
    member.probation_ends_on = datetime.date(2026, 7, 1)
    member.save()

    actions.member_confirm(user=party["users"]["secretary"], member=member, on=datetime.date(2026, 7, 1))

    member.refresh_from_db()
    assert (member.standing, member.confirmed_on) == (Member.Standing.FULL, datetime.date(2026, 7, 1))


def test_member_changes_are_recorded_in_the_history(party):
    from partybuilding.models import MemberEvent

    member = party["liu"]
    member.post = "楼栋长"
    actions.member_update(user=party["users"]["secretary"], member=member, version=1)

    assert list(MemberEvent.objects.filter(pgh_obj=member).values_list("pgh_label", "post")) == [
        ("insert", ""),
        ("update", "楼栋长"),
    ]
