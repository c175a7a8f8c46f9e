"""Every change to party records goes through these functions: validated, in one transaction,
re-checked against the acting user's scope before it is committed."""

import datetime
from decimal import Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.actions import StaleEdit, ensure_in_scope
from residents.identity import normalize_id_number, normalize_phone

from .models import (
    CHECK_IN_MARGIN,
    Activity,
    CheckIn,
    Member,
    Organisation,
    PointsEntry,
    PointsRule,
    PointsSource,
    Transfer,
)

# Points for attending, by activity type (an activity may set its own).
DEFAULT_POINTS = {
    Activity.Kind.GENERAL_MEETING: 3,
    Activity.Kind.COMMITTEE_MEETING: 2,
    Activity.Kind.GROUP_MEETING: 2,
    Activity.Kind.LECTURE: 3,
    Activity.Kind.THEME_DAY: 3,
    Activity.Kind.LIFE_MEETING: 3,
    Activity.Kind.APPRAISAL: 3,
    Activity.Kind.VOLUNTEER: 2,
    Activity.Kind.OTHER: 1,
}
# Used for a source without a PointsRule row (the back office can add one to change them).
DEFAULT_RULES = {
    PointsSource.ATTENDANCE: (0, 120),
    PointsSource.VOLUNTEER: (2, 60),
    PointsSource.REPORTING: (2, 60),
    PointsSource.MANUAL: (0, 50),
}
CHECK_IN_SALT = "partybuilding.check-in"
# How long a QR code stays good: the activity page shows a fresh one, so a photo of an old one stops working.
CHECK_IN_TOKEN_MAX_AGE = 3 * 60 * 60


class CheckInRefused(Exception):
    """A QR check-in that was refused; the message says why, for the member to read."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


# What ensure_in_scope says when a change would take a record out of the user's organisations.
OUTSIDE = gettext_lazy("This change would move the record outside your organisations, so it was not saved.")


# Organisations and members


@transaction.atomic
def organisation_save(*, user, organisation: Organisation, committee_members=None) -> Organisation:
    organisation.full_clean()
    organisation.save()
    if committee_members is not None:
        organisation.committee_members.set(committee_members)
    ensure_in_scope(Organisation.objects.editable_by(user), organisation, OUTSIDE)
    return organisation


@transaction.atomic
def member_create(*, user, member: Member) -> Member:
    member.full_clean()
    member.save()
    ensure_in_scope(Member.objects.editable_by(user), member, OUTSIDE)
    Transfer.objects.create(
        member=member,
        direction=Transfer.Direction.IN,
        on=timezone.localdate(),
        to_organisation=member.organisation.name,
        note=_("Entered on the roll."),
        recorded_by=user,
    )
    return member


@transaction.atomic
def member_update(*, user, member: Member, version: int) -> Member:
    """Save the edited `member` unless someone saved it since `version` was read; a move between
    organisations is recorded as a transfer."""
    current = Member.objects.select_for_update().select_related("organisation").get(pk=member.pk)
    if current.version != version or not current.is_active:
        raise StaleEdit(current)
    member.version = current.version + 1
    member.full_clean()
    member.save()
    ensure_in_scope(Member.objects.editable_by(user), member, OUTSIDE)
    if member.organisation_id != current.organisation_id:
        Transfer.objects.create(
            member=member,
            direction=Transfer.Direction.WITHIN,
            on=timezone.localdate(),
            from_organisation=current.organisation.name,
            to_organisation=member.organisation.name,
            recorded_by=user,
        )
    return member


@transaction.atomic
def member_confirm(*, user, member: Member, on: datetime.date) -> Member:
    """转正: a probationary member becomes a full member."""
    if member.standing != Member.Standing.PROBATIONARY:
        raise ValidationError(_("Only a probationary member can be made a full member."))
    if on < member.joined_on:
        raise ValidationError({"on": _("A member cannot be made a full member before joining.")})
    member.standing = Member.Standing.FULL
    member.confirmed_on = on
    member.version += 1
    member.full_clean()
    member.save(update_fields=["standing", "confirmed_on", "version", "updated_at"])
    return member


@transaction.atomic
def member_leave(*, user, member: Member, status: str, on: datetime.date, to_organisation: str = "", note: str = ""):
    """A transfer out (组织关系转出) or a death: the member stays on record with the status and its date."""
    if not member.is_active:
        raise ValidationError(_("This member is no longer active."))
    if status not in (Member.Status.TRANSFERRED_OUT, Member.Status.DECEASED):
        raise ValidationError({"status": _("Choose a transfer out or a death.")})
    if status == Member.Status.TRANSFERRED_OUT and not to_organisation:
        raise ValidationError({"to_organisation": _("Give the organisation the member transfers to.")})
    member.status = status
    member.status_changed_on = on
    member.version += 1
    member.full_clean()
    member.save(update_fields=["status", "status_changed_on", "version", "updated_at"])
    if status == Member.Status.TRANSFERRED_OUT:
        Transfer.objects.create(
            member=member,
            direction=Transfer.Direction.OUT,
            on=on,
            from_organisation=member.organisation.name,
            to_organisation=to_organisation,
            note=note,
            recorded_by=user,
        )
    return member


# Activities


def default_expected_members(organisation: Organisation):
    """The active members of the organisation and of those below it."""
    return Member.objects.active().filter(organisation__in=organisation.subtree())


@transaction.atomic
def activity_create(*, user, activity: Activity, expected=None) -> Activity:
    """Plan an activity; its check-in window defaults to 30 minutes either side, its points to its type's."""
    if activity.starts_at and activity.ends_at:
        if activity.check_in_opens_at is None:
            activity.check_in_opens_at = activity.starts_at - CHECK_IN_MARGIN
        if activity.check_in_closes_at is None:
            activity.check_in_closes_at = activity.ends_at + CHECK_IN_MARGIN
    if activity.points is None:
        activity.points = DEFAULT_POINTS.get(activity.kind, 1)
    activity.created_by = user
    activity.full_clean()
    activity.save()
    ensure_in_scope(Activity.objects.editable_by(user), activity, OUTSIDE)
    members = default_expected_members(activity.organisation) if expected is None else expected
    activity.expected_members.set(members)
    return activity


@transaction.atomic
def activity_update(*, user, activity: Activity) -> Activity:
    activity.full_clean()
    activity.save()
    ensure_in_scope(Activity.objects.editable_by(user), activity, OUTSIDE)
    return activity


@transaction.atomic
def activity_set_expected(*, user, activity: Activity, members) -> None:
    """Change who is expected; members whose attendance is recorded stay expected."""
    ensure_in_scope(Activity.objects.editable_by(user), activity, OUTSIDE)
    members = set(members)
    if Member.objects.editable_by(user).filter(pk__in=[m.pk for m in members]).count() != len(members):
        raise ValidationError(_("Only members of your organisations can be expected."))
    recorded = set(Member.objects.filter(check_ins__activity=activity))
    activity.expected_members.set(members | recorded)


# Check-in


def _signer():
    return signing.TimestampSigner(salt=CHECK_IN_SALT)


def check_in_token(activity: Activity) -> str:
    """A signed, timestamped token naming the activity (short, so the QR code stays easy to scan)."""
    return _signer().sign(str(activity.pk))


def activity_from_token(token: str) -> Activity:
    """The activity a token names; CheckInRefused if it is forged or older than CHECK_IN_TOKEN_MAX_AGE."""
    forged = CheckInRefused(_("This check-in link is not valid. Please scan the code again."), "forged")
    try:
        value = _signer().unsign(token, max_age=CHECK_IN_TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise CheckInRefused(
            _("This QR code has expired. Please scan the code shown at the activity now."), "expired"
        ) from None
    except signing.BadSignature:
        raise forged from None
    activity = (
        Activity.objects.select_related("organisation").filter(pk=int(value)).first() if value.isdigit() else None
    )
    if activity is None:
        raise forged
    return activity


def check_in_window_ensure(activity: Activity, now) -> None:
    if now < activity.check_in_opens_at:
        raise CheckInRefused(
            _("Check-in for this activity has not opened yet. It opens at %(time)s.")
            % {"time": timezone.localtime(activity.check_in_opens_at).strftime("%H:%M")},
            "not_open",
        )
    if now > activity.check_in_closes_at:
        raise CheckInRefused(_("Check-in for this activity has closed."), "closed")


@transaction.atomic
def member_check_in(*, token: str, phone: str, id_tail: str) -> CheckIn:
    """A member checks themselves in by QR code, identified by phone and the last 4 characters of
    their ID number. Anything amiss raises CheckInRefused and records nothing."""
    activity = activity_from_token(token)
    now = timezone.now()
    check_in_window_ensure(activity, now)
    phone, id_tail = normalize_phone(phone), normalize_id_number(id_tail)
    candidates = []
    if len(id_tail) == 4 and phone:
        candidates = list(
            activity.expected_members.active().identified_by(phone=phone, id_tail=id_tail).order_by("pk")[:2]
        )
    if len(candidates) != 1:
        raise CheckInRefused(
            _(
                "We could not find you among the members expected at this activity. Check your phone number and "
                "the last 4 characters of your ID number, or ask the branch secretary."
            ),
            "unknown",
        )
    member = candidates[0]
    existing = CheckIn.objects.select_for_update().filter(activity=activity, member=member).first()
    if existing is not None and existing.status == CheckIn.Status.PRESENT:
        raise CheckInRefused(_("You are checked in already."), "duplicate")
    if existing is not None:
        # Asked for leave but came after all.
        return _set_attendance(existing, status=CheckIn.Status.PRESENT, method=CheckIn.Method.QR, user=None)
    try:
        with transaction.atomic():
            check_in = CheckIn.objects.create(
                activity=activity, member=member, status=CheckIn.Status.PRESENT, method=CheckIn.Method.QR, at=now
            )
    except IntegrityError:
        raise CheckInRefused(_("You are checked in already."), "duplicate") from None
    _attendance_points(check_in, was_present=False)
    return check_in


@transaction.atomic
def attendance_record(*, user, activity: Activity, member: Member, status: str, reason: str = "") -> CheckIn:
    """The secretary records a member present, on leave (with a reason) or absent."""
    if status not in CheckIn.Status.values:
        raise ValidationError({"status": _("Choose present, on leave or absent.")})
    if status == CheckIn.Status.LEAVE and not reason.strip():
        raise ValidationError({"reason": _("Leave needs a reason.")})
    if not activity.expected_members.filter(pk=member.pk).exists():
        raise ValidationError(_("This member is not expected at this activity."))
    ensure_in_scope(Activity.objects.editable_by(user), activity, OUTSIDE)
    existing = CheckIn.objects.select_for_update().filter(activity=activity, member=member).first()
    if existing is not None:
        existing.reason = reason.strip() if status == CheckIn.Status.LEAVE else existing.reason
        return _set_attendance(existing, status=status, method=CheckIn.Method.MANUAL, user=user)
    check_in = CheckIn(
        activity=activity,
        member=member,
        status=status,
        method=CheckIn.Method.MANUAL,
        reason=reason.strip() if status == CheckIn.Status.LEAVE else "",
        recorded_by=user,
    )
    check_in.full_clean(validate_constraints=False)
    check_in.save()
    _attendance_points(check_in, was_present=False)
    return check_in


def member_request_leave(*, user, activity: Activity, member: Member, reason: str) -> CheckIn:
    """请假: the member will not come, for `reason`."""
    return attendance_record(user=user, activity=activity, member=member, status=CheckIn.Status.LEAVE, reason=reason)


def _set_attendance(check_in: CheckIn, *, status, method, user) -> CheckIn:
    was_present = check_in.status == CheckIn.Status.PRESENT
    if check_in.hours_confirmed_at is not None and status != CheckIn.Status.PRESENT:
        raise ValidationError(_("The hours of this attendance are confirmed; it stays recorded as present."))
    check_in.status = status
    check_in.method = method
    check_in.recorded_by = user
    check_in.at = timezone.now()
    check_in.full_clean(validate_constraints=False)
    check_in.save()
    _attendance_points(check_in, was_present=was_present)
    return check_in


def _attendance_points(check_in: CheckIn, *, was_present: bool) -> None:
    """Attendance earns the activity's points; a later change away from present takes them back."""
    activity = check_in.activity
    is_present = check_in.status == CheckIn.Status.PRESENT
    if is_present and not was_present and activity.points:
        points_add(
            member=check_in.member,
            on=timezone.localdate(activity.starts_at),
            points=activity.points,
            reason=_("Attended: %(title)s") % {"title": activity.title},
            source=PointsSource.ATTENDANCE,
            check_in=check_in,
            recorded_by=check_in.recorded_by,
            automatic=True,
        )
    elif was_present and not is_present:
        given = (
            PointsEntry.objects.filter(check_in=check_in, source=PointsSource.ATTENDANCE).aggregate(s=Sum("points"))[
                "s"
            ]
            or 0
        )
        if given:
            points_add(
                member=check_in.member,
                on=timezone.localdate(),
                points=-given,
                reason=_("Correction: not present at %(title)s") % {"title": activity.title},
                source=PointsSource.ATTENDANCE,
                check_in=check_in,
                recorded_by=check_in.recorded_by,
            )


@transaction.atomic
def check_in_confirm_hours(*, user, check_in: CheckIn, hours: Decimal | None = None) -> CheckIn:
    """The community confirms the volunteer hours of a member who was present; they earn points
    (as 双报到 service for in-service members)."""
    check_in = CheckIn.objects.select_for_update().select_related("activity", "member").get(pk=check_in.pk)
    ensure_in_scope(CheckIn.objects.editable_by(user), check_in, OUTSIDE)
    if check_in.hours_confirmed_at is not None:
        raise ValidationError(_("These hours are confirmed already."))
    if check_in.status != CheckIn.Status.PRESENT:
        raise ValidationError(_("Only the hours of members who were present can be confirmed."))
    hours = hours if hours is not None else check_in.activity.volunteer_hours
    if not hours or hours <= 0:
        raise ValidationError({"hours": _("Give the hours served.")})
    check_in.hours = hours
    check_in.hours_confirmed_by = user
    check_in.hours_confirmed_at = timezone.now()
    check_in.full_clean(validate_constraints=False)
    check_in.save()
    source = (
        PointsSource.REPORTING if check_in.member.category == Member.Category.IN_SERVICE else PointsSource.VOLUNTEER
    )
    per_hour, _cap = points_rule(source)
    points = int(hours * per_hour)
    if points:
        points_add(
            member=check_in.member,
            on=timezone.localdate(check_in.activity.starts_at),
            points=points,
            reason=_("%(hours)s hours of service: %(title)s") % {"hours": hours, "title": check_in.activity.title},
            source=source,
            check_in=check_in,
            recorded_by=user,
            automatic=True,
        )
    return check_in


# Points ledger


def points_rule(source: str) -> tuple[int, int | None]:
    """(points per hour, yearly cap) of a source."""
    rule = PointsRule.objects.filter(source=source).first()
    if rule is not None:
        return rule.points_per_hour, rule.yearly_cap
    return DEFAULT_RULES[source]


def points_total(member: Member, year: int, source: str | None = None) -> int:
    entries = PointsEntry.objects.filter(member=member).in_year(year)
    if source is not None:
        entries = entries.filter(source=source)
    return entries.aggregate(total=Sum("points"))["total"] or 0


@transaction.atomic
def points_add(
    *,
    member: Member,
    on: datetime.date,
    points: int,
    reason: str,
    source: str,
    check_in: CheckIn | None = None,
    recorded_by=None,
    corrects: PointsEntry | None = None,
    automatic: bool = False,
) -> PointsEntry | None:
    """Append an entry to the ledger, within the source's yearly cap.

    Automatic entries (attendance, confirmed hours) are cut to what the cap leaves, and none is made
    once the cap is reached; a manual entry above the cap is refused.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Every entry needs its reason.")})
    if points == 0:
        raise ValidationError({"points": _("An entry of zero points records nothing.")})
    # One member's entries are written one at a time, so that two at once cannot both pass the cap.
    Member.objects.select_for_update().filter(pk=member.pk).first()
    if points > 0:
        _per_hour, cap = points_rule(source)
        if cap is not None:
            left = max(cap - points_total(member, on.year, source), 0)
            if points > left:
                if not automatic:
                    raise ValidationError(
                        {
                            "points": _(
                                "This would pass the yearly cap of %(cap)d points from this source: "
                                "%(left)d points are left for %(year)d."
                            )
                            % {"cap": cap, "left": left, "year": on.year}
                        }
                    )
                points = left
            if points == 0:
                return None
    entry = PointsEntry(
        member=member,
        on=on,
        points=points,
        reason=reason.strip(),
        source=source,
        check_in=check_in,
        corrects=corrects,
        recorded_by=recorded_by,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def points_add_manual(*, user, member: Member, on: datetime.date, points: int, reason: str) -> PointsEntry:
    """The secretary adds points (or takes them away) with a reason."""
    ensure_in_scope(Member.objects.editable_by(user), member, OUTSIDE)
    if not member.is_active:
        raise ValidationError(_("This member is no longer active."))
    if on > timezone.localdate():
        raise ValidationError({"on": _("An entry cannot be dated in the future.")})
    return points_add(member=member, on=on, points=points, reason=reason, source=PointsSource.MANUAL, recorded_by=user)


@transaction.atomic
def points_correct(*, user, entry: PointsEntry, reason: str) -> PointsEntry:
    """Cancel an entry by a new entry of the opposite sign: the ledger keeps both."""
    ensure_in_scope(Member.objects.editable_by(user), entry.member, OUTSIDE)
    if entry.corrections.exists() or entry.corrects_id is not None:
        raise ValidationError(_("This entry is corrected already, or is itself a correction."))
    return points_add(
        member=entry.member,
        on=timezone.localdate(),
        points=-entry.points,
        reason=_("Correction: %(reason)s") % {"reason": reason},
        source=entry.source,
        corrects=entry,
        recorded_by=user,
    )
