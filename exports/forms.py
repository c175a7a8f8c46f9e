import calendar
import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from grids.filters import long_area_lists
from grids.models import Community, Grid
from grids.roles import Audience

from .registers import registers_of_apps


class RegisterForm(forms.Form):
    """Which register to take, of which area and month (for the registers that have a period)."""

    register = forms.ChoiceField(label=_("Register"))
    file_format = forms.ChoiceField(choices=[("xlsx", "Excel"), ("csv", "CSV")], initial="xlsx", label=_("Format"))
    community = forms.ModelChoiceField(queryset=Community.objects.none(), required=False, label=_("Community"))
    grid = forms.ModelChoiceField(queryset=Grid.objects.none(), required=False, label=_("Grid"))
    month = forms.CharField(
        required=False,
        label=_("Month"),
        help_text=_("For the registers of a period, such as the request ledger."),
        widget=forms.DateInput(attrs={"type": "month"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.registers = {
            f"{label}:{register.slug}": (label, register)
            for label, register in registers_of_apps()
            if user.has_perm(register.permission)
        }
        self.fields["register"].choices = [(key, register.title) for key, (_label, register) in self.registers.items()]
        readers = Audience.REGISTER_READERS
        self.fields["community"].queryset = Community.objects.choices_for(user, readers).order_by("code")
        if "grid" in long_area_lists(user, readers):
            del self.fields["grid"]  # too many to choose from: the community narrows
        else:
            self.fields["grid"].queryset = Grid.objects.choices_for(user, readers).select_related("community")

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        if not text:
            return None
        year, _dash, month = text.partition("-")
        try:
            first = datetime.date(int(year), int(month), 1)
        except (ValueError, OverflowError):
            raise forms.ValidationError(_("Give the month as 2026-11.")) from None
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])

    def export_query(self) -> dict:
        """The chosen register's list filters for the area and month chosen."""
        _label, register = self.registers[self.cleaned_data["register"]]
        query = {}
        for name, param in register.params.items():
            value = self.cleaned_data.get(name)
            if not value:
                continue
            if name == "month":
                query[param[0]], query[param[1]] = (day.isoformat() for day in value)
            else:
                query[param] = value.pk
        return query
