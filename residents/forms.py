from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Building, Community, Compound, Dwelling, Grid

from .choices import NON_LOCAL, Relationship, ResidentStatus
from .identity import normalize_id_number, normalize_phone, validate_phone
from .models import (
    SENSITIVE_VISIT_KINDS,
    Household,
    IDNumberInput,
    PhoneInput,
    Resident,
    ResidentTag,
    Visit,
    sees_sensitive_tags,
    tag_kinds_shown_to,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ScopedFormMixin:
    """Dropdowns offer only what the user may change; the view passes the user in."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.form_tag = False


class MaskedPersonalFieldsMixin:
    """The ID number and phone of a saved record are not in its edit form: each field is empty, with the
    masked value as its placeholder. Left empty, the saved value stays; a new value is typed in whole.
    Seeing the saved full value is the logged "Show" of the record's page, not opening its form.

    For a ModelForm whose model has `masked_<field>` properties."""

    masked_fields = ("id_number", "phone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_personal = {}
        if self.instance.pk is None:
            return
        for name in self.masked_fields:
            saved = getattr(self.instance, name)
            if name not in self.fields or not saved:
                continue
            self.kept_personal[name] = saved
            self.initial[name] = ""
            field = self.fields[name]
            field.required = False
            field.widget.attrs["placeholder"] = getattr(self.instance, f"masked_{name}")
            field.help_text = _("Leave empty to keep the saved value; type the new one in full to change it.")

    def _clean_fields(self):
        super()._clean_fields()
        for name, saved in self.kept_personal.items():
            if name in self.cleaned_data and not self.cleaned_data[name]:
                self.cleaned_data[name] = saved


class ResidentForm(MaskedPersonalFieldsMixin, ScopedFormMixin, forms.ModelForm):
    # The version the form was opened at: saving refuses if the record changed since.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Resident
        fields = [
            "name",
            "id_number",
            "phone",
            "dwelling",
            "moved_in_on",
            "residence_type",
            "registered_address",
            "ethnicity",
            "political_status",
            "education",
            "marital_status",
            "employment_status",
            "skills",
            "wanted_job",
            "stay_until",
            "stay_purpose",
        ]
        widgets = {"moved_in_on": DateInput(), "stay_until": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["dwelling"].queryset = Dwelling.objects.editable_by(user).select_related(
            "building__compound", "grid__community"
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("residence_type") in NON_LOCAL:
            # 暂住登记: where the 户籍 is, and when the stay ends, with why.
            for name in ("registered_address", "stay_until", "stay_purpose"):
                if not cleaned.get(name) and name in self.fields:
                    self.add_error(name, _("Needed for a resident registered elsewhere."))
        moved_in, until = cleaned.get("moved_in_on"), cleaned.get("stay_until")
        if moved_in and until and until < moved_in:
            self.add_error("stay_until", _("The stay cannot end before the arrival."))
        return cleaned


class ResidentCreateForm(ResidentForm):
    household = forms.ModelChoiceField(
        queryset=Household.objects.none(),
        required=False,
        label=_("Household"),
        help_text=_("Leave empty to register the household later."),
    )
    relationship = forms.ChoiceField(
        choices=[("", "---------"), *Relationship.choices], required=False, label=_("Relationship to the head")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["household"].queryset = Household.objects.editable_by(user)
        del self.fields["version"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("household") and not cleaned.get("relationship"):
            self.add_error("relationship", _("Give the relationship to the head of the household."))
        return cleaned


class LeaveForm(forms.Form):
    """Moving out or death: the resident stays on record with the status and its date."""

    status = forms.ChoiceField(
        choices=[
            (ResidentStatus.MOVED_OUT, ResidentStatus.MOVED_OUT.label),
            (ResidentStatus.DECEASED, ResidentStatus.DECEASED.label),
        ],
        label=_("What happened"),
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), max_length=200, required=False, help_text=_("E.g. where the resident moved to.")
    )
    new_head = forms.ModelChoiceField(queryset=None, required=False, label=_("New head of the household"))

    def __init__(self, *args, resident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_head"].queryset = Resident.objects.filter(
            memberships__ended_on__isnull=True,
            memberships__household__memberships__resident=resident,
            memberships__household__memberships__ended_on__isnull=True,
        ).exclude(pk=resident.pk)
        self.fields["on"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_tag = False


class TagForm(forms.ModelForm):
    class Meta:
        model = ResidentTag
        fields = ["kind", "since", "note"]
        widgets = {"since": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        shown = tag_kinds_shown_to(user)
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if not c[0] or c[0] in shown]
        self.fields["since"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_tag = False


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["visited_on", "kind", "notes", "follow_up_needed"]
        widgets = {"visited_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()
        if not sees_sensitive_tags(user):
            # Such a visit tells what the hidden tags hide: the kinds follow the same permission.
            self.fields["kind"].choices = [
                choice for choice in self.fields["kind"].choices if choice[0] not in SENSITIVE_VISIT_KINDS
            ]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_visited_on(self):
        visited_on = self.cleaned_data["visited_on"]
        if visited_on > timezone.localdate():
            raise forms.ValidationError(_("A visit cannot be in the future."))
        return visited_on


class IdNumberSearchForm(forms.Form):
    """A full ID number, searched by POST so that it never appears in an address or a log."""

    id_number = forms.CharField(label=_("Full ID number"), max_length=40)

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])


class CompoundForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Compound
        fields = ["community", "name", "kind"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        kept = Grid.objects.editable_by(user).values("community_id")
        self.fields["community"].queryset = Community.objects.filter(pk__in=kept)
        if self.instance.pk:  # a compound stays in its community
            del self.fields["community"]


class BuildingForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Building
        fields = ["compound", "name", "units", "floors"]
        widgets = {
            "units": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "floors": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["compound"].queryset = Compound.objects.editable_by(user).select_related("community")
        if self.instance.pk:
            del self.fields["compound"]


class DwellingForm(MaskedPersonalFieldsMixin, ScopedFormMixin, forms.ModelForm):
    """A dwelling of a building: its grid is chosen when it is registered (among the user's grids of
    the building's community) and changed afterwards only by the community admin's move."""

    class Meta:
        model = Dwelling
        fields = ["grid", "unit", "floor", "room", "use", "area", "owner_name", "owner_phone"]
        widgets = {
            "floor": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "area": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
            "owner_phone": PhoneInput(),
        }

    def __init__(self, *args, user, building, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.building = building
        if self.instance.pk:
            del self.fields["grid"]
        else:
            grids = Grid.objects.editable_by(user).filter(community_id=building.compound.community_id)
            self.fields["grid"].queryset = grids
            if len(grids) == 1:
                self.fields["grid"].initial = grids[0]
        self.fields["room"].required = True

    masked_fields = ("owner_phone",)

    def clean_owner_phone(self):
        phone = normalize_phone(self.cleaned_data["owner_phone"])
        if phone:
            validate_phone(phone)
        return phone


class DwellingMoveForm(forms.Form):
    grid = forms.ModelChoiceField(queryset=Grid.objects.none(), label=_("Move to grid"))

    def __init__(self, *args, dwelling, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = Grid.objects.filter(community_id=dwelling.grid.community_id).exclude(
            pk=dwelling.grid_id
        )
        self.helper = FormHelper()
        self.helper.form_tag = False


class HouseholdRegisterForm(ScopedFormMixin, forms.ModelForm):
    head = forms.ModelChoiceField(
        queryset=Resident.objects.none(),
        required=False,
        label=_("Head of the household"),
        help_text=_("A resident on the register, who leaves their current household; or leave empty."),
    )

    class Meta:
        model = Household
        fields = ["number", "kind"]

    def __init__(self, *args, user, dwelling, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.dwelling = dwelling
        self.fields["head"].queryset = (
            Resident.objects.editable_by(user).active().filter(grid_id=dwelling.grid_id).order_by("name")
        )
        self.fields["head"].label_from_instance = lambda r: f"{r.name} · {r.masked_id_number}"


def _current_members(household):
    return Resident.objects.filter(memberships__household=household, memberships__ended_on__isnull=True)


class HeadChangeForm(forms.Form):
    new_head = forms.ModelChoiceField(queryset=Resident.objects.none(), label=_("New head"))
    old_head_relationship = forms.ChoiceField(
        choices=[choice for choice in Relationship.choices if choice[0] != Relationship.HEAD],
        initial=Relationship.OTHER,
        label=_("The former head's relationship to the new head"),
    )

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_head"].queryset = _current_members(household).exclude(
            memberships__relationship=Relationship.HEAD, memberships__ended_on__isnull=True
        )
        self.helper = FormHelper()
        self.helper.form_tag = False


class HouseholdSplitForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        queryset=Resident.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Members who leave")
    )
    head = forms.ModelChoiceField(queryset=Resident.objects.none(), label=_("Head of the new household"))
    number = forms.CharField(label=_("Number of the new household"), max_length=20)

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        leaving = _current_members(household).exclude(
            memberships__relationship=Relationship.HEAD, memberships__ended_on__isnull=True
        )
        self.fields["members"].queryset = leaving
        self.fields["head"].queryset = leaving
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if Household.objects.filter(number=number).exists():
            raise forms.ValidationError(_("A household with this number is registered already."))
        return number


class HouseholdMergeForm(forms.Form):
    into = forms.CharField(label=_("Number of the household they join"), max_length=20)

    def __init__(self, *args, user, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.household = user, household
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_into(self):
        number = self.cleaned_data["into"].strip()
        into = Household.objects.editable_by(self.user).filter(number=number).exclude(pk=self.household.pk).first()
        if into is None:
            raise forms.ValidationError(_("No other household of your area has this number."))
        return into


class HouseholdMoveForm(forms.Form):
    dwelling = forms.ModelChoiceField(queryset=Dwelling.objects.none(), label=_("New dwelling"))

    def __init__(self, *args, user, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dwelling"].queryset = (
            Dwelling.objects.editable_by(user).exclude(pk=household.dwelling_id).select_related("building__compound")
        )
        self.helper = FormHelper()
        self.helper.form_tag = False


class HouseholdJoinForm(forms.Form):
    resident = forms.ModelChoiceField(queryset=Resident.objects.none(), label=_("Resident"))
    relationship = forms.ChoiceField(choices=Relationship.choices, label=_("Relationship to the head"))

    def __init__(self, *args, user, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = (
            Resident.objects.editable_by(user)
            .active()
            .filter(community_id=household.dwelling.grid.community_id)
            .exclude(memberships__household=household, memberships__ended_on__isnull=True)
            .order_by("name")
        )
        self.fields["resident"].label_from_instance = lambda r: f"{r.name} · {r.masked_id_number}"
        self.helper = FormHelper()
        self.helper.form_tag = False


class ResidentByIDNumberField(forms.ModelChoiceField):
    """A resident of the register chosen by the ID number typed (as on the card: spaces, a lower-case x),
    one indexed lookup in the queryset given (the user's scope), instead of a list of a community's
    thousands of residents. The box starts empty: no ID number is written into the page."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("widget", IDNumberInput())
        super().__init__(queryset, to_field_name="id_number", **kwargs)

    def to_python(self, value):
        return super().to_python(normalize_id_number(value) if value else value)

    def prepare_value(self, value):
        return "" if not isinstance(value, str) else value  # never the saved resident's full number


class HouseholdByNumberField(forms.ModelChoiceField):
    """A household chosen by its number (户号), typed, one indexed lookup in the queryset given."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(queryset, to_field_name="number", **kwargs)
