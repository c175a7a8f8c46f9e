"""Places and people of the scale district, drawn as COPY text: compounds, buildings, dwellings,
households, residents, memberships, special-group tags and visits.

Consistent by construction: every household lives in a dwelling of its own, every resident has one
current membership (the first member of a household is its head) and lives in that household's
dwelling. ID numbers are unique by construction too: a counter per (address code, birth date,
gender) hands out the sequence digits 500-999 (odd for men), which neither the demo's residents
(000-499) nor any earlier draw of this run use.
"""

import datetime
import random
from array import array

from stdnum.cn import ric

from demo.residents import (
    AT_RISK_NOTES,
    DISABILITIES,
    FOLLOW_UPS,
    PROVINCES,
    SURNAMES,
    VISIT_NOTES,
    DemoPopulation,
    given_name,
)
from grids.models import Compound, Dwelling
from residents.choices import (
    Ethnicity,
    HouseholdKind,
    MaritalStatus,
    PoliticalStatus,
    Relationship,
    ResidenceType,
    TagKind,
    VisitKind,
)
from residents.models import name_spellings

from .areas import Areas
from .rows import NULL, Chunk, Clock, apportion

R = Relationship
OWN_CODES = [("110102", 9), ("110104", 1)]  # 西城区, and the former 宣武区 merged into it in 2010
OTHER_BEIJING = [
    ("110101", "北京市东城区东四北大街"),
    ("110105", "北京市朝阳区劲松南路"),
    ("110106", "北京市丰台区方庄芳城园"),
    ("110108", "北京市海淀区中关村南大街"),
]
AREA_CODES = sorted({code for code, _weight in OWN_CODES} | {code for code, _ in OTHER_BEIJING + PROVINCES})
FIRST_SEQUENCE = 500  # the demo's residents use 000-499
SEQUENCES_PER_GENDER = 250
FIRST_BIRTH = datetime.date(1900, 1, 1).toordinal()
PHONE_PREFIXES = [
    130,
    131,
    132,
    133,
    135,
    136,
    137,
    138,
    139,
    150,
    151,
    152,
    155,
    156,
    158,
    159,
    166,
    176,
    177,
    178,
    180,
    181,
    185,
    186,
    187,
    188,
    189,
    191,
    198,
    199,
]
COMPOUND_WORDS = [
    "阳光",
    "和平",
    "幸福",
    "文华",
    "锦绣",
    "翠微",
    "安华",
    "福寿",
    "长安",
    "康乐",
    "如意",
    "永安",
    "华远",
    "金台",
    "新华",
    "丽园",
    "百花",
    "万寿",
    "嘉园",
    "育新",
]
# units, floors, flats per floor
LAYOUTS = [(3, 6, 2), (2, 6, 2), (4, 6, 2), (3, 5, 3), (2, 18, 4), (1, 24, 4)]
ETHNICITIES = ([Ethnicity.HAN, Ethnicity.MANCHU, Ethnicity.HUI, Ethnicity.MONGOL], [93, 4, 2, 1])
SETTLED_KINDS = (
    [
        "elder_alone",
        "elder_couple",
        "couple_kids",
        "three_generations",
        "with_parents",
        "skipped_generation",
        "young_couple",
        "single_adult",
        "elder_with_carer",
    ],
    [10, 12, 24, 28, 15, 1, 6, 3, 2],
)
FLOATING_KINDS = (["couple_kids", "young_couple", "single_adult", "collective"], [57, 20, 21, 2])
NEEDY_TAGS = {
    TagKind.ELDERLY_ALONE,
    TagKind.EMPTY_NEST,
    TagKind.DISABLED,
    TagKind.EXTREME_POVERTY,
    TagKind.LEFT_BEHIND_CHILD,
    TagKind.LOW_INCOME,
}
CHUNK_LINES = 100_000
PARTY_STATUSES = (PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY)


class People:
    """What the request generator needs of every resident, in compact arrays (index = id - first id)."""

    def __init__(self):
        self.first_id = 0
        self.grid = array("I")  # index into Areas.grids
        self.name: list[str] = []
        self.phone = array("q")  # 0 when none
        # community id → [(resident id, birth ordinal, probationary)] of the residents who are party members
        self.party: dict[int, list[tuple[int, int, bool]]] = {}


class PeopleGenerator:
    def __init__(self, rng: random.Random, areas: Areas, ids: dict[str, int], today: datetime.date, now_text: str):
        self.rng = rng
        self.areas = areas
        self.ids = ids  # key → last id given out
        self.today = today.toordinal()
        self.now = now_text
        self.clock = Clock()
        self.demo = DemoPopulation(rng, today)
        self.chunk = Chunk()
        self.people = People()
        self.people.first_id = ids["resident"] + 1
        self.spellings: dict[str, str] = {}  # name → its initials and pinyin, tab-separated
        self.days = self.today - FIRST_BIRTH + 1
        self.sequences = bytearray(len(AREA_CODES) * self.days * 2)
        self.area_index = {code: index for index, code in enumerate(AREA_CODES)}
        self.birth_digits: dict[int, str] = {}
        self.phones = 0
        self.household_numbers: dict[int, int] = {}
        self.compound_numbers: dict[int, int] = {}
        self.counts = dict.fromkeys(
            ["compound", "building", "dwelling", "household", "resident", "membership", "tag", "visit"], 0
        )

    def next_id(self, key: str) -> int:
        self.ids[key] += 1
        return self.ids[key]

    # --- the district, grid by grid ---------------------------------------------------------------

    def rows(self, residents: int):
        """Yield chunks of COPY lines until `residents` residents live in the district."""
        rng = self.rng
        quotas = apportion(residents, [rng.uniform(0.6, 1.4) for _grid in self.areas.grids])
        for grid_index, quota in enumerate(quotas):
            self.fill_grid(grid_index, quota)
            if self.chunk.size >= CHUNK_LINES:
                yield self.chunk.take()
        yield self.chunk.take()

    def fill_grid(self, grid_index: int, quota: int) -> None:
        """Buildings of the grid's compounds, flat after flat, until `quota` people live in them."""
        rng, chunk = self.rng, self.chunk
        grid = self.areas.grids[grid_index]
        compound_id, buildings_left, building_number = 0, 0, 0
        while quota > 0:
            if buildings_left == 0:
                compound_id = self.new_compound(grid.community_id)
                buildings_left, building_number = rng.randint(3, 8), 0
            buildings_left -= 1
            building_number += 1
            building_id = self.next_id("building")
            chunk.add("building", f"{building_id}\t{compound_id}\t{building_number}号楼\n")
            self.counts["building"] += 1
            units, floors, flats = rng.choice(LAYOUTS)
            for unit in range(1, units + 1):
                for floor in range(1, floors + 1):
                    for flat in range(1, flats + 1):
                        roll = rng.random()
                        if quota <= 0 or roll < 0.05:
                            use = Dwelling.Use.VACANT
                        elif roll < 0.08 and floor == 1:
                            use = Dwelling.Use.COMMERCIAL
                        else:
                            use = Dwelling.Use.RENTED if roll < 0.25 else Dwelling.Use.OWNER_OCCUPIED
                        dwelling_id = self.next_id("dwelling")
                        chunk.add(
                            "dwelling",
                            f"{dwelling_id}\t{grid.id}\t{building_id}\t{unit}单元\t{floor}\t{floor}{flat:02d}\t\t{use}\n",
                        )
                        self.counts["dwelling"] += 1
                        if use in (Dwelling.Use.OWNER_OCCUPIED, Dwelling.Use.RENTED):
                            quota -= self.household(grid_index, dwelling_id, use == Dwelling.Use.RENTED, quota)
                    if quota <= 0:
                        break  # the grid's last building is registered up to the floor of its last household
                if quota <= 0:
                    break

    def new_compound(self, community_id: int) -> int:
        number = self.compound_numbers.get(community_id, 0)
        self.compound_numbers[community_id] = number + 1
        word, edition = COMPOUND_WORDS[number % len(COMPOUND_WORDS)], number // len(COMPOUND_WORDS)
        compound_id = self.next_id("compound")
        name = f"{word}{f'{edition + 1}期' if edition else ''}小区"
        self.chunk.add("compound", f"{compound_id}\t{community_id}\t{name}\t{Compound.Kind.COMPOUND}\n")
        self.counts["compound"] += 1
        return compound_id

    # --- households ---------------------------------------------------------------------------------

    def origin(self, rented: bool) -> tuple[str, str, str]:
        """(residence type, ID number address code, registered address)."""
        rng = self.rng
        weights = [15, 10, 0, 75] if rented else [82, 7, 8, 3]
        kind = rng.choices(["registered", "separated", "permanent", "floating"], weights)[0]
        if kind == "registered":
            return ResidenceType.REGISTERED, "110102" if rng.random() < 0.9 else "110104", ""
        if kind == "separated":
            code, street = rng.choice(OTHER_BEIJING)
            return ResidenceType.SEPARATED, code, f"{street}{rng.randint(1, 120)}号"
        code, street = rng.choice(OTHER_BEIJING + PROVINCES if kind == "permanent" else PROVINCES)
        residence_type = ResidenceType.PERMANENT if kind == "permanent" else ResidenceType.FLOATING
        return residence_type, code, f"{street}{rng.randint(1, 300)}号"

    def members(self, origin) -> tuple[str, list[tuple], str]:
        """(household kind, [(relationship, age, male, marital status, surname, origin)] with the head first,
        the kind of family drawn)."""
        rng = self.rng
        floating = origin[0] == ResidenceType.FLOATING
        kind = rng.choices(*(FLOATING_KINDS if floating else SETTLED_KINDS))[0]
        child_origin = (ResidenceType.REGISTERED, "110102", "") if origin[0] == ResidenceType.REGISTERED else origin
        married, widowed = MaritalStatus.MARRIED, MaritalStatus.WIDOWED
        people = []

        def add(relationship, age, male, marital="", surname=None, from_=origin):
            people.append((relationship, max(0, min(age, 95)), male, marital, surname or rng.choice(SURNAMES), from_))
            return people[-1]

        def couple(low, high, male=None, married_=True):
            age = rng.randint(low, high)
            male = rng.random() < 0.7 if male is None else male
            head = add(R.HEAD, age, male, married if married_ else "")
            spouse = None
            if married_:
                spouse_age = age - rng.randint(-2, 6) if male else age + rng.randint(-2, 6)
                spouse = add(R.SPOUSE, spouse_age, not male, married)
            return head, spouse

        def children(parent, other, count, of_head=True, surname=None):
            father = parent if parent[2] or other is None else other
            youngest = min(parent[1], other[1]) if other else parent[1]
            kids = []
            for _i in range(count):
                age = youngest - rng.randint(23, 34)
                if age < 0:
                    break
                male = rng.random() < 0.52
                if of_head:
                    relationship = R.SON if male else R.DAUGHTER
                elif parent[0] == R.SON:
                    relationship = R.GRANDSON if male else R.GRANDDAUGHTER
                else:
                    relationship = R.DAUGHTERS_SON if male else R.DAUGHTERS_DAUGHTER
                kids.append(add(relationship, age, male, "", surname or father[4], child_origin))
            return kids

        if kind in ("elder_alone", "elder_with_carer"):
            add(R.HEAD, rng.randint(66, 95), rng.random() < 0.35, widowed if rng.random() < 0.8 else "")
            if kind == "elder_with_carer":
                code, street = rng.choice(PROVINCES)
                carer = (ResidenceType.LODGING, code, f"{street}{rng.randint(1, 300)}号")
                add(R.NON_RELATIVE, rng.randint(42, 58), False, married, from_=carer)
        elif kind == "elder_couple":
            couple(62, 92, male=rng.random() < 0.85)
        elif kind == "couple_kids":
            head, spouse = couple(32, 52)
            children(head, spouse, rng.choices([1, 2], [55, 45])[0])
        elif kind == "three_generations":
            head, spouse = couple(56, 85, married_=rng.random() < 0.8)
            child = children(head, spouse, 1)
            if child and child[0][1] >= 24:
                child = child[0]
                people[-1] = child = (*child[:3], married, *child[4:])
                in_law = add(
                    R.DAUGHTER_IN_LAW if child[2] else R.SON_IN_LAW,
                    child[1] + rng.randint(-2, 5) * (-1 if child[2] else 1),
                    not child[2],
                    married,
                    from_=child_origin,
                )
                children(
                    child,
                    in_law,
                    rng.choices([1, 2], [60, 40])[0],
                    of_head=False,
                    surname=child[4] if child[2] else in_law[4],
                )
        elif kind == "with_parents":
            head, spouse = couple(35, 58)
            if rng.random() < 0.7:
                children(head, spouse, 1)
            parents_age = head[1] + rng.randint(22, 32)
            both = rng.random() < 0.45
            if both or rng.random() < 0.35:
                add(R.FATHER, parents_age, True, married if both else widowed, head[4])
            if both or people[-1][0] != R.FATHER:
                add(R.MOTHER, parents_age - rng.randint(0, 4), False, married if both else widowed)
        elif kind == "skipped_generation":
            head, _spouse = couple(58, 72, male=True)
            male = rng.random() < 0.5
            add(R.GRANDSON if male else R.GRANDDAUGHTER, rng.randint(6, 14), male, "", head[4], child_origin)
        elif kind == "young_couple":
            couple(24, 36)
        elif kind == "single_adult":
            couple(22, 64, married_=False)
        else:  # collective: workers of a small business sharing a rented flat
            for index in range(rng.randint(3, 5)):
                code, street = rng.choice(PROVINCES)
                from_ = (ResidenceType.FLOATING, code, f"{street}{rng.randint(1, 300)}号")
                add(R.HEAD if index == 0 else R.NON_RELATIVE, rng.randint(20, 42), rng.random() < 0.6, from_=from_)
        return (HouseholdKind.COLLECTIVE if kind == "collective" else HouseholdKind.FAMILY), people, kind

    def household(self, grid_index: int, dwelling_id: int, rented: bool, room: int) -> int:
        """Write a household of at most `room` people into the dwelling; return how many live there."""
        rng, chunk, clock = self.rng, self.chunk, self.clock
        grid = self.areas.grids[grid_index]
        community = self.areas.communities[grid.community_id]
        origin = self.origin(rented)
        household_kind, members, kind = self.members(origin)
        members = members[:room]
        head_age = members[0][1]
        years = rng.randint(1, 8) if origin[0] == ResidenceType.FLOATING else rng.randint(2, 40)
        since = self.today - max(1, min(years, head_age - 20)) * 365 - rng.randint(0, 364)
        number = self.household_numbers.get(community.id, 0) + 1
        self.household_numbers[community.id] = number
        household_id = self.next_id("household")
        chunk.add("household", f"{household_id}\t{dwelling_id}\t{community.code}{number:06d}\t{household_kind}\t1\n")
        self.counts["household"] += 1
        ethnicity = rng.choices(*ETHNICITIES)[0]
        low_income = (
            household_kind == HouseholdKind.FAMILY and origin[0] == ResidenceType.REGISTERED and rng.random() < 0.02
        )
        resident_ids, needy = [], []
        for relationship, age, male, marital, surname, from_ in members:
            born = self.birth(age)
            born_date = datetime.date.fromordinal(born)
            name = surname + given_name(rng, male, born_date)
            spelled = self.spellings.get(name)
            if spelled is None:
                spelled = self.spellings[name] = "\t".join(name_spellings(name).values())
            residence_type, area_code, registered_address = from_
            floating = residence_type == ResidenceType.FLOATING
            if not marital and age >= 16:
                marital = rng.choices([MaritalStatus.SINGLE, MaritalStatus.DIVORCED], [5, 1] if age > 30 else [1, 0])[0]
            employment, skills, wanted = self.demo.employment(age, male, floating)
            phone = self.phone(age)
            started = max(since, born)
            resident_id = self.next_id("resident")
            people = self.people
            people.grid.append(grid_index)
            people.name.append(name)
            people.phone.append(phone)
            political = self.demo.political_status(age)
            if political in PARTY_STATUSES:
                people.party.setdefault(community.id, []).append(
                    (resident_id, born, political == PoliticalStatus.CPC_PROBATIONARY)
                )
            chunk.add(
                "resident",
                f"{resident_id}\t{name}\t{spelled}\t{self.id_number(area_code, born, male)}\t"
                f"{ethnicity if rng.random() < 0.9 else rng.choices(*ETHNICITIES)[0]}\t"
                f"{political}\t{self.demo.education(age, born_date, floating)}\t{marital}\t"
                f"{employment}\t{skills}\t{wanted}\t{phone or ''}\t{residence_type}\t{registered_address}\t"
                f"{dwelling_id}\t{clock.day(started)}\tactive\t{NULL}\t\t1\t{self.now}\t{self.now}\t"
                f"{grid.id}\t{grid.community_id}\n",
            )
            membership_id = self.next_id("membership")
            chunk.add(
                "membership",
                f"{membership_id}\t{household_id}\t{resident_id}\t{relationship}\t{clock.day(started)}\t{NULL}\n",
            )
            resident_ids.append(resident_id)
            needy += self.tags(resident_id, relationship, age, male, born, employment, kind, len(members), low_income)
        self.counts["resident"] += len(members)
        self.counts["membership"] += len(members)
        self.visits(grid, household_id, resident_ids, needy)
        return len(members)

    # --- residents -----------------------------------------------------------------------------------

    def birth(self, age: int) -> int:
        born = self.today - age * 365 - age // 4 - self.rng.randint(0, 364)
        return min(max(born, FIRST_BIRTH), self.today - 1)

    def id_number(self, area_code: str, born: int, male: bool) -> str:
        """The next free number for this address code, birth date and gender; the day before when
        all 250 sequence numbers of the day are taken."""
        sequences, area = self.sequences, self.area_index[area_code]
        while True:
            slot = ((area * self.days) + born - FIRST_BIRTH) * 2 + male
            taken = sequences[slot]
            if taken < SEQUENCES_PER_GENDER:
                sequences[slot] = taken + 1
                break
            born -= 1
        digits = self.birth_digits.get(born)
        if digits is None:
            digits = self.birth_digits[born] = datetime.date.fromordinal(born).strftime("%Y%m%d")
        first17 = f"{area_code}{digits}{FIRST_SEQUENCE + 2 * taken + male:03d}"
        return first17 + ric.calc_check_digit(first17 + "X")

    def phone(self, age: int) -> int:
        """A mobile number, unique by construction: the last eight digits run through all 10⁸ values
        (48271 is prime to 10⁸), whatever the three-digit prefix."""
        rng = self.rng
        if age < 16 or (age < 18 and rng.random() < 0.5) or rng.random() < 0.04:
            return 0
        self.phones += 1
        return rng.choice(PHONE_PREFIXES) * 100_000_000 + (self.phones * 48271 + 12_345_679) % 100_000_000

    def tags(self, resident_id, relationship, age, male, born, employment, kind, size, low_income) -> list:
        """Write the resident's special-group tags; return [(resident id, kind)] of those that call for visits."""
        rng = self.rng
        found = []
        if kind in ("elder_alone", "elder_with_carer") and relationship == R.HEAD and age >= 70:
            if rng.random() < 0.85:
                found.append((TagKind.ELDERLY_ALONE, ""))
            if rng.random() < 0.04:
                found.append((TagKind.EXTREME_POVERTY, "分散供养"))
        elif kind == "elder_couple" and age >= 70 and size == 2 and rng.random() < 0.8:
            found.append((TagKind.EMPTY_NEST, ""))
        if rng.random() < (0.06 if age >= 65 else 0.02):
            found.append((TagKind.DISABLED, rng.choice(DISABILITIES)))
        if male and 40 <= age <= 90 and rng.random() < 0.025:
            found.append((TagKind.VETERAN, f"{datetime.date.fromordinal(born).year + 18}年入伍"))
        if employment in ("job_seeking", "unemployed"):
            found.append((TagKind.JOB_SEEKER, ""))
        if kind == "skipped_generation" and relationship in (R.GRANDSON, R.GRANDDAUGHTER) and rng.random() < 0.7:
            found.append((TagKind.LEFT_BEHIND_CHILD, "父母在外地务工"))
        if low_income:
            found.append((TagKind.LOW_INCOME, ""))
        if male and 28 <= age <= 60:
            roll = rng.random()
            if roll < 0.002:
                found.append((TagKind.RELEASED_PRISONER, ""))
            elif roll < 0.003:
                found.append((TagKind.COMMUNITY_CORRECTION, ""))
        if 14 <= age <= 22 and rng.random() < 0.002:
            found.append((TagKind.AT_RISK_YOUTH, rng.choice(AT_RISK_NOTES)))
        for tag_kind, note in found:
            since = max(born, self.today - rng.randint(30, 3000))
            tag_id = self.next_id("tag")
            self.chunk.add("tag", f"{tag_id}\t{resident_id}\t{tag_kind}\t{self.clock.day(since)}\t{NULL}\t{note}\n")
        self.counts["tag"] += len(found)
        return [(resident_id, tag_kind) for tag_kind, _note in found]

    def visits(self, grid, household_id: int, resident_ids: list[int], tagged: list) -> None:
        """The grid worker's visits over the last year: the households in need most often."""
        rng, clock = self.rng, self.clock
        needy = [(resident_id, kind) for resident_id, kind in tagged if kind in NEEDY_TAGS]
        watched = [
            (resident_id, kind)
            for resident_id, kind in tagged
            if kind in (TagKind.RELEASED_PRISONER, TagKind.COMMUNITY_CORRECTION, TagKind.AT_RISK_YOUTH)
        ]
        count = rng.randint(4, 10) if needy or watched else rng.choices([0, 1, 2, 3], [25, 35, 25, 15])[0]
        for _i in range(count):
            day = self.today - rng.randint(1, 365)
            weekday = datetime.date.fromordinal(day).weekday()
            if weekday >= 5:
                day -= weekday - rng.randint(0, 4)
            resident = NULL
            if watched and rng.random() < 0.7:
                resident, kind = rng.choice(watched)
                kind = VisitKind.YOUTH if kind == TagKind.AT_RISK_YOUTH else VisitKind.EX_OFFENDER
            elif needy and rng.random() < 0.7:
                resident, kind = rng.choice(needy)
                kind = VisitKind.LOW_INCOME if kind == TagKind.LOW_INCOME else VisitKind.NEEDY
            else:
                kind = rng.choices([VisitKind.ROUTINE, VisitKind.SIX_AT_HOME, VisitKind.OTHER], [85, 8, 7])[0]
            follow_up = rng.random() < 0.1
            notes = rng.choice(VISIT_NOTES[kind]) + (rng.choice(FOLLOW_UPS) if follow_up else "")
            visit_id = self.next_id("visit")
            self.chunk.add(
                "visit",
                f"{visit_id}\t{grid.id}\t{household_id}\t{resident}\t{grid.worker_id}\t{clock.day(day)}\t{kind}\t"
                f"{notes}\t{'t' if follow_up else 'f'}\t{self.now}\n",
            )
        self.counts["visit"] += count
