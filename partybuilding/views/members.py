"""The roll: members, their page, their editing and status changes, and their points ledger."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from common.views import ActionView, ButtonActionView, FilteredListView

from .. import actions
from ..exports import MemberExport, PointsExport
from ..filters import MemberFilter, PointsFilter
from ..forms import ConfirmForm, MemberForm, MemberLeaveForm, PointsCorrectionForm, PointsForm
from ..models import Member, PointsEntry, PointsSource
from .shared import year_of


class MemberListView(FilteredListView):
    model = Member
    permission_required = "partybuilding.view_member"
    filterset_class = MemberFilter
    export_class = MemberExport
    template_name = "partybuilding/member_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("organisation", "resident")

    def get_filterset(self):
        filterset = super().get_filterset()
        # The members of an organisation the user may not see: not found, as the organisation's own page is.
        if "organisation" in filterset.errors:
            raise Http404
        return filterset


class PointsListView(FilteredListView):
    """The points ledger (积分明细) of the members the user sees, newest entries first."""

    model = PointsEntry
    permission_required = "partybuilding.view_pointsentry"
    filterset_class = PointsFilter
    export_class = PointsExport
    template_name = "partybuilding/points_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("member__organisation")


class MemberDetailView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.view_member"

    def get(self, request, pk):
        member = get_object_or_404(
            Member.objects.visible_to(request.user).select_related(
                "organisation", "resident__dwelling__building__compound", "work_unit"
            ),
            pk=pk,
        )
        year = year_of(request)
        entries = member.points_entries.select_related("recorded_by").prefetch_related(
            Prefetch("corrections", queryset=PointsEntry.objects.only("pk", "corrects_id"))
        )[:100]
        totals = member.points_entries.filter(on__year=year).aggregate(
            total=Coalesce(Sum("points"), 0),
            **{s: Coalesce(Sum("points", filter=Q(source=s)), 0) for s in PointsSource.values},
        )
        can_edit = (
            request.user.has_perm("partybuilding.change_member")
            and Member.objects.editable_by(request.user).filter(pk=member.pk).exists()
        )
        return render(
            request,
            "partybuilding/member_detail.html",
            {
                "member": member,
                "year": year,
                "totals": totals,
                "by_source": [(label, totals[value]) for value, label in PointsSource.choices],
                "entries": entries,
                "check_ins": member.check_ins.select_related("activity").order_by("-activity__starts_at")[:20],
                "transfers": member.transfers.select_related("recorded_by"),
                "can_edit": can_edit and member.is_active,
                "can_add_points": can_edit
                and member.is_active
                and request.user.has_perm("partybuilding.add_pointsentry"),
            },
        )


class MemberCreateView(ActionView):
    permission_required = "partybuilding.add_member"
    form_class = MemberForm
    template_name = "partybuilding/member_form.html"
    success_message = _("%(name)s is on the roll.")

    def get_initial(self):
        # "Add a member" from an organisation's page.
        organisation = self.request.GET.get("organisation", "")
        return {"organisation": organisation} if organisation.isdigit() else {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return actions.member_create(user=self.request.user, member=form.save(commit=False))


class MemberActionView(ActionView):
    """A page that changes an active member of the user's organisations."""

    model = Member

    def get_queryset(self):
        return super().get_queryset().active().select_related("organisation")


class MemberUpdateView(MemberActionView):
    permission_required = "partybuilding.change_member"
    form_class = MemberForm
    template_name = "partybuilding/member_form.html"
    success_message = _("Changes saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "user": self.request.user}

    def perform(self, form):
        return actions.member_update(
            user=self.request.user, member=form.save(commit=False), version=form.cleaned_data.get("version") or 0
        )


class MemberLeaveView(MemberActionView):
    permission_required = "partybuilding.change_member"
    form_class = MemberLeaveForm
    title = _("Transfer out / death: %(name)s")
    intro = _("The member stays on record with this status; nothing is deleted.")
    success_message = _("Status recorded.")

    def perform(self, form):
        return actions.member_leave(user=self.request.user, member=self.object, **self.action_fields(form))


class MemberConfirmView(MemberActionView):
    """转正."""

    permission_required = "partybuilding.change_member"
    form_class = ConfirmForm
    title = _("Make a full member: %(name)s")
    success_message = _("%(name)s is now a full member.")

    def perform(self, form):
        return actions.member_confirm(user=self.request.user, member=self.object, on=form.cleaned_data["on"])


class PointsCreateView(MemberActionView):
    checks_version = False  # adds to the record, does not change it
    permission_required = "partybuilding.add_pointsentry"
    form_class = PointsForm
    title = _("Add points: %(name)s")
    intro = _("Entries cannot be changed or deleted later; a mistake is put right by a correcting entry.")
    success_message = _("Points entry added.")

    def perform(self, form):
        return actions.points_add_manual(user=self.request.user, member=self.object, **self.action_fields(form))


class PointsCorrectView(ButtonActionView):
    """The "Correct" button of a ledger entry on the member's page."""

    model = PointsEntry
    permission_required = "partybuilding.add_pointsentry"
    form_class = PointsCorrectionForm
    success_message = _("A correcting entry was added.")

    def get_queryset(self):
        return super().get_queryset().select_related("member")

    def perform(self, form):
        reason = form.cleaned_data["reason"] or self.object.reason
        return actions.points_correct(user=self.request.user, entry=self.object, reason=reason)

    def get_success_url(self):
        return self.object.member.get_absolute_url()
