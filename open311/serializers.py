"""Catalogue items and requests as GeoReport v2 names their fields.

Field by field (the order of the spec's tables):
- a service: service_code (the item's code), service_name, description, metadata (true: it has a
  definition, services/<code>), type ("realtime": the request's id comes back at once), keywords,
  group (the item's category);
- a request: service_request_id (the request's number), status (open / closed), status_notes (the
  note of its last step), service_name, service_code, description, agency_responsible (the
  department it is dispatched to), service_notice, requested_datetime (received), updated_datetime,
  expected_datetime (when it is due: the hotline's deadline or the end of its due day), address,
  address_id, zipcode, lat, long, media_url.
Texts are masked of ID numbers and mobile numbers; contact details are never given out.
"""

import datetime

from django.utils import timezone

from residents.logmasking import mask_personal_data
from services.choices import OPEN_STATUSES

# The extra attributes every request of the API may carry, besides the item's materials.
TICKET_ATTRIBUTES = [
    {
        "variable": True,
        "code": "ticket_number",
        "datatype": "string",
        "required": False,
        "datatype_description": "The hotline's own ticket (工单) number, unique in its system.",
        "order": 1,
        "description": "工单编号",
    },
    {
        "variable": True,
        "code": "contact_hours",
        "datatype": "number",
        "required": False,
        "datatype_description": "Hours from now within which the caller must be contacted.",
        "order": 2,
        "description": "联系时限（小时）",
    },
    {
        "variable": True,
        "code": "handling_hours",
        "datatype": "number",
        "required": False,
        "datatype_description": "Hours from now within which the request must be handled.",
        "order": 3,
        "description": "办理时限（小时）",
    },
    {
        "variable": True,
        "code": "handling_days",
        "datatype": "number",
        "required": False,
        "datatype_description": "Calendar days from now within which the request must be handled.",
        "order": 4,
        "description": "办理时限（自然日）",
    },
]


# What request() reads of a request and its relations (a page of rows loads nothing else).
REQUEST_COLUMNS = [
    "number",
    "status",
    "description",
    "received_at",
    "updated_at",
    "due_date",
    "handling_deadline",
    "contact_deadline",
    "location",
    "latitude",
    "longitude",
    "ticket_number",
    "channel",
    "satisfaction",
    "first_satisfaction",
    "rehandled",
    "item__name",
    "item__code",
    "department__name",
    "community__code",
]


def timestamp(value) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def service(item) -> dict:
    return {
        "service_code": item.code,
        "service_name": item.name,
        "description": item.description,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": item.category.name,
    }


def definition(item, communities) -> dict:
    attributes = []
    if len(communities) > 1:
        attributes.append(
            {
                "variable": True,
                "code": "community",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": "The community (社区) the request is for.",
                "order": 0,
                "description": "社区",
                "values": [{"key": community.code, "name": community.name} for community in communities],
            }
        )
    attributes += TICKET_ATTRIBUTES
    if item.materials:
        attributes.append(
            {
                "variable": True,
                "code": "materials",
                "datatype": "multivaluelist",
                "required": False,
                "datatype_description": "The materials the request needs; those given with it.",
                "order": len(attributes) + 1,
                "description": "所需材料",
                "values": [{"key": str(number), "name": name} for number, name in enumerate(item.materials, 1)],
            }
        )
    return {"service_code": item.code, "attributes": attributes}


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)


def change_cursor(service_request) -> str:
    """Where a pull of changes resumes after this row: its change's time (in microseconds) and its id."""
    return f"{(service_request.updated_at - EPOCH) // MICROSECOND}~{service_request.pk}"


def _number(value):
    return None if value is None else float(value)


def expected(service_request):
    if service_request.handling_deadline:
        return service_request.handling_deadline
    if service_request.due_date:
        end_of_day = datetime.datetime.combine(service_request.due_date, datetime.time(23, 59, 59))
        return timezone.make_aware(end_of_day)
    return None


def request(service_request, extensions=False) -> dict:
    row = {
        "service_request_id": service_request.number,
        "status": "open" if service_request.status in OPEN_STATUSES else "closed",
        "status_notes": mask_personal_data(service_request.last_note or ""),
        "service_name": service_request.item.name,
        "service_code": service_request.item.code,
        "description": mask_personal_data(service_request.description),
        "agency_responsible": service_request.department.name if service_request.department else "",
        "service_notice": "",
        "requested_datetime": timestamp(service_request.received_at),
        "updated_datetime": timestamp(service_request.updated_at),
        "expected_datetime": timestamp(expected(service_request)),
        "address": mask_personal_data(service_request.location),
        "address_id": "",
        "zipcode": "",
        "lat": _number(service_request.latitude),
        "long": _number(service_request.longitude),
        "media_url": "",
    }
    if extensions:
        row["extended_attributes"] = {
            "ticket_number": service_request.ticket_number,
            "community": service_request.community.code,
            "channel": service_request.channel,
            "portal_status": service_request.status,
            "contact_deadline": timestamp(service_request.contact_deadline),
            "handling_deadline": timestamp(service_request.handling_deadline),
            "satisfaction": service_request.satisfaction,
            "first_satisfaction": service_request.first_satisfaction,
            "rehandled": service_request.rehandled,
            "change_cursor": change_cursor(service_request),
        }
    return row
