"""Every change of supplies, plans, drills and teams: in a transaction, re-checking the user's scope
after the save; edits take the version the user saw. History is kept by the models' triggers
(track_changes)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.actions import StaleEdit, ensure_in_scope

from .models import Drill, Member, Movement, Plan, Supply, Team


def _outside():
    return _("This change would move the record outside your community, so it was not saved.")


def _locked(user, model, pk):
    """The row as saved, locked, if the user keeps it (else the action is refused)."""
    locked = model.objects.editable_by(user).select_for_update(of=("self",)).filter(pk=pk).first()
    if locked is None:
        raise ValidationError(_outside())
    return locked


def _save(*, user, obj, version: int | None = None):
    """Create `obj`, or save its edit unless someone saved it since `version` was read."""
    model = type(obj)
    if obj.pk is not None:
        current = _locked(user, model, obj.pk)
        if version is not None and current.version != version:
            raise StaleEdit(current)
        obj.version = current.version + 1
    obj.full_clean()
    obj.save()
    ensure_in_scope(model.objects.editable_by(user), obj, _outside())
    return obj


@transaction.atomic
def supply_save(*, user, supply: Supply, version: int | None = None) -> Supply:
    """A supply's description; its quantity is left as the movements made it."""
    if supply.pk is not None:
        supply.quantity = _locked(user, Supply, supply.pk).quantity
    else:
        supply.quantity = 0
    return _save(user=user, obj=supply, version=version)


@transaction.atomic
def movement_record(*, user, movement: Movement) -> Movement:
    """Supplies in or out of the store: the supply's row is locked so two takers cannot both take the last ones."""
    supply = _locked(user, Supply, movement.supply_id)
    if movement.direction == Movement.Direction.OUT and movement.quantity and movement.quantity > supply.quantity:
        raise ValidationError(
            {
                "quantity": _("Only %(on_hand)d %(unit)s on hand: %(asked)d cannot be taken out.")
                % {"on_hand": supply.quantity, "unit": supply.unit, "asked": movement.quantity}
            }
        )
    movement.supply = supply
    movement.recorded_by = user
    movement.full_clean()
    movement.save()
    sign = 1 if movement.direction == Movement.Direction.IN else -1
    supply.quantity += sign * movement.quantity
    supply.version += 1
    supply.save(update_fields=["quantity", "version"])
    return movement


@transaction.atomic
def plan_save(*, user, plan: Plan, version: int | None = None) -> Plan:
    return _save(user=user, obj=plan, version=version)


@transaction.atomic
def drill_add(*, user, drill: Drill) -> Drill:
    drill.plan = _locked(user, Plan, drill.plan_id)
    drill.recorded_by = user
    drill.full_clean()
    drill.save()
    return drill


@transaction.atomic
def team_save(*, user, team: Team, version: int | None = None) -> Team:
    return _save(user=user, obj=team, version=version)


@transaction.atomic
def member_save(*, user, member: Member, version: int | None = None) -> Member:
    _locked(user, Team, member.team_id)
    return _save(user=user, obj=member, version=version)
