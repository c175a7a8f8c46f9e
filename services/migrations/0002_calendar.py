"""Enter the official holiday schedules that the chinesecalendar package knows (2004 onwards).

Later years are entered in the admin when the State Council publishes them (or by
`manage.py load_holidays YEAR` once the package knows the year)."""

import datetime

from django.db import migrations


def load(apps, schema_editor):
    import chinese_calendar

    CalendarYear = apps.get_model("services", "CalendarYear")
    CalendarDay = apps.get_model("services", "CalendarDay")
    names = {
        "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
        "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
        "Anti-Fascist 70th Day": "抗战胜利纪念日",
    }
    year = 2004
    while True:
        try:
            chinese_calendar.is_workday(datetime.date(year, 12, 31))
        except NotImplementedError:
            break
        day = datetime.date(year, 1, 1)
        rows = []
        while day.year == year:
            working = chinese_calendar.is_workday(day)
            if working != (day.weekday() < 5):
                name = chinese_calendar.get_holiday_detail(day)[1] or ""
                rows.append(CalendarDay(date=day, is_working_day=working, name=names.get(name, name)))
            day += datetime.timedelta(days=1)
        CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
        CalendarYear.objects.get_or_create(year=year, defaults={"published": True})
        year += 1


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
