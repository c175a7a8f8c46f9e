import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Community
from residents.forms import DateInput, MaskedPersonalFieldsMixin
from residents.identity import normalize_id_number, normalize_phone

from .actions import DEFAULT_POINTS
from .models import Activity, CheckIn, Member, Organisation, Unit


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


class MemberForm(MaskedPersonalFieldsMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Member
        fields = [
            "organisation",
            "resident",
            "name",
            "id_number",
            "phone",
            "standing",
            "joined_on",
            "probation_ends_on",
            "category",
            "work_unit",
            "work_branch",
            "reported_on",
            "post",
        ]
        widgets = {"joined_on": DateInput(), "probation_ends_on": DateInput(), "reported_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.editable_by(user)
        self.fields["organisation"].queryset = organisations
        self.fields["resident"].queryset = (
            Member.objects.candidate_residents(user, member=self.instance)
            .select_related("dwelling__building__compound")
            .order_by("name")
        )
        self.fields["resident"].label_from_instance = lambda r: f"{r.name} · {r.dwelling} · {r.masked_id_number}"
        self.fields["work_unit"].queryset = Unit.objects.visible_to(user)
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Only for a member not linked to a resident.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        self.helper = _helper()

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("resident") and not cleaned.get("name"):
            self.add_error("name", _("Give the member's name, or link them to a resident."))
        if cleaned.get("resident"):
            cleaned["id_number"] = cleaned["phone"] = ""
        return cleaned


class MemberLeaveForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (Member.Status.TRANSFERRED_OUT, Member.Status.TRANSFERRED_OUT.label),
            (Member.Status.DECEASED, Member.Status.DECEASED.label),
        ],
        label=_("What happened"),
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())
    to_organisation = forms.CharField(
        label=_("Transferred to"), max_length=100, required=False, help_text=_("The receiving party organisation.")
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        self.helper = _helper()


class ConfirmForm(forms.Form):
    on = forms.DateField(label=_("Made a full member on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        self.helper = _helper()


class PointsForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput())
    points = forms.IntegerField(label=_("Points"), min_value=-100, max_value=100, help_text=_("Negative to deduct."))
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        self.helper = _helper()


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "organisation",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "agenda",
            "points",
            "volunteer_hours",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.editable_by(user)
        self.fields["points"].required = False
        self.fields["points"].help_text = _("Leave empty for the usual points of the activity type.")
        if not self.instance.pk:
            start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
            self.fields["starts_at"].initial = start
            self.fields["ends_at"].initial = start + datetime.timedelta(hours=2)
            self.fields["points"].initial = None
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("points") is None and cleaned.get("kind"):
            # An empty field, or none sent at all: the usual points of the type.
            cleaned["points"] = self.instance.points = DEFAULT_POINTS.get(cleaned["kind"], 1)
        if cleaned.get("kind") != Activity.Kind.VOLUNTEER:
            cleaned["volunteer_hours"] = None
        elif not cleaned.get("volunteer_hours"):
            self.add_error("volunteer_hours", _("Give the hours of the volunteer service."))
        return cleaned


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AttendanceForm(forms.Form):
    """The buttons of a member's row in the attendance table."""

    CHOOSE = _("Choose present, on leave or absent.")

    member = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=CheckIn.Status.choices, error_messages={"required": CHOOSE, "invalid_choice": CHOOSE}
    )
    reason = forms.CharField(max_length=200, required=False)


class HoursForm(forms.Form):
    """The "Confirm hours" button: the activity's hours unless others are given."""

    hours = forms.DecimalField(max_digits=5, decimal_places=1, min_value=0.5, required=False)


class PointsCorrectionForm(forms.Form):
    """The "Correct" button of a ledger entry: the correction gives the entry's own reason unless another is given."""

    reason = forms.CharField(required=False)


class CheckInForm(forms.Form):
    """What a member types on their phone at the activity."""

    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    id_tail = forms.CharField(
        label=_("Last 4 characters of your ID number"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "credit_code",
            "community",
            "address",
            "contact_name",
            "contact_phone",
            "agreement_starts_on",
            "agreement_ends_on",
        ]
        widgets = {"agreement_starts_on": DateInput(), "agreement_ends_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_superuser:
            self.fields["community"].queryset = Community.objects.administered_by(user)
        self.helper = _helper()

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "parent", "community", "unit", "secretary", "committee_members", "founded_on"]
        widgets = {"founded_on": DateInput(), "committee_members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        from grids.roles import Role

        communities = Community.objects.administered_by(user)
        parents = Organisation.objects.editable_by(user).exclude(kind=Organisation.Kind.GROUP)
        if self.instance.pk:
            parents = parents.exclude(pk__in=self.instance.subtree().values("pk"))
        self.fields["parent"].queryset = parents
        self.fields["community"].queryset = communities
        self.fields["unit"].queryset = Unit.objects.editable_by(user)
        # Secretaries and committee members are staff holding a party secretary's post in the community.
        staff = (
            get_user_model()
            .objects.filter(
                staff_posts__role=Role.PARTY_SECRETARY,
                staff_posts__ended_on__isnull=True,
                staff_posts__community__in=communities,
            )
            .distinct()
            .order_by("username")
        )
        self.fields["secretary"].queryset = staff
        self.fields["committee_members"].queryset = staff
        for name in ("secretary", "committee_members"):
            self.fields[name].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.helper = _helper()


class ExpectedForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Expected attendees"),
        help_text=_("Members whose attendance is recorded stay expected."),
    )

    def __init__(self, *args, user, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            Member.objects.editable_by(user)
            .active()
            .filter(organisation__community=activity.organisation.community_id)
            .select_related("organisation")
            .order_by("organisation__name", "name", "pk")
        )
        self.fields["members"].label_from_instance = lambda m: f"{m.name} · {m.organisation.name}"
        self.helper = _helper()
