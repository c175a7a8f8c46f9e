"""Social organisations: the list, an organisation's page, its activity log and yearly star ratings."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from common.views import ActionView, FilteredListView

from .. import actions
from ..filters import OrganisationFilter
from ..forms import OrganisationActivityForm, OrganisationForm, RatingForm
from ..models import SocialOrganisation, StarRating
from .shared import EditView, can_keep


class OrganisationListView(FilteredListView):
    model = SocialOrganisation
    permission_required = "volunteering.view_socialorganisation"
    filterset_class = OrganisationFilter
    template_name = "volunteering/organisation_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community")


class OrganisationDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "volunteering.view_socialorganisation"
    template_name = "volunteering/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return SocialOrganisation.objects.visible_to(self.request.user).select_related("community")

    def get_context_data(self, **kwargs):
        organisation = self.object
        return super().get_context_data(
            ratings=organisation.ratings.select_related("rated_by").order_by("-year"),
            activities=organisation.activities.all()[:30],
            can_edit=can_keep(self.request.user, organisation, "volunteering.change_socialorganisation"),
            **kwargs,
        )


class OrganisationCreateView(EditView):
    permission_required = "volunteering.add_socialorganisation"
    form_class = OrganisationForm
    action = actions.organisation_save
    field = "organisation"
    title = _("Add a social organisation")
    success_message = _("%(name)s saved.")
    cancel_url = reverse_lazy("volunteering:organisation-list")


class OrganisationUpdateView(OrganisationCreateView):
    model = SocialOrganisation
    permission_required = "volunteering.change_socialorganisation"
    title = _("Edit %(name)s")


class OrganisationActivityAddView(ActionView):
    model = SocialOrganisation
    permission_required = "volunteering.add_organisationactivity"
    form_class = OrganisationActivityForm
    checks_version = False  # adds a line to the organisation's log
    title = _("An activity of %(name)s")
    success_message = _("Activity recorded.")

    def perform(self, form):
        activity = form.save(commit=False)
        activity.organisation = self.object
        return actions.organisation_activity_add(user=self.request.user, activity=activity)

    def get_success_url(self):
        return self.object.get_absolute_url()


class RatingCreateView(ActionView):
    model = SocialOrganisation
    permission_required = "volunteering.add_starrating"
    form_class = RatingForm
    checks_version = False  # rates the organisation; the rating is a new row
    title = _("Star rating of %(name)s")
    success_message = _("Rating saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": StarRating(organisation=self.object)}

    def perform(self, form):
        return actions.rating_save(user=self.request.user, rating=form.save(commit=False))

    def get_success_url(self):
        return self.object.get_absolute_url()


class RatingUpdateView(ActionView):
    model = StarRating
    permission_required = "volunteering.change_starrating"
    form_class = RatingForm
    title = _("Edit the rating %(name)s")
    success_message = _("Rating saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return actions.rating_save(
            user=self.request.user, rating=form.save(commit=False), version=form.cleaned_data.get("version")
        )
