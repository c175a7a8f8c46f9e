import datetime

import pytest

from services.calendar import add_working_days, load_year
from services.models import CalendarDay, CalendarYear

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Spring Festival 2026: 15–23 February off; Saturday 14 February and Saturday 28 February worked.
        (D(2026, 2, 12), 1, D(2026, 2, 13)),
        (D(2026, 2, 12), 2, D(2026, 2, 14)),  # the make-up Saturday counts
        (D(2026, 2, 12), 3, D(2026, 2, 24)),  # the nine days off do not
        (D(2026, 2, 26), 2, D(2026, 2, 28)),  # the second make-up Saturday
        # National Day 2026: 1–7 October off; Sunday 20 September and Saturday 10 October worked.
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        (D(2026, 9, 29), 2, D(2026, 10, 8)),
        (D(2026, 10, 8), 2, D(2026, 10, 10)),
        # an ordinary week
        (D(2026, 11, 20), 1, D(2026, 11, 23)),
    ],
)
def test_due_dates_count_chinese_working_days(db, start, days, due):
    assert add_working_days(start, days) == (due, False)


def test_a_year_without_an_entered_schedule_counts_weekends_only_and_says_so(db):
    assert not CalendarYear.objects.filter(year=2027).exists()

    due, provisional = add_working_days(D(2026, 12, 28), 5)

    assert due == D(2027, 1, 4)  # New Year's Day 2027 counted as a working day for now
    assert provisional


def test_entering_a_schedule_in_the_admin_moves_the_due_date(db):
    CalendarYear.objects.create(year=2027, published=True)
    CalendarDay.objects.create(date=D(2027, 1, 1), is_working_day=False, name="元旦")

    assert add_working_days(D(2026, 12, 28), 5) == (D(2027, 1, 5), False)


def test_load_year_refuses_a_year_the_package_does_not_know(db):
    assert load_year(2099) is False
    assert not CalendarYear.objects.filter(year=2099).exists()


def test_the_shipped_calendar_covers_the_years_of_the_package(db):
    assert CalendarYear.objects.filter(year=2026, published=True).exists()
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆节"
