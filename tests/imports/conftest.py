import pytest

from tests.partybuilding.conftest import party  # noqa: F401 - the party organisations fixture


@pytest.fixture
def admin_client(client, demo, register):
    """The community admin of community 1 (the register fixture's), logged in."""
    client.force_login(demo["community_admin"])
    return client
