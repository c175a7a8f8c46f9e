"""The parameters of the API's calls, checked as forms: a wrong value is a 400 saying which and why."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residents.identity import validate_phone

from .serializers import EPOCH, MICROSECOND

MAX_PAGE_SIZE = 1000
# Pages are numbered as the spec's clients expect; so deep a page is refused (narrow the dates instead),
# so that no call makes the database skip more rows than this.
MAX_ROWS_SKIPPED = 10_000
DEFAULT_WINDOW = datetime.timedelta(days=90)  # the spec's default: the last 90 days


class W3DateTimeField(forms.DateTimeField):
    """A W3C date-time with a time zone (Z or ±hh:mm), as the spec requires; without one, Beijing time."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "+")  # a "+08:00" sent unescaped in a query string
        return super().to_python(value)


class CommaListField(forms.CharField):
    def to_python(self, value):
        return [part.strip() for part in (super().to_python(value) or "").split(",") if part.strip()]


class CursorField(forms.CharField):
    """A change cursor (`extended_attributes.change_cursor` of a row): its change's time and its id."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        moment, _dash, pk = value.rpartition("~")
        try:
            return EPOCH + int(moment) * MICROSECOND, int(pk)
        except (ValueError, OverflowError, OSError):
            raise forms.ValidationError(_("Not a change cursor of this API.")) from None


class CoordinateField(forms.DecimalField):
    """A latitude or longitude, rounded to 6 decimals (about 10 cm) whatever precision it is sent with."""

    def clean(self, value):
        value = super().clean(value)
        return None if value is None else round(value, 6)


class RequestQueryForm(forms.Form):
    service_request_id = CommaListField(required=False)
    service_code = CommaListField(required=False)
    start_date = W3DateTimeField(required=False)
    end_date = W3DateTimeField(required=False)
    status = CommaListField(required=False)
    # Extensions of the spec, for a system that pulls what changed (FixMyStreet's Open311 does the same).
    updated_after = W3DateTimeField(required=False)
    updated_before = W3DateTimeField(required=False)
    changes_after = CursorField(required=False)
    extensions = forms.BooleanField(required=False)
    page = forms.IntegerField(required=False, min_value=1)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def clean_status(self):
        statuses = self.cleaned_data["status"]
        unknown = set(statuses) - {"open", "closed"}
        if unknown:
            raise forms.ValidationError(_("status is open or closed."))
        return statuses

    def clean(self):
        cleaned = super().clean()
        cleaned["page"] = cleaned.get("page") or 1
        cleaned["page_size"] = cleaned.get("page_size") or 100
        if (cleaned["page"] - 1) * cleaned["page_size"] > MAX_ROWS_SKIPPED:
            raise forms.ValidationError(
                _("Pages beyond %(rows)d rows are not served: narrow start_date and end_date.")
                % {"rows": MAX_ROWS_SKIPPED}
            )
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and start > end:
            raise forms.ValidationError(_("start_date is after end_date."))
        return cleaned


class RequestPostForm(forms.Form):
    service_code = forms.CharField(max_length=8, error_messages={"required": _("service_code is required.")})
    description = forms.CharField(max_length=4000, error_messages={"required": _("description is required.")})
    address_string = forms.CharField(max_length=200, required=False)
    address_id = forms.CharField(max_length=40, required=False)
    lat = CoordinateField(required=False, min_value=-90, max_value=90)
    long = CoordinateField(required=False, min_value=-180, max_value=180)
    email = forms.EmailField(required=False)
    device_id = forms.CharField(max_length=100, required=False)
    account_id = forms.CharField(max_length=100, required=False)
    first_name = forms.CharField(max_length=25, required=False)
    last_name = forms.CharField(max_length=25, required=False)
    phone = forms.CharField(max_length=20, required=False, validators=[validate_phone])
    media_url = forms.URLField(required=False, assume_scheme="https")
    # attribute[…], read by the view (see attributes()).
    community = forms.CharField(max_length=20, required=False)
    ticket_number = forms.CharField(max_length=40, required=False)
    contact_hours = forms.IntegerField(required=False, min_value=1, max_value=24 * 90)
    handling_hours = forms.IntegerField(required=False, min_value=1, max_value=24 * 365)
    handling_days = forms.IntegerField(required=False, min_value=1, max_value=365)

    ATTRIBUTES = ("community", "ticket_number", "contact_hours", "handling_hours", "handling_days")

    def __init__(self, data, **kwargs):
        data = data.copy()
        for name in self.ATTRIBUTES:
            if f"attribute[{name}]" in data:
                data[name] = data[f"attribute[{name}]"]
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        lat, long = cleaned.get("lat"), cleaned.get("long")
        located = (lat is not None and long is not None) or cleaned.get("address_string") or cleaned.get("address_id")
        if not located and not self.errors:
            raise forms.ValidationError(_("A location is required: lat and long, address_string or address_id."))
        if cleaned.get("handling_hours") and cleaned.get("handling_days"):
            raise forms.ValidationError(_("Give handling_hours or handling_days, not both."))
        now = timezone.now()
        cleaned["contact_deadline"] = (
            now + datetime.timedelta(hours=cleaned["contact_hours"]) if cleaned.get("contact_hours") else None
        )
        handling = None
        if cleaned.get("handling_hours"):
            handling = now + datetime.timedelta(hours=cleaned["handling_hours"])
        elif cleaned.get("handling_days"):
            handling = now + datetime.timedelta(days=cleaned["handling_days"])
        cleaned["handling_deadline"] = handling
        return cleaned


class CallbackForm(forms.Form):
    satisfaction = forms.ChoiceField(
        choices=[("satisfied", "satisfied"), ("fairly_satisfied", "fairly_satisfied"), ("dissatisfied", "dissatisfied")]
    )
    notes = forms.CharField(max_length=2000, required=False)
