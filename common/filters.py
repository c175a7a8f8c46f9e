"""Filters shared by the apps' FilterSets."""

import datetime

import django_filters
from django import forms
from django.utils import timezone


class LocalDayFilter(django_filters.DateFilter):
    """A date bound on a timestamp column, as the timestamp range of Beijing days: "from" a day is from
    its midnight, "to" a day is before the next midnight. `received_at__date__gte` would compare each
    row's time-zone-converted date, which no index serves; a range of timestamps uses the column's
    index, at any size."""

    def __init__(self, *, bound: str, **kwargs):
        if bound not in ("from", "to"):
            raise ValueError(bound)
        self.bound = bound
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        midnight = timezone.make_aware(datetime.datetime.combine(value, datetime.time()))
        if self.bound == "from":
            return qs.filter(**{f"{self.field_name}__gte": midnight})
        return qs.filter(**{f"{self.field_name}__lt": midnight + datetime.timedelta(days=1)})
