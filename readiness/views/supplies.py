"""Supplies: the list (with its expiry filters), a supply's page with its movements, and the movements."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from common.views import FilteredListView

from .. import actions
from ..filters import SupplyFilter
from ..forms import MovementForm, SupplyForm
from ..models import Supply
from .shared import AddToView, EditView, can_keep


class SupplyListView(FilteredListView):
    model = Supply
    permission_required = "readiness.view_supply"
    filterset_class = SupplyFilter
    template_name = "readiness/supply_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community")


class SupplyDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "readiness.view_supply"
    template_name = "readiness/supply_detail.html"
    context_object_name = "supply"

    def get_queryset(self):
        return Supply.objects.visible_to(self.request.user).select_related("community")

    def get_context_data(self, **kwargs):
        supply = self.object
        return super().get_context_data(
            movements=supply.movements.select_related("recorded_by")[:50],
            can_edit=can_keep(self.request.user, supply, "readiness.change_supply"),
            can_move=can_keep(self.request.user, supply, "readiness.add_movement"),
            **kwargs,
        )


class SupplyCreateView(EditView):
    permission_required = "readiness.add_supply"
    form_class = SupplyForm
    action = actions.supply_save
    field = "supply"
    title = _("Add a supply")
    success_message = _("%(name)s saved.")
    cancel_url = reverse_lazy("readiness:supply-list")


class SupplyUpdateView(SupplyCreateView):
    model = Supply
    permission_required = "readiness.change_supply"
    title = _("Edit %(name)s")


class MovementCreateView(AddToView):
    model = Supply
    permission_required = "readiness.add_movement"
    form_class = MovementForm
    parent_field = "supply"
    title = _("Supplies in or out: %(name)s")
    success_message = _("Movement recorded.")

    def add(self, row):
        return actions.movement_record(user=self.request.user, movement=row)
