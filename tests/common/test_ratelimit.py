from django.http import HttpResponse
from django.test import RequestFactory

from common.models import RateLimitCounter
from common.ratelimit import hit, limit_per_ip


def test_attempts_within_the_limit_pass_and_the_next_is_refused(db):
    results = [hit("lookup:10.0.0.1", limit=3, period=60) for _ in range(4)]

    assert results == [True, True, True, False]


def test_counters_are_per_key_and_store_no_raw_key(db):
    hit("lookup:10.0.0.1", limit=1, period=60)

    assert hit("lookup:10.0.0.2", limit=1, period=60)
    assert not RateLimitCounter.objects.filter(key__contains="10.0.0").exists()


def test_the_decorator_answers_429_past_the_limit_and_ignores_gets(db):
    view = limit_per_ip("test", limit=2, period=60)(lambda request: HttpResponse("ok"))
    factory = RequestFactory()

    posts = [view(factory.post("/", REMOTE_ADDR="10.0.0.9")).status_code for _ in range(3)]
    get = view(factory.get("/", REMOTE_ADDR="10.0.0.9")).status_code

    assert posts == [200, 200, 429]
    assert get == 200
