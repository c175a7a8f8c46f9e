"""Every change to the register goes through these functions: validated, in one transaction,
re-checked against the acting user's scope before it is committed."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.actions import StaleEdit, ensure_in_scope

from .choices import Relationship, ResidentStatus
from .models import Household, HouseholdMembership, PersonalDataAccess, Resident, ResidentTag, Visit


@transaction.atomic
def resident_create(*, user, resident: Resident, household=None, relationship="", on=None) -> Resident:
    resident.full_clean()
    resident.save()
    ensure_in_scope(Resident.objects.editable_by(user), resident)
    if household is not None:
        household_add_member(user=user, household=household, resident=resident, relationship=relationship, on=on)
    return resident


@transaction.atomic
def resident_update(*, user, resident: Resident, version: int) -> Resident:
    """Save the edited `resident` unless someone else saved it since `version` was read."""
    current = Resident.objects.select_for_update().get(pk=resident.pk)
    if current.version != version or not current.is_active:
        raise StaleEdit(current)
    resident.version = current.version + 1
    resident.full_clean()
    resident.save()
    ensure_in_scope(Resident.objects.editable_by(user), resident)
    return resident


def _end_memberships(resident: Resident, on: datetime.date, new_head: Resident | None) -> None:
    for membership in resident.memberships.current().select_related("household"):
        others = membership.household.memberships.current().exclude(resident=resident)
        if membership.relationship == Relationship.HEAD and others.exists():
            if new_head is None or not others.filter(resident=new_head).exists():
                raise ValidationError(
                    {"new_head": _("This resident heads a household with other members: choose its new head.")}
                )
            membership.ended_on = on
            membership.save(update_fields=["ended_on"])
            household_change_head(household=membership.household, new_head=new_head, on=on)
        else:
            membership.ended_on = on
            membership.save(update_fields=["ended_on"])


@transaction.atomic
def resident_leave(
    *, user, resident: Resident, status: str, on: datetime.date, note: str = "", new_head=None
) -> Resident:
    """Record that a resident moved out or died. The record stays; it leaves the active register."""
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    if not resident.is_active:
        raise ValidationError(_("This resident is no longer on the register."))
    if status not in (ResidentStatus.MOVED_OUT, ResidentStatus.DECEASED):
        raise ValidationError(_("Unknown change of status."))
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    _end_memberships(resident, on, new_head)
    resident.status = status
    resident.status_changed_on = on
    resident.status_note = note
    resident.version += 1
    resident.save()
    return resident


@transaction.atomic
def household_add_member(*, user, household: Household, resident: Resident, relationship: str, on=None):
    """Move `resident` into `household` (ending any other current membership on the same day)."""
    on = on or timezone.localdate()
    if (
        relationship == Relationship.HEAD
        and household.memberships.current().filter(relationship=Relationship.HEAD).exists()
    ):
        raise ValidationError({"relationship": _("This household has a head already.")})
    resident.memberships.current().update(ended_on=on)
    membership = HouseholdMembership(household=household, resident=resident, relationship=relationship, started_on=on)
    membership.full_clean()
    membership.save()
    Household.objects.filter(pk=household.pk).update(version=F("version") + 1)
    return membership


@transaction.atomic
def household_change_head(*, household: Household, new_head: Resident, on: datetime.date) -> None:
    """Make `new_head` (a current member) the head; the former head stays as a member (其他)."""
    memberships = household.memberships.current().select_for_update()
    new = memberships.filter(resident=new_head).first()
    if new is None:
        raise ValidationError({"new_head": _("The new head must be a current member of the household.")})
    memberships.filter(relationship=Relationship.HEAD).exclude(pk=new.pk).update(relationship=Relationship.OTHER)
    new.relationship = Relationship.HEAD
    new.save(update_fields=["relationship"])
    Household.objects.filter(pk=household.pk).update(version=F("version") + 1)


@transaction.atomic
def tag_add(*, resident: Resident, kind: str, since: datetime.date, note: str = "") -> ResidentTag:
    tag = ResidentTag(resident=resident, kind=kind, since=since, note=note)
    tag.full_clean()
    tag.save()
    return tag


@transaction.atomic
def tag_end(*, tag: ResidentTag, until: datetime.date) -> ResidentTag:
    tag.until = until
    tag.full_clean()
    tag.save(update_fields=["until"])
    return tag


@transaction.atomic
def visit_record(*, user, visit: Visit) -> Visit:
    """Log a visit in the grid of the household (or of the resident) visited."""
    place = visit.household.dwelling if visit.household_id else visit.resident.dwelling
    visit.grid_id = place.grid_id
    visit.worker = user
    visit.full_clean()
    visit.save()
    return visit


def personal_data_reveal(*, user, resident: Resident, field: str) -> str:
    """The full value of `field`, for a user with the permission; every attempt is logged."""
    granted = user.has_perm("residents.view_full_personal_data")
    PersonalDataAccess.objects.create(user=user, resident=resident, field=field, granted=granted)
    if not granted:
        raise PermissionDenied
    return getattr(resident, PersonalDataAccess.Field(field).value)
