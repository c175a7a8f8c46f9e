"""Working days: Chinese public holidays and make-up working days (调休) from the calendar tables.

A year whose schedule is not entered yet (the State Council publishes it around November) counts
weekends only, and the result says that it is provisional, so a request logged in late December
still gets a due date.
"""

import datetime

from .models import CalendarDay, CalendarYear

# The longest run of days off in the Chinese calendar is 9 (Spring Festival 2026); this margin
# covers any time limit of the catalogue.
_MARGIN = datetime.timedelta(days=60)


class WorkingCalendar:
    """The calendar between two dates, read with two queries, for computing many due dates."""

    def __init__(self, first: datetime.date, last: datetime.date):
        self.first, self.last = first, last
        self.exceptions = dict(
            CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "is_working_day")
        )
        self.entered = set(
            CalendarYear.objects.filter(year__range=(first.year, last.year), published=True).values_list(
                "year", flat=True
            )
        )

    def is_working_day(self, day: datetime.date) -> bool:
        return self.exceptions.get(day, day.weekday() < 5)

    def add(self, start: datetime.date, days: int) -> tuple[datetime.date, bool]:
        """The `days`-th working day after `start`, and whether an unentered year made it provisional."""
        day, counted, provisional = start, 0, False
        while counted < days:
            day += datetime.timedelta(days=1)
            if day > self.last:
                raise ValueError("date outside the loaded calendar")
            provisional = provisional or day.year not in self.entered
            counted += self.is_working_day(day)
        return day, provisional

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end`."""
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            count += self.is_working_day(day)
        return count


def add_working_days(start: datetime.date, days: int) -> tuple[datetime.date, bool]:
    return WorkingCalendar(start, start + datetime.timedelta(days=days * 2) + _MARGIN).add(start, days)


def load_year(year: int) -> bool:
    """Enter `year` from the chinesecalendar package; False when the package does not know it yet."""
    import chinese_calendar

    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    try:
        chinese_calendar.is_workday(last)
    except NotImplementedError:
        return False
    days, day = [], first
    while day <= last:
        working = chinese_calendar.is_workday(day)
        if working != (day.weekday() < 5):
            name = chinese_calendar.get_holiday_detail(day)[1] or ""
            days.append(CalendarDay(date=day, is_working_day=working, name=HOLIDAY_NAMES.get(name, name)))
        day += datetime.timedelta(days=1)
    CalendarDay.objects.bulk_create(days, ignore_conflicts=True)
    CalendarYear.objects.update_or_create(year=year, defaults={"published": True})
    return True


HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
