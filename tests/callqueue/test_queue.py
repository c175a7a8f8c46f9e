"""排队叫号: numbers per line and day, two clerks calling at once, the hall's screen, scope."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from callqueue import actions
from callqueue.models import QueueLine, Ticket
from grids.models import Community

DUOFU = "110101001001"


@pytest.fixture
def lines(demo):
    hall = Community.objects.get(code=DUOFU)
    return [
        QueueLine.objects.create(community=hall, letter="A", name="社会保障"),
        QueueLine.objects.create(community=hall, letter="B", name="民政救助"),
    ]


def test_numbers_run_per_line_and_day(lines):
    first, second = actions.ticket_issue(line=lines[0]), actions.ticket_issue(line=lines[0])
    other = actions.ticket_issue(line=lines[1])

    assert [first.code, second.code, other.code] == ["A001", "A002", "B001"]


def test_the_next_call_takes_the_oldest_waiting_ticket_and_finishes_the_clerks_last(demo, lines):
    hall = lines[0].community
    a1, b1 = actions.ticket_issue(line=lines[0]), actions.ticket_issue(line=lines[1])

    called = actions.ticket_call_next(user=demo["window"], community=hall, window="1号窗口")
    then = actions.ticket_call_next(user=demo["window"], community=hall, window="1号窗口")
    none = actions.ticket_call_next(user=demo["window"], community=hall, window="1号窗口")

    a1.refresh_from_db()
    assert (called.pk, then.pk, none) == (a1.pk, b1.pk, None)
    assert a1.status == "done"
    assert a1.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_two_clerks_calling_at_the_same_moment_get_two_different_tickets(demo, lines):
    hall = lines[0].community
    for _ in range(2):
        actions.ticket_issue(line=lines[0])
    both_locked = threading.Barrier(2)
    got, errors = {}, []

    def clerk(name):
        try:
            from django.db import transaction

            with transaction.atomic():
                # Both clerks' transactions are open before either calls: the calls truly overlap.
                both_locked.wait(timeout=10)
                got[name] = actions.ticket_call_next(user=demo[name], community=hall, window=name)
                both_locked.wait(timeout=10)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk, args=(name,)) for name in ("window", "community_admin")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert got["window"] is not None
    assert got["community_admin"] is not None
    assert got["window"].pk != got["community_admin"].pk
    assert Ticket.objects.filter(status="called").count() == 2


def test_the_desk_issues_calls_and_closes_with_the_request_it_became(client, demo, lines, new_request):
    client.force_login(demo["window"])
    desk = reverse("callqueue:desk")

    def post(url, data=None):
        return client.post(url, data or {}, follow=True)

    post(reverse("callqueue:issue", args=[lines[0].pk]))
    post(reverse("callqueue:call") + f"?community={lines[0].community_id}", {"window": "3号窗口"})
    page = client.get(desk)
    serving = page.context["serving"]
    made = new_request()
    post(
        reverse("callqueue:close", args=[serving.pk]),
        {"request": made.pk, "version": page.context["close_form"].initial["version"]},
    )

    serving.refresh_from_db()
    assert (serving.code, serving.window, serving.status, serving.request) == ("A001", "3号窗口", "done", made)


def test_the_screen_shows_the_latest_call_and_refreshes_itself(client, demo, lines):
    hall = lines[0].community
    actions.ticket_issue(line=lines[0])
    actions.ticket_call_next(user=demo["window"], community=hall, window="2号窗口")
    client.force_login(demo["window"])

    page = client.get(reverse("callqueue:display", args=[hall.pk]))
    board = client.get(reverse("callqueue:display", args=[hall.pk]), headers={"HX-Request": "true"})

    assert 'hx-trigger="every 3s"' in page.content.decode()
    assert "A001" in board.content.decode()
    assert "2号窗口" in board.content.decode()
    assert "<html" not in board.content.decode()


@pytest.mark.parametrize(("username", "status"), [("window", 200), ("street_official", 403), ("grid_a", 403)])
def test_a_hall_is_for_its_own_desk(client, demo, lines, username, status):
    client.force_login(demo[username])
    other = Community.objects.exclude(code=DUOFU).first()

    answer = client.get(reverse("callqueue:display", args=[lines[0].community_id]))
    elsewhere = client.get(reverse("callqueue:display", args=[other.pk]))

    assert answer.status_code == status
    assert elsewhere.status_code == (404 if status == 200 else 403)


def test_the_community_dashboard_shows_waiting_and_service_times_per_window_and_day(client, demo, lines):
    hall = lines[0].community
    actions.ticket_issue(line=lines[0])
    called = actions.ticket_call_next(user=demo["window"], community=hall, window="1号窗口")
    actions.ticket_close(ticket=called)
    client.force_login(demo["official"])

    page = client.get(reverse("dashboards:area", args=["community", hall.pk]))

    (row,) = page.context["queue"]
    assert (row["window"], row["tickets"]) == ("1号窗口", 1)
    assert row["wait_minutes"] is not None
    assert 'data-testid="queue-times"' in page.content.decode()


def test_a_line_or_ticket_of_another_hall_answers_404(client, demo, lines):
    other = Community.objects.exclude(code=DUOFU).first()
    foreign = QueueLine.objects.create(community=other, letter="A", name="社会保障")
    ticket = actions.ticket_issue(line=foreign)
    client.force_login(demo["window"])

    issued = client.post(reverse("callqueue:issue", args=[foreign.pk]))
    closed = client.post(reverse("callqueue:close", args=[ticket.pk]))

    assert (issued.status_code, closed.status_code) == (404, 404)
    assert Ticket.objects.filter(line=foreign).count() == 1


def test_the_desk_reads_a_bounded_number_of_queries(client, demo, lines, django_assert_max_num_queries):
    for _ in range(20):
        actions.ticket_issue(line=lines[0])
    actions.ticket_call_next(user=demo["window"], community=lines[0].community, window="1号窗口")
    client.force_login(demo["window"])

    with django_assert_max_num_queries(14):
        page = client.get(reverse("callqueue:desk"))
    assert page.context["serving"].code == "A001"
