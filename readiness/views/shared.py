"""What the app's pages share: whether the user keeps a row, and the create-or-edit page of a record."""

from common.views import ActionView


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


class AddToView(ActionView):
    """Add a row (a movement, a drill, a member) to the record of the page's address, which is not
    changed by the form (no version check)."""

    checks_version = False
    parent_field = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        row = form.save(commit=False)
        setattr(row, self.parent_field, self.object)
        return self.add(row)

    def add(self, row):
        raise NotImplementedError

    def get_success_url(self):
        return self.object.get_absolute_url()
