"""The pages that change households: register one at a dwelling, change its head, split it, merge it
into another and move it. Each is one action in actions.py, version-checked and in the user's area;
memberships are never deleted, they end on the day."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from common.views import ActionView
from grids.models import Dwelling

from .. import actions
from ..forms import (
    HeadChangeForm,
    HouseholdJoinForm,
    HouseholdMergeForm,
    HouseholdMoveForm,
    HouseholdRegisterForm,
    HouseholdSplitForm,
)
from ..models import Household


class HouseholdRegisterView(ActionView):
    permission_required = "residents.add_household"
    form_class = HouseholdRegisterForm
    title = _("Register a household at %(name)s")
    success_message = _("Household %(name)s registered.")

    def get_dwelling(self):
        return get_object_or_404(
            Dwelling.objects.editable_by(self.request.user).select_related("building__compound"),
            pk=self.kwargs["dwelling_pk"],
        )

    def name(self):
        return self.result if self.result is not None else self.get_dwelling()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "dwelling": self.get_dwelling()}

    def perform(self, form):
        return actions.household_register(
            user=self.request.user, household=form.save(commit=False), head=form.cleaned_data["head"]
        )


class HouseholdChangeView(ActionView):
    """A change of one household of the user's area (404 outside), on the version the page showed:
    `action` is called with the form's values."""

    model = Household
    permission_required = "residents.change_household"
    action = None

    def get_queryset(self):
        return super().get_queryset().select_related("dwelling__building__compound")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "household": self.object}

    def name(self):
        return self.object.number

    def perform(self, form):
        fields = self.action_fields(form)
        return type(self).action(
            user=self.request.user, household=self.object, version=form.cleaned_data["version"], **fields
        )


class HeadChangeView(HouseholdChangeView):
    form_class = HeadChangeForm
    action = actions.household_change_head
    title = _("Change the head of household %(name)s")
    success_message = _("The head of household %(name)s is changed.")


class HouseholdSplitView(HouseholdChangeView):
    form_class = HouseholdSplitForm
    action = actions.household_split
    title = _("Split household %(name)s")
    intro = _(
        "The members chosen leave for a new household at the same dwelling; their old membership is kept, ended today."
    )
    success_message = _("New household registered.")


class HouseholdMergeView(HouseholdChangeView):
    form_class = HouseholdMergeForm
    action = actions.household_merge
    title = _("Merge household %(name)s into another")
    intro = _("Its members join the other household, its head as a member; this household stays on record, empty.")
    success_message = _("Households merged.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class HouseholdMoveView(HouseholdChangeView):
    form_class = HouseholdMoveForm
    action = actions.household_move
    title = _("Move household %(name)s")
    intro = _("The whole household moves, its members with it.")
    success_message = _("Household %(name)s moved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class HouseholdJoinView(HouseholdChangeView):
    form_class = HouseholdJoinForm
    action = actions.household_member_join
    title = _("Add a member to household %(name)s")
    intro = _(
        "A resident on the register moves in from their household (a new resident is registered with the "
        "household chosen, on the resident form)."
    )
    success_message = _("Member added to household %(name)s.")

    def get_queryset(self):
        return super().get_queryset().select_related("dwelling__grid")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}
