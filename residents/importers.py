"""The resident register and its special groups as import kinds (imports/): one row per resident, with the dwelling they
live in and the household they belong to.

The dwelling must be registered already (compound, building, unit and room, or a free address) and
lie in the user's area; households are created when their number is new. A resident already on the
register (by ID number) is updated field by field; one registered outside the user's area is an
error, never a write.
"""

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grids.models import Building, Compound, Dwelling, Grid
from imports.kinds import OUT_OF_AREA, Column, ImportKind, Plan, RowError, choice, date, text
from imports.reading import normalize_header

from . import actions
from .choices import (
    Education,
    Ethnicity,
    MaritalStatus,
    PoliticalStatus,
    Relationship,
    ResidenceType,
    TagKind,
    VisitKind,
)
from .identity import mask_id_number, mask_phone, normalize_id_number, normalize_phone
from .models import (
    Household,
    HouseholdMembership,
    Resident,
    ResidentTag,
    Visit,
    name_spellings,
    sees_sensitive_tags,
    tag_kinds_shown_to,
)

# The fields a row sets on a resident, and how a cell becomes each.
PERSONAL = [
    "name",
    "phone",
    "ethnicity",
    "political_status",
    "education",
    "marital_status",
    "residence_type",
    "registered_address",
]


class ResidentImport(ImportKind):
    key = "residents"
    label = gettext_lazy("Resident register")
    permission = "residents.add_resident"
    columns = [
        Column("name", "姓名", required=True, help="最多 50 个字"),
        Column(
            "id_number",
            "身份证号",
            required=True,
            help="18 位公民身份号码，末位 X 大小写均可",
            aliases=("公民身份号码", "身份证号码", "证件号码"),
        ),
        Column("phone", "联系电话", help="11 位手机号，或带区号的固定电话", aliases=("电话", "手机", "手机号")),
        Column("ethnicity", "民族", help="GB 3304 代码或名称，如 01 或 汉族；不填为汉族"),
        Column("political_status", "政治面貌", help="GB/T 4762 代码或名称，如 13 或 群众；不填为群众"),
        Column("education", "文化程度", help="代码或名称，如 本科"),
        Column("marital_status", "婚姻状况", help="代码或名称，如 已婚"),
        Column("residence_type", "居住类型", help="户籍人口、常住人口、流动人口、人户分离 或 寄住；不填为户籍人口"),
        Column("registered_address", "户籍地址", help="最多 200 个字"),
        Column("compound", "小区", help="小区或自然村名称；与楼栋、单元、房号一起确定房屋，未登记的会新建"),
        Column("building", "楼栋", help="如 3号楼"),
        Column("unit", "单元", help="如 2单元，没有可不填"),
        Column("room", "房号", help="如 301"),
        Column("address", "地址", help="不在楼栋里的房屋（如村里）填写地址，代替小区、楼栋、单元、房号"),
        Column(
            "grid",
            "网格",
            help="新登记的房屋所在网格的编号或名称，如 1 或 第一网格；楼栋已有房屋或您只管一个网格时可不填",
        ),
        Column("household", "户号", help="同一户的人填写相同户号；新户号会新建一户；不填则按户主身份证号归户"),
        Column(
            "head_id_number",
            "户主身份证号",
            help="不填户号时，同一户的人填写户主的身份证号（户主本人也填）；新户的户号由系统编排",
        ),
        Column("relationship", "与户主关系", required=True, help="GB/T 4761 代码或名称，如 02 户主、10 配偶、20 子"),
        Column("moved_in_on", "迁入日期", help="如 2026-01-05、2026/1/5 或 2026年1月5日"),
    ]

    def apply(self, rows, *, user, progress=None) -> Plan:
        """Write the rows, set-based: new households, residents and memberships each in one INSERT
        (the change-history triggers record every row), updated residents one by one through
        `resident_update`. Runs inside the confirm's transaction, after `plan` has locked the
        residents the rows name; the scope of what was written is checked again before it commits."""
        plan, parsed = self.planned(rows, user=user, progress=progress)
        today = timezone.localdate()
        created = [parsed[number] for number in plan.created]
        new_households = {}
        for row in created:
            if row["household_obj"] is None and row["household_key"] not in new_households:
                new_households[row["household_key"]] = Household(dwelling=row["dwelling"], number=row["household"])
        try:
            _places_create([row["dwelling"] for row in created])
            _numbers_assign([household for household in new_households.values() if not household.number])
            Household.objects.bulk_create(new_households.values())
            residents = Resident.objects.bulk_create(
                Resident(
                    dwelling=row["dwelling"], grid_id=row["dwelling"].grid_id,
                    community_id=row["dwelling"].grid.community_id, moved_in_on=row["moved_in_on"],
                    id_number=row["id_number"], **name_spellings(row["name"]),
                    **{name: row[name] for name in PERSONAL},
                )
                for row in created
            )  # fmt: skip
            HouseholdMembership.objects.bulk_create(
                HouseholdMembership(
                    household=row["household_obj"] or new_households[row["household_key"]], resident=resident,
                    relationship=row["relationship"], started_on=row["moved_in_on"] or today,
                )
                for row, resident in zip(created, residents, strict=True)
            )  # fmt: skip
        except IntegrityError as error:
            # Someone registered one of the ID numbers, households or places since the rows were locked.
            raise ValidationError(
                _("Another user registered some of these people or households meanwhile; upload the file again.")
            ) from error
        # Households that gained members are a new version of themselves, as with household_add_member.
        joined = {row["household_obj"].pk for row in created if row["household_obj"] is not None}
        Household.objects.filter(pk__in=joined).update(version=F("version") + 1)
        written = Resident.objects.editable_by(user).filter(pk__in=[resident.pk for resident in residents])
        if written.count() != len(residents):
            raise ValidationError(_("Some rows would put residents outside your area, so nothing was imported."))
        for number in plan.updated:
            row = parsed[number]
            resident = row["resident"]
            for name in PERSONAL:
                setattr(resident, name, row[name])
            actions.resident_update(user=user, resident=resident, version=resident.version)
        return plan

    def plan(self, rows, *, user, progress=None, for_update=False):
        plan, parsed = Plan(), {}
        numbers = Counter()
        for number, cells in rows:
            values, errors = self._parse(number, cells)
            plan.errors += errors
            if "id_number" in values:
                numbers[values["id_number"]] += 1
            parsed[number] = values
        for number, values in parsed.items():
            if numbers[values.get("id_number")] > 1:
                plan.errors.append(RowError(number, "身份证号", _("this ID number is on more than one row")))
        self._resolve(parsed, plan, user=user, for_update=for_update, progress=progress)
        wrong = {error.row for error in plan.errors}
        for number in parsed:
            if number in wrong:
                continue
            target = (
                plan.created
                if parsed[number].get("resident") is None
                else (plan.updated if parsed[number]["changes"] else plan.unchanged)
            )
            target.append(number)
            plan.changes += [(number, *change) for change in parsed[number].get("changes", [])]
        plan.errors.sort(key=lambda error: error.row)
        return plan, parsed

    def _parse(self, number, cells):
        values, errors = {}, []

        def cell(key, parse):
            try:
                values[key] = parse(cells.get(key))
            except ValidationError as error:
                errors.append(RowError(number, self.label_of(key), " ".join(error.messages)))

        fields = {f.name: f for f in Resident._meta.get_fields() if hasattr(f, "clean")}

        def field(key, parse=text):
            def parse_and_validate(value):
                cleaned = parse(value)
                if cleaned or fields[key].blank is False:
                    fields[key].clean(cleaned, None)
                return cleaned

            cell(key, parse_and_validate)

        field("name")
        field("id_number", lambda value: normalize_id_number(text(value)))
        field("phone", lambda value: normalize_phone(text(value)))
        field("ethnicity", lambda value: choice(value, Ethnicity) or Ethnicity.HAN)
        field("political_status", lambda value: choice(value, PoliticalStatus) or PoliticalStatus.MASSES)
        field("education", lambda value: choice(value, Education))
        field("marital_status", lambda value: choice(value, MaritalStatus))
        field("residence_type", lambda value: choice(value, ResidenceType) or ResidenceType.REGISTERED)
        field("registered_address")
        for key, length in (
            ("compound", 100),
            ("building", 50),
            ("unit", 20),
            ("room", 20),
            ("address", 200),
            ("grid", 50),
            ("household", 20),
        ):
            cell(key, lambda value, length=length: text(value, max_length=length))
        cell("head_id_number", lambda value: normalize_id_number(text(value)))
        cell("relationship", lambda value: choice(value, Relationship, blank_allowed=False))
        cell("moved_in_on", date)
        if not errors and not values["address"] and not (values["compound"] and values["building"] and values["room"]):
            errors.append(RowError(number, "房号", _("give the compound, building and room, or the address")))
        if not errors and not (values["household"] or values["head_id_number"]):
            errors.append(RowError(number, "户号", _("give the household number or the head's ID number")))
        own = not values.get("household") and values.get("head_id_number") == values.get("id_number")
        if not errors and own and values["relationship"] != Relationship.HEAD:
            errors.append(RowError(number, "与户主关系", _("this row gives its own ID number as the head's")))
        return values, errors

    def _resolve(self, parsed, plan, *, user, for_update, progress):
        wrong = {error.row for error in plan.errors}
        good = {number: values for number, values in parsed.items() if number not in wrong}
        # One query per kind of record for the whole sheet, whatever its length.
        places = _Places(user, good.values())
        residents_qs = Resident.objects.filter(id_number__in=[v["id_number"] for v in good.values()])
        if for_update:
            residents_qs = residents_qs.select_for_update(of=("self",))
        residents = {r.id_number: r for r in residents_qs}
        editable = set(
            Resident.objects.editable_by(user)
            .filter(pk__in=[r.pk for r in residents.values()])
            .values_list("pk", flat=True)
        )
        households = _Households(user, good.values())
        sheet_heads = Counter(households.key(v) for v in good.values() if v["relationship"] == Relationship.HEAD)
        sheet_dwelling = {}
        for done, (number, values) in enumerate(good.items(), start=1):
            if progress and done % 200 == 0:
                progress(done)
            errors = []
            try:
                dwelling = places.dwelling(values)
            except _Refused as refusal:
                errors.append(RowError(number, refusal.column, refusal.message))
                dwelling = None
            values["dwelling"] = dwelling
            key = values["household_key"] = households.key(values)
            household = values["household_obj"] = households.found.get(key)
            if household is not None and household.pk not in households.editable:
                errors.append(RowError(number, "户号", str(OUT_OF_AREA)))
            elif household is not None and dwelling is not None and household.dwelling_id != dwelling.pk:
                errors.append(RowError(number, "户号", _("this household lives in another dwelling")))
            elif household is None and not values["household"] and key[1] not in households.heads_in_sheet:
                errors.append(
                    RowError(number, "户主身份证号", _("no household with this head is registered or on the sheet"))
                )
            seen = sheet_dwelling.setdefault(key, dwelling)
            if dwelling is not None and seen is not None and seen is not dwelling:
                errors.append(RowError(number, "户号", _("the rows of this household name different dwellings")))
            resident = residents.get(values["id_number"])
            values["resident"] = resident
            if resident is not None and resident.pk not in editable:
                errors.append(RowError(number, "身份证号", str(OUT_OF_AREA)))
            elif resident is not None:
                if dwelling is not None and resident.dwelling_id != dwelling.pk:
                    errors.append(
                        RowError(number, "房号", _("lives in another dwelling on the register; record the move first"))
                    )
                values["changes"] = [
                    (self.label_of(name), *_shown(user, name, getattr(resident, name), values[name]))
                    for name in PERSONAL
                    if getattr(resident, name) != values[name]
                ]
            elif values["relationship"] == Relationship.HEAD and (
                (household is not None and household.pk in households.headed) or sheet_heads[key] > 1
            ):
                errors.append(RowError(number, "与户主关系", _("this household has a head already")))
            plan.errors += errors
        wrong = {error.row for error in plan.errors}
        kept = [values for number, values in good.items() if number not in wrong and values["resident"] is None]
        new_dwellings = {id(v["dwelling"]): v["dwelling"] for v in kept if v["dwelling"].pk is None}.values()
        new_buildings = {id(d.building): d.building for d in new_dwellings if d.building and d.building.pk is None}
        new_compounds = {id(b.compound) for b in new_buildings.values() if b.compound.pk is None}
        plan.also = [
            (label, count)
            for label, count in (
                (_("new households"), len({v["household_key"] for v in kept if v["household_obj"] is None})),
                (_("new dwellings"), len(new_dwellings)),
                (_("new buildings"), len(new_buildings)),
                (_("new compounds"), len(new_compounds)),
            )
            if count
        ]


class _Refused(Exception):
    def __init__(self, column, message):
        super().__init__(message)
        self.column, self.message = column, str(message)


class _Places:
    """The dwellings the rows name: those registered, read in one query per kind of place, and new
    ones (with their building and compound when those are new too), one object shared by every row
    that names it, so that it is created once."""

    def __init__(self, user, rows):
        rows = list(rows)
        self.grids = list(Grid.objects.editable_by(user).select_related("community").order_by("community", "number"))
        self.editable = {grid.pk for grid in self.grids}
        communities = {grid.community_id for grid in self.grids}
        self.compounds = defaultdict(list)
        for compound in Compound.objects.filter(
            community_id__in=communities, name__in={v["compound"] for v in rows if v["compound"]}
        ):
            self.compounds[compound.name].append(compound)
        found = [compound for named in self.compounds.values() for compound in named]
        self.buildings = {
            (building.compound_id, building.name): building
            for building in Building.objects.filter(
                compound__in=found, name__in={v["building"] for v in rows if v["building"]}
            )
        }
        self.rooms, self.building_grids = {}, defaultdict(set)
        for dwelling in Dwelling.objects.filter(building__in=list(self.buildings.values())).select_related("grid"):
            self.rooms[(dwelling.building_id, dwelling.unit, dwelling.room)] = dwelling
            self.building_grids[dwelling.building_id].add(dwelling.grid_id)
        self.addresses = defaultdict(list)
        for dwelling in Dwelling.objects.filter(
            building__isnull=True,
            grid__community_id__in=communities,
            address__in={v["address"] for v in rows if v["address"]},
        ).select_related("grid"):
            self.addresses[dwelling.address].append(dwelling)
        self.new = {}

    def dwelling(self, values) -> Dwelling:
        """The dwelling the row names (registered, or new); _Refused says why there is none."""
        if values["address"]:
            found = self.addresses.get(values["address"], [])
            if len(found) > 1:
                raise _Refused("地址", _("more than one dwelling of your area has this address"))
            if found:
                return self._in_area(found[0], "地址")
            key = ("address", values["address"])
            return self._new(key, values, lambda grid: Dwelling(grid=grid, address=values["address"]))
        named = self.compounds.get(values["compound"], [])
        if len(named) > 1:
            raise _Refused("小区", _("more than one compound of your area has this name"))
        compound = named[0] if named else None
        building = self.buildings.get((compound.pk, values["building"])) if compound else None
        registered = self.rooms.get((building.pk, values["unit"], values["room"])) if building else None
        if registered is not None:
            return self._in_area(registered, "房号")

        def dwelling_in(grid):
            nonlocal compound, building
            if compound is None:
                compound = self.new.setdefault(
                    ("compound", grid.community_id, values["compound"]),
                    Compound(community=grid.community, name=values["compound"]),
                )
            if building is None:
                building = self.new.setdefault(
                    ("building", grid.community_id, values["compound"], values["building"]),
                    Building(compound=compound, name=values["building"]),
                )
            return Dwelling(grid=grid, building=building, unit=values["unit"], room=values["room"])

        key = ("room", values["compound"], values["building"], values["unit"], values["room"])
        return self._new(
            key, values, dwelling_in, community=compound.community_id if compound else None, building=building
        )

    def _in_area(self, dwelling, column):
        if dwelling.grid_id not in self.editable:
            raise _Refused(column, OUT_OF_AREA)
        return dwelling

    def _new(self, key, values, make, *, community=None, building=None):
        if key in self.new and not values["grid"]:
            return self.new[key]  # the grid given on another of its rows
        grid = self._grid(values["grid"], community=community, building=building)
        if key in self.new:
            if self.new[key].grid != grid:
                raise _Refused("网格", _("the rows of this new dwelling name different grids"))
            return self.new[key]
        dwelling = self.new[key] = make(grid)
        return dwelling

    def _grid(self, typed, *, community, building) -> Grid:
        """The grid of a new dwelling: the one the row names, else that of the building's other
        dwellings, else the user's only grid."""
        grids = [grid for grid in self.grids if community is None or grid.community_id == community]
        if typed:
            normal = normalize_header(typed)
            named = [grid for grid in grids if normal in (str(grid.number), normalize_header(grid.name))]
            if len(named) == 1:
                return named[0]
            if named:
                raise _Refused("网格", _("more than one grid of your area has this name; write its community's grid"))
            raise _Refused("网格", _("no such grid in your area"))
        around = self.building_grids.get(building.pk, set()) if building is not None else set()
        if len(around) == 1:
            grid = next((grid for grid in grids if grid.pk in around), None)
            if grid is None:
                raise _Refused("房号", OUT_OF_AREA)
            return grid
        if len(grids) == 1:
            return grids[0]
        raise _Refused("网格", _("this dwelling is not registered yet: write the grid it lies in"))


class _Households:
    """The households the rows name, by household number or, where a row gives none, by the ID number
    of the head; one query for each."""

    def __init__(self, user, rows):
        rows = list(rows)
        numbers = {v["household"] for v in rows if v["household"]}
        heads = {v["head_id_number"] for v in rows if not v["household"]}
        self.found = {("number", h.number): h for h in Household.objects.filter(number__in=numbers)}
        for membership in (
            HouseholdMembership.objects.current()
            .filter(relationship=Relationship.HEAD, resident__id_number__in=heads)
            .select_related("household", "resident")
        ):
            self.found[("head", membership.resident.id_number)] = membership.household
        pks = [household.pk for household in self.found.values()]
        self.editable = set(Household.objects.editable_by(user).filter(pk__in=pks).values_list("pk", flat=True))
        self.headed = set(
            HouseholdMembership.objects.current()
            .filter(household__in=pks, relationship=Relationship.HEAD)
            .values_list("household", flat=True)
        )
        self.heads_in_sheet = {v["id_number"] for v in rows if v["relationship"] == Relationship.HEAD}

    @staticmethod
    def key(values):
        return ("number", values["household"]) if values["household"] else ("head", values["head_id_number"])


def _places_create(dwellings):
    """Create the new compounds, buildings and dwellings among `dwellings`, each once, in that order."""
    new = list({id(dwelling): dwelling for dwelling in dwellings if dwelling.pk is None}.values())
    buildings = list({id(d.building): d.building for d in new if d.building and d.building.pk is None}.values())
    compounds = list({id(b.compound): b.compound for b in buildings if b.compound.pk is None}.values())
    Compound.objects.bulk_create(compounds)
    Building.objects.bulk_create(buildings)
    Dwelling.objects.bulk_create(new)


def _numbers_assign(households):
    """Household numbers for new households of heads given by ID number: the community's division code
    (its last six digits) and a running number, after the highest registered."""
    by_community = defaultdict(list)
    for household in households:
        by_community[household.dwelling.grid.community.code[6:]].append(household)
    for prefix, new in by_community.items():
        taken = Household.objects.filter(number__startswith=prefix).values_list("number", flat=True)
        last = max((int(number[len(prefix) :]) for number in taken if number[len(prefix) :].isdigit()), default=0)
        for offset, household in enumerate(new, start=1):
            household.number = f"{prefix}{last + offset:04d}"


def _shown(user, name, old, new):
    if name == "phone" and not user.has_perm("residents.view_full_personal_data"):
        return mask_phone(old or ""), mask_phone(new or "")
    if name == "id_number":
        return mask_id_number(old), mask_id_number(new)
    return str(old or ""), str(new or "")


TAG_CELLS = [
    ("id_number", lambda value: normalize_id_number(text(value))),
    ("kind", lambda value: choice(value, TagKind, blank_allowed=False)),
    ("since", date),
    ("until", date),
    ("note", lambda value: text(value, max_length=200)),
]


class TagImport(ImportKind):
    """Special-group tags (低保户, 残疾人, 独居老人 …) of residents already on the register, by ID number.

    A row opens a tag, or, with an end date, ends the resident's current tag of that group. Sensitive
    groups (released prisoners, community corrections, at-risk youth) need their permission, as on
    the pages."""

    key = "tags"
    label = gettext_lazy("Special groups")
    permission = "residents.add_residenttag"
    columns = [
        Column(
            "id_number",
            "身份证号",
            required=True,
            help="已登记居民的 18 位公民身份号码",
            aliases=("公民身份号码", "身份证号码", "证件号码"),
        ),
        Column(
            "kind", "类别", required=True, help="如 低保、特困、残疾、独居老人、空巢老人、留守儿童、退役军人、待就业"
        ),
        Column("since", "起始日期", required=True, help="如 2026-01-05"),
        Column("until", "结束日期", help="填写则结束该居民此类别的当前标记"),
        Column("note", "备注", help="最多 200 个字"),
    ]

    def apply(self, rows, *, user, progress=None) -> Plan:
        plan, parsed = self.planned(rows, user=user, progress=progress)
        try:
            ResidentTag.objects.bulk_create(
                ResidentTag(
                    resident=parsed[n]["resident"],
                    kind=parsed[n]["kind"],
                    since=parsed[n]["since"],
                    until=parsed[n]["until"],
                    note=parsed[n]["note"],
                )
                for n in plan.created
            )
        except IntegrityError as error:
            raise ValidationError(
                _("Another user recorded some of these tags meanwhile; upload the file again.")
            ) from error
        for number in plan.updated:
            row, tag = parsed[number], parsed[number]["tag"]
            tag.since, tag.until, tag.note = row["since"], row["until"] or tag.until, row["note"] or tag.note
            tag.full_clean()
            tag.save(update_fields=["since", "until", "note"])
        residents = {parsed[n]["resident"].pk for n in plan.created + plan.updated}
        if Resident.objects.editable_by(user).filter(pk__in=residents).count() != len(residents):
            raise ValidationError(_("Some rows would put residents outside your area, so nothing was imported."))
        return plan

    def plan(self, rows, *, user, progress=None, for_update=False):
        plan, parsed = Plan(), {}
        allowed = set(tag_kinds_shown_to(user))
        for number, cells in rows:
            values, errors = self.parse(number, cells, TAG_CELLS)
            if not errors and values["since"] is None:
                errors.append(RowError(number, "起始日期", _("required")))
            if not errors and values["until"] and values["until"] < values["since"]:
                errors.append(RowError(number, "结束日期", _("before the start date")))
            if not errors and values["kind"] not in allowed:
                errors.append(RowError(number, "类别", _("you may not record this special group")))
            plan.errors += errors
            if not errors:
                parsed[number] = values
        repeated = Counter((v["id_number"], v["kind"]) for v in parsed.values())
        residents_qs = Resident.objects.editable_by(user).filter(
            id_number__in={v["id_number"] for v in parsed.values()}
        )
        if for_update:
            residents_qs = residents_qs.select_for_update(of=("self",))
        residents = {r.id_number: r for r in residents_qs}
        tags = {
            (tag.resident_id, tag.kind): tag
            for tag in ResidentTag.objects.current().filter(resident__in=list(residents.values()))
        }
        for number, values in list(parsed.items()):
            resident = residents.get(values["id_number"])
            if repeated[(values["id_number"], values["kind"])] > 1:
                plan.errors.append(RowError(number, "类别", _("this resident has this group on more than one row")))
            elif resident is None:
                plan.errors.append(
                    RowError(number, "身份证号", _("no resident with this ID number is registered in your area"))
                )
            else:
                values["resident"] = resident
                tag = values["tag"] = tags.get((resident.pk, values["kind"]))
                if tag is None:
                    plan.created.append(number)
                    continue
                if values["until"] and values["until"] < tag.since:
                    plan.errors.append(RowError(number, "结束日期", _("before the start of the current tag")))
                    continue
                changes = [
                    (label, str(old or ""), str(new or ""))
                    for label, old, new in (
                        ("起始日期", tag.since, values["since"]),
                        ("结束日期", tag.until, values["until"] or tag.until),
                        ("备注", tag.note, values["note"] or tag.note),
                    )
                    if old != new
                ]
                (plan.updated if changes else plan.unchanged).append(number)
                plan.changes += [(number, *change) for change in changes]
        wrong = {error.row for error in plan.errors}
        for bucket in (plan.created, plan.updated, plan.unchanged):
            bucket[:] = [number for number in bucket if number not in wrong]
        plan.changes = [change for change in plan.changes if change[0] not in wrong]
        plan.errors.sort(key=lambda error: error.row)
        return plan, parsed


class VisitImport(ImportKind):
    """Visits (走访) kept on paper, by household number; the person importing is recorded as the visitor.

    A visit already registered (same household, date, kind and notes) is left as it is, so that a sheet
    imported twice records nothing twice."""

    key = "visits"
    label = gettext_lazy("Visits")
    permission = "residents.add_visit"
    columns = [
        Column("household", "户号", required=True, help="已登记的户号"),
        Column("visited_on", "走访日期", required=True, help="如 2026-01-05，不能晚于今天"),
        Column("kind", "走访类型", help="如 日常走访、走访困难群众、六到家；不填为日常走访"),
        Column("notes", "走访内容", help="走访情况"),
        Column("follow_up_needed", "需要跟进", help="填 是 或 否；不填为否"),
    ]

    def apply(self, rows, *, user, progress=None) -> Plan:
        plan, parsed = self.planned(rows, user=user, progress=progress)
        Visit.objects.bulk_create(
            Visit(
                household=row["household"],
                grid_id=row["household"].dwelling.grid_id,
                worker=user,
                visited_on=row["visited_on"],
                kind=row["kind"],
                notes=row["notes"],
                follow_up_needed=row["follow_up_needed"],
            )
            for row in (parsed[number] for number in plan.created)
        )
        return plan

    def plan(self, rows, *, user, progress=None, for_update=False):
        plan, parsed = Plan(), {}
        today = timezone.localdate()
        for number, cells in rows:
            values, errors = self.parse(number, cells, VISIT_CELLS)
            if not errors and (not values["household"] or values["visited_on"] is None):
                errors.append(RowError(number, "户号" if not values["household"] else "走访日期", _("required")))
            elif not errors and values["visited_on"] > today:
                errors.append(RowError(number, "走访日期", _("later than today")))
            if not errors and values["kind"] == VisitKind.EX_OFFENDER and not sees_sensitive_tags(user):
                errors.append(RowError(number, "走访类型", _("you may not record this kind of visit")))
            plan.errors += errors
            if not errors:
                parsed[number] = values
        households_qs = Household.objects.editable_by(user).select_related("dwelling")
        households_qs = households_qs.filter(number__in={v["household"] for v in parsed.values()})
        if for_update:
            households_qs = households_qs.select_for_update(of=("self",))
        households = {household.number: household for household in households_qs}
        registered = set(
            Visit.objects.filter(household__in=list(households.values())).values_list(
                "household__number", "visited_on", "kind", "notes"
            )
        )
        repeated = Counter((v["household"], v["visited_on"], v["kind"], v["notes"]) for v in parsed.values())
        for number, values in parsed.items():
            key = (values["household"], values["visited_on"], values["kind"], values["notes"])
            values["household"] = households.get(values["household"])
            if values["household"] is None:
                plan.errors.append(RowError(number, "户号", _("no such household is registered in your area")))
            elif repeated[key] > 1:
                plan.errors.append(RowError(number, "走访日期", _("the same visit is on more than one row")))
            else:
                (plan.unchanged if key in registered else plan.created).append(number)
        plan.errors.sort(key=lambda error: error.row)
        return plan, parsed


def _yes_no(value) -> bool:
    typed = text(value).lower()
    if typed in ("", "否", "no", "n", "0", "false"):
        return False
    if typed in ("是", "yes", "y", "1", "true"):
        return True
    raise ValidationError(_("write “是” (yes) or “否” (no)"))


VISIT_CELLS = [
    ("household", lambda value: text(value, max_length=20)),
    ("visited_on", date),
    ("kind", lambda value: choice(value, VisitKind) or VisitKind.ROUTINE),
    ("notes", lambda value: text(value, max_length=2000)),
    ("follow_up_needed", _yes_no),
]
