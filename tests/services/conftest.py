from tests.services.test_views import requests_  # noqa: F401 - the requests fixture
