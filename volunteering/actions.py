"""Every change of teams, volunteers, service records and social organisations: in a transaction,
re-checking the user's scope after the save; edits take the version the user saw. History is kept
by the models' triggers (track_changes)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.actions import StaleEdit, ensure_in_scope

from .models import (
    Membership,
    OrganisationActivity,
    ServiceHours,
    ServiceRecord,
    SocialOrganisation,
    StarRating,
    Team,
    Volunteer,
)


def _outside():
    return _("This change would move the record outside your community, so it was not saved.")


def _save(*, user, obj, version: int | None = None):
    """Create `obj`, or save its edit unless someone saved it since `version` was read."""
    model = type(obj)
    if obj.pk is not None:
        current = model.objects.editable_by(user).select_for_update(of=("self",)).filter(pk=obj.pk).first()
        if current is None:
            raise ValidationError(_outside())
        if version is not None and current.version != version:
            raise StaleEdit(current)
        obj.version = current.version + 1
    obj.full_clean()
    obj.save()
    ensure_in_scope(model.objects.editable_by(user), obj, _outside())
    return obj


def _locked(user, model, obj):
    """`obj` as saved, its row locked, if the user keeps it (else the action is refused)."""
    locked = model.objects.editable_by(user).select_for_update(of=("self",)).filter(pk=obj.pk).first()
    if locked is None:
        raise ValidationError(_outside())
    return locked


@transaction.atomic
def team_save(*, user, team: Team, version: int | None = None) -> Team:
    return _save(user=user, obj=team, version=version)


@transaction.atomic
def volunteer_save(*, user, volunteer: Volunteer, version: int | None = None) -> Volunteer:
    return _save(user=user, obj=volunteer, version=version)


@transaction.atomic
def membership_add(*, user, team: Team, volunteer: Volunteer, since: datetime.date) -> Membership:
    team = _locked(user, Team, team)
    if team.status != Team.Status.ACTIVE:
        raise ValidationError(_("This team is disbanded."))
    if not volunteer.is_active:
        raise ValidationError({"volunteer": _("Only an active volunteer can join a team.")})
    membership = Membership(team=team, volunteer=volunteer, since=since)
    membership.full_clean()
    membership.save()
    ensure_in_scope(Membership.objects.editable_by(user), membership, _outside())
    return membership


@transaction.atomic
def membership_end(*, user, membership: Membership, until: datetime.date | None = None) -> Membership:
    membership = _locked(user, Membership, membership)
    if membership.until is not None:
        raise ValidationError(_("This volunteer has left the team already."))
    membership.until = until or timezone.localdate()
    membership.full_clean()
    membership.save()
    return membership


def _open_record(user, record: ServiceRecord) -> ServiceRecord:
    locked = _locked(user, ServiceRecord, record)
    if locked.is_confirmed:
        raise ValidationError(_("The hours of this record are confirmed: reopen it to change it."))
    return locked


@transaction.atomic
def record_create(*, user, record: ServiceRecord, volunteers=(), hours: Decimal | None = None) -> ServiceRecord:
    """A team's service, with the same hours for each volunteer who served (changed one by one after)."""
    if record.team_id and record.team.status != Team.Status.ACTIVE:
        raise ValidationError({"team": _("This team is disbanded.")})
    record.created_by = user
    record.status = ServiceRecord.Status.OPEN
    record.community_id = record.team.community_id if record.team_id else None
    _save(user=user, obj=record)
    for volunteer in volunteers:
        entry = ServiceHours(record=record, volunteer=volunteer, hours=hours)
        entry.full_clean()
        entry.save()
    return record


@transaction.atomic
def record_update(*, user, record: ServiceRecord, version: int | None = None) -> ServiceRecord:
    _open_record(user, record)
    record.community_id = record.team.community_id
    return _save(user=user, obj=record, version=version)


@transaction.atomic
def hours_set(*, user, record: ServiceRecord, volunteer: Volunteer, hours: Decimal) -> ServiceHours:
    """A volunteer's hours on an open record: added, or changed when they are there already."""
    record = _open_record(user, record)
    entry = ServiceHours.objects.filter(record=record, volunteer=volunteer).first() or ServiceHours(
        record=record, volunteer=volunteer
    )
    entry.hours = hours
    entry.full_clean()
    entry.save()
    record.version += 1
    record.save(update_fields=["version"])
    return entry


@transaction.atomic
def hours_remove(*, user, entry: ServiceHours) -> ServiceRecord:
    record = _open_record(user, entry.record)
    ServiceHours.objects.filter(pk=entry.pk).delete()
    record.version += 1
    record.save(update_fields=["version"])
    return record


@transaction.atomic
def record_confirm(*, user, record: ServiceRecord) -> ServiceRecord:
    """The team leader's word on the hours, recorded by a community admin: from now on they count."""
    record = _open_record(user, record)
    if not record.hours.exists():
        raise ValidationError(_("Enter the hours of at least one volunteer before confirming."))
    record.status = ServiceRecord.Status.CONFIRMED
    record.confirmed_by = user
    record.confirmed_at = timezone.now()
    record.version += 1
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def record_reopen(*, user, record: ServiceRecord) -> ServiceRecord:
    """Take a confirmation back to correct the record (the history keeps who had confirmed it)."""
    record = _locked(user, ServiceRecord, record)
    if not record.is_confirmed:
        raise ValidationError(_("This record is not confirmed."))
    record.status = ServiceRecord.Status.OPEN
    record.confirmed_by = record.confirmed_at = None
    record.version += 1
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def organisation_save(*, user, organisation: SocialOrganisation, version: int | None = None) -> SocialOrganisation:
    return _save(user=user, obj=organisation, version=version)


@transaction.atomic
def organisation_activity_add(*, user, activity: OrganisationActivity) -> OrganisationActivity:
    _locked(user, SocialOrganisation, activity.organisation)
    activity.recorded_by = user
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def rating_save(*, user, rating: StarRating, version: int | None = None) -> StarRating:
    """A year's 星级评定: the total and the stars follow from the scores; the organisation keeps the
    stars of its latest year (the list filters on them)."""
    organisation = _locked(user, SocialOrganisation, rating.organisation)
    if rating.year and rating.year > timezone.localdate().year:
        raise ValidationError({"year": _("A year still to come cannot be rated.")})
    rating.rated_by = user
    rating.compute()
    _save(user=user, obj=rating, version=version)
    latest = organisation.ratings.order_by("-year").first()
    organisation.stars = latest.stars
    organisation.save(update_fields=["stars"])
    return rating
