"""Emergency plans: the list, a plan's page with its drills, and the drills held."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from common.views import FilteredListView

from .. import actions
from ..filters import PlanFilter
from ..forms import DrillForm, PlanForm
from ..models import Plan
from .shared import AddToView, EditView, can_keep


class PlanListView(FilteredListView):
    model = Plan
    permission_required = "readiness.view_plan"
    filterset_class = PlanFilter
    template_name = "readiness/plan_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community")


class PlanDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "readiness.view_plan"
    template_name = "readiness/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return Plan.objects.visible_to(self.request.user).select_related("community")

    def get_context_data(self, **kwargs):
        plan = self.object
        return super().get_context_data(
            drills=plan.drills.all()[:50],
            can_edit=can_keep(self.request.user, plan, "readiness.change_plan"),
            can_drill=can_keep(self.request.user, plan, "readiness.add_drill"),
            **kwargs,
        )


class PlanCreateView(EditView):
    permission_required = "readiness.add_plan"
    form_class = PlanForm
    action = actions.plan_save
    field = "plan"
    title = _("Add an emergency plan")
    success_message = _("%(name)s saved.")
    cancel_url = reverse_lazy("readiness:plan-list")


class PlanUpdateView(PlanCreateView):
    model = Plan
    permission_required = "readiness.change_plan"
    title = _("Edit %(name)s")


class DrillCreateView(AddToView):
    model = Plan
    permission_required = "readiness.add_drill"
    form_class = DrillForm
    parent_field = "plan"
    title = _("A drill of %(name)s")
    success_message = _("Drill recorded.")

    def add(self, row):
        return actions.drill_add(user=self.request.user, drill=row)
