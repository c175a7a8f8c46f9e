import uuid

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from grids.models import Community, Dwelling, Grid
from grids.roles import Audience
from residents.models import Resident

from .actions import TRANSITIONS
from .attachments import PhotosField
from .choices import OPEN_STATUSES, Channel, DisputeOutcome, Satisfaction
from .models import Department, RequestAttachment, ServiceItem, ServiceRequest


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
    accept_incomplete = forms.BooleanField(
        required=False,
        label=_("Accept now, the missing materials to follow"),
        help_text=_("The materials still to come are recorded on the request and printed on the receipt."),
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

    def new_request(self) -> ServiceRequest:
        """The request as the window filled it in, not saved yet (actions.request_create saves it)."""
        service_request = self.save(commit=False)
        service_request.submission_key = self.cleaned_data["submission_key"]
        service_request.materials_pending = self.cleaned_data.get("missing_materials", [])
        return service_request

    def clean(self):
        cleaned = super().clean()
        item, resident = cleaned.get("item"), cleaned.get("resident")
        if item and item.requires_resident and not resident:
            self.add_error("resident", _("This item needs an identified resident: find them first."))
        community = cleaned.get("community")
        if resident and community and resident.dwelling.grid.community_id != community.pk:
            self.add_error("community", _("The resident lives in another community."))
        missing = [m for m in (item.materials if item else []) if m not in cleaned.get("materials_received", [])]
        if missing and not cleaned.get("accept_incomplete"):
            self.add_error(
                "materials_received",
                _(
                    "Not handed in: %(missing)s. Tick them if they were, accept now with the materials to "
                    "follow, or ask the resident to come back with them."
                )
                % {"missing": "、".join(missing)},
            )
        cleaned["missing_materials"] = missing
        return cleaned


class GridReportForm(forms.ModelForm):
    """A grid worker's report of a problem seen in their grid, made on a phone."""

    dwelling = forms.ModelChoiceField(queryset=Dwelling.objects.none(), required=False, label=_("Dwelling"))

    class Meta:
        model = ServiceRequest
        fields = ["item", "grid", "dwelling", "location", "description", "priority", "contact_name", "contact_phone"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    photos = PhotosField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        grids = Grid.objects.visible_to(user, Audience.WALKERS)
        self.fields["grid"].queryset = grids.select_related("community")
        self.fields["grid"].empty_label = None
        self.fields["grid"].required = True
        self.fields["grid"].error_messages["required"] = _("Choose the grid where the problem is.")
        self.fields["dwelling"].queryset = Dwelling.objects.filter(grid__in=grids).select_related("building__compound")
        self.fields["item"].queryset = ServiceItem.objects.active().filter(requires_resident=False)
        self.fields["description"].required = True
        self.helper = _helper()
        self.user = user

    def new_request(self) -> ServiceRequest:
        """The report as a request of the grid's community, not saved yet (actions.request_create saves it)."""
        service_request = self.save(commit=False)
        service_request.location = self.cleaned_data["location"]
        service_request.channel = Channel.GRID_REPORT
        service_request.community = service_request.grid.community
        service_request.reported_by = self.user
        return service_request

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
    """The form of one step of a request (actions.TRANSITIONS): the fields the step asks for, required as
    it says. Declared here is only how each field that some step asks for is shown."""

    department = forms.ModelChoiceField(queryset=Department.objects.none(), label=_("Department"))
    note = forms.CharField(label=_("Note or reason"), widget=forms.Textarea(attrs={"rows": 2}))
    resolution = forms.CharField(label=_("How it was resolved"), widget=forms.Textarea(attrs={"rows": 2}))
    dispute_outcome = forms.ChoiceField(choices=DisputeOutcome.choices, label=_("Mediation outcome"))
    satisfaction = forms.ChoiceField(choices=Satisfaction.choices, label=_("Satisfaction"), widget=forms.RadioSelect)
    callback_notes = forms.CharField(label=_("Callback notes"), widget=forms.Textarea(attrs={"rows": 2}))

    # The request as the user saw it (a step on a request changed since is refused), and the form's
    # key (the same step posted twice is taken once): see common.views.ActionView.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, action, service_request, **kwargs):
        # One form per step on the detail page: the step's name keeps their fields apart.
        kwargs["prefix"] = action
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = service_request.version
        self.fields["submission_key"].initial = uuid.uuid4
        asks = TRANSITIONS[action].asks_of(service_request)
        for name in self.fields.keys() - {ask.name for ask in asks} - {"version", "submission_key"}:
            del self.fields[name]
        for ask in asks:
            field = self.fields[ask.name]
            field.required = ask.required
            if ask.required_message:
                field.error_messages["required"] = ask.required_message
            if ask.choices:
                field.queryset = ask.choices(service_request)
        self.order_fields([ask.name for ask in asks])
        if "department" in self.fields and service_request.item.function:
            # The department whose function the item names is the usual choice.
            self.fields["department"].initial = (
                self.fields["department"].queryset.filter(function=service_request.item.function).first()
            )
        self.helper = _helper()


class PhotosForm(forms.Form):
    stage = forms.ChoiceField(choices=RequestAttachment.Stage.choices[1:], label=_("The photos show"))
    photos = PhotosField(required=True)

    def __init__(self, *args, service_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].initial = (
            RequestAttachment.Stage.RESOLUTION
            if service_request.status not in OPEN_STATUSES
            else RequestAttachment.Stage.REQUEST
        )
        self.helper = _helper()


class StatusLookupForm(forms.Form):
    number = forms.CharField(label=_("Request number"), max_length=32)
    phone_tail = forms.RegexField(
        regex=r"^\d{4}$",
        label=_("Last 4 digits of the contact phone"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter the last 4 digits of the phone number given at the window.")},
    )
