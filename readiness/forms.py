from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Community
from residents.forms import DateInput, MaskedPersonalFieldsMixin
from residents.identity import normalize_phone

from .models import Drill, Member, Movement, Plan, Supply, Team


class KeptForm(forms.ModelForm):
    """A form of the user's community's rows: the community choice narrowed to those the user keeps."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "community" in self.fields:
            self.fields["community"].queryset = Community.objects.administered_by(user).order_by("code")
        self.helper = FormHelper()
        self.helper.form_tag = False


def _not_in_future(date):
    if date and date > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return date


class SupplyForm(KeptForm):
    class Meta:
        model = Supply
        fields = ["community", "name", "unit", "place", "expires_on"]
        widgets = {"expires_on": DateInput()}


class MovementForm(KeptForm):
    class Meta:
        model = Movement
        fields = ["direction", "quantity", "date", "reason"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())

    def clean_date(self):
        return _not_in_future(self.cleaned_data["date"])


class PlanForm(KeptForm):
    class Meta:
        model = Plan
        fields = ["community", "kind", "title", "version_label", "approved_on", "status"]
        widgets = {"approved_on": DateInput()}


class DrillForm(KeptForm):
    class Meta:
        model = Drill
        fields = ["date", "participants", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())

    def clean_date(self):
        return _not_in_future(self.cleaned_data["date"])


class TeamForm(KeptForm):
    class Meta:
        model = Team
        fields = ["community", "name", "duty"]
        widgets = {"duty": forms.Textarea(attrs={"rows": 3})}


class MemberForm(MaskedPersonalFieldsMixin, KeptForm):
    masked_fields = ("phone",)

    class Meta:
        model = Member
        fields = ["name", "phone", "role", "call_order"]

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])
