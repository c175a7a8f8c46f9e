from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import kinds_for


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = {kind.key: kind for kind in kinds_for(user)}
        self.fields["kind"].choices = [(key, kind.label) for key, kind in self.kinds.items()]
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
