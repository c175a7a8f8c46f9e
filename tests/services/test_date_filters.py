"""Date filters of the request queue: Beijing days, served by the index on the timestamp."""

import datetime

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from services.filters import RequestFilter
from services.models import ServiceRequest


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def test_a_day_runs_from_beijing_midnight_to_the_next(client, demo, new_request):
    day = datetime.date(2026, 11, 10)
    early = new_request(received_at=at(day, 0, 5))  # 16:05 UTC the day before
    late = new_request(received_at=at(day, 23, 55))
    after = new_request(received_at=at(day + datetime.timedelta(days=1), 0, 1))
    client.force_login(demo["window"])

    shown = client.get(reverse("services:request-list"), {"received_from": day, "received_to": day})

    assert {row.pk for row in shown.context["page"]} == {early.pk, late.pk}
    assert after.pk not in {row.pk for row in shown.context["page"]}


def test_a_date_range_is_a_timestamp_range_the_index_serves(rf, demo):
    request = rf.get("/", {"received_from": "2026-01-01", "received_to": "2026-01-31"})
    request.user = demo["admin"]
    rows = RequestFilter(request.GET, queryset=ServiceRequest.objects.all(), request=request).qs

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = rows.explain()

    assert "request_received_at" in plan
    assert "AT TIME ZONE" not in str(rows.query)


def test_a_narrow_range_pages_through_the_same_rows_newest_first(client, demo, new_request):
    day = datetime.date(2026, 11, 10)
    made = [new_request(received_at=at(day, 9, minute)) for minute in range(5)]
    client.force_login(demo["window"])
    url = reverse("services:request-list")
    query = {"received_from": day, "received_to": day}

    first = client.get(url, query)
    view = first.context["view"]

    assert view.selects_few(first.context["filter"])
    assert [row.pk for row in first.context["page"]] == [row.pk for row in made][::-1]
    after = client.get(url, {**query, "after": made[2].pk})
    assert [row.pk for row in after.context["page"]] == [made[1].pk, made[0].pk]
    before = client.get(url, {**query, "before": made[1].pk})
    assert [row.pk for row in before.context["page"]] == [made[4].pk, made[3].pk, made[2].pk]
