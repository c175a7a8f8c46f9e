"""Emergency teams: the list, a team's page with its members in call order, and their editing."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from common.views import FilteredListView

from .. import actions
from ..filters import TeamFilter
from ..forms import MemberForm, TeamForm
from ..models import Member, Team
from .shared import AddToView, EditView, can_keep


class TeamListView(FilteredListView):
    model = Team
    permission_required = "readiness.view_team"
    filterset_class = TeamFilter
    template_name = "readiness/team_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community")


class TeamDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "readiness.view_team"
    template_name = "readiness/team_detail.html"
    context_object_name = "team"

    def get_queryset(self):
        return Team.objects.visible_to(self.request.user).select_related("community")

    def get_context_data(self, **kwargs):
        team = self.object
        return super().get_context_data(
            members=team.members.all(),
            can_edit=can_keep(self.request.user, team, "readiness.change_team"),
            **kwargs,
        )


class TeamCreateView(EditView):
    permission_required = "readiness.add_team"
    form_class = TeamForm
    action = actions.team_save
    field = "team"
    title = _("Add an emergency team")
    success_message = _("%(name)s saved.")
    cancel_url = reverse_lazy("readiness:team-list")


class TeamUpdateView(TeamCreateView):
    model = Team
    permission_required = "readiness.change_team"
    title = _("Edit %(name)s")


class MemberCreateView(AddToView):
    model = Team
    permission_required = "readiness.add_member"
    form_class = MemberForm
    parent_field = "team"
    title = _("A member of %(name)s")
    success_message = _("Member added.")

    def add(self, row):
        return actions.member_save(user=self.request.user, member=row)


class MemberUpdateView(EditView):
    model = Member
    permission_required = "readiness.change_member"
    form_class = MemberForm
    action = actions.member_save
    field = "member"
    title = _("Edit %(name)s")
    success_message = _("%(name)s saved.")

    def get_success_url(self):
        return self.object.team.get_absolute_url()
