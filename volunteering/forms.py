from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Community
from residents.forms import DateInput, MaskedPersonalFieldsMixin, ResidentByIDNumberField
from residents.identity import normalize_phone
from residents.models import Resident

from .models import CRITERIA, OrganisationActivity, ServiceRecord, SocialOrganisation, StarRating, Team, Volunteer


class KeptForm(forms.ModelForm):
    """A form of the user's community's rows: every choice narrowed to what the user keeps."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "community" in self.fields:
            self.fields["community"].queryset = Community.objects.administered_by(user).order_by("code")
        self.helper = FormHelper()
        self.helper.form_tag = False


def volunteers_kept_by(user):
    return Volunteer.objects.editable_by(user).filter(status=Volunteer.Status.ACTIVE).order_by("name")


class TeamForm(KeptForm):
    class Meta:
        model = Team
        fields = ["community", "name", "kind", "leader", "founded_on", "status"]
        widgets = {"founded_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = volunteers_kept_by(self.user)


class VolunteerForm(MaskedPersonalFieldsMixin, KeptForm):
    masked_fields = ("phone",)

    class Meta:
        model = Volunteer
        fields = ["community", "resident", "name", "phone", "joined_on", "status"]
        widgets = {"joined_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        residents = Resident.objects.visible_to(self.user).filter(
            community__in=Community.objects.administered_by(self.user)
        )
        others = Volunteer.objects.exclude(pk=self.instance.pk).filter(resident__isnull=False)
        if self.instance.pk:
            del self.fields["resident"]  # the link stays as made (its ID number is not shown again)
        else:
            self.fields["resident"] = ResidentByIDNumberField(
                residents.exclude(volunteers__in=others),
                required=False,
                label=_("Resident's ID number"),
                help_text=_("For a volunteer on the register: name and phone then come from the register."),
                error_messages={
                    "invalid_choice": _("No resident of your community has this ID number, or they volunteer already.")
                },
            )
        self.fields["name"].help_text = _("Only for a volunteer not linked to a resident.")
        self.fields["phone"].help_text = _("Only for a volunteer not linked to a resident.")
        if not self.instance.pk:
            self.initial.setdefault("joined_on", timezone.localdate())

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])


class MembershipForm(forms.Form):
    volunteer = forms.ModelChoiceField(queryset=Volunteer.objects.none(), label=_("Volunteer"))
    since = forms.DateField(label=_("Since"), widget=DateInput())

    def __init__(self, *args, user, team, **kwargs):
        super().__init__(*args, **kwargs)
        current = team.memberships.filter(until__isnull=True).values("volunteer")
        self.fields["volunteer"].queryset = (
            volunteers_kept_by(user).filter(community=team.community_id).exclude(pk__in=current)
        )
        self.fields["since"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_tag = False


class ServiceRecordForm(KeptForm):
    class Meta:
        model = ServiceRecord
        fields = ["team", "date", "title", "place"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.editable_by(self.user).active().order_by("name")
        if not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("Service is recorded once it is done: the date cannot be in the future."))
        return date


class ServiceRecordCreateForm(ServiceRecordForm):
    volunteers = forms.ModelMultipleChoiceField(
        queryset=Volunteer.objects.none(),
        required=False,
        label=_("Volunteers who served"),
        widget=forms.CheckboxSelectMultiple,
    )
    hours = forms.DecimalField(
        label=_("Hours each"), min_value=Decimal("0.5"), max_value=24, decimal_places=1, initial=Decimal("2")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].queryset = volunteers_kept_by(self.user)
        self.fields["volunteers"].help_text = _("Each gets the same hours; change one by one on the record's page.")

    def clean(self):
        cleaned = super().clean()
        team = cleaned.get("team")
        for volunteer in cleaned.get("volunteers") or ():
            if team and volunteer.community_id != team.community_id:
                self.add_error("volunteers", _("%(name)s is not of the team's community.") % {"name": volunteer})
        return cleaned


class HoursForm(forms.Form):
    volunteer = forms.ModelChoiceField(queryset=Volunteer.objects.none(), label=_("Volunteer"))
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0.5"), max_value=24, decimal_places=1)

    def __init__(self, *args, user, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers_kept_by(user).filter(community=record.community_id)
        self.helper = FormHelper()
        self.helper.form_tag = False


class OrganisationForm(MaskedPersonalFieldsMixin, KeptForm):
    masked_fields = ("leader_phone",)

    class Meta:
        model = SocialOrganisation
        fields = [
            "community",
            "name",
            "kind",
            "registered_on",
            "registration_number",
            "leader_name",
            "leader_phone",
            "members_count",
            "status",
        ]
        widgets = {"registered_on": DateInput()}

    def clean_leader_phone(self):
        return normalize_phone(self.cleaned_data["leader_phone"])

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("registered_on")) != bool(cleaned.get("registration_number")):
            self.add_error("registration_number", _("A registration needs both its date and its number."))
        return cleaned


class OrganisationActivityForm(forms.ModelForm):
    class Meta:
        model = OrganisationActivity
        fields = ["date", "title", "participants"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        self.helper = FormHelper()
        self.helper.form_tag = False


class RatingForm(forms.ModelForm):
    class Meta:
        model = StarRating
        fields = ["year", "governance", "activities", "services", "finances", "reputation", "rated_on"]
        widgets = {"rated_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, _label, most in CRITERIA:
            self.fields[name].help_text = _("At most %(points)d points.") % {"points": most}
        if not self.instance.pk:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year - 1)
            self.initial.setdefault("rated_on", today)
        self.helper = FormHelper()
        self.helper.form_tag = False
