"""The places of the register, kept by those who walk the grid: compounds, buildings and dwellings.

Grid workers register and change the places of their grids, community admins those of their
community; moving a dwelling to another grid is the community admin's. A building's page shows its
dwellings floor by floor with who lives in each."""

from collections import defaultdict

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from common.views import ActionView, FilteredListView
from grids import actions
from grids.models import Building, Community, Compound, Dwelling

from ..filters import BuildingFilter, RentalFilter
from ..forms import BuildingForm, CompoundForm, DwellingForm, DwellingMoveForm
from ..models import Resident


class PlaceListView(FilteredListView):
    """Buildings of the user's area with their compound and how many dwellings each has."""

    model = Building
    filterset_class = BuildingFilter
    permission_required = "grids.view_building"
    template_name = "residents/place_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("compound__community")
            .annotate(dwelling_count=Count("dwellings"))
            .order_by("pk")
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_add=user.has_perm("grids.add_building"),
            empty_compounds=Compound.objects.editable_by(user).filter(buildings__isnull=True)[:20],
            **kwargs,
        )


class BuildingDetailView(PermissionRequiredMixin, DetailView):
    model = Building
    permission_required = "grids.view_building"
    template_name = "residents/building_detail.html"

    def get_queryset(self):
        return Building.objects.visible_to(self.request.user).select_related("compound__community")

    def get_context_data(self, **kwargs):
        building, user = self.object, self.request.user
        living = Prefetch(
            "residents",
            queryset=Resident.objects.active().only("pk", "name", "dwelling_id", "residence_type").order_by("name"),
            to_attr="living",
        )
        dwellings = (
            Dwelling.objects.visible_to(user)
            .filter(building=building)
            .select_related("grid")
            .prefetch_related(living)
            .order_by("-floor", "unit", "room")
        )
        floors = defaultdict(list)
        for dwelling in dwellings:
            floors[dwelling.floor].append(dwelling)
        return super().get_context_data(
            floors=sorted(floors.items(), key=lambda item: -(item[0] if item[0] is not None else -1000)),
            can_edit=Building.objects.editable_by(user).filter(pk=building.pk).exists()
            and user.has_perm("grids.change_building"),
            can_move=Community.objects.administered_by(user).filter(pk=building.compound.community_id).exists(),
            **kwargs,
        )


class PlaceEditView(ActionView):
    """Register or change a place: `place_save` with the version the form was opened at."""

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "user": self.request.user}
        if self.object is not None:
            kwargs["instance"] = self.object
        return kwargs

    def perform(self, form):
        return actions.place_save(
            user=self.request.user, place=form.save(commit=False), version=form.cleaned_data.get("version")
        )

    def get_success_url(self):
        return reverse("residents:place-list")

    def get_cancel_url(self):
        return reverse("residents:place-list")


class CompoundCreateView(PlaceEditView):
    permission_required = "grids.add_compound"
    form_class = CompoundForm
    title = _("Register a compound or village")
    success_message = _("%(name)s registered.")


class CompoundUpdateView(PlaceEditView):
    model = Compound
    permission_required = "grids.change_compound"
    form_class = CompoundForm
    title = _("Change %(name)s")
    success_message = _("Changes saved.")


class BuildingCreateView(PlaceEditView):
    permission_required = "grids.add_building"
    form_class = BuildingForm
    title = _("Register a building")
    success_message = _("%(name)s registered.")

    def get_initial(self):
        return {**super().get_initial(), "compound": self.request.GET.get("compound")}

    def get_success_url(self):
        return reverse("residents:building-detail", args=[self.result.pk])


class BuildingUpdateView(PlaceEditView):
    model = Building
    permission_required = "grids.change_building"
    form_class = BuildingForm
    title = _("Change %(name)s")
    success_message = _("Changes saved.")

    def get_success_url(self):
        return reverse("residents:building-detail", args=[self.object.pk])

    get_cancel_url = get_success_url


class DwellingEditView(PlaceEditView):
    """A dwelling of a building the user keeps (the building from the URL on creation)."""

    form_class = DwellingForm

    def get_building(self):
        if self.object is not None:
            return self.object.building
        return get_object_or_404(Building.objects.editable_by(self.request.user), pk=self.kwargs["building_pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "building": self.get_building()}

    def get_success_url(self):
        return reverse("residents:building-detail", args=[self.get_building().pk])

    get_cancel_url = get_success_url


class DwellingCreateView(DwellingEditView):
    permission_required = "grids.add_dwelling"
    title = _("Register a dwelling in %(name)s")
    success_message = _("%(name)s registered.")

    def name(self):
        return self.result if self.result is not None else self.get_building()


class DwellingUpdateView(DwellingEditView):
    model = Dwelling
    permission_required = "grids.change_dwelling"
    title = _("Change %(name)s")
    success_message = _("Changes saved.")

    def get_queryset(self):
        return super().get_queryset().filter(building__isnull=False).select_related("building__compound", "grid")


class DwellingMoveView(ActionView):
    """Put a dwelling in another grid of its community: the community admin's (403 for others)."""

    model = Dwelling
    permission_required = "grids.change_dwelling"
    form_class = DwellingMoveForm
    title = _("Move %(name)s to another grid")
    intro = _("The people living there move with it into the register of the grid chosen.")
    success_message = _("%(name)s moved.")

    def get_queryset(self):
        administered = Community.objects.administered_by(self.request.user)
        return (
            super().get_queryset().filter(grid__community__in=administered).select_related("building__compound", "grid")
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "dwelling": self.object}

    def perform(self, form):
        return actions.dwelling_move(
            user=self.request.user,
            dwelling=self.object,
            grid=form.cleaned_data["grid"],
            version=form.cleaned_data["version"],
        )

    def get_success_url(self):
        if self.object.building_id:
            return reverse("residents:building-detail", args=[self.object.building_id])
        return reverse("residents:place-list")

    get_cancel_url = get_success_url


class RentalListView(FilteredListView):
    """出租房屋登记: the rented dwellings of the user's grids, with the tenants living in each."""

    model = Dwelling
    filterset_class = RentalFilter
    permission_required = "grids.view_dwelling"
    template_name = "residents/rental_list.html"

    def get_queryset(self):
        tenants = Prefetch(
            "residents",
            queryset=Resident.objects.active()
            .only("pk", "name", "dwelling_id", "residence_type", "moved_in_on", "stay_until")
            .order_by("name"),
            to_attr="tenants",
        )
        return (
            super()
            .get_queryset()
            .filter(use=Dwelling.Use.RENTED)
            .select_related("building__compound", "grid")
            .prefetch_related(tenants)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)
