"""A resident's change history as a readable timeline, from the django-pghistory event tables.

Each tracked table is read once (filtered by the resident, so it stays fast with millions of
rows); consecutive snapshots of the same row give "old → new" per field. ID numbers and phone
numbers are masked here as everywhere else.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from imports.models import ImportBatch

from .choices import VisitKind
from .identity import mask_id_number, mask_phone
from .models import SENSITIVE_VISIT_KINDS, sees_sensitive_tags, tag_kinds_shown_to

MASKED = {"id_number": mask_id_number, "phone": mask_phone}
HIDDEN = {"id", "version", "created_at", "updated_at", "name_initials", "birth_date", "gender"}
LABELS = {"insert": _("created"), "update": _("changed"), "delete": _("deleted")}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    at: object
    what: str
    action: str
    context: object = None
    event_id: int = 0
    user: str = ""
    changes: list[Change] = field(default_factory=list)
    import_name: str = ""  # the file of the import that wrote it
    import_url: str = ""  # its page, for the person who imported it


def resident_history(resident, user, *, limit: int = 100) -> list[Entry]:
    tags = {"resident_id": resident.pk}
    visits = {"resident_id": resident.pk}
    if not sees_sensitive_tags(user):
        tags["kind__in"] = [kind.value for kind in tag_kinds_shown_to(user)]
        # A visit to released prisoners or people under correction tells what the hidden tags hide.
        visits["kind__in"] = [kind.value for kind in VisitKind if kind not in SENSITIVE_VISIT_KINDS]
    # event table, rows of this resident, related rows shown by name
    sources = [
        ("residents.ResidentEvent", {"pgh_obj_id": resident.pk}, ["dwelling__building__compound"]),
        ("residents.ResidentTagEvent", tags, ["resident"]),
        ("residents.HouseholdMembershipEvent", {"resident_id": resident.pk}, ["resident", "household"]),
        ("residents.VisitEvent", visits, ["resident", "household", "worker", "grid__community"]),
    ]
    entries = []
    for label, filters, related in sources:
        model = apps.get_model(label)
        events = model.objects.filter(**filters).select_related("pgh_context", *related).order_by("pgh_id")[:500]
        entries.extend(_entries(model, events))
    _attach_users(entries)
    _attach_imports(entries, user)
    entries.sort(key=lambda entry: (entry.at, entry.event_id), reverse=True)
    return entries[:limit]


def _entries(event_model, events):
    tracked = event_model.pgh_tracked_model
    recorded = {f.name for f in event_model._meta.concrete_fields}
    fields = [f for f in tracked._meta.concrete_fields if f.name in recorded and f.name not in HIDDEN]
    what = str(tracked._meta.verbose_name)
    previous = {}
    for event in events:
        entry = Entry(
            at=event.pgh_created_at,
            what=what,
            action=LABELS.get(event.pgh_label, event.pgh_label),
            context=event.pgh_context,
            event_id=event.pgh_id,
        )
        before = previous.get(event.pgh_obj_id)
        for model_field in fields:
            new = _display(event, model_field)
            old = _display(before, model_field) if before is not None else ""
            if (event.pgh_label == "insert" and new) or (event.pgh_label == "update" and old != new):
                entry.changes.append(Change(str(model_field.verbose_name), old, new))
        previous[event.pgh_obj_id] = event
        if entry.changes or event.pgh_label != "update":
            yield entry


def _display(event, model_field) -> str:
    value = getattr(event, model_field.attname)
    if value in (None, ""):
        return ""
    if model_field.name in MASKED:
        return MASKED[model_field.name](value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return str(getattr(event, model_field.name))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _attach_users(entries):
    ids = {entry.context.metadata.get("user") for entry in entries if entry.context is not None} - {None}
    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=ids)}
    for entry in entries:
        user = users.get(entry.context.metadata.get("user")) if entry.context is not None else None
        entry.user = (user.get_full_name() or user.get_username()) if user else ""


def _attach_imports(entries, viewer):
    """Name the import that wrote an entry (pghistory's context carries its batch, imports.actions)."""
    ids = {entry.context.metadata.get("import_batch") for entry in entries if entry.context is not None} - {None}
    if not ids:
        return
    batches = {batch.pk: batch for batch in ImportBatch.objects.filter(pk__in=ids).only("file_name", "created_by")}
    for entry in entries:
        batch = batches.get(entry.context.metadata.get("import_batch")) if entry.context is not None else None
        if batch is not None:
            entry.import_name = batch.file_name
            entry.import_url = batch.get_absolute_url() if batch.created_by_id == viewer.pk else ""
