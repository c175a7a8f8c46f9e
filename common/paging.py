"""Paging for tables of millions of rows: keyset pages (no OFFSET) and counts that stop early."""

from dataclasses import dataclass

from django.db.models import F, QuerySet

# Rows on one page of every list.
PAGE_SIZE = 50


@dataclass
class KeysetPage:
    object_list: list
    after: int | None  # the key to ask for the next page with, or None on the last page
    before: int | None  # the key to ask for the previous page with, or None on the first page
    whole: bool = False  # the page holds every row of the list (the first page, and no next one)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def keyset_page(queryset: QuerySet, params, size: int = PAGE_SIZE, *, few: bool = False) -> KeysetPage:
    """The page of `queryset` (ordered by descending primary key, newest first) after or before
    the key in `params` ("after" / "before"). Reading page 1,000 costs what reading page 1 does.

    `few`: the filters select few rows by another index (a month of requests). PostgreSQL would
    otherwise walk the primary key backwards from the newest row, skipping millions of rows to reach
    an old month; ordering by `pk + 0`, which no index serves, makes it read the month by its own
    index and sort those rows instead."""
    after, before = _key(params, "after"), _key(params, "before")
    key = F("pk") + 0 if few else F("pk")
    if before is not None:
        rows = list(queryset.filter(pk__gt=before).order_by(key.asc())[: size + 1])
        has_more_before = len(rows) > size
        rows = rows[:size][::-1]
        return KeysetPage(rows, after=rows[-1].pk if rows else None, before=rows[0].pk if has_more_before else None)
    if after is not None:
        queryset = queryset.filter(pk__lt=after)
    rows = list(queryset.order_by(key.desc())[: size + 1])
    has_more_after = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        rows,
        after=rows[-1].pk if has_more_after else None,
        before=rows[0].pk if after is not None and rows else None,
        whole=after is None and not has_more_after,
    )


def _key(params, name):
    try:
        return int(params.get(name, ""))
    except ValueError:
        return None


def capped_count(queryset: QuerySet, cap: int = 1000, page: KeysetPage | None = None) -> tuple[int, bool]:
    """How many rows, counted no further than `cap`: (count, whether there are more).

    When `page` (of the same queryset) holds every row, its length is the count, without a query:
    a lookup at the window usually finds a handful of residents."""
    if page is not None and page.whole:
        return min(len(page), cap), len(page) > cap
    count = queryset.order_by()[: cap + 1].count()
    return min(count, cap), count > cap
