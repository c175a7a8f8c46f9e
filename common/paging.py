"""Paging for tables of millions of rows: keyset pages (no OFFSET) and counts that stop early."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

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


def keyset_page(queryset: QuerySet, params, size: int = PAGE_SIZE, *, by: str | None = None) -> KeysetPage:
    """The page of `queryset` (ordered by descending primary key, newest first) after or before
    the key in `params` ("after" / "before"). Reading page 1,000 costs what reading page 1 does.

    `by`: a field the filters select a range of (a period's requests by their date of receipt). The
    rows are then ordered by it, newest first, the primary key breaking ties, so that PostgreSQL walks
    that field's index from the range's end and stops after a page: ordered by the primary key, it
    would walk millions of newer rows to reach an old month, or read and sort the whole range. The
    keys in the addresses stay primary keys; the field's value of the key's row bounds the next page."""
    after, before = _key(params, "after"), _key(params, "before")
    if by is None:
        return _page(queryset, after, before, size, [F("pk")], _beyond_key)

    def beyond(rows, key, newer):
        value = rows.filter(pk=key).values_list(by, flat=True).first()
        if value is None:
            return rows.none()
        if newer:
            return rows.filter(**{f"{by}__gte": value}).filter(Q(**{f"{by}__gt": value}) | Q(pk__gt=key))
        return rows.filter(**{f"{by}__lte": value}).filter(Q(**{f"{by}__lt": value}) | Q(pk__lt=key))

    return _page(queryset, after, before, size, [F(by), F("pk")], beyond)


def _beyond_key(rows, key, newer):
    return rows.filter(pk__gt=key) if newer else rows.filter(pk__lt=key)


def _page(queryset, after, before, size, keys, beyond) -> KeysetPage:
    if before is not None:
        rows = list(beyond(queryset, before, True).order_by(*(key.asc() for key in keys))[: size + 1])
        has_more_before = len(rows) > size
        rows = rows[:size][::-1]
        return KeysetPage(rows, after=rows[-1].pk if rows else None, before=rows[0].pk if has_more_before else None)
    if after is not None:
        queryset = beyond(queryset, after, False)
    rows = list(queryset.order_by(*(key.desc() for key in keys))[: size + 1])
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
