"""What every app's actions.py shares: the stale-edit signal and the scope re-check of a write."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class StaleEdit(Exception):
    """The record changed since the form was opened; carries the record as it is now.

    Raised by an action that checks the version the user saw; the base view (common.views.ActionView)
    answers it with 409 and the saved values."""

    def __init__(self, current):
        super().__init__("stale edit")
        self.current = current


def ensure_in_scope(queryset, obj, message=None) -> None:
    """Refuse (and so roll back) a change that would take `obj` out of `queryset`, the acting user's
    editable scope. Call it inside the action's transaction, after the save."""
    if not queryset.filter(pk=obj.pk).exists():
        raise ValidationError(message or _("This change would move the record outside your area, so it was not saved."))
