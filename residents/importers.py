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

from grids.models import Community, Compound, Dwelling, Grid
from imports.kinds import Column, ImportKind, Plan, RowError, choice, date, text

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
    pinyin_initials,
    sees_sensitive_tags,
    tag_kinds_shown_to,
)

OUT_OF_AREA = gettext_lazy("not in your area (不在您的管辖范围)")
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
    label = gettext_lazy("Resident register (人口信息表)")
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
        Column("compound", "小区", help="已登记的小区或自然村名称；与楼栋、房号一起确定房屋"),
        Column("building", "楼栋", help="如 3号楼"),
        Column("unit", "单元", help="如 2单元，没有可不填"),
        Column("room", "房号", help="如 301"),
        Column("address", "地址", help="不在楼栋里的房屋（如村里）填写已登记的地址，代替小区、楼栋、单元、房号"),
        Column("household", "户号", required=True, help="同一户的人填写相同户号；新户号会新建一户"),
        Column("relationship", "与户主关系", required=True, help="GB/T 4761 代码或名称，如 02 户主、10 配偶、20 子"),
        Column("moved_in_on", "迁入日期", help="如 2026-01-05、2026/1/5 或 2026年1月5日"),
    ]

    def apply(self, rows, *, user) -> Plan:
        """Write the rows, set-based: new households, residents and memberships each in one INSERT
        (the change-history triggers record every row), updated residents one by one through
        `resident_update`. Runs inside the confirm's transaction, after `plan` has locked the
        residents the rows name; the scope of what was written is checked again before it commits."""
        plan, parsed = self.planned(rows, user=user)
        today = timezone.localdate()
        created = [parsed[number] for number in plan.created]
        new_households = {}
        for row in created:
            if row["household_obj"] is None and row["household"] not in new_households:
                new_households[row["household"]] = Household(dwelling=row["dwelling"], number=row["household"])
        try:
            Household.objects.bulk_create(new_households.values())
            residents = Resident.objects.bulk_create(
                Resident(
                    dwelling=row["dwelling"], grid_id=row["dwelling"].grid_id,
                    community_id=row["dwelling"].grid.community_id, moved_in_on=row["moved_in_on"],
                    id_number=row["id_number"], name_initials=pinyin_initials(row["name"]),
                    **{name: row[name] for name in PERSONAL},
                )
                for row in created
            )  # fmt: skip
            HouseholdMembership.objects.bulk_create(
                HouseholdMembership(
                    household=row["household_obj"] or new_households[row["household"]], resident=resident,
                    relationship=row["relationship"], started_on=row["moved_in_on"] or today,
                )
                for row, resident in zip(created, residents, strict=True)
            )  # fmt: skip
        except IntegrityError as error:
            # Someone registered one of the ID numbers or household numbers since the rows were locked.
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
            ("household", 20),
        ):
            cell(key, lambda value, length=length: text(value, max_length=length))
        cell("relationship", lambda value: choice(value, Relationship, blank_allowed=False))
        cell("moved_in_on", date)
        if not errors and not values["address"] and not (values["compound"] and values["building"] and values["room"]):
            errors.append(RowError(number, "房号", _("give the compound, building and room, or the address")))
        if not errors and not values["household"]:
            errors.append(RowError(number, "户号", _("required")))
        return values, errors

    def _resolve(self, parsed, plan, *, user, for_update, progress):
        wrong = {error.row for error in plan.errors}
        good = {number: values for number, values in parsed.items() if number not in wrong}
        # One query per kind of record for the whole sheet, whatever its length.
        compounds = defaultdict(list)
        for compound in Compound.objects.filter(community__in=_communities_of(user)).only("id", "name"):
            compounds[compound.name].append(compound)
        dwellings = Dwelling.objects.editable_by(user).select_related("building__compound", "grid")
        by_place = {}
        for dwelling in dwellings.filter(building__compound__in=[c for cs in compounds.values() for c in cs]):
            by_place[(dwelling.building.compound_id, dwelling.building.name, dwelling.unit, dwelling.room)] = dwelling
        by_address = {d.address: d for d in dwellings.filter(building__isnull=True).exclude(address="")}
        residents_qs = Resident.objects.filter(id_number__in=[v["id_number"] for v in good.values()])
        if for_update:
            residents_qs = residents_qs.select_for_update(of=("self",))
        residents = {r.id_number: r for r in residents_qs}
        editable = set(
            Resident.objects.editable_by(user)
            .filter(pk__in=[r.pk for r in residents.values()])
            .values_list("pk", flat=True)
        )
        households = {h.number: h for h in Household.objects.filter(number__in={v["household"] for v in good.values()})}
        household_ok = set(
            Household.objects.editable_by(user)
            .filter(pk__in=[h.pk for h in households.values()])
            .values_list("pk", flat=True)
        )
        heads = set(
            Household.objects.filter(
                pk__in=household_ok, memberships__ended_on__isnull=True, memberships__relationship=Relationship.HEAD
            ).values_list("number", flat=True)
        )
        sheet_heads = Counter(v["household"] for v in good.values() if v["relationship"] == Relationship.HEAD)
        sheet_dwelling = {}
        for done, (number, values) in enumerate(good.items(), start=1):
            if progress and done % 200 == 0:
                progress(done)
            errors = []
            if values["address"]:
                dwelling = by_address.get(values["address"])
            else:
                candidates = compounds.get(values["compound"], [])
                dwelling = None
                if len(candidates) > 1:
                    errors.append(RowError(number, "小区", _("more than one compound of your area has this name")))
                elif candidates:
                    key = (candidates[0].pk, values["building"], values["unit"], values["room"])
                    dwelling = by_place.get(key)
            if dwelling is None and not errors:
                errors.append(
                    RowError(
                        number,
                        "房号" if not values["address"] else "地址",
                        _("no such dwelling is registered in your area"),
                    )
                )
            values["dwelling"] = dwelling
            household = households.get(values["household"])
            values["household_obj"] = household
            if household is not None and household.pk not in household_ok:
                errors.append(RowError(number, "户号", str(OUT_OF_AREA)))
            elif household is not None and dwelling is not None and household.dwelling_id != dwelling.pk:
                errors.append(RowError(number, "户号", _("this household lives in another dwelling")))
            seen = sheet_dwelling.setdefault(values["household"], dwelling)
            if dwelling is not None and seen is not None and seen != dwelling:
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
                values["household"] in heads or sheet_heads[values["household"]] > 1
            ):
                errors.append(RowError(number, "与户主关系", _("this household has a head already")))
            plan.errors += errors


def _communities_of(user):
    return Community.objects.filter(grids__in=Grid.objects.editable_by(user)).distinct()


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
    label = gettext_lazy("Special groups (特殊人群)")
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

    def apply(self, rows, *, user) -> Plan:
        plan, parsed = self.planned(rows, user=user)
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
    label = gettext_lazy("Visits (走访记录)")
    permission = "residents.add_visit"
    columns = [
        Column("household", "户号", required=True, help="已登记的户号"),
        Column("visited_on", "走访日期", required=True, help="如 2026-01-05，不能晚于今天"),
        Column("kind", "走访类型", help="如 日常走访、走访困难群众、六到家；不填为日常走访"),
        Column("notes", "走访内容", help="走访情况"),
        Column("follow_up_needed", "需要跟进", help="填 是 或 否；不填为否"),
    ]

    def apply(self, rows, *, user) -> Plan:
        plan, parsed = self.planned(rows, user=user)
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
    raise ValidationError(_("write 是 or 否"))


VISIT_CELLS = [
    ("household", lambda value: text(value, max_length=20)),
    ("visited_on", date),
    ("kind", lambda value: choice(value, VisitKind) or VisitKind.ROUTINE),
    ("notes", lambda value: text(value, max_length=2000)),
    ("follow_up_needed", _yes_no),
]
