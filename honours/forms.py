"""The nomination's forms: the nominee chosen among the rows the user sees, the steps of the flow."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Building
from residents.forms import HouseholdByNumberField, ResidentByIDNumberField
from residents.models import Household, Resident

from .models import HonourKind, Nomination


class DateInput(forms.DateInput):
    input_type = "date"


class PageForm(forms.Form):
    """A form shown inside the form page's own <form> (components/form_page.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class NominationForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = ["kind", "year", "household", "resident", "building", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = HonourKind.objects.filter(active=True)
        # Only nominees the user keeps: their community's register and buildings.
        # Households and residents by the number typed (a community's register is thousands long).
        self.fields["household"] = HouseholdByNumberField(
            Household.objects.editable_by(user), required=False, label=_("Household number")
        )
        self.fields["resident"] = ResidentByIDNumberField(
            Resident.objects.editable_by(user).active(), required=False, label=_("Resident's ID number")
        )
        self.fields["building"].queryset = Building.objects.editable_by(user).select_related("compound")
        self.fields["household"].help_text = _("For an honour given to a household.")
        self.fields["resident"].help_text = _("For an honour given to a resident.")
        self.fields["building"].help_text = _("For an honour given to a building.")
        if not self.is_bound and "year" not in self.initial:
            self.initial["year"] = timezone.localdate().year
        self.helper = FormHelper()
        self.helper.form_tag = False


COUNT = forms.NumberInput(attrs={"inputmode": "numeric"})  # the phone's digit keypad


class AppraiseForm(PageForm):
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, widget=COUNT)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, widget=COUNT)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, widget=COUNT)
    appraised_on = forms.DateField(label=_("Appraised on"), widget=DateInput)


class NoticeForm(PageForm):
    starts_on = forms.DateField(label=_("Notice starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Notice ends on"), widget=DateInput, help_text=_("At least 5 days."))


class ObjectionForm(PageForm):
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 3}))
    raised_on = forms.DateField(label=_("Raised on"), widget=DateInput)
    upheld = forms.BooleanField(label=_("Upheld after checking"), required=False)


class AwardForm(PageForm):
    awarded_on = forms.DateField(label=_("Awarded on"), widget=DateInput)


class RejectForm(PageForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
