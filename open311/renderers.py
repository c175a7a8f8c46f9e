"""Answers in the two formats of GeoReport v2: JSON, and XML with the spec's element names.

A row is a dict of field names and values; a value may be a dict (nested elements) or a list of
dicts, whose elements take the singular name of the list's (`attributes` → `attribute`)."""

import json
import re
from xml.etree import ElementTree

from django.http import HttpResponse

SINGULAR = {"attributes": "attribute", "values": "value", "service_requests": "request", "errors": "error"}


# Characters XML 1.0 does not allow (control characters but tab and line ends): left out of the XML.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_IN_XML.sub("", str(value))


def _fill(element, row: dict) -> None:
    for name, value in row.items():
        child = ElementTree.SubElement(element, name)
        if isinstance(value, dict):
            _fill(child, value)
        elif isinstance(value, list):
            for item in value:
                _fill(ElementTree.SubElement(child, SINGULAR.get(name, "item")), item)
        else:
            child.text = _text(value)


def to_xml(root: str, rows, item: str | None = None) -> bytes:
    """`rows` under `<root>`, each as `<item>`; or, with no item, one dict filling `<root>` itself."""
    element = ElementTree.Element(root)
    if item is None:
        _fill(element, rows)
    else:
        for row in rows:
            _fill(ElementTree.SubElement(element, item), row)
    return ElementTree.tostring(element, encoding="UTF-8", xml_declaration=True)


def render(fmt: str, root: str, rows, item: str | None = None, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(to_xml(root, rows, item), content_type="text/xml; charset=utf-8", status=status)
    body = json.dumps(rows, ensure_ascii=False, default=str)
    return HttpResponse(body.encode(), content_type="application/json; charset=utf-8", status=status)


def render_errors(fmt: str, status: int, descriptions) -> HttpResponse:
    """The spec's error body: a list of errors, each with the HTTP code and what went wrong."""
    rows = [{"code": status, "description": str(description)} for description in descriptions]
    return render(fmt, "errors", rows, item="error", status=status)
