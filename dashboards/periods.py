"""Dashboard periods: whole months, so that every figure comes straight from the monthly rollups."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PRESETS = {
    "this_month": _("This month"),
    "last_month": _("Last month"),
    "this_quarter": _("This quarter"),
    "this_year": _("This year"),
    "last_12_months": _("Last 12 months"),
    "custom": _("Months from … to …"),
}
DEFAULT = "last_12_months"
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    key: str
    first: datetime.date  # first month
    last: datetime.date  # last month (inclusive)

    @property
    def months(self) -> list[datetime.date]:
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return [add_months(self.first, n) for n in range(count)]

    @property
    def is_running(self) -> bool:
        """Whether the period holds the month now under way, whose figures are only those so far."""
        return self.last >= timezone.localdate().replace(day=1)

    def previous(self) -> "Period":
        length = len(self.months)
        return Period(self.key, add_months(self.first, -length), add_months(self.first, -1))

    @property
    def start_date(self) -> datetime.date:
        return self.first

    @property
    def end_date(self) -> datetime.date:
        return self.last.replace(day=calendar.monthrange(self.last.year, self.last.month)[1])

    @property
    def label(self):
        if self.first == self.last:
            return f"{self.first:%Y-%m}"
        return f"{self.first:%Y-%m} – {self.last:%Y-%m}"

    def query(self) -> dict:
        params = {"period": self.key}
        if self.key == "custom":
            params.update({"from": f"{self.first:%Y-%m}", "to": f"{self.last:%Y-%m}"})
        return params


def parse(params, today=None) -> Period:
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    key = params.get("period", DEFAULT)
    if key == "this_month":
        return Period(key, this_month, this_month)
    if key == "last_month":
        last = add_months(this_month, -1)
        return Period(key, last, last)
    if key == "this_quarter":
        return Period(key, this_month.replace(month=(this_month.month - 1) // 3 * 3 + 1), this_month)
    if key == "this_year":
        return Period(key, this_month.replace(month=1), this_month)
    if key == "custom":
        first, last = parse_month(params.get("from")), parse_month(params.get("to"))
        if first and last and first <= last <= this_month and len(Period(key, first, last).months) <= 60:
            return Period(key, first, last)
    return Period(DEFAULT, add_months(this_month, -11), this_month)


def parse_month(value):
    match = MONTH.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    return datetime.date(year, month, 1) if 2000 <= year <= 2100 and 1 <= month <= 12 else None
