"""Households, visits and the lists of special groups and visits; a grid worker's own grids."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from common.views import ActionView, FilteredListView
from grids.models import Grid

from .. import actions
from ..choices import Relationship
from ..exports import HouseholdExport, TagExport, VisitExport
from ..filters import HouseholdFilter, TagFilter, VisitFilter
from ..forms import VisitForm
from ..models import Household, HouseholdMembership, Resident, ResidentTag, Visit
from ..summaries import grid_summary


class VisitCreateView(ActionView):
    """Log a visit to a resident (pk) or to a household (household_pk), in the user's grids."""

    checks_version = False  # adds to the record, does not change it
    permission_required = "residents.add_visit"
    form_class = VisitForm
    title = gettext_lazy("Log a visit: %(name)s")
    success_message = gettext_lazy("Visit recorded.")

    def get_object(self):
        if "household_pk" in self.kwargs:
            return get_object_or_404(Household.objects.editable_by(self.request.user), pk=self.kwargs["household_pk"])
        return get_object_or_404(Resident.objects.editable_by(self.request.user), pk=self.kwargs["pk"])

    def name(self):
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        visit = form.save(commit=False)
        if isinstance(self.object, Household):
            visit.household, visit.resident = self.object, None
        else:
            membership = self.object.memberships.current().first()
            visit.household, visit.resident = (membership.household if membership else None), self.object
        return actions.visit_record(user=self.request.user, visit=visit)

    def get_success_url(self):
        return self.object.get_absolute_url()


class HouseholdDetailView(PermissionRequiredMixin, DetailView):
    model = Household
    permission_required = "residents.view_household"
    template_name = "residents/household_detail.html"

    def get_queryset(self):
        return Household.objects.visible_to(self.request.user).select_related(
            "dwelling__building__compound", "dwelling__grid__community"
        )

    def get_context_data(self, **kwargs):
        household = self.object
        kept = Household.objects.editable_by(self.request.user).filter(pk=household.pk).exists()
        return super().get_context_data(
            members=household.memberships.select_related("resident").order_by("ended_on", "relationship"),
            visits=household.visits.shown_to(self.request.user).select_related("worker", "resident")[:20],
            can_visit=self.request.user.has_perm("residents.add_visit") and kept,
            can_change=self.request.user.has_perm("residents.change_household") and kept,
            **kwargs,
        )


class HouseholdListView(FilteredListView):
    model = Household
    filterset_class = HouseholdFilter
    export_class = HouseholdExport
    permission_required = "residents.view_household"
    template_name = "residents/household_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("dwelling__building__compound", "dwelling__grid__community")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page, form = context["page"], context["filter"].form
        heads = {
            m.household_id: m.resident
            for m in HouseholdMembership.objects.current()
            .filter(household__in=[h.pk for h in page], relationship=Relationship.HEAD)
            .select_related("resident")
        }
        for household in page:
            household.head = heads.get(household.pk)
        context.update(
            number=form["number"].value() or "",
            grid=form["grid"].value() or "",
            grids=context["filter"].filters["grid"].queryset,
        )
        return context


class TagListView(FilteredListView):
    """The special groups (特殊人群) of the user's area: a row per tag, current ones unless asked."""

    model = ResidentTag
    filterset_class = TagFilter
    export_class = TagExport
    permission_required = "residents.view_residenttag"
    template_name = "residents/tag_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("resident__dwelling__building__compound", "resident__grid")


class VisitListView(FilteredListView):
    """The visit records (走访记录) of the grids the user reads, newest first."""

    model = Visit
    filterset_class = VisitFilter
    export_class = VisitExport
    permission_required = "residents.view_visit"
    template_name = "residents/visit_list.html"

    def get_queryset(self):
        return (
            super().get_queryset().shown_to(self.request.user).select_related("grid", "household", "resident", "worker")
        )


class MyGridsView(PermissionRequiredMixin, TemplateView):
    """A grid worker's grids: buildings → dwellings → households, with the people counted by
    residence type and special group, and the households nobody has visited in 90 days."""

    permission_required = "residents.add_visit"
    template_name = "residents/my_grids.html"

    def get_context_data(self, **kwargs):
        grids = Grid.objects.editable_by(self.request.user).select_related("community")
        grid = None
        selected = self.request.GET.get("grid", "")
        grid_list = list(grids)
        if selected.isdigit():
            grid = next((g for g in grid_list if g.pk == int(selected)), None)
            if grid is None:
                raise Http404
        elif grid_list:
            grid = grid_list[0]
        return super().get_context_data(
            grids=grid_list, grid=grid, **(grid_summary(grid, self.request.user) if grid else {}), **kwargs
        )
