from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Community, Grid
from partybuilding.models import Member
from residents.forms import DateInput
from residents.models import Resident
from services.models import Department, ServiceRequest

from .models import Decision, Meeting, Task, Topic, raising_communities


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


def raising_grids(user):
    """The grids a topic may be raised for: those of the user's desk and those they walk."""
    if user.is_superuser:
        return Grid.objects.all()
    return Grid.objects.filter(
        Q(community__in=Community.objects.desk_of(user).values("pk")) | Q(pk__in=Grid.objects.walked_by(user))
    )


class TopicForm(forms.ModelForm):
    """Raise a topic; from a request's page the request (and its resident) come in hidden fields."""

    class Meta:
        model = Topic
        fields = ["community", "grid", "title", "description", "source", "is_dispute", "member", "request", "resident"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "request": forms.HiddenInput,
            "resident": forms.HiddenInput,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = raising_communities(user).order_by("code")
        self.fields["grid"].queryset = raising_grids(user).select_related("community").order_by("community", "number")
        self.fields["grid"].label_from_instance = lambda grid: f"{grid.community.name} {grid.name}"
        self.fields["grid"].help_text = _("Grid workers raise topics of the grids they walk.")
        members = Member.objects.visible_to(user).active().order_by("name")
        if members.exists():
            self.fields["member"].queryset = members
        else:  # the desk may not read the party roll: nothing to choose from
            del self.fields["member"]
        self.fields["request"].queryset = ServiceRequest.objects.visible_to(user)
        self.fields["resident"].queryset = Resident.objects.visible_to(user)
        self.helper = _helper()


class TopicEditForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["title", "description", "grid", "is_dispute"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = Grid.objects.filter(community_id=self.instance.community_id)
        self.helper = _helper()


class StepForm(forms.Form):
    """The fields one step asks for: a note; the reason to drop; a dispute's outcome when done."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("Outcome of the dispute"), choices=Topic.Outcome.choices)

    def __init__(self, *args, action, topic, **kwargs):
        super().__init__(*args, **kwargs)
        if action != "drop":
            del self.fields["reason"]
        else:
            del self.fields["note"]
        if action != "done" or not topic.is_dispute:
            del self.fields["outcome"]
        self.helper = _helper()


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "kind",
            "held_at",
            "place",
            "residents",
            "residents_names",
            "company",
            "company_names",
            "units",
            "units_names",
            "party",
            "party_names",
            "others",
            "others_names",
            "remote",
            "minutes",
        ]
        widgets = {"held_at": DateTimeInput(), "minutes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("held_at", timezone.localtime().replace(second=0, microsecond=0))
        self.helper = _helper()


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["what", "assignee", "department", "due_on"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.serving(topic.community).order_by("name")
        self.fields["department"].help_text = _("Or name who does it above.")
        self.helper = _helper()


class TaskDoneForm(forms.Form):
    on = forms.DateField(label=_("Done on"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("How it was done"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
