"""Every change to the three lists and the pairings: keyword-only, the acting user first, validated and
saved in one transaction with the scope re-checked after the save (the history is kept by triggers)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.actions import StaleEdit, ensure_in_scope

from .models import HelpVisit, Need, Pairing, Project, Resource


def _locked(queryset, obj, version):
    """The row locked for the change, refused as stale when it moved on from the `version` seen."""
    current = queryset.select_for_update(of=("self",)).get(pk=obj.pk)
    if version is not None and current.version != version:
        raise StaleEdit(current)
    return current


def _save(user, obj, fields=(), *, bump=True):
    for name, value in dict(fields).items():
        setattr(obj, name, value)
    if bump and obj.pk:
        obj.version += 1
    obj.full_clean()
    obj.save()
    ensure_in_scope(type(obj).objects.editable_by(user), obj)
    return obj


# 资源清单


@transaction.atomic
def resource_create(*, user, **fields) -> Resource:
    return _save(user, Resource(**fields))


@transaction.atomic
def resource_update(*, user, resource: Resource, version: int | None = None, **fields) -> Resource:
    resource = _locked(Resource.objects.editable_by(user), resource, version)
    return _save(user, resource, fields)


@transaction.atomic
def resource_set_status(*, user, resource: Resource, status: str, version: int | None = None) -> Resource:
    """Withdraw a resource (or offer it again): it stays on the projects that used it."""
    resource = _locked(Resource.objects.editable_by(user), resource, version)
    return _save(user, resource, {"status": status})


# 需求清单


def _where(need: Need) -> None:
    """The community and grid of the need, from who has it or where it was found."""
    for source, grid in (
        (need.household, lambda h: h.dwelling.grid),
        (need.resident, lambda r: r.dwelling.grid if r.dwelling_id else None),
        (need.visit, lambda v: v.grid),
        (need.request, lambda r: r.grid),
    ):
        if source is not None and (found := grid(source)) is not None:
            need.grid, need.community_id = found, found.community_id
            return
    if need.request is not None:
        need.community_id = need.request.community_id


@transaction.atomic
def need_record(*, user, **fields) -> Need:
    """A need found on a visit, in a survey or a request; a visit's or request's household is taken over."""
    need = Need(recorded_by=user, **fields)
    need.source = need.source or Need.Source.OTHER
    if need.visit is not None:
        need.source = Need.Source.VISIT
        need.household = need.household or need.visit.household
        need.resident = need.resident or need.visit.resident
    if need.request is not None:
        need.source = Need.Source.REQUEST
        need.resident = need.resident or need.request.resident
    _where(need)
    if not need.community_id:
        raise ValidationError({"community": _("Choose the community of the need.")})
    return _save(user, need)


@transaction.atomic
def need_update(*, user, need: Need, version: int | None = None, **fields) -> Need:
    need = _locked(Need.objects.editable_by(user), need, version)
    if need.status in (Need.Status.MET, Need.Status.CLOSED):
        raise ValidationError(_("This need is met or closed and is no longer changed."))
    return _save(user, need, fields)


@transaction.atomic
def need_close(*, user, need: Need, version: int | None = None) -> Need:
    """Close a need that is no longer there (moved away, solved otherwise)."""
    need = _locked(Need.objects.editable_by(user), need, version)
    if need.status != Need.Status.OPEN:
        raise ValidationError(_("Only an open need can be closed; this one is taken up by a project."))
    return _save(user, need, {"status": Need.Status.CLOSED})


# 项目清单


def _check_lists(project: Project, needs, resources) -> None:
    if any(need.community_id != project.community_id for need in needs):
        raise ValidationError({"needs": _("A project takes up the needs of its own community.")})
    if any(resource.community_id != project.community_id for resource in resources):
        raise ValidationError({"resources": _("A project uses the resources of its own community.")})
    if any(need.status not in (Need.Status.OPEN, Need.Status.MATCHED) for need in needs):
        raise ValidationError({"needs": _("A need that is met or closed cannot be taken up.")})


def _take_up(user, project: Project, needs) -> None:
    """The needs join the project and are marked matched. Their status is checked again on the locked
    rows: one closed or met since the form was read (another clerk, another project) is refused."""
    wanted = [need.pk for need in needs]
    needs = list(Need.objects.editable_by(user).select_for_update(of=("self",)).filter(pk__in=wanted))
    if len(needs) != len(set(wanted)):
        raise ValidationError({"needs": _("This change would put the record outside your area, so nothing was saved.")})
    _check_lists(project, needs, [])
    project.needs.add(*needs)
    for need in needs:
        if need.status == Need.Status.OPEN:
            _save(user, need, {"status": Need.Status.MATCHED})


@transaction.atomic
def project_create(*, user, needs=(), resources=(), **fields) -> Project:
    project = Project(**fields)
    _check_lists(project, needs, resources)
    _save(user, project)
    project.resources.set(resources)
    _take_up(user, project, needs)
    return project


@transaction.atomic
def project_update(*, user, project: Project, version: int | None = None, resources=None, **fields) -> Project:
    project = _locked(Project.objects.editable_by(user), project, version)
    if resources is not None:
        _check_lists(project, [], resources)
    _save(user, project, fields)
    if resources is not None:
        project.resources.set(resources)
    return project


@transaction.atomic
def project_match(*, user, project: Project, needs=(), resources=(), version: int | None = None) -> Project:
    """匹配: take needs (and resources) into a planned or running project."""
    project = _locked(Project.objects.editable_by(user), project, version)
    if not project.is_open:
        raise ValidationError(_("A project that is done or cancelled takes up no more needs."))
    _check_lists(project, needs, resources)
    project = _save(user, project)
    project.resources.add(*resources)
    _take_up(user, project, needs)
    return project


OPEN_STATUSES = [Project.Status.PLANNED, Project.Status.RUNNING]
NEXT_STATUS = {
    Project.Status.PLANNED: [Project.Status.RUNNING, Project.Status.CANCELLED],
    Project.Status.RUNNING: [Project.Status.DONE, Project.Status.CANCELLED],
}


@transaction.atomic
def project_set_status(
    *, user, project: Project, status: str, outcome: str = "", version: int | None = None
) -> Project:
    """Start, finish or cancel. Done marks its needs met; cancelled gives its needs back to the
    unmatched list, unless another open project has taken them up too."""
    project = _locked(Project.objects.editable_by(user), project, version)
    if status not in NEXT_STATUS.get(project.status, []):
        raise ValidationError(
            _("A %(status)s project cannot be marked so.") % {"status": project.get_status_display().lower()}
        )
    today = timezone.localdate()
    fields = {"status": status, "outcome": outcome or project.outcome}
    if status == Project.Status.RUNNING and project.starts_on is None:
        fields["starts_on"] = today
    if status == Project.Status.DONE and project.ends_on is None:
        fields["ends_on"] = max(today, project.starts_on or today)
    _save(user, project, fields)
    if status == Project.Status.RUNNING:
        return project
    needs = Need.objects.select_for_update(of=("self",)).filter(projects=project, status=Need.Status.MATCHED)
    for need in needs:
        if status == Project.Status.DONE:
            _save(user, need, {"status": Need.Status.MET})
        elif not need.projects.exclude(pk=project.pk).filter(status__in=OPEN_STATUSES).exists():
            _save(user, need, {"status": Need.Status.OPEN})
    return project


# 结对帮扶


@transaction.atomic
def pairing_create(*, user, household, organisation=None, unit=None, **fields) -> Pairing:
    pairing = Pairing(
        household=household,
        organisation=organisation,
        unit=unit,
        community_id=household.dwelling.grid.community_id,
        **fields,
    )
    if (organisation is None) == (unit is None):
        raise ValidationError(_("Pair the household with a party organisation or a resident unit (one of them)."))
    return _save(user, pairing)


@transaction.atomic
def pairing_end(*, user, pairing: Pairing, ends_on=None, note: str = "", version: int | None = None) -> Pairing:
    pairing = _locked(Pairing.objects.editable_by(user), pairing, version)
    if pairing.status != Pairing.Status.ACTIVE:
        raise ValidationError(_("This pairing has ended already."))
    fields = {"status": Pairing.Status.ENDED, "ends_on": ends_on or timezone.localdate()}
    if note:
        fields["note"] = note
    return _save(user, pairing, fields)


@transaction.atomic
def help_visit_record(*, user, pairing: Pairing, members=(), **fields) -> HelpVisit:
    pairing = Pairing.objects.editable_by(user).select_for_update(of=("self",)).get(pk=pairing.pk)
    if pairing.status != Pairing.Status.ACTIVE:
        raise ValidationError(_("This pairing has ended: no more visits are recorded on it."))
    if fields.get("visited_on") and fields["visited_on"] > timezone.localdate():
        raise ValidationError({"visited_on": _("A visit is recorded once it has taken place.")})
    visit = HelpVisit(pairing=pairing, recorded_by=user, **fields)
    visit.full_clean()
    visit.save()
    visit.members.set(members)
    ensure_in_scope(HelpVisit.objects.editable_by(user), visit)
    return visit
