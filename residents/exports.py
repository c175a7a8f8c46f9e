"""What the resident and household lists export (exports/): the columns of each, masked as on the pages."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from exports.registers import Register
from exports.writing import Column, ListExport, choice_labels, display

from .choices import Relationship, TagKind
from .models import HouseholdMembership, ResidentTag


def _id_number(resident, context):
    return resident.id_number if context.full else resident.masked_id_number


def _phone(resident, context):
    return resident.phone if context.full else resident.masked_phone


class ResidentExport(ListExport):
    title = _("Residents")
    personal = True

    def columns(self, context):
        kinds = choice_labels(ResidentTag, "kind")
        return [
            *_person(),
            Column(_("Ethnicity"), display("ethnicity"), 8),
            Column(_("Political status"), display("political_status"), 12),
            Column(_("Residence type"), display("residence_type"), 10),
            Column(_("Moved in on"), lambda r, c: r.moved_in_on, 12),
            Column(_("Special groups"), lambda r, c: "、".join(kinds[t.kind] for t in r.current_tags), 20),
            Column(_("Status"), display("status"), 8),
        ]

    def prepare(self, queryset, context):
        tags = ResidentTag.objects.current().shown_to(context.user).order_by("kind")
        return (
            queryset.defer(None)
            .select_related(*PERSON_JOINS)
            .prefetch_related(Prefetch("tags", queryset=tags, to_attr="current_tags"))
        )


class HouseholdExport(ListExport):
    title = _("Households")
    personal = False

    def columns(self, context):
        return [
            Column(_("Household number"), lambda h, c: h.number, 14),
            Column(_("Head of household"), lambda h, c: h.heads[0].resident.name if h.heads else "", 10),
            Column(_("Members"), lambda h, c: len(h.members), 6),
            Column(_("Community"), lambda h, c: h.dwelling.grid.community.name, 14),
            Column(_("Grid"), lambda h, c: h.dwelling.grid.name, 10),
            Column(_("Dwelling"), lambda h, c: str(h.dwelling), 28),
            Column(_("Kind"), display("kind"), 8),
        ]

    def prepare(self, queryset, context):
        current = HouseholdMembership.objects.current()
        return queryset.prefetch_related(
            Prefetch("memberships", queryset=current.only("id", "household_id"), to_attr="members"),
            Prefetch(
                "memberships",
                queryset=current.filter(relationship=Relationship.HEAD)
                .select_related("resident")
                .only("id", "household_id", "resident__name"),
                to_attr="heads",
            ),
        )


def _person(path=""):
    """The columns that say who a row is about (a resident, or the resident of a tag or visit)."""

    def of(row):
        return row if not path else getattr(row, path)

    return [
        Column(_("Name"), lambda r, c: of(r).name, 10),
        Column(_("ID number"), lambda r, c: _id_number(of(r), c), 21),
        Column(_("Gender"), display(f"{path}.gender" if path else "gender"), 6),
        Column(_("Date of birth"), lambda r, c: of(r).birth_date, 12),
        Column(_("Phone"), lambda r, c: _phone(of(r), c), 14),
        Column(_("Community"), lambda r, c: of(r).community.name, 14),
        Column(_("Grid"), lambda r, c: of(r).grid.name, 10),
        Column(_("Dwelling"), lambda r, c: str(of(r).dwelling), 28),
    ]


PERSON_JOINS = ("dwelling__building__compound", "grid", "community")


class TagExport(ListExport):
    """The special groups (特殊人群): a row per tag, with the person it is about."""

    title = _("Special groups")
    personal = True

    def columns(self, context):
        return [
            *_person("resident"),
            Column(_("Special group"), display("kind"), 22),
            Column(_("Since"), lambda t, c: t.since, 12),
            Column(_("Until"), lambda t, c: t.until, 12),
            Column(_("Note"), lambda t, c: t.note, 30),
        ]

    def prepare(self, queryset, context):
        return queryset.select_related(*(f"resident__{join}" for join in PERSON_JOINS))


class VisitExport(ListExport):
    title = _("Visit records")
    personal = True

    def columns(self, context):
        return [
            Column(_("Visited on"), lambda v, c: v.visited_on, 12),
            Column(_("Kind"), display("kind"), 22),
            Column(_("Community"), lambda v, c: v.grid.community.name, 14),
            Column(_("Grid"), lambda v, c: v.grid.name, 10),
            Column(_("Household number"), lambda v, c: v.household.number if v.household_id else "", 14),
            Column(_("Dwelling"), lambda v, c: str(v.household.dwelling) if v.household_id else "", 28),
            Column(_("Resident"), lambda v, c: v.resident.name if v.resident_id else "", 10),
            Column(_("Visited by"), lambda v, c: v.worker.get_full_name() or v.worker.get_username(), 10),
            Column(_("Notes"), lambda v, c: v.notes, 40),
            Column(_("Follow-up needed"), lambda v, c: "是" if v.follow_up_needed else "否", 8),
        ]

    def prepare(self, queryset, context):
        return queryset.select_related(
            "grid__community", "household__dwelling__building__compound", "resident", "worker"
        )


class JobSeekerRegister(ResidentExport):
    """待就业人员登记表: residents seeking work by their status or a tag, with what they can do and want."""

    title = _("Job seekers register")

    def columns(self, context):
        return [
            *_person(),
            Column(_("Education"), display("education"), 10),
            Column(_("Employment status"), display("employment_status"), 16),
            Column(_("Skills"), lambda r, c: r.skills, 24),
            Column(_("Job wanted"), lambda r, c: r.wanted_job, 20),
            Column(_("Registered on"), lambda r, c: r.job_tags[0].since if r.job_tags else None, 12),
        ]

    def prepare(self, queryset, context):
        tags = ResidentTag.objects.current().filter(kind=TagKind.JOB_SEEKER)
        return (
            queryset.defer(None)
            .select_related(*PERSON_JOINS)
            .prefetch_related(Prefetch("tags", queryset=tags, to_attr="job_tags"))
        )


class FloatingRegister(ResidentExport):
    """流动人口登记表: where they are registered, where they live, since when."""

    title = _("Floating population register")

    def columns(self, context):
        return [
            *_person(),
            Column(_("Residence type"), display("residence_type"), 14),
            Column(_("Registered address"), lambda r, c: r.registered_address, 30),
            Column(_("Moved in on"), lambda r, c: r.moved_in_on, 12),
            Column(_("Employment status"), display("employment_status"), 16),
        ]

    def prepare(self, queryset, context):
        return queryset.defer(None).select_related(*PERSON_JOINS)


AREA = {"community": "community", "grid": "grid"}
TAG_REGISTERS = [
    Register(
        "low-income",
        _("Minimum living allowance and extreme poverty list"),
        _("Residents with a current minimum living allowance or extreme poverty support tag."),
        TagExport,
        "residents.view_residenttag",
        preset={"kind": [TagKind.LOW_INCOME, TagKind.EXTREME_POVERTY], "state": "current"},
        params=AREA,
    ),
    Register(
        "disabled",
        _("Disabled residents list"),
        _("Residents with a current disability tag."),
        TagExport,
        "residents.view_residenttag",
        preset={"kind": [TagKind.DISABLED], "state": "current"},
        params=AREA,
    ),
    Register(
        "elderly-alone",
        _("Elderly living alone list"),
        _("Residents with a current elderly-living-alone tag."),
        TagExport,
        "residents.view_residenttag",
        preset={"kind": [TagKind.ELDERLY_ALONE], "state": "current"},
        params=AREA,
    ),
]
RESIDENT_REGISTERS = [
    Register(
        "job-seekers",
        _("Job seekers register"),
        _("Residents seeking work by their status or a job seeker tag: skills, job wanted, date registered."),
        JobSeekerRegister,
        "residents.view_resident",
        preset={"employment": "seeking"},
        params=AREA,
    ),
    Register(
        "floating",
        _("Floating population register"),
        _("Residents on the register whose residence type is floating population."),
        FloatingRegister,
        "residents.view_resident",
        preset={"residence_type": "floating"},
        params=AREA,
    ),
]
REGISTERS = TAG_REGISTERS + RESIDENT_REGISTERS
