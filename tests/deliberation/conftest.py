import pytest
from django.utils import timezone

from deliberation import actions
from deliberation.models import Meeting, Task, Topic
from grids.models import Community


@pytest.fixture
def raise_topic(demo, register):
    """Raise a topic the way the desk does: in 多福巷社区 (grid 1) by `window` unless told otherwise."""

    def make(title="楼道堆物", user="window", community="110101001001", **fields):
        community = Community.objects.get(code=community)
        fields.setdefault("grid", community.grids.order_by("number").first())
        topic = Topic(title=title, community=community, **fields)
        return actions.topic_raise(user=demo[user], topic=topic)

    return make


@pytest.fixture
def topics(raise_topic, register):
    """Topics of 多福巷社区: of grid 1 (grid_a's), of grid 2 (grid_b's) and of the whole community; and one
    in another street (景山东街社区)."""
    return {
        "near": raise_topic(),
        "grid_2": raise_topic(title="停车难", grid=register["grid_2"]),
        "whole": raise_topic(title="加装电梯", grid=None),
        "far": raise_topic(title="广场舞噪音", user="admin", community="110101002001"),
    }


@pytest.fixture
def decided(demo, topics):
    """The near topic with a doorstep meeting, its decision and one open task."""
    topic = topics["near"]
    meeting = actions.meeting_record(
        user=demo["window"],
        meeting=Meeting(topic=topic, kind="doorstep", place="1号楼楼下", held_at=timezone.now(), residents=8, remote=2),
    )
    decision = actions.decision_record(user=demo["window"], meeting=meeting, text="三日内清理楼道堆物")
    task = actions.task_add(user=demo["window"], decision=decision, task=Task(what="清理楼道", assignee="物业公司"))
    topic.refresh_from_db()
    return {"topic": topic, "meeting": meeting, "decision": decision, "task": task}
