import uuid

import pytest

from services import actions
from services.models import Department, ServiceItem, ServiceRequest


@pytest.fixture
def committee(demo):
    """多福巷社区居委会: the department the demo liaison `dept` answers for."""
    return Department.objects.get(name="多福巷社区居委会")


@pytest.fixture
def new_request(demo, register):
    """Log a request the way the window does; returns the saved request."""

    def make(item="居住证明", resident="zhang", user="window", **fields):
        service_request = ServiceRequest(
            item=ServiceItem.objects.get(name=item),
            resident=register[resident] if resident else None,
            community=(register[resident].dwelling.grid.community if resident else fields.pop("community")),
            submission_key=uuid.uuid4(),
            **fields,
        )
        created, _ = actions.request_create(user=demo[user], service_request=service_request)
        return created

    return make
