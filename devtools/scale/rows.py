"""The tables the scale data is copied into, and the helpers that write their rows as COPY text.

Rows are written as lines of PostgreSQL's COPY text format (tab-separated, \\N for NULL), a few
hundred thousand per chunk: formatting strings in Python is several times faster than handing
tuples to psycopg's `write_row`.
"""

import datetime

from grids.models import Building, Compound, Dwelling
from partybuilding.models import Activity, CheckIn, Member, Organisation, PointsEntry
from residents.models import Household, HouseholdMembership, Resident, ResidentTag, Visit
from services.models import RequestEvent, RequestNumberCounter, ServiceRequest

NULL = "\\N"

# key: (model, columns in the order the generators write them). Generated columns (a resident's
# birth date and gender) are left to the database.
TABLES = {
    "compound": (Compound, ["id", "community_id", "name", "kind"]),
    "building": (Building, ["id", "compound_id", "name"]),
    "dwelling": (Dwelling, ["id", "grid_id", "building_id", "unit", "floor", "room", "address", "use"]),
    "household": (Household, ["id", "dwelling_id", "number", "kind", "version"]),
    "resident": (
        Resident,
        [
            "id",
            "name",
            "name_initials",
            "name_pinyin",
            "id_number",
            "ethnicity",
            "political_status",
            "education",
            "marital_status",
            "employment_status",
            "skills",
            "wanted_job",
            "phone",
            "residence_type",
            "registered_address",
            "dwelling_id",
            "moved_in_on",
            "status",
            "status_changed_on",
            "status_note",
            "version",
            "created_at",
            "updated_at",
            "grid_id",
            "community_id",
        ],
    ),
    "membership": (
        HouseholdMembership,
        ["id", "household_id", "resident_id", "relationship", "started_on", "ended_on"],
    ),
    "tag": (ResidentTag, ["id", "resident_id", "kind", "since", "until", "note"]),
    "visit": (
        Visit,
        [
            "id",
            "grid_id",
            "household_id",
            "resident_id",
            "worker_id",
            "visited_on",
            "kind",
            "notes",
            "follow_up_needed",
            "created_at",
        ],
    ),
    "request": (
        ServiceRequest,
        [
            "id",
            "number",
            "channel",
            "resident_id",
            "contact_name",
            "contact_phone",
            "community_id",
            "grid_id",
            "location",
            "item_id",
            "description",
            "materials_received",
            "priority",
            "status",
            "received_at",
            "due_date",
            "due_date_provisional",
            "department_id",
            "assignee_id",
            "received_by_id",
            "reported_by_id",
            "dispatched_at",
            "responded_at",
            "resolved_at",
            "resolution",
            "dispute_outcome",
            "satisfaction",
            "callback_notes",
            "closed_at",
            "submission_key",
            "version",
            "first_satisfaction",  # the callback's rating: no request of the generated district was re-handled
            "first_callback_at",
            "updated_at",
        ],
    ),
    "event": (RequestEvent, ["id", "request_id", "action", "from_status", "to_status", "actor_id", "at", "note"]),
    "counter": (RequestNumberCounter, ["id", "community_id", "day", "last"]),
    "organisation": (
        Organisation,
        ["id", "name", "kind", "parent_id", "community_id", "unit_id", "secretary_id", "founded_on"],
    ),
    "member": (
        Member,
        [
            "id",
            "organisation_id",
            "resident_id",
            "name",
            "id_number",
            "phone",
            "standing",
            "joined_on",
            "probation_ends_on",
            "confirmed_on",
            "category",
            "work_unit_id",
            "work_branch",
            "reported_on",
            "post",
            "status",
            "status_changed_on",
            "version",
            "created_at",
            "updated_at",
        ],
    ),
    "activity": (
        Activity,
        [
            "id",
            "organisation_id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "agenda",
            "minutes",
            "check_in_opens_at",
            "check_in_closes_at",
            "points",
            "volunteer_hours",
            "created_by_id",
            "created_at",
        ],
    ),
    "expected": (Activity.expected_members.through, ["id", "activity_id", "member_id"]),
    "checkin": (
        CheckIn,
        [
            "id",
            "activity_id",
            "member_id",
            "status",
            "method",
            "at",
            "reason",
            "hours",
            "hours_confirmed_by_id",
            "hours_confirmed_at",
            "recorded_by_id",
        ],
    ),
    # "on" is a reserved word of SQL: quoted in COPY's column list.
    "points": (
        PointsEntry,
        [
            "id",
            "member_id",
            '"on"',
            "points",
            "reason",
            "source",
            "check_in_id",
            "corrects_id",
            "recorded_by_id",
            "created_at",
        ],
    ),
}
# Models whose rows get ids from the load (the counters' ids too, so that every table is COPY only).
ID_TABLES = list(TABLES)


def copy_escape(text: str) -> str:
    """Text as one field of COPY's text format."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def apportion(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, in whole numbers that add up to `total` exactly."""
    whole = sum(weights)
    shares, running, given = [], 0.0, 0
    for weight in weights:
        running += weight
        upto = round(total * running / whole)
        shares.append(upto - given)
        given = upto
    return shares


class Clock:
    """Formats moments (seconds since the epoch) and days (ordinals) in China Standard Time, fast.

    China has kept UTC+8 all year since 1992, so an offset of +08 is right for every generated moment.
    """

    OFFSET = 8 * 3600
    EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()

    def __init__(self):
        self._days: dict[int, str] = {}
        self._moment_days: dict[int, str] = {}
        self._times = [f"{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}+08" for second in range(86400)]

    def day(self, ordinal: int) -> str:
        text = self._days.get(ordinal)
        if text is None:
            text = self._days[ordinal] = datetime.date.fromordinal(ordinal).isoformat()
        return text

    def moment(self, seconds: int) -> str:
        day, second = divmod(seconds + self.OFFSET, 86400)
        text = self._moment_days.get(day)
        if text is None:
            text = self._moment_days[day] = self.day(day + self.EPOCH_ORDINAL) + " "
        return text + self._times[second]

    @classmethod
    def start_of(cls, ordinal: int) -> int:
        """The first second of the local day `ordinal`."""
        return (ordinal - cls.EPOCH_ORDINAL) * 86400 - cls.OFFSET

    @classmethod
    def ordinal_of(cls, seconds: int) -> int:
        """The local day of a moment."""
        return (int(seconds) + cls.OFFSET) // 86400 + cls.EPOCH_ORDINAL


class Chunk:
    """Lines per table, handed to the loader when big enough."""

    def __init__(self):
        self.lines: dict[str, list[str]] = {key: [] for key in TABLES}
        self.size = 0

    def add(self, key: str, line: str) -> None:
        self.lines[key].append(line)
        self.size += 1

    def take(self) -> list[tuple[str, bytes, int]]:
        taken = [(key, "".join(lines).encode(), len(lines)) for key, lines in self.lines.items() if lines]
        self.lines = {key: [] for key in TABLES}
        self.size = 0
        return taken
