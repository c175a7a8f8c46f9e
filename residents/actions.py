"""Every change to the register goes through these functions: validated, in one transaction,
re-checked against the acting user's scope before it is committed."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.actions import StaleEdit, ensure_in_scope
from grids.models import Dwelling

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
def household_change_head(
    *,
    household: Household,
    new_head: Resident,
    on: datetime.date | None = None,
    old_head_relationship: str = Relationship.OTHER,
    user=None,
    version: int | None = None,
) -> Household:
    """Make `new_head` (a current member) the head; the former head stays as a member, with the
    relationship to the new head given (其他 unless said). From a page (`user` given): on the version
    the page showed, in the user's area."""
    if user is not None:
        household = _household_checked(user, household, version)
    on = on or timezone.localdate()
    memberships = household.memberships.current().select_for_update()
    new = memberships.filter(resident=new_head).first()
    if new is None:
        raise ValidationError({"new_head": _("The new head must be a current member of the household.")})
    if old_head_relationship == Relationship.HEAD:
        raise ValidationError({"old_head_relationship": _("Give the former head's relationship to the new head.")})
    memberships.filter(relationship=Relationship.HEAD).exclude(pk=new.pk).update(relationship=old_head_relationship)
    new.relationship = Relationship.HEAD
    new.save(update_fields=["relationship"])
    Household.objects.filter(pk=household.pk).update(version=F("version") + 1)
    return household


def _household_checked(user, household: Household, version: int | None) -> Household:
    """The household locked, as the user may change it and as they saw it (else StaleEdit)."""
    current = Household.objects.select_for_update().get(pk=household.pk)
    if version is not None and current.version != version:
        raise StaleEdit(current)
    ensure_in_scope(Household.objects.editable_by(user), current)
    return current


@transaction.atomic
def household_register(*, user, household: Household, head: Resident | None = None, on=None) -> Household:
    """Register a new household at a dwelling of the user's area, with its head if one is named (a
    resident on the register, who leaves their current household that day)."""
    household.full_clean()
    household.save()
    ensure_in_scope(Household.objects.editable_by(user), household)
    if head is not None:
        _join(user, household, head, Relationship.HEAD, on or timezone.localdate())
    return household


def _join(user, household, resident, relationship, on):
    """Move a resident into a household (a move between households keeps the old membership, ended
    that day) and into its dwelling; the user must keep the resident's record as it was."""
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    ensure_in_scope(Resident.objects.editable_by(user), resident, _("This resident is not in your area."))
    for membership in resident.memberships.current():
        if (
            membership.relationship == Relationship.HEAD
            and membership.household.memberships.current().exclude(resident=resident).exists()
        ):
            raise ValidationError(
                _("%(name)s heads a household with other members: change its head first.") % {"name": resident.name}
            )
    household_add_member(user=user, household=household, resident=resident, relationship=relationship, on=on)
    if resident.dwelling_id != household.dwelling_id:
        resident.dwelling_id = household.dwelling_id
        resident.version += 1
        resident.save()


@transaction.atomic
def household_member_join(*, user, household: Household, resident: Resident, relationship: str, version: int, on=None):
    """A resident on the register moves into this household (and its dwelling) from wherever they were."""
    household = _household_checked(user, household, version)
    if household.memberships.current().filter(resident=resident).exists():
        raise ValidationError({"resident": _("This resident is a member of this household already.")})
    _join(user, household, resident, relationship, on or timezone.localdate())
    Household.objects.filter(pk=household.pk).update(version=F("version") + 1)
    return household


@transaction.atomic
def household_split(
    *, user, household: Household, members, head: Resident, number: str, version: int, dwelling=None, on=None
) -> Household:
    """户分离: some members leave `household` for a new one (at its dwelling, or another of the user's
    area), `head` at their head; the others keep theirs. Each keeps the old membership, ended `on`."""
    household = _household_checked(user, household, version)
    on = on or timezone.localdate()
    current = {m.resident_id: m for m in household.memberships.current()}
    members = list(members)
    if head not in members:
        raise ValidationError({"head": _("The head of the new household must be one of the members leaving.")})
    if any(member.pk not in current for member in members):
        raise ValidationError({"members": _("Only current members of the household can split off.")})
    if len(members) == len(current):
        raise ValidationError({"members": _("Someone must stay in the household: move it instead.")})
    leaving_head = next((m for m in members if current[m.pk].relationship == Relationship.HEAD), None)
    if leaving_head is not None:
        raise ValidationError({"members": _("The head stays: change the household's head first.")})
    new = Household(dwelling=dwelling or household.dwelling, number=number, kind=household.kind)
    household_register(user=user, household=new, on=on)
    for member in members:
        _join(user, new, member, Relationship.HEAD if member == head else current[member.pk].relationship, on)
    Household.objects.filter(pk=household.pk).update(version=F("version") + 1)
    return new


@transaction.atomic
def household_merge(*, user, household: Household, into: Household, version: int, on=None) -> Household:
    """合户: the members of `household` join `into` (its head as 其他, the others keeping their
    relationship); `household` is left without members, on record."""
    household = _household_checked(user, household, version)
    into = _household_checked(user, into, None)
    if into.pk == household.pk:
        raise ValidationError({"into": _("Choose another household.")})
    on = on or timezone.localdate()
    members = list(household.memberships.current().select_related("resident").order_by("relationship"))
    for membership in members:  # ended all at once first, so that no one heads a household still in use
        membership.ended_on = on
        membership.save(update_fields=["ended_on"])
    for membership in members:
        relationship = Relationship.OTHER if membership.relationship == Relationship.HEAD else membership.relationship
        _join(user, into, membership.resident, relationship, on)
    Household.objects.filter(pk=household.pk).update(version=F("version") + 1)
    return into


@transaction.atomic
def household_move(*, user, household: Household, dwelling, version: int, on=None) -> Household:
    """The whole household moves to another dwelling, its members with it. Both ends must be in the
    user's area: moving into a grid the user does not keep needs the receiving grid's worker, or the
    community admin."""
    household = _household_checked(user, household, version)

    if not Dwelling.objects.editable_by(user).filter(pk=dwelling.pk).exists():
        raise ValidationError(
            {"dwelling": _("This dwelling is not in your area: the receiving grid registers the move.")}
        )
    household.dwelling = dwelling
    household.version += 1
    household.save(update_fields=["dwelling", "version"])
    for membership in household.memberships.current().select_related("resident"):
        resident = membership.resident
        resident.dwelling = dwelling
        resident.version += 1
        resident.save()
    return household


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
