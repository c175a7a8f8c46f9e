from tests.partybuilding.conftest import party  # noqa: F401 - the party organisations fixture
