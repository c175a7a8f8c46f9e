"""Row URLs for long lists, without a full `reverse()` per row."""

from django.urls import get_script_prefix, get_urlconf, reverse

_MARK = "9182736450"  # stands for the primary key while the URL is reversed once
_SPLIT = {}


def pk_url(viewname: str, pk: int) -> str:
    """`reverse(viewname, args=[pk])` for a URL whose one argument is an integer primary key.

    The URL is reversed once per view name (and script prefix and URLconf) and the key put in its
    place after that: a list of 50 rows otherwise spent a millisecond or two resolving the same
    pattern 50 times."""
    key = (viewname, get_script_prefix(), get_urlconf())
    parts = _SPLIT.get(key)
    if parts is None:
        head, mark, tail = reverse(viewname, args=[_MARK]).partition(_MARK)
        if not mark:  # the pattern does not take the key as it is: leave it to reverse()
            return reverse(viewname, args=[pk])
        parts = _SPLIT[key] = (head, tail)
    return f"{parts[0]}{int(pk)}{parts[1]}"
