"""The work on a topic: its meetings, the decision of each, the follow-up tasks and their completion."""

from django.utils.translation import gettext_lazy as _

from common.views import ActionView

from .. import actions
from ..forms import DecisionForm, MeetingForm, TaskDoneForm, TaskForm
from ..models import Decision, Meeting, Task, Topic


class TopicPartView(ActionView):
    """A page that adds to a topic or changes one of its parts: back to the topic's page."""

    checks_version = False  # adds to the topic; the part's own edits check theirs

    def topic(self):
        return self.object if isinstance(self.object, Topic) else self.object.topic

    def get_cancel_url(self):
        return self.topic().get_absolute_url()

    def get_success_url(self):
        return self.topic().get_absolute_url()


class MeetingCreateView(TopicPartView):
    model = Topic
    permission_required = "deliberation.add_meeting"
    form_class = MeetingForm
    template_name = "deliberation/meeting_form.html"
    title = _("Record a meeting: %(name)s")
    intro = _("Who came, by group (a count, and names if you like), how many joined by video, and the minutes.")
    success_message = _("Meeting recorded.")

    def get_queryset(self):
        return super().get_queryset().open()

    def perform(self, form):
        meeting = form.save(commit=False)
        meeting.topic = self.object
        return actions.meeting_record(user=self.request.user, meeting=meeting)


class MeetingUpdateView(TopicPartView):
    model = Meeting
    permission_required = "deliberation.change_meeting"
    form_class = MeetingForm
    template_name = "deliberation/meeting_form.html"
    checks_version = True
    title = _("Edit the meeting: %(name)s")
    success_message = _("Changes saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return actions.meeting_update(
            user=self.request.user, meeting=form.save(commit=False), version=form.cleaned_data.get("version")
        )


class DecisionCreateView(TopicPartView):
    model = Meeting
    permission_required = "deliberation.add_decision"
    form_class = DecisionForm
    title = _("Record the decision of the meeting: %(name)s")
    intro = _("What the meeting decided. Add the follow-up tasks on the topic's page next.")
    success_message = _("Decision recorded.")

    def get_queryset(self):
        return super().get_queryset().filter(decision__isnull=True).exclude(topic__status__in=Topic.CLOSED)

    def perform(self, form):
        return actions.decision_record(user=self.request.user, meeting=self.object, text=form.cleaned_data["text"])


class DecisionUpdateView(TopicPartView):
    model = Decision
    permission_required = "deliberation.change_decision"
    form_class = DecisionForm
    checks_version = True
    title = _("Edit the decision")
    success_message = _("Changes saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return actions.decision_update(
            user=self.request.user, decision=form.save(commit=False), version=form.cleaned_data.get("version")
        )


class TaskCreateView(TopicPartView):
    model = Decision
    permission_required = "deliberation.add_task"
    form_class = TaskForm
    title = _("Add a follow-up task")
    intro = _("Who does what, by when.")
    success_message = _("Task added.")

    def get_queryset(self):
        return super().get_queryset().exclude(topic__status__in=Topic.CLOSED).select_related("topic__community")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "topic": self.object.topic}

    def perform(self, form):
        return actions.task_add(user=self.request.user, decision=self.object, task=form.save(commit=False))


class TaskDoneView(TopicPartView):
    model = Task
    permission_required = "deliberation.change_task"
    form_class = TaskDoneForm
    checks_version = True
    title = _("Mark the task done: %(name)s")
    success_message = _("Task done.")

    def get_queryset(self):
        return super().get_queryset().filter(status=Task.Status.OPEN)

    def perform(self, form):
        return actions.task_done(
            user=self.request.user,
            task=self.object,
            version=form.cleaned_data.get("version"),
            **self.action_fields(form),
        )
