"""Resident units (驻区单位) that co-build with the community, and their 双报到 report."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from common.views import ActionView, FilteredListView

from ..exports import UnitExport, reported_members
from ..filters import UnitFilter
from ..forms import UnitForm
from ..models import CheckIn, Member, Unit
from .shared import points_sum, year_of


class UnitListView(FilteredListView):
    model = Unit
    permission_required = "partybuilding.view_unit"
    filterset_class = UnitFilter
    export_class = UnitExport
    template_name = "partybuilding/unit_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community").annotate(reported=reported_members())


class UnitDetailView(PermissionRequiredMixin, View):
    """双报到 summary for the employer: the unit's in-service members, their hours and activities in a year."""

    permission_required = "partybuilding.view_unit"

    def get(self, request, pk):
        unit = get_object_or_404(Unit.objects.visible_to(request.user).select_related("community"), pk=pk)
        year = year_of(request)
        present_in_year = (
            CheckIn.objects.filter(member=OuterRef("pk"), status=CheckIn.Status.PRESENT, activity__starts_at__year=year)
            .order_by()
            .values("member")
        )
        members = list(
            Member.objects.visible_to(request.user)
            .filter(work_unit=unit, category=Member.Category.IN_SERVICE)
            .select_related("organisation")
            .annotate(
                activities=Coalesce(
                    Subquery(present_in_year.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                    Value(0),
                ),
                hours=Coalesce(
                    Subquery(
                        present_in_year.filter(hours_confirmed_at__isnull=False).annotate(h=Sum("hours")).values("h"),
                        output_field=DecimalField(max_digits=7, decimal_places=1),
                    ),
                    Value(0, output_field=DecimalField(max_digits=7, decimal_places=1)),
                ),
                points=points_sum(year),
            )
            .order_by("name", "pk")
        )
        totals = {
            "members": len(members),
            "hours": sum((m.hours for m in members), start=0),
            "activities": sum(m.activities for m in members),
        }
        return render(
            request,
            "partybuilding/unit_detail.html",
            {
                "unit": unit,
                "members": members,
                "totals": totals,
                "year": year,
                "years": range(timezone.localdate().year - 2, timezone.localdate().year + 1),
                "printed_on": timezone.localdate(),
                "can_edit": request.user.has_perm("partybuilding.change_unit")
                and Unit.objects.editable_by(request.user).filter(pk=unit.pk).exists(),
            },
        )


class UnitCreateView(ActionView):
    permission_required = "partybuilding.add_unit"
    form_class = UnitForm
    title = _("Register a unit")
    cancel_url = reverse_lazy("partybuilding:unit-list")
    success_message = _("Unit %(name)s registered.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return form.save()


class UnitUpdateView(ActionView):
    model = Unit
    permission_required = "partybuilding.change_unit"
    form_class = UnitForm
    title = _("Edit unit: %(name)s")
    success_message = _("Changes saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "user": self.request.user}

    def perform(self, form):
        return form.save()
