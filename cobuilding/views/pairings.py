"""结对帮扶: pairings of party organisations and resident units with households, their help visits, and the
households in need that no one is paired with yet."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from common.forms import query_id
from common.views import ActionView, FilteredListView
from partybuilding.models import Member
from residents.models import Household

from .. import actions
from ..filters import PairingFilter, UnpairedFilter
from ..forms import HelpVisitForm, PairingEndForm, PairingForm
from ..models import Pairing, unpaired
from .lists import ButtonView, UserFormMixin


class PairingListView(FilteredListView):
    model = Pairing
    permission_required = "cobuilding.view_pairing"
    filterset_class = PairingFilter
    template_name = "cobuilding/pairing_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("community", "organisation", "unit", "household__dwelling__building__compound")
        )


class PairingDetailView(PermissionRequiredMixin, TemplateView):
    permission_required = "cobuilding.view_pairing"
    template_name = "cobuilding/pairing_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        pairing = get_object_or_404(
            Pairing.objects.visible_to(user).select_related("community", "organisation", "unit", "household__dwelling"),
            pk=pk,
        )
        editable = Pairing.objects.editable_by(user).filter(pk=pairing.pk).exists()
        return super().get_context_data(
            pairing=pairing,
            # The party members who went, named only to those who read the party roll.
            visits=pairing.visits.prefetch_related(
                Prefetch("members", queryset=Member.objects.visible_to(user))
            ).order_by("-visited_on", "-pk"),
            can_visit=editable and user.has_perm("cobuilding.add_helpvisit") and pairing.status == "active",
            can_end=editable and user.has_perm("cobuilding.change_pairing") and pairing.status == "active",
            end_form=PairingEndForm(),
            **kwargs,
        )


class PairingCreateView(UserFormMixin, ActionView):
    permission_required = "cobuilding.add_pairing"
    form_class = PairingForm
    title = _("Pair a household")
    success_message = _("Household paired.")
    cancel_url = reverse_lazy("cobuilding:pairing-unpaired")

    def get_initial(self):
        household = query_id(self.request.GET.get("household"))
        return {"household": household} if household else {}

    def perform(self, form):
        return actions.pairing_create(user=self.request.user, **self.action_fields(form))


class PairingEndView(ButtonView):
    model = Pairing
    permission_required = "cobuilding.change_pairing"
    form_class = PairingEndForm
    success_message = _("Pairing ended.")

    def perform(self, form):
        return actions.pairing_end(user=self.request.user, pairing=self.object, **self.action_fields(form))


class HelpVisitCreateView(UserFormMixin, ActionView):
    """帮扶走访: adds to the pairing, so the pairing's version is not checked."""

    model = Pairing
    permission_required = "cobuilding.add_helpvisit"
    form_class = HelpVisitForm
    title = _("Record a help visit: %(name)s")
    success_message = _("Help visit recorded.")
    checks_version = False

    def get_queryset(self):
        return super().get_queryset().active().select_related("organisation", "unit", "household")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "pairing": self.object}

    def perform(self, form):
        return actions.help_visit_record(user=self.request.user, pairing=self.object, **self.action_fields(form))

    def get_success_url(self):
        return self.object.get_absolute_url()


class UnpairedListView(FilteredListView):
    """Households with a member on 低保 or 特困 support and no active pairing, in the user's scope."""

    model = Household
    permission_required = "cobuilding.view_pairing"
    filterset_class = UnpairedFilter
    template_name = "cobuilding/unpaired_list.html"

    def get_queryset(self):
        return unpaired(super().get_queryset()).select_related(
            "dwelling__grid__community", "dwelling__building__compound"
        )
