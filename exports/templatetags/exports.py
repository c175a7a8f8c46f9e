from django import template
from django.urls import reverse

from residents.filters import FULL_ID
from residents.identity import normalize_id_number

register = template.Library()

# Where a list is in its pages: not a filter, so not part of what is exported.
PAGING = ("after", "before")


@register.inclusion_tag("exports/_export_links.html", takes_context=True)
def export_links(context, url_name, *args):
    """Links to the list's export (.xlsx, .csv) with the list's current filters."""
    request = context["request"]
    if request.method != "GET":
        return {"links": []}  # rows found by POST (a full ID number) have no address to export from
    params = request.GET.copy()
    for name in PAGING:
        params.pop(name, None)
    if FULL_ID.match(normalize_id_number(params.get("q", ""))):
        return {"links": []}  # a full ID number is searched by POST and never goes into an address
    query = f"?{params.urlencode()}" if params else ""
    return {
        "links": [(label, reverse(url_name, args=[*args, file_format]) + query) for file_format, label in FORMATS],
    }


FORMATS = [("xlsx", "Excel"), ("csv", "CSV")]
