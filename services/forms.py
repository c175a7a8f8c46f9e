from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from grids.models import Community, Dwelling, Grid
from grids.roles import Audience
from residents.models import Resident

from .choices import Channel, DisputeOutcome, Satisfaction
from .models import Department, ServiceItem, ServiceRequest


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


class IntakeForm(forms.ModelForm):
    """The window's one form: resident, item, what they want, the materials handed in."""

    resident = forms.ModelChoiceField(queryset=Resident.objects.none(), required=False, widget=forms.HiddenInput)
    item = forms.ModelChoiceField(
        queryset=ServiceItem.objects.active(),
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose the service item.")},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    materials_received = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("Materials received")
    )

    class Meta:
        model = ServiceRequest
        fields = [
            "resident",
            "item",
            "channel",
            "priority",
            "contact_name",
            "contact_phone",
            "description",
            "community",
            "materials_received",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["resident"].queryset = Resident.objects.visible_to(user).active()
        self.fields["community"].queryset = Community.objects.desk_of(user)
        self.fields["community"].empty_label = None
        self.fields["channel"].choices = [c for c in Channel.choices if c[0] != Channel.GRID_REPORT]
        item = self.chosen_item()
        self.fields["materials_received"].choices = [(m, m) for m in item.materials] if item else []
        self.helper = _helper()

    def chosen_item(self):
        key = self.add_prefix("item")
        value = self.data.get(key) if self.is_bound else self.initial.get("item")
        if hasattr(value, "pk"):
            return value
        try:
            return ServiceItem.objects.get(pk=int(value)) if value else None
        except (ValueError, ServiceItem.DoesNotExist):
            return None

    def clean(self):
        cleaned = super().clean()
        item, resident = cleaned.get("item"), cleaned.get("resident")
        if item and item.requires_resident and not resident:
            self.add_error("resident", _("This item needs an identified resident: find them first."))
        community = cleaned.get("community")
        if resident and community and resident.dwelling.grid.community_id != community.pk:
            self.add_error("community", _("The resident lives in another community."))
        return cleaned


class GridReportForm(forms.ModelForm):
    """A grid worker's report of a problem seen in their grid, made on a phone."""

    dwelling = forms.ModelChoiceField(queryset=Dwelling.objects.none(), required=False, label=_("Dwelling"))

    class Meta:
        model = ServiceRequest
        fields = ["item", "grid", "dwelling", "location", "description", "priority", "contact_name", "contact_phone"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        grids = Grid.objects.visible_to(user, Audience.WALKERS)
        self.fields["grid"].queryset = grids.select_related("community")
        self.fields["grid"].empty_label = None
        self.fields["dwelling"].queryset = Dwelling.objects.filter(grid__in=grids).select_related("building__compound")
        self.fields["item"].queryset = ServiceItem.objects.active().filter(requires_resident=False)
        self.fields["description"].required = True
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        dwelling, grid = cleaned.get("dwelling"), cleaned.get("grid")
        if dwelling and grid and dwelling.grid_id != grid.pk:
            self.add_error("dwelling", _("This dwelling lies in another grid."))
        if not cleaned.get("location") and dwelling:
            cleaned["location"] = str(dwelling)
        if not cleaned.get("location"):
            self.add_error("location", _("Say where the problem is."))
        return cleaned


class TransitionForm(forms.Form):
    """The fields an action may need; the view keeps only those of the action at hand."""

    department = forms.ModelChoiceField(queryset=Department.objects.none(), label=_("Department"))
    note = forms.CharField(label=_("Note or reason"), widget=forms.Textarea(attrs={"rows": 2}))
    resolution = forms.CharField(label=_("How it was resolved"), widget=forms.Textarea(attrs={"rows": 2}))
    dispute_outcome = forms.ChoiceField(choices=DisputeOutcome.choices, label=_("Mediation outcome"))
    satisfaction = forms.ChoiceField(choices=Satisfaction.choices, label=_("Satisfaction"), widget=forms.RadioSelect)
    callback_notes = forms.CharField(
        label=_("Callback notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    FIELDS = {
        "dispatch": ["department", "note"],
        "start": ["note"],
        "accept": ["note"],
        "return": ["note"],
        "resolve": ["resolution", "dispute_outcome"],
        "callback": ["satisfaction", "callback_notes"],
        "reject": ["note"],
        "cancel": ["note"],
    }
    REQUIRED = {
        "dispatch": ["department"],
        "return": ["note"],
        "resolve": ["resolution"],
        "callback": ["satisfaction"],
        "reject": ["note"],
        "cancel": ["note"],
    }

    def __init__(self, *args, action, service_request, **kwargs):
        super().__init__(*args, prefix=action, **kwargs)
        keep = self.FIELDS[action]
        if action == "resolve" and not service_request.item.is_dispute:
            keep = ["resolution"]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
            else:
                self.fields[name].required = name in self.REQUIRED.get(action, [])
        if "department" in self.fields:
            self.fields["department"].queryset = Department.objects.serving(service_request.community)
            if service_request.item.function:
                default = self.fields["department"].queryset.filter(function=service_request.item.function).first()
                self.fields["department"].initial = default
        if "dispute_outcome" in self.fields:
            self.fields["dispute_outcome"].required = True
        self.helper = _helper()


class StatusLookupForm(forms.Form):
    number = forms.CharField(label=_("Request number"), max_length=32)
    phone_tail = forms.RegexField(
        regex=r"^\d{4}$",
        label=_("Last 4 digits of the contact phone"),
        error_messages={"invalid": _("Enter the last 4 digits of the phone number given at the window.")},
    )
