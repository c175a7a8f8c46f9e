"""The party member roll (党员花名册) as an import kind (imports/): one row per member, by ID number.

A member who lives in the organisation's community and is on the register as a party or probationary
member is linked to their resident record (name, ID number and phone then come from the register);
anyone else is entered with their own ID number and phone. A member already on a roll the user keeps
is updated field by field, a change of organisation recorded as a transfer; one on a roll the user
does not keep is an error, never a write.
"""

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.kinds import OUT_OF_AREA, Column, ImportKind, Plan, RowError, choice, date, text
from residents.choices import PoliticalStatus
from residents.identity import mask_phone, normalize_id_number, normalize_phone
from residents.models import Resident, ResidentStatus

from . import actions
from .models import Member, Organisation, Transfer, Unit

# The fields a row sets on a member, in the order of the template's columns.
ROLL = [
    "organisation",
    "standing",
    "joined_on",
    "probation_ends_on",
    "confirmed_on",
    "category",
    "work_unit",
    "work_branch",
    "reported_on",
    "post",
]
# Only for members not linked to a resident: the register keeps these of the others.
OWN = ["name", "phone"]
CATEGORY_NAMES = {"在职党员": Member.Category.IN_SERVICE, "报到党员": Member.Category.IN_SERVICE, "离退休": "retired"}
STANDING_NAMES = {"正式": Member.Standing.FULL, "预备": Member.Standing.PROBATIONARY}

CELLS = [
    ("name", lambda value: text(value, max_length=50)),
    ("id_number", lambda value: normalize_id_number(text(value))),
    ("phone", lambda value: normalize_phone(text(value))),
    ("organisation", lambda value: text(value, max_length=100)),
    ("standing", lambda value: choice(value, Member.Standing, aliases=STANDING_NAMES) or Member.Standing.FULL),
    ("joined_on", date),
    ("probation_ends_on", date),
    ("confirmed_on", date),
    ("category", lambda value: choice(value, Member.Category, aliases=CATEGORY_NAMES) or Member.Category.COMMUNITY),
    ("work_unit", lambda value: text(value, max_length=100)),
    ("work_branch", lambda value: text(value, max_length=100)),
    ("reported_on", date),
    ("post", lambda value: text(value, max_length=50)),
]


class MemberImport(ImportKind):
    key = "members"
    label = gettext_lazy("Party member roll")
    permission = "partybuilding.add_member"
    columns = [
        Column("name", "姓名", required=True, help="最多 50 个字；已在居民信息中登记的党员须与登记的姓名一致"),
        Column(
            "id_number",
            "身份证号",
            required=True,
            help="18 位公民身份号码；本社区已登记的党员按此关联居民信息",
            aliases=("公民身份号码", "身份证号码", "证件号码"),
        ),
        Column("phone", "联系电话", help="未在本社区居民信息中登记的党员必填", aliases=("电话", "手机", "手机号")),
        Column(
            "organisation",
            "所在党组织",
            required=True,
            help="您管理的党组织的名称，如 第一党支部",
            aliases=("所在支部", "党支部"),
        ),
        Column("standing", "党员身份", help="正式党员 或 预备党员；不填为正式党员", aliases=("正式/预备",)),
        Column("joined_on", "入党日期", required=True, help="如 2001-07-01、2001/7/1 或 2001年7月1日"),
        Column("probation_ends_on", "预备期满日期", help="预备党员必填"),
        Column("confirmed_on", "转正日期", help="已转正的填写"),
        Column("category", "党员类别", help="社区党员、在职党员、流动党员 或 离退休党员；不填为社区党员"),
        Column("work_unit", "工作单位", help="已登记的共建单位名称；在职党员填写工作单位或工作单位党组织"),
        Column("work_branch", "工作单位党组织", help="如 东华门供电公司党支部"),
        Column("reported_on", "报到日期", help="在职党员到社区报到（双报到）的日期，在职党员必填"),
        Column("post", "岗位", help="设岗定责，如 楼栋长；最多 50 个字"),
    ]

    def apply(self, rows, *, user, progress=None) -> Plan:
        """New members in one INSERT, each entered on the roll by a transfer in; members already on a
        roll one by one through `member_update` (its version check, and a transfer when the
        organisation changes). Runs inside the confirm's transaction."""
        plan, parsed = self.planned(rows, user=user, progress=progress)
        today = timezone.localdate()
        try:
            members = Member.objects.bulk_create(parsed[number]["member"] for number in plan.created)
        except IntegrityError as error:
            raise ValidationError(
                _("Another user entered some of these members meanwhile; upload the file again.")
            ) from error
        Transfer.objects.bulk_create(
            Transfer(
                member=member, direction=Transfer.Direction.IN, on=today, to_organisation=member.organisation.name,
                note=_("Entered on the roll by an import."), recorded_by=user,
            )
            for member in members
        )  # fmt: skip
        written = Member.objects.editable_by(user).filter(pk__in=[member.pk for member in members])
        if written.count() != len(members):
            raise ValidationError(_("Some rows would put members outside your organisations, so nothing was imported."))
        for number in plan.updated:
            member = parsed[number]["member"]
            actions.member_update(user=user, member=member, version=member.version)
        return plan

    def plan(self, rows, *, user, progress=None, for_update=False):
        plan, parsed = Plan(), {}
        for number, cells in rows:
            values, errors = self.parse(number, cells, CELLS)
            if not errors:
                errors += self._required(number, values)
            plan.errors += errors
            if not errors:
                parsed[number] = values
        repeated = Counter(values["id_number"] for values in parsed.values())
        ids = set(repeated)
        organisations = defaultdict(list)
        for organisation in Organisation.objects.editable_by(user).only("id", "name", "community_id"):
            organisations[organisation.name].append(organisation)
        units = defaultdict(list)
        for unit in Unit.objects.visible_to(user).only("id", "name"):
            units[unit.name].append(unit)
        on_rolls = Member.objects.filter(Q(id_number__in=ids) | Q(resident__id_number__in=ids)).select_related(
            "resident", "organisation"
        )
        if for_update:
            on_rolls = on_rolls.select_for_update(of=("self",))
        members = {member.identity_number: member for member in on_rolls}
        kept = set(
            Member.objects.editable_by(user)
            .filter(pk__in=[member.pk for member in members.values()])
            .values_list("pk", flat=True)
        )
        residents = defaultdict(list)
        for resident in Resident.objects.filter(id_number__in=ids, status=ResidentStatus.ACTIVE).only(
            "id", "name", "id_number", "political_status", "community_id"
        ):
            residents[resident.id_number].append(resident)
        for done, (number, values) in enumerate(parsed.items(), start=1):
            if progress and done % 200 == 0:
                progress(done)
            errors = []
            if repeated[values["id_number"]] > 1:
                errors.append(RowError(number, "身份证号", _("this ID number is on more than one row")))
            found = organisations.get(values["organisation"], [])
            if len(found) != 1:
                message = _("more than one of your organisations has this name") if found else str(OUT_OF_AREA)
                errors.append(RowError(number, "所在党组织", message))
            named_units = units.get(values["work_unit"], []) if values["work_unit"] else [None]
            if len(named_units) != 1:
                message = (
                    _("more than one registered unit has this name")
                    if named_units
                    else _("no such unit is registered; give its party branch instead")
                )
                errors.append(RowError(number, "工作单位", message))
            if errors:
                plan.errors += errors
                continue
            organisation, work_unit = found[0], named_units[0]
            member = members.get(values["id_number"])
            if member is not None and member.pk not in kept:
                errors.append(RowError(number, "身份证号", _("on the roll of an organisation you do not keep")))
            elif member is not None and not member.is_active:
                errors.append(RowError(number, "身份证号", _("this member has transferred out or died")))
            else:
                resident = next(
                    (r for r in residents[values["id_number"]] if r.community_id == organisation.community_id), None
                )
                errors += self._identity(number, values, resident, member)
            if errors:
                plan.errors += errors
                continue
            fields = {**{name: values[name] for name in ROLL}, "organisation": organisation, "work_unit": work_unit}
            if member is None:
                member = Member(resident=resident, **fields)
                if resident is None:
                    member.name, member.id_number, member.phone = values["name"], values["id_number"], values["phone"]
                else:
                    member.name = resident.name
                plan.created.append(number)
            else:
                if member.resident_id is None:
                    fields.update(name=values["name"], phone=values["phone"] or member.phone)
                changes = [
                    (str(Member._meta.get_field(name).verbose_name), *_shown(user, name, getattr(member, name), new))
                    for name, new in fields.items()
                    if getattr(member, name) != new
                ]
                for name, new in fields.items():
                    setattr(member, name, new)
                (plan.updated if changes else plan.unchanged).append(number)
                plan.changes += [(number, *change) for change in changes]
            values["member"] = member
            errors = self._valid(number, member)
            if errors:
                plan.errors += errors
                for bucket in (plan.created, plan.updated, plan.unchanged):
                    if number in bucket:
                        bucket.remove(number)
                plan.changes = [change for change in plan.changes if change[0] != number]
        plan.errors.sort(key=lambda error: error.row)
        return plan, parsed

    def _required(self, number, values):
        if not values["name"]:
            return [RowError(number, "姓名", _("required"))]
        if not values["id_number"]:
            return [RowError(number, "身份证号", _("required"))]
        if not values["organisation"]:
            return [RowError(number, "所在党组织", _("required"))]
        if values["joined_on"] is None:
            return [RowError(number, "入党日期", _("required"))]
        return []

    def _identity(self, number, values, resident, member):
        """A row's identity against the register: a resident of the organisation's community is linked
        when the register shows them as a party member; anyone else needs their own phone."""
        linked = member.resident if member is not None else resident
        if linked is not None:
            if linked.name != values["name"]:
                return [RowError(number, "姓名", _("differs from the name on the register for this ID number"))]
            if member is None and resident.political_status not in (
                PoliticalStatus.CPC_MEMBER,
                PoliticalStatus.CPC_PROBATIONARY,
            ):
                return [
                    RowError(
                        number,
                        "身份证号",
                        _(
                            "the register does not show this resident as a party member; "
                            "correct their political status first"
                        ),
                    )
                ]
            return []
        if not values["phone"] and (member is None or not member.phone):
            return [RowError(number, "联系电话", _("required for a member not on the register of the community"))]
        return []

    def _valid(self, number, member):
        """The member's own checks (ID number, phone, in-service members' unit and report date), without
        the queries of the uniqueness checks: the sheet and the rolls were compared above."""
        labels = {column.key: column.label for column in self.columns}
        try:
            member.clean_fields(exclude=["resident", "organisation", "work_unit"])
            member.clean()
            if member.standing == Member.Standing.PROBATIONARY and member.probation_ends_on is None:
                raise ValidationError({"probation_ends_on": _("required for a probationary member")})
            if member.confirmed_on and member.confirmed_on < member.joined_on:
                raise ValidationError({"confirmed_on": _("before the date of joining")})
        except ValidationError as error:
            by_field = error.message_dict.items() if hasattr(error, "error_dict") else [("id_number", error.messages)]
            return [
                RowError(number, labels.get(name, labels["id_number"]), " ".join(messages))
                for name, messages in by_field
            ]
        return []


def _shown(user, name, old, new):
    if name == "phone" and not user.has_perm("residents.view_full_personal_data"):
        return mask_phone(old or ""), mask_phone(new or "")
    return str(old or ""), str(new or "")
