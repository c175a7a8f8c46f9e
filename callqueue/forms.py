import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.models import ServiceRequest


def start_of_today():
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))


class CallForm(forms.Form):
    window = forms.CharField(
        label=_("Window"), max_length=20, help_text=_("As the hall's screen calls it, e.g. Window 3.")
    )


class CloseForm(forms.Form):
    missed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    request = forms.ModelChoiceField(
        queryset=ServiceRequest.objects.none(), required=False, label=_("The request it became")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The requests the clerk received today: the one just logged for this resident is among them.
        self.fields["request"].queryset = (
            ServiceRequest.objects.visible_to(user)
            .filter(received_by=user, received_at__gte=start_of_today())
            .select_related("item")
            .order_by("-pk")
        )
