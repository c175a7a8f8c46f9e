from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Dwelling

from .choices import Relationship, ResidentStatus
from .identity import normalize_id_number
from .models import (
    SENSITIVE_VISIT_KINDS,
    Household,
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
        ]
        widgets = {"moved_in_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["dwelling"].queryset = Dwelling.objects.editable_by(user).select_related(
            "building__compound", "grid__community"
        )
        self.fields["id_number"].widget.attrs.update(autocomplete="off", spellcheck="false")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])


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
