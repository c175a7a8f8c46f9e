"""Every change of a nomination: in a transaction, with the row locked and the user's scope re-checked;
the views check the version the user saw. History is kept by the models' triggers (track_changes)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.actions import ensure_in_scope

from .models import NOTICE_MIN_DAYS, Nomination, Objection


def _outside():
    return _("This change would move the record outside your community, so it was not saved.")


def _locked(user, nomination, *statuses):
    locked = Nomination.objects.editable_by(user).select_for_update(of=("self",)).filter(pk=nomination.pk).first()
    if locked is None:
        raise ValidationError(_outside())
    if statuses and locked.status not in statuses:
        raise ValidationError(
            _("This step does not fit the nomination's status (%(status)s).") % {"status": locked.get_status_display()}
        )
    return locked


def _save(nomination):
    nomination.version += 1
    nomination.full_clean()
    nomination.save()
    return nomination


@transaction.atomic
def nomination_create(*, user, nomination: Nomination) -> Nomination:
    """A nomination of a household, resident or building; its community is the nominee's."""
    nomination.status = Nomination.Status.NOMINATED
    if nomination.kind_id and not nomination.kind.active:
        raise ValidationError({"kind": _("This honour is no longer awarded.")})
    nomination.community_id = nomination.nominee_community_id()
    nomination.full_clean()
    nomination.save()
    ensure_in_scope(Nomination.objects.editable_by(user), nomination, _outside())
    return nomination


@transaction.atomic
def nomination_appraise(
    *, user, nomination: Nomination, votes_for: int, votes_against: int, votes_abstain: int, appraised_on
) -> Nomination:
    """民主评议: passed with more votes for than against and abstentions together (a simple majority)."""
    nomination = _locked(user, nomination, Nomination.Status.NOMINATED)
    if appraised_on > timezone.localdate():
        raise ValidationError({"appraised_on": _("The appraisal cannot be dated in the future.")})
    if votes_for + votes_against + votes_abstain == 0:
        raise ValidationError(_("Enter the votes of the appraisal."))
    nomination.votes_for, nomination.votes_against, nomination.votes_abstain = votes_for, votes_against, votes_abstain
    nomination.appraised_on = appraised_on
    nomination.appraisal_passed = votes_for > votes_against + votes_abstain
    nomination.status = Nomination.Status.APPRAISED
    return _save(nomination)


@transaction.atomic
def nomination_start_notice(*, user, nomination: Nomination, starts_on, ends_on) -> Nomination:
    """公示: at least five days, after a passed appraisal."""
    nomination = _locked(user, nomination, Nomination.Status.APPRAISED)
    if not nomination.appraisal_passed:
        raise ValidationError(_("The appraisal did not pass: the nomination cannot go on public notice."))
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The notice must end after it starts.")})
    if ends_on < starts_on + datetime.timedelta(days=NOTICE_MIN_DAYS - 1):
        raise ValidationError({"ends_on": _("The public notice lasts at least 5 days.")})
    if nomination.appraised_on and starts_on < nomination.appraised_on:
        raise ValidationError({"starts_on": _("The notice cannot start before the appraisal.")})
    nomination.notice_starts_on, nomination.notice_ends_on = starts_on, ends_on
    nomination.status = Nomination.Status.NOTICE
    return _save(nomination)


@transaction.atomic
def objection_add(*, user, nomination: Nomination, text: str, raised_on, upheld: bool = False) -> Objection:
    """An objection raised during the notice (counted against the award once upheld)."""
    nomination = _locked(user, nomination, Nomination.Status.NOTICE)
    if not nomination.notice_starts_on <= raised_on <= nomination.notice_ends_on:
        raise ValidationError({"raised_on": _("An objection is raised during the public notice.")})
    objection = Objection(nomination=nomination, text=text, raised_on=raised_on, upheld=upheld)
    objection.full_clean()
    objection.save()
    _save(nomination)  # a new version: an award prepared before the objection is not made unseen
    return objection


@transaction.atomic
def nomination_award(*, user, nomination: Nomination, awarded_on) -> Nomination:
    nomination = _locked(user, nomination, Nomination.Status.NOTICE)
    if awarded_on <= nomination.notice_ends_on:
        raise ValidationError({"awarded_on": _("The honour is awarded after the public notice has ended.")})
    if awarded_on > timezone.localdate():
        raise ValidationError({"awarded_on": _("The award cannot be dated in the future.")})
    if nomination.objections.filter(upheld=True).exists():
        raise ValidationError(_("An objection was upheld: the honour cannot be awarded."))
    nomination.awarded_on = awarded_on
    nomination.status = Nomination.Status.AWARDED
    return _save(nomination)


@transaction.atomic
def nomination_reject(*, user, nomination: Nomination, reason: str) -> Nomination:
    nomination = _locked(
        user, nomination, Nomination.Status.NOMINATED, Nomination.Status.APPRAISED, Nomination.Status.NOTICE
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    nomination.rejection_reason = reason
    nomination.status = Nomination.Status.REJECTED
    return _save(nomination)
