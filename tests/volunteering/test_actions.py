"""The changes: confirmation of hours and reopening, versions, history, the star rating."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.actions import StaleEdit
from volunteering import actions
from volunteering.hours import area_hours, volunteer_hours
from volunteering.models import ServiceRecordEvent, StarRating, Volunteer, stars_for


def test_confirming_records_who_and_when_and_the_history_keeps_it(vol):
    admin = vol["users"]["community_admin"]

    record = actions.record_confirm(user=admin, record=vol["open"])

    assert record.is_confirmed
    assert record.confirmed_by == admin
    assert record.confirmed_at is not None
    events = ServiceRecordEvent.objects.filter(pgh_obj=record).order_by("pgh_id")
    assert list(events.values_list("pgh_label", "status", "confirmed_by")) == [
        ("insert", "open", None),
        ("update", "confirmed", admin.pk),
    ]


def test_a_confirmed_record_changes_only_after_it_is_reopened(vol):
    admin, record = vol["users"]["community_admin"], vol["confirmed"]

    with pytest.raises(ValidationError, match="撤销确认"):
        actions.hours_set(user=admin, record=record, volunteer=vol["zhang"], hours=Decimal("8"))
    with pytest.raises(ValidationError):
        actions.hours_remove(user=admin, entry=record.hours.first())
    record.title = "改过"
    with pytest.raises(ValidationError):
        actions.record_update(user=admin, record=record, version=record.version)

    reopened = actions.record_reopen(user=admin, record=record)
    actions.hours_set(user=admin, record=reopened, volunteer=vol["zhang"], hours=Decimal("8"))

    assert (reopened.status, reopened.confirmed_by, reopened.confirmed_at) == ("open", None, None)
    assert record.hours.get(volunteer=vol["zhang"]).hours == Decimal("8")
    statuses = list(
        ServiceRecordEvent.objects.filter(pgh_obj=record).order_by("pgh_id").values_list("status", flat=True)
    )
    assert "confirmed" in statuses
    assert statuses[-1] == "open"


def test_a_record_without_hours_cannot_be_confirmed(vol):
    from tests.volunteering.conftest import record

    empty = record(vol["users"]["community_admin"], vol["youth"], [], Decimal("1"), on=timezone.localdate())

    with pytest.raises(ValidationError, match="至少录入一名志愿者"):
        actions.record_confirm(user=vol["users"]["community_admin"], record=empty)


def test_only_confirmed_hours_count(vol):
    hours = volunteer_hours(vol["users"]["community_admin"], vol["zhang"], timezone.localdate().year)

    assert hours["own_total"] == Decimal("2.5")  # the open record's 3 hours do not count yet
    assert hours["party_total"] == 0


def test_an_edit_of_a_record_changed_since_is_stale(vol):
    admin = vol["users"]["community_admin"]
    seen = Volunteer.objects.get(pk=vol["qian"].pk)
    other = Volunteer.objects.get(pk=vol["qian"].pk)
    other.name = "钱七七"
    actions.volunteer_save(user=admin, volunteer=other, version=other.version)

    seen.name = "钱小七"
    with pytest.raises(StaleEdit):
        actions.volunteer_save(user=admin, volunteer=seen, version=seen.version)


def test_a_change_that_leaves_the_community_is_rolled_back(vol):
    volunteer = Volunteer.objects.get(pk=vol["qian"].pk)
    volunteer.community = vol["far"]

    with pytest.raises(ValidationError):
        actions.volunteer_save(user=vol["users"]["community_admin"], volunteer=volunteer, version=volunteer.version)
    assert Volunteer.objects.get(pk=volunteer.pk).community == vol["community"]


def test_a_volunteer_is_of_the_team_community(vol):
    with pytest.raises(ValidationError):
        actions.membership_add(
            user=vol["users"]["admin"], team=vol["patrol"], volunteer=vol["wang"], since=datetime.date(2024, 1, 1)
        )


def test_dual_reporting_hours_count_once(vol, dual):
    """张三's 1.5 hours as an in-service party member are read from partybuilding: in his total and once in
    the community's; a community member's (刘红's 2) hours are not dual reporting."""
    today = timezone.localdate()
    admin = vol["users"]["community_admin"]

    zhang = volunteer_hours(admin, vol["zhang"], today.year)
    figures = area_hours(admin, [vol["community"]], today.replace(day=1), today)
    unseen = volunteer_hours(AnonymousUser(), vol["zhang"], today.year)  # the party's rows, in its own scope

    assert (zhang["own_total"], zhang["party_total"], zhang["total"]) == (Decimal("2.5"), Decimal("1.5"), Decimal("4"))
    assert zhang["year"] == Decimal("4")
    assert figures == {"own": Decimal("5"), "party": Decimal("1.5"), "total": Decimal("6.5")}
    assert area_hours(admin, [vol["far"]], today.replace(day=1), today)["party"] == 0
    assert (unseen["own_total"], unseen["party_total"]) == (Decimal("2.5"), 0)


@pytest.mark.parametrize(("total", "stars"), [(100, 5), (90, 5), (89, 4), (80, 4), (70, 3), (60, 2), (59, 1), (0, 1)])
def test_stars_follow_the_thresholds(total, stars):
    assert stars_for(total) == stars


def test_a_rating_sums_the_scores_and_the_organisation_keeps_its_latest_stars(vol):
    admin, organisation = vol["users"]["community_admin"], vol["organisation"]
    year = timezone.localdate().year

    def rate(year, *scores):
        names = ["governance", "activities", "services", "finances", "reputation"]
        return actions.rating_save(
            user=admin,
            rating=StarRating(
                organisation=organisation,
                year=year,
                rated_on=timezone.localdate(),
                **dict(zip(names, scores, strict=True)),
            ),
        )

    old = rate(year - 2, 20, 25, 25, 15, 10)
    last = rate(year - 1, 15, 20, 20, 10, 10)

    organisation.refresh_from_db()
    assert (old.total, old.stars, last.total, last.stars) == (95, 5, 75, 3)
    assert organisation.stars == 3
    assert last.rated_by == admin
    with pytest.raises(ValidationError):
        rate(year - 1, 1, 1, 1, 1, 1)  # one rating a year
    with pytest.raises(ValidationError):
        rate(year - 3, 21, 25, 25, 15, 15)  # more than governance's 20
    with pytest.raises(ValidationError):
        rate(year + 1, 1, 1, 1, 1, 1)
