"""A topic's whole chain in time order: its steps (TopicStep), the meetings held, the decision each
took, and the follow-up tasks as they were set and done. Four queries, whatever the topic holds."""

from django.db.models import Prefetch

from ..models import Decision, Meeting, Task


def topic_chain(topic):
    """(the meetings with their decision and tasks, the chain: dicts of `at`, `kind` and `item`)."""
    tasks = Prefetch("decision__tasks", queryset=Task.objects.select_related("department", "done_by"))
    meetings = list(
        Meeting.objects.filter(topic=topic)
        .select_related("decision__recorded_by", "recorded_by")
        .prefetch_related(tasks)
        .order_by("held_at", "pk")
    )
    chain = [{"at": step.at, "kind": "step", "item": step} for step in topic.steps.select_related("actor")]
    for meeting in meetings:
        meeting.all_tasks, meeting.has_decision = [], False
        chain.append({"at": meeting.held_at, "kind": "meeting", "item": meeting})
        try:
            decision = meeting.decision
        except Decision.DoesNotExist:
            continue
        meeting.all_tasks, meeting.has_decision = list(decision.tasks.all()), True
        chain.append({"at": decision.recorded_at, "kind": "decision", "item": decision})
        chain.extend(
            {"at": task.done_at, "kind": "task_done", "item": task} for task in meeting.all_tasks if task.done_at
        )
    chain.sort(key=lambda entry: entry["at"])
    return meetings, chain
