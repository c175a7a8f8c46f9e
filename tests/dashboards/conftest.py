import datetime

import pytest
from django.utils import timezone

from dashboards import rollups
from services import actions
from services.choices import Satisfaction
from services.models import ServiceRequest
from tests.partybuilding.conftest import party  # noqa: F401 - the party organisations fixture


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def history(demo, register, committee, new_request, settings):
    """Four requests with known lives, in grid 1 and 2 of 多福巷社区 (hand-computed figures below).

    A: 居住证明 received 2026-09-01 (Tue), due 09-02; resolved 09-02 (on time, 1 working day), closed
       09-04 satisfied. Dispatched 09-01 and accepted.
    B: 高龄津贴 received 2026-09-10, due 2026-09-24 (10 working days); resolved 2026-10-09 (late),
       closed 10-10 dissatisfied.
    C: 矛盾纠纷调解 received 2026-10-12, resolved 10-14 mediated; not called back.
    D: 居住证明 received 2026-10-20, dispatched, not yet answered, still open.

    Re-handling is off here (REHANDLE_LIMIT 0): B closes at its dissatisfied callback.
    """
    settings.REHANDLE_LIMIT = 0
    window, dept = demo["window"], demo["dept"]

    def walk(service_request, steps):
        for moment, action, fields in steps:
            ServiceRequest.objects.filter(pk=service_request.pk).update(received_at=service_request.received_at)
            done = actions.request_transition(
                user=dept if action in ("accept", "resolve_dept") else window,
                service_request=service_request,
                action="resolve" if action == "resolve_dept" else action,
                **fields,
            )
            stamp = {
                "dispatch": "dispatched_at",
                "accept": "responded_at",
                "resolve": "resolved_at",
                "resolve_dept": "resolved_at",
                "callback": "closed_at",
            }.get(action)
            if stamp:
                ServiceRequest.objects.filter(pk=done.pk).update(**{stamp: moment})

    a = new_request(received_at=at(2026, 9, 1))
    walk(
        a,
        [
            (at(2026, 9, 1, 11), "dispatch", {"department": committee}),
            (at(2026, 9, 1, 15), "accept", {}),
            (at(2026, 9, 2), "resolve_dept", {"resolution": "ok"}),
            (at(2026, 9, 4), "callback", {"satisfaction": Satisfaction.SATISFIED}),
        ],
    )
    b = new_request(item="高龄津贴申领", resident="li", received_at=at(2026, 9, 10))
    walk(
        b,
        [
            (at(2026, 9, 10), "start", {}),
            (at(2026, 10, 9), "resolve", {"resolution": "ok"}),
            (at(2026, 10, 10), "callback", {"satisfaction": Satisfaction.DISSATISFIED}),
        ],
    )
    c = new_request(item="矛盾纠纷调解", resident="zhao", received_at=at(2026, 10, 12))
    walk(
        c,
        [
            (at(2026, 10, 12), "start", {}),
            (at(2026, 10, 14), "resolve", {"resolution": "ok", "dispute_outcome": "mediated"}),
        ],
    )
    d = new_request(received_at=at(2026, 10, 20))
    walk(d, [(at(2026, 10, 20, 11), "dispatch", {"department": committee})])
    rollups.rebuild()
    return {"a": a, "b": b, "c": c, "d": d}
