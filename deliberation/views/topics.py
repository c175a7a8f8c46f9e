"""Topics: the list, the disputes and their settlement rate, a topic's page with its whole chain,
raising one (from a request's page too), editing it and its steps."""

import datetime

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from common.forms import query_id
from common.views import ActionView, FilteredListView
from partybuilding.models import Member
from residents.models import Resident
from services.choices import OPEN_STATUSES, Channel
from services.models import ServiceRequest

from .. import actions
from ..figures import disputes_by_community, rate
from ..filters import TopicFilter
from ..forms import StepForm, TopicEditForm, TopicForm
from ..models import PARTICIPANT_GROUPS, Topic
from .chain import topic_chain


class TopicListView(FilteredListView):
    model = Topic
    permission_required = "deliberation.view_topic"
    filterset_class = TopicFilter
    template_name = "deliberation/topic_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "grid", "request")


def _day(value, default):
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


class DisputeView(PermissionRequiredMixin, TemplateView):
    """矛盾纠纷: per community, the disputes handled in a period and how many were settled."""

    permission_required = "deliberation.view_topic"
    template_name = "deliberation/disputes.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        # A period up to today at the latest (a date typed far ahead would overflow the day after it).
        start = min(_day(self.request.GET.get("start"), today.replace(month=1, day=1)), today)
        end = min(max(_day(self.request.GET.get("end"), today), start), today)
        rows = disputes_by_community(Topic.objects.visible_to(self.request.user), start, end)
        handled = sum(row["disputes_handled"] for row in rows)
        settled = sum(row["disputes_settled"] for row in rows)
        return super().get_context_data(
            start=start,
            end=end,
            rows=rows,
            handled=handled,
            settled=settled,
            rate=rate(settled, handled),
            **kwargs,
        )


class TopicDetailView(PermissionRequiredMixin, TemplateView):
    permission_required = "deliberation.view_topic"
    template_name = "deliberation/topic_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        topic = get_object_or_404(
            Topic.objects.visible_to(user).select_related(
                "community", "grid", "request__item", "resident", "member", "raised_by"
            ),
            pk=pk,
        )
        runs = user.has_perm("deliberation.change_topic") and Topic.objects.editable_by(user).filter(pk=pk).exists()
        # Who raised it, named only to those who may read the register's or the party roll's row: the desk
        # reads no party roll, a party secretary no register.
        resident = topic.resident if Resident.objects.visible_to(user).filter(pk=topic.resident_id).exists() else None
        member = topic.member if Member.objects.visible_to(user).filter(pk=topic.member_id).exists() else None
        meetings, chain = topic_chain(topic)
        request_open = topic.request_id and topic.request.status in OPEN_STATUSES
        return super().get_context_data(
            topic=topic,
            resident=resident,
            member=member,
            chain=chain,
            meetings=meetings,
            runs=runs and not topic.is_closed,
            steps=[step for step, (sources, _target) in actions.STEPS.items() if topic.status in sources],
            open_tasks=sum(1 for meeting in meetings for task in meeting.all_tasks if task.status == "open"),
            resolve_request=topic.status == Topic.Status.DONE and request_open,
            groups=PARTICIPANT_GROUPS,
            **kwargs,
        )


class TopicCreateView(ActionView):
    """Raise a topic; `?request=` (from the request's page) fills it in from the request."""

    permission_required = "deliberation.add_topic"
    form_class = TopicForm
    title = gettext_lazy("Raise a deliberation topic")
    success_message = gettext_lazy("Topic raised.")

    def get_cancel_url(self):
        source = self.source_request
        return source.get_absolute_url() if source else reverse("deliberation:topic-list")

    @cached_property
    def source_request(self):
        """The request the topic is raised from (`?request=`), if any; 404 for one the user cannot see."""
        pk = query_id(self.request.GET.get("request"))
        if pk is None:
            return None
        source = ServiceRequest.objects.visible_to(self.request.user).select_related("item").filter(pk=pk).first()
        if source is None:
            raise Http404
        return source

    def get_initial(self):
        source = self.source_request
        if source is None:
            return {"source": Topic.Source.COMMUNITY}
        grid_report = source.channel == Channel.GRID_REPORT
        return {
            "request": source.pk,
            "resident": source.resident_id,
            "community": source.community_id,
            "grid": source.grid_id,
            "title": f"{source.item.name}{' · ' + source.location if source.location else ''}"[:100],
            "description": source.description,
            "source": Topic.Source.GRID_REPORT if grid_report else Topic.Source.REQUEST,
            "is_dispute": source.item.is_dispute,
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        if source := self.source_request:
            kwargs.setdefault(
                "intro", _("From request %(number)s: %(item)s.") % {"number": source.number, "item": source.item.name}
            )
        return super().get_context_data(**kwargs)

    def perform(self, form):
        return actions.topic_raise(user=self.request.user, topic=form.save(commit=False))


class TopicUpdateView(ActionView):
    model = Topic
    permission_required = "deliberation.change_topic"
    form_class = TopicEditForm
    title = gettext_lazy("Edit: %(name)s")
    success_message = gettext_lazy("Changes saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "user": self.request.user}

    def perform(self, form):
        return actions.topic_update(
            user=self.request.user, topic=form.save(commit=False), version=form.cleaned_data.get("version")
        )


STEP_TEXTS = {
    "schedule": (gettext_lazy("Schedule a meeting"), gettext_lazy("The topic is put on a meeting's agenda.")),
    "done": (
        gettext_lazy("Mark the topic done"),
        gettext_lazy("Every follow-up task is done: the topic is closed as done."),
    ),
    "drop": (gettext_lazy("Drop the topic"), gettext_lazy("The topic is closed without a decision carried out.")),
}


class TopicStepView(ActionView):
    """One step of a topic (schedule, done, drop), with the fields it asks for."""

    model = Topic
    permission_required = "deliberation.change_topic"
    form_class = StepForm

    def get_object(self):
        if self.kwargs["action"] not in actions.STEPS:
            raise Http404
        return super().get_object()

    def get_title(self):
        return f"{STEP_TEXTS[self.kwargs['action']][0]}: {self.object.title}"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("intro", STEP_TEXTS[self.kwargs["action"]][1])
        return super().get_context_data(**kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "action": self.kwargs["action"], "topic": self.object}

    def perform(self, form):
        return actions.topic_transition(
            user=self.request.user,
            topic=self.object,
            action=self.kwargs["action"],
            version=form.cleaned_data.get("version"),
            **self.action_fields(form),
        )

    def get_success_message(self, form):
        if self.kwargs["action"] == "done" and self.result.request_id:
            return _("Topic done. It came from request %(number)s: you can now resolve the request on its page.") % {
                "number": self.result.request.number
            }
        return _("%(step)s: done.") % {"step": STEP_TEXTS[self.kwargs["action"]][0]}
