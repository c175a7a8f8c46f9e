"""The forms of the lists and pairings: choices only from the user's scope; saving is the actions' job."""

from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.models import Community
from grids.roles import Audience
from partybuilding.models import Member, Organisation, Unit
from residents.forms import DateInput, MaskedPersonalFieldsMixin
from residents.models import Household, Resident, Visit
from services.models import ServiceRequest

from .models import HelpVisit, Need, Pairing, Project, Resource, households_in_need


class ScopedForm(forms.ModelForm):
    """A form on the user's rows: `user` given, crispy renders the fields inside the page's own form tag."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.form_tag = False

    def kept_communities(self):
        return Community.objects.administered_by(self.user).order_by("code")


class ResourceForm(MaskedPersonalFieldsMixin, ScopedForm):
    masked_fields = ("contact_phone",)

    class Meta:
        model = Resource
        fields = [
            "community",
            "title",
            "kind",
            "offered_by",
            "unit",
            "organisation",
            "resident",
            "offerer_name",
            "description",
            "availability",
            "contact_name",
            "contact_phone",
        ]
        widgets = {"resident": forms.HiddenInput, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        communities = self.kept_communities()
        self.fields["community"].queryset = communities
        self.fields["unit"].queryset = Unit.objects.visible_to(self.user).filter(community__in=communities)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(self.user).filter(
            community__in=communities
        )
        self.fields["resident"].queryset = Resident.objects.visible_to(self.user)
        if len(communities) == 1 and not self.instance.pk:
            self.initial.setdefault("community", communities[0].pk)


class NeedForm(ScopedForm):
    """Who has the need comes from the page it was opened from (?household=, ?visit=, ?request=, ?resident=)
    or is described as a group; the community is asked only when none of them tells it."""

    class Meta:
        model = Need
        fields = [
            "community",
            "household",
            "resident",
            "visit",
            "request",
            "source",
            "group",
            "kind",
            "description",
            "urgency",
        ]
        widgets = {
            "household": forms.HiddenInput,
            "resident": forms.HiddenInput,
            "visit": forms.HiddenInput,
            "request": forms.HiddenInput,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.user
        # A need of a whole community (a group, a building) is the desk's; a grid worker records the needs of
        # a household or a visit of their grids, which tell the community and the grid.
        self.fields["community"].queryset = Community.objects.choices_for(user, Audience.DESK).order_by("code")
        self.fields["community"].required = False
        self.fields["community"].help_text = _("Only needed when no household or visit tells it.")
        self.fields["household"].queryset = Household.objects.visible_to(user)
        self.fields["resident"].queryset = Resident.objects.visible_to(user)
        self.fields["visit"].queryset = Visit.objects.visible_to(user).shown_to(user)
        self.fields["request"].queryset = ServiceRequest.objects.visible_to(user)
        if self.instance.pk:
            for name in ("community", "household", "resident", "visit", "request"):
                del self.fields[name]
        elif any(self.initial.get(name) for name in ("household", "visit", "request")):
            self.fields["community"].widget = forms.HiddenInput()  # told by the household, visit or request
        if self.instance.pk or self.initial.get("visit") or self.initial.get("request"):
            del self.fields["source"]  # a visit's or a request's need is found there
        else:
            self.fields["source"].choices = [(s, label) for s, label in Need.Source.choices if s in ("survey", "other")]
            self.fields["source"].required = False

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not any(data.get(n) for n in ("household", "resident", "visit", "group")):
            self.add_error("group", _("Say who has the need: a household, a resident or a group."))
        return data


class ProjectForm(ScopedForm):
    class Meta:
        model = Project
        fields = ["community", "title", "lead", "lead_name", "starts_on", "ends_on", "resources", "needs"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "resources": forms.CheckboxSelectMultiple,
            "needs": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        communities = self.kept_communities()
        self.fields["community"].queryset = communities
        self.fields["lead"].queryset = (
            self.fields["lead"].queryset.filter(is_active=True, staff_posts__community__in=communities).distinct()
        )
        self.fields["resources"].queryset = Resource.objects.editable_by(self.user).filter(
            status=Resource.Status.ACTIVE
        )
        self.fields["needs"].queryset = Need.objects.editable_by(self.user).filter(status=Need.Status.OPEN)
        if len(communities) == 1 and not self.instance.pk:
            self.initial.setdefault("community", communities[0].pk)
        if self.instance.pk:
            del self.fields["community"], self.fields["needs"]  # needs join by matching, with their status
            in_use = self.instance.resources.values("pk")
            self.fields["resources"].queryset = self.fields["resources"].queryset.model.objects.filter(
                Q(pk__in=self.fields["resources"].queryset.filter(community=self.instance.community).values("pk"))
                | Q(pk__in=in_use)
            )


class MatchForm(ScopedForm):
    """匹配: open needs and offered resources of the project's community."""

    class Meta:
        model = Project
        fields = ["needs", "resources"]
        widgets = {"needs": forms.CheckboxSelectMultiple, "resources": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.instance
        self.initial = {}
        self.fields["needs"].queryset = (
            Need.objects.editable_by(self.user)
            .filter(community=project.community, status__in=[Need.Status.OPEN, Need.Status.MATCHED])
            .exclude(projects=project)
        )
        self.fields["resources"].queryset = (
            Resource.objects.editable_by(self.user)
            .filter(community=project.community, status=Resource.Status.ACTIVE)
            .exclude(projects=project)
        )

    def _post_clean(self):
        pass  # the project is changed by project_match, not by this form


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Project.Status.choices, widget=forms.HiddenInput)
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PairingForm(ScopedForm):
    class Meta:
        model = Pairing
        fields = ["household", "organisation", "unit", "starts_on", "note"]
        widgets = {"starts_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        communities = Community.objects.administered_by(self.user)
        households = Household.objects.visible_to(self.user).filter(dwelling__grid__community__in=communities)
        self.fields["household"].queryset = households_in_need(households).select_related(
            "dwelling__building__compound"  # the option's label names the dwelling with its building
        )
        self.fields["household"].label_from_instance = lambda h: f"{h.number} · {h.dwelling}"
        self.fields["household"].help_text = _(
            "Households with a member on minimum living allowance or extreme poverty support."
        )
        self.fields["organisation"].queryset = Organisation.objects.editable_by(self.user)
        self.fields["unit"].queryset = Unit.objects.editable_by(self.user)

    def clean(self):
        data = super().clean()
        if bool(data.get("organisation")) == bool(data.get("unit")):
            raise forms.ValidationError(
                _("Pair the household with a party organisation or a resident unit (one of them).")
            )
        return data


class PairingEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Paired until"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class HelpVisitForm(ScopedForm):
    class Meta:
        model = HelpVisit
        fields = ["visited_on", "visitors", "members", "done", "hours"]
        widgets = {
            "visited_on": DateInput(),
            "done": forms.Textarea(attrs={"rows": 3}),
            "members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, pairing, **kwargs):
        super().__init__(*args, **kwargs)
        members = Member.objects.visible_to(self.user).active()
        if pairing.organisation_id:
            members = members.filter(organisation__in=pairing.organisation.subtree())
        else:
            members = members.filter(work_unit=pairing.unit)
        self.fields["members"].queryset = members.order_by("name")
        self.fields["members"].required = False
