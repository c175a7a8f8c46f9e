"""Nominations: the list, a nomination's page with its history, and the steps of the flow."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from common.forms import query_id
from common.views import ActionView, FilteredListView
from residents.models import Household

from .. import actions
from ..filters import NominationFilter
from ..forms import AppraiseForm, AwardForm, NominationForm, NoticeForm, ObjectionForm, RejectForm
from ..models import Nomination

NOMINEE = ["household", "resident", "building__compound"]


class NominationListView(FilteredListView):
    model = Nomination
    permission_required = "honours.view_nomination"
    filterset_class = NominationFilter
    template_name = "honours/nomination_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("kind", "community", *NOMINEE)


class NominationDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "honours.view_nomination"
    template_name = "honours/nomination_detail.html"
    context_object_name = "nomination"

    def get_queryset(self):
        return Nomination.objects.visible_to(self.request.user).select_related("kind", "community", *NOMINEE)

    def get_context_data(self, **kwargs):
        nomination, user = self.object, self.request.user
        can_keep = (
            user.has_perm("honours.change_nomination")
            and Nomination.objects.editable_by(user).filter(pk=nomination.pk).exists()
        )
        return super().get_context_data(
            objections=nomination.objections.all(),
            history=nomination.events.order_by("pgh_id"),
            can_keep=can_keep,
            **kwargs,
        )


class NominationCreateView(ActionView):
    permission_required = "honours.add_nomination"
    form_class = NominationForm
    title = _("Nominate for an honour")
    success_message = _("Nominated: record the democratic appraisal next.")
    cancel_url = reverse_lazy("honours:nomination-list")

    def get_initial(self):
        # From a household's page (?household=<id>): its number in the box. A resident's ID number is
        # never written into the page; it is typed.
        initial = {}
        wanted = query_id(self.request.GET.get("household"))
        household = Household.objects.editable_by(self.request.user).filter(pk=wanted)
        building = query_id(self.request.GET.get("building"))
        if household_number := household.values_list("number", flat=True).first():
            initial["household"] = household_number
        if building:
            initial["building"] = building
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return actions.nomination_create(user=self.request.user, nomination=form.save(commit=False))


class StepView(ActionView):
    """A step of a nomination's flow: the action called with the form's values."""

    model = Nomination
    permission_required = "honours.change_nomination"
    action = None

    def perform(self, form):
        return type(self).action(user=self.request.user, nomination=self.object, **self.action_fields(form))


class AppraiseView(StepView):
    form_class = AppraiseForm
    action = actions.nomination_appraise
    title = _("Democratic appraisal: %(name)s")
    success_message = _("Appraisal recorded.")


class NoticeView(StepView):
    form_class = NoticeForm
    action = actions.nomination_start_notice
    title = _("Public notice: %(name)s")
    success_message = _("The nomination is on public notice.")


class ObjectionView(StepView):
    form_class = ObjectionForm
    action = actions.objection_add
    checks_version = False  # adds to the nomination; the award re-reads the objections
    title = _("Objection to %(name)s")
    success_message = _("Objection recorded.")

    def get_success_url(self):
        return self.object.get_absolute_url()


class AwardView(StepView):
    form_class = AwardForm
    action = actions.nomination_award
    title = _("Award: %(name)s")
    success_message = _("Honour awarded.")


class RejectView(StepView):
    form_class = RejectForm
    action = actions.nomination_reject
    title = _("Reject: %(name)s")
    success_message = _("Nomination rejected.")
