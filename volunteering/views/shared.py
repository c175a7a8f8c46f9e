"""What the app's pages share: the year a page reports on, and the create-or-edit page of a record."""

from django.utils import timezone

from common.forms import query_id
from common.views import ActionView


def year_of(request) -> int:
    """`?year=` when it is a sensible one, this year otherwise."""
    value = query_id(request.GET.get("year"))
    today = timezone.localdate()
    return value if value is not None and 2000 <= value <= today.year else today.year


def can_keep(user, obj, permission) -> bool:
    """Whether the user may change `obj` (a row they see): the permission, and their own community's row."""
    return user.has_perm(permission) and type(obj).objects.editable_by(user).filter(pk=obj.pk).exists()


class EditView(ActionView):
    """Create (no pk in the address) or edit a record through `action(user=…, <field>=…, version=…)`."""

    action = None
    field = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.object}

    def perform(self, form):
        record = form.save(commit=False)
        return type(self).action(
            user=self.request.user, version=form.cleaned_data.get("version"), **{self.field: record}
        )
