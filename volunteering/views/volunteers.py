"""Teams and volunteers: lists, pages, their editing and team memberships."""

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from common.views import ActionView, ButtonActionView, FilteredListView

from .. import actions
from ..filters import TeamFilter, VolunteerFilter
from ..forms import MembershipForm, TeamForm, VolunteerForm
from ..hours import volunteer_hours, with_hours
from ..models import Membership, ServiceHours, Team, Volunteer
from .shared import EditView, can_keep, year_of


class VolunteerListView(FilteredListView):
    model = Volunteer
    permission_required = "volunteering.view_volunteer"
    filterset_class = VolunteerFilter
    template_name = "volunteering/volunteer_list.html"

    def get_queryset(self):
        rows = super().get_queryset().select_related("community", "resident")
        return with_hours(self.request.user, rows, year_of(self.request))

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=year_of(self.request), **kwargs)


class VolunteerDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "volunteering.view_volunteer"
    template_name = "volunteering/volunteer_detail.html"
    context_object_name = "volunteer"

    def get_queryset(self):
        return Volunteer.objects.visible_to(self.request.user).select_related("community", "resident")

    def get_context_data(self, **kwargs):
        volunteer, year = self.object, year_of(self.request)
        return super().get_context_data(
            year=year,
            hours=volunteer_hours(self.request.user, volunteer, year),
            memberships=volunteer.memberships.select_related("team").order_by("until", "-since"),
            services=ServiceHours.objects.filter(volunteer=volunteer)
            .select_related("record__team")
            .order_by("-record__date", "-pk")[:30],
            can_edit=can_keep(self.request.user, volunteer, "volunteering.change_volunteer"),
            **kwargs,
        )


class VolunteerCreateView(EditView):
    permission_required = "volunteering.add_volunteer"
    form_class = VolunteerForm
    action = actions.volunteer_save
    field = "volunteer"
    title = _("Add a volunteer")
    success_message = _("%(name)s is a volunteer.")
    cancel_url = reverse_lazy("volunteering:volunteer-list")


class VolunteerUpdateView(VolunteerCreateView):
    model = Volunteer
    permission_required = "volunteering.change_volunteer"
    title = _("Edit %(name)s")
    success_message = _("%(name)s saved.")


class TeamListView(FilteredListView):
    model = Team
    permission_required = "volunteering.view_team"
    filterset_class = TeamFilter
    template_name = "volunteering/team_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "leader")


class TeamDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "volunteering.view_team"
    template_name = "volunteering/team_detail.html"
    context_object_name = "team"

    def get_queryset(self):
        return Team.objects.visible_to(self.request.user).select_related("community", "leader")

    def get_context_data(self, **kwargs):
        team = self.object
        memberships = team.memberships.select_related("volunteer__resident").order_by("until", "volunteer__name")
        return super().get_context_data(
            current=[m for m in memberships if m.until is None],
            former=[m for m in memberships if m.until is not None],
            records=team.records.order_by("-date", "-pk")[:20],
            can_edit=can_keep(self.request.user, team, "volunteering.change_team"),
            **kwargs,
        )


class TeamCreateView(EditView):
    permission_required = "volunteering.add_team"
    form_class = TeamForm
    action = actions.team_save
    field = "team"
    title = _("Add a team")
    success_message = _("Team %(name)s saved.")
    cancel_url = reverse_lazy("volunteering:team-list")


class TeamUpdateView(TeamCreateView):
    model = Team
    permission_required = "volunteering.change_team"
    title = _("Edit %(name)s")


class MembershipAddView(ActionView):
    model = Team
    permission_required = "volunteering.add_membership"
    form_class = MembershipForm
    checks_version = False  # adds a member; the team itself does not change
    title = _("Add a volunteer to %(name)s")
    success_message = _("The volunteer joined %(name)s.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "team": self.object}

    def perform(self, form):
        return actions.membership_add(user=self.request.user, team=self.object, **self.action_fields(form))

    def get_success_url(self):
        return self.object.get_absolute_url()


class MembershipEndView(ButtonActionView):
    model = Membership
    permission_required = "volunteering.change_membership"
    form_class = forms.Form
    success_message = _("%(name)s left the team.")

    def perform(self, form):
        return actions.membership_end(user=self.request.user, membership=self.object)

    def name(self):
        return self.object.volunteer

    def get_success_url(self):
        return self.object.team.get_absolute_url()
