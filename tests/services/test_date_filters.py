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

    assert "request_received_community" in plan
    assert "AT TIME ZONE" not in str(rows.query)


def test_a_period_pages_by_its_date_newest_first_the_number_breaking_ties(client, demo, new_request):
    day = datetime.date(2026, 11, 10)
    late, early = new_request(received_at=at(day, 11)), new_request(received_at=at(day, 8))  # entered late
    tied = [new_request(received_at=at(day, 9)) for _ in range(3)]
    client.force_login(demo["window"])
    url = reverse("services:request-list")
    query = {"received_from": day, "received_to": day}

    first = client.get(url, query)
    after = client.get(url, {**query, "after": tied[1].pk})
    before = client.get(url, {**query, "before": tied[1].pk})

    newest_first = [late, tied[2], tied[1], tied[0], early]
    assert [row.pk for row in first.context["page"]] == [row.pk for row in newest_first]
    assert [row.pk for row in after.context["page"]] == [tied[0].pk, early.pk]
    assert [row.pk for row in before.context["page"]] == [late.pk, tied[2].pk]


def test_a_periods_page_walks_the_dates_index_from_the_periods_end(rf, demo):
    """An old month of a district: the page is read from the index in date order and stops after a page,
    neither walking every newer request nor reading and sorting the whole month."""
    from common.paging import PAGE_SIZE

    request = rf.get("/", {"received_from": "2024-01-01", "received_to": "2024-01-31"})
    request.user = demo["admin"]
    rows = RequestFilter(request.GET, queryset=ServiceRequest.objects.all(), request=request).qs
    page = rows.order_by("-received_at", "-pk")[: PAGE_SIZE + 1]

    with connection.cursor() as cursor:
        # As at district size, where reading the month to sort it costs more than walking the index
        # (a test's few rows make any plan cheap).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = page.explain()

    assert "Index Scan Backward using request_received_community" in plan
    assert "Presorted Key: received_at" in plan  # only ties of one instant are sorted, by number
