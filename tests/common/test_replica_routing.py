"""Which connection a page reads from (common/replicas.py): a replica alias on the test database itself
(another connection, so the test's rows are committed: transactional tests). The replica's own checks,
against a real streaming replica, are in test_replicas.py."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import replicas
from grids.models import Community


def _alias(name, settings_dict):
    connections.settings[name] = connections.configure_settings(
        {"default": connections.settings["default"], name: settings_dict}
    )[name]


@pytest.fixture(scope="module")
def _mirror_alias(django_db_setup):
    _alias("replica1", {**connections.settings["default"]})
    yield
    connections["replica1"].close()
    del connections["replica1"]
    del connections.settings["replica1"]


@pytest.fixture
def mirror(_mirror_alias, settings):
    """A replica alias on the test database itself (another connection): which connection a page's
    queries run on, with the test's rows committed (transactional tests)."""
    settings.REPLICA_CHECK_INTERVAL = 0
    replicas.forget_health()
    yield "replica1"
    replicas.forget_health()


@pytest.mark.django_db(transaction=True, databases=["default", "replica1"])
def test_a_dashboard_reads_from_the_replica_and_a_writer_reads_from_the_primary(client, demo, mirror):
    client.force_login(demo["official"])
    community = Community.objects.get(code="110101001001")
    dashboard = reverse("dashboards:area", args=["community", community.pk])

    with CaptureQueriesContext(connections[mirror]) as on_replica:
        assert client.get(dashboard).status_code == 200
    read = len(on_replica)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})  # a write
    with CaptureQueriesContext(connections[mirror]) as after_writing:
        assert client.get(dashboard).status_code == 200

    assert read > 5
    assert len(after_writing) == 0


@pytest.mark.django_db(transaction=True, databases=["default", "replica1"])
def test_an_officials_list_reads_from_the_replica_and_a_clerks_from_the_primary(client, demo, mirror):
    lists = reverse("residents:resident-list")

    client.force_login(demo["official"])
    with CaptureQueriesContext(connections[mirror]) as official:
        assert client.get(lists).status_code == 200
    client.force_login(demo["grid_a"])
    with CaptureQueriesContext(connections[mirror]) as grid_worker:
        assert client.get(lists).status_code == 200

    assert len(official) > 0
    assert len(grid_worker) == 0  # keeps the register: reads what they write
