"""Demo residents of the demo district: places, households, residents, special-group tags and visits.

Everything comes from one seeded random generator, so every run draws the same people. Birth dates
are drawn against a fixed reference day (ID numbers stay the same whatever the day); visits, tags
and moves are drawn against today, so that "not visited for 90 days" keeps meaning something.

The names are drawn from lists of this module rather than Faker: Faker is a test dependency, and
`seed_demo` runs in `make run` too.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone
from stdnum.cn import ric

from grids.models import Building, Compound, Dwelling, Grid
from residents.choices import (
    NON_LOCAL,
    Education,
    EmploymentStatus,
    Ethnicity,
    HouseholdKind,
    MaritalStatus,
    PoliticalStatus,
    Relationship,
    ResidenceType,
    ResidentStatus,
    StayPurpose,
    TagKind,
    VisitKind,
)
from residents.models import Household, HouseholdMembership, Resident, ResidentTag, Visit, name_spellings

SEED = 20261121
REFERENCE_DAY = datetime.date(2026, 11, 21)

# The sequence digits (15-17) the demo draws from; factories use the other half, 500-999.
DEMO_SEQUENCES = 500
# Mobile prefixes the numbering plan has not given out, drawn by the generators below: a number
# starting with one is given the prefix beside it instead (no further draw, so the rest of the demo
# data stays as it was).
UNASSIGNED_PREFIXES = {"154": "155", "179": "178", "194": "195"}

# community code, compound name, kind, buildings.
# A building is (name, grid number, units, floors, flats per floor); a courtyard (院) is (name, grid number)
# and has rooms named after their side of the yard.
PLACES = [
    (
        "110101001001",
        "多福巷小区",
        Compound.Kind.COMPOUND,
        [
            ("1号楼", 1, 3, 6, 2),
            ("2号楼", 1, 3, 6, 2),
            ("3号楼", 2, 3, 6, 2),
            ("4号楼", 2, 3, 6, 2),
            ("5号楼", 3, 2, 5, 2),
            ("6号楼", 3, 2, 6, 2),
        ],
    ),
    (
        "110101001001",
        "韶九胡同院落",
        Compound.Kind.COMPOUND,
        [
            ("3号院", 1),
            ("7号院", 1),
            ("11号院", 2),
            ("15号院", 2),
        ],
    ),
    ("110101001001", "东四南大街甲2号院", Compound.Kind.COMPOUND, [("1号楼", 4, 4, 6, 2)]),
    (
        "110101001002",
        "银闸胡同院落",
        Compound.Kind.COMPOUND,
        [
            ("5号院", 1),
            ("9号院", 1),
            ("13号院", 1),
            ("17号院", 1),
            ("21号院", 1),
            ("25号院", 1),
        ],
    ),
    (
        "110101001002",
        "北河沿小区",
        Compound.Kind.COMPOUND,
        [
            ("1号楼", 1, 2, 6, 2),
            ("2号楼", 2, 4, 6, 2),
            ("3号楼", 3, 4, 6, 2),
        ],
    ),
    ("110101002001", "景山东街8号院", Compound.Kind.COMPOUND, [("1号楼", 1, 4, 6, 2), ("2号楼", 2, 3, 6, 2)]),
    (
        "110101002001",
        "三眼井胡同院落",
        Compound.Kind.COMPOUND,
        [
            ("2号院", 3),
            ("6号院", 3),
            ("10号院", 3),
            ("14号院", 3),
            ("18号院", 3),
            ("22号院", 3),
        ],
    ),
    ("110101002001", "沙滩后街小区", Compound.Kind.COMPOUND, [("1号楼", 3, 2, 6, 2), ("2号楼", 4, 3, 6, 2)]),
    (
        "110101002002",
        "吉祥里小区",
        Compound.Kind.COMPOUND,
        [
            ("1号楼", 1, 4, 6, 2),
            ("2号楼", 2, 3, 6, 2),
            ("3号楼", 3, 2, 6, 2),
        ],
    ),
]
COURTYARD_ROOMS = ["正房", "东厢房", "西厢房", "南房", "东耳房", "西耳房"]
# Single-storey houses (平房) at a street address, outside any compound: community, grid, streets, how many.
BUNGALOWS = [("110101002002", 3, ["吉祥胡同", "黄化门街", "织染局胡同"], 14)]

SURNAMES = (
    "王" * 12
    + "李" * 11
    + "张" * 11
    + "刘" * 9
    + "陈" * 7
    + "杨" * 6
    + "赵" * 6
    + "黄" * 4
    + "周" * 4
    + "吴" * 4
    + "徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭"
    "廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文关佟那"
)
# Given names by birth years up to, and gender.
GIVEN_NAMES = [
    (
        1950,
        (
            "建国 国强 振华 志明 德顺 福生 宝山 永祥 玉林 树森 长青 文斌 金海 德明 连生 万福 占山 宝华 世昌 广田",
            "秀英 桂兰 淑珍 玉兰 凤英 秀珍 素芬 桂芝 淑华 玉珍 秀兰 桂英 淑芬 美玲 春梅 丽华 凤兰 翠英 玉芬 淑兰",
        ),
    ),
    (
        1970,
        (
            "国庆 建军 卫东 跃进 红军 建华 志刚 永刚 立新 东升 宏伟 新民 晓光 建平 海涛 文革 抗美 援朝 学军 胜利",
            "红梅 建英 丽萍 亚萍 小红 秀云 玉霞 卫红 冬梅 桂香 金凤 秀梅 丽娟 爱华 建华 红霞 晓燕 春兰 玉梅 素琴",
        ),
    ),
    (
        1990,
        (
            "伟 强 军 磊 勇 涛 斌 刚 明 鹏 超 杰 峰 辉 海波 晓东 志伟 建伟 俊 亮",
            "丽 静 敏 燕 艳 娟 霞 慧 莉 晶 海燕 丽娜 雪梅 晓红 丹 颖 芳 玲 婷 倩",
        ),
    ),
    (
        2008,
        (
            "浩 宇 晨 昊 博文 子豪 浩然 一鸣 天宇 俊杰 家豪 思远 文博 宇航 嘉伟 鑫 旭 帅 凯 哲",
            "雪 璐 佳怡 思雨 欣怡 雨婷 梦瑶 诗琪 佳琪 晓雯 婧 悦 静怡 心怡 雨欣 梦琪 佳慧 子怡 嘉欣 婉清",
        ),
    ),
    (
        9999,
        (
            "子轩 浩宇 宇轩 梓豪 俊熙 沐宸 奕辰 铭泽 梓睿 天佑 子墨 睿 宸 一航 皓轩 思源 明轩 博涵 嘉懿 煜",
            "梓涵 一诺 欣妍 子涵 梓萱 语桐 诗涵 可馨 若汐 沐瑶 雨桐 芷若 依依 思彤 安琪 梓晴 语嫣 诗雨 米乐 朵朵",
        ),
    ),
]
GIVEN_NAMES = [(until, (male.split(), female.split())) for until, (male, female) in GIVEN_NAMES]

OTHER_BEIJING = [
    ("110102", "北京市西城区德胜门内大街"),
    ("110105", "北京市朝阳区劲松南路"),
    ("110106", "北京市丰台区方庄芳城园"),
    ("110108", "北京市海淀区中关村南大街"),
]
PROVINCES = [
    ("130102", "河北省石家庄市长安区建设北大街"),
    ("370102", "山东省济南市历下区解放路"),
    ("410105", "河南省郑州市金水区花园路"),
    ("510104", "四川省成都市锦江区春熙路"),
    ("420106", "湖北省武汉市武昌区中南路"),
    ("340104", "安徽省合肥市蜀山区长江西路"),
    ("230102", "黑龙江省哈尔滨市道里区中央大街"),
    ("210102", "辽宁省沈阳市和平区南京南街"),
]
UYGHUR_HOME = ("650102", "新疆维吾尔自治区乌鲁木齐市天山区解放南路")

SKILLS = [
    ("电工、驾驶", "物业维修"),
    ("厨师、面点", "餐饮后厨"),
    ("计算机操作、文字录入", "行政文员"),
    ("家政服务、育婴", "家政服务员"),
    ("会计、出纳", "财务助理"),
    ("焊工", "设备维修"),
    ("保安", "小区保安"),
    ("美容美发", "美发师"),
    ("汽车维修", "汽修工"),
    ("仓储管理、叉车", "仓库管理员"),
]
DISABILITIES = [
    "肢体残疾二级",
    "肢体残疾四级",
    "视力残疾一级",
    "视力残疾三级",
    "听力残疾三级",
    "言语残疾四级",
    "智力残疾三级",
    "精神残疾二级",
]
AT_RISK_NOTES = ["辍学闲散", "父母离异，缺乏监护", "有不良行为，需帮扶"]
VISIT_NOTES = {
    VisitKind.ROUTINE: [
        "入户了解家庭近况，一切正常。",
        "核对家庭成员信息，无变化。",
        "宣传垃圾分类和消防安全知识。",
        "了解居民对小区环境的意见，反映良好。",
        "提醒冬季用火用电安全，检查燃气报警器。",
        "宣传反诈知识，发放宣传单。",
    ],
    VisitKind.NEEDY: [
        "老人身体状况尚可，提醒按时服药。",
        "检查燃气、用电安全，提醒冬季防寒。",
        "了解就医需求，告知家庭医生签约服务。",
        "协助预约助餐服务。",
        "老人情绪稳定，子女每周来探望。",
    ],
    VisitKind.LOW_INCOME: [
        "询问低保金发放情况，按时到账。",
        "核对家庭收入情况，低保资格无变化。",
        "告知临时救助申请办法。",
    ],
    VisitKind.PARTY_MEMBER: ["看望老党员，送去学习材料。", "了解党员参加组织生活情况。"],
    VisitKind.YOUTH: ["与青少年谈心，了解学习和生活情况。", "联系学校老师，共同关注其成长。"],
    VisitKind.EX_OFFENDER: ["了解就业和思想状况，表现稳定。", "按时报到，遵守相关规定。"],
    VisitKind.SIX_AT_HOME: ["六到家走访：政策宣传、安全检查、需求了解已完成。"],
    VisitKind.OTHER: ["协助办理老年卡。", "了解房屋出租情况，核对承租人信息。"],
}
FOLLOW_UPS = [
    "反映楼道灯损坏，需协调物业维修。",
    "老人腿脚不便，需联系助餐服务。",
    "反映下水道堵塞，需报修。",
    "咨询医保报销政策，需回复。",
    "希望安装扶手，需联系适老化改造。",
    "邻里噪音纠纷，需协调。",
]


def make_id_number(area_code: str, born: datetime.date, sequence: int) -> str:
    """A valid 18-character ID number; `sequence` (0-999) is odd for men and even for women."""
    first17 = f"{area_code}{born:%Y%m%d}{sequence:03d}"
    # calc_check_digit ignores the last character of what it is given: the place of the check character.
    return first17 + ric.calc_check_digit(first17 + "X")


def given_name(rng: random.Random, male: bool, born: datetime.date) -> str:
    """A given name of the kind parents chose for a boy or a girl in the year `born`."""
    for until, (men, women) in GIVEN_NAMES:
        if born.year <= until:
            return rng.choice(men if male else women)
    raise ValueError(born)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class Origin:
    residence_type: str
    area_code: str
    registered_address: str = ""


@dataclass
class Member:
    resident: Resident
    relationship: str
    age: int
    male: bool
    born: datetime.date
    started_on: datetime.date
    ended_on: datetime.date | None = None


@dataclass
class PlannedHousehold:
    household: Household
    members: list[Member] = field(default_factory=list)

    @property
    def current(self):
        return [member for member in self.members if member.ended_on is None]


class DemoPopulation:
    """Draws the demo population; nothing touches the database until `save`."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today
        self.id_numbers: set[str] = set()
        self.phones: set[str] = set()
        self.households: list[PlannedHousehold] = []
        self.tags: list[ResidentTag] = []
        self.visits: list[Visit] = []
        self.uyghur_placed = False
        self.rare_name_placed = False

    # --- people -------------------------------------------------------------------------------

    def born(self, age: int) -> datetime.date:
        day = _years_before(REFERENCE_DAY, age) - datetime.timedelta(days=self.rng.randint(0, 364))
        return min(day, self.today - datetime.timedelta(days=1))

    def id_number(self, area_code: str, born: datetime.date, male: bool) -> str:
        while True:
            number = make_id_number(area_code, born, self.rng.randrange(DEMO_SEQUENCES // 2) * 2 + male)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def given_name(self, male: bool, born: datetime.date) -> str:
        return given_name(self.rng, male, born)

    def phone(self, age: int) -> str:
        rng = self.rng
        if age < 16 or (age < 18 and rng.random() < 0.5) or rng.random() < 0.04:
            return ""
        while True:
            if age >= 72 and rng.random() < 0.5:
                phone = f"010{rng.choice('568')}{rng.randrange(10_000_000):07d}"
            else:
                prefix = rng.choice(["13", "13", "15", "18", "17", "19"]) + str(rng.randrange(10))
                prefix = UNASSIGNED_PREFIXES.get(prefix, prefix)
                phone = f"{prefix}{rng.randrange(100_000_000):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def education(self, age: int, born: datetime.date, floating: bool) -> str:
        rng = self.rng
        if age < 13:
            return ""
        if age < 16:
            return Education.PRIMARY
        if age < 19:
            return Education.JUNIOR_HIGH
        if age < 23 and rng.random() < 0.7:
            return Education.SENIOR_HIGH
        levels = [
            Education.PRIMARY,
            Education.JUNIOR_HIGH,
            Education.SENIOR_HIGH,
            Education.VOCATIONAL,
            Education.COLLEGE,
            Education.BACHELOR,
            Education.POSTGRADUATE,
        ]
        if floating:
            weights = [3, 25, 25, 20, 17, 9, 1]
        elif born.year <= 1945:
            weights = [35, 30, 15, 10, 5, 5, 0]
        elif born.year <= 1960:
            weights = [10, 35, 25, 15, 8, 7, 0]
        elif born.year <= 1975:
            weights = [0, 20, 25, 20, 17, 15, 3]
        else:
            weights = [0, 5, 10, 12, 25, 38, 10]
        return rng.choices(levels, weights)[0]

    def political_status(self, age: int) -> str:
        roll = self.rng.random()
        if age >= 60:
            member = 0.14
        elif age >= 30:
            member = 0.08
        elif age >= 18:
            member = 0.05
        else:
            member = 0
        if roll < member:
            return PoliticalStatus.CPC_MEMBER
        if 18 <= age < 30 and roll < member + 0.01:
            return PoliticalStatus.CPC_PROBATIONARY
        if 14 <= age < 28 and roll < member + (0.6 if age < 18 else 0.3):
            return PoliticalStatus.CYL_MEMBER
        if age >= 45 and roll > 0.995:
            return self.rng.choice([PoliticalStatus.CDL, PoliticalStatus.JIUSAN])
        return PoliticalStatus.MASSES

    def employment(self, age: int, male: bool, floating: bool) -> tuple[str, str, str]:
        rng = self.rng
        if age < 6:
            return EmploymentStatus.PRESCHOOL, "", ""
        if age < 19 or (age < 23 and rng.random() < 0.7):
            return EmploymentStatus.STUDENT, "", ""
        if age >= (60 if male else 55):
            return (
                EmploymentStatus.RETIRED if not floating or rng.random() < 0.5 else EmploymentStatus.NOT_WORKING,
                "",
                "",
            )
        roll = rng.random()
        if age < 30 and roll < 0.06:
            skills, wanted = rng.choice(SKILLS)
            return EmploymentStatus.JOB_SEEKING, skills, wanted
        if 30 <= age < 55 and roll < 0.025:
            skills, wanted = rng.choice(SKILLS)
            return EmploymentStatus.UNEMPLOYED, skills, wanted
        if roll < 0.12:
            return EmploymentStatus.NOT_WORKING, "", ""
        if roll < (0.45 if floating else 0.25):
            return EmploymentStatus.SELF_EMPLOYED, "", ""
        return EmploymentStatus.EMPLOYED, "", ""

    def person(
        self,
        household: PlannedHousehold,
        relationship: str,
        *,
        age: int,
        male: bool,
        surname: str,
        origin: Origin,
        since: datetime.date,
        married: bool = False,
        given: str = "",
        name: str = "",
        ethnicity: str = Ethnicity.HAN,
        widowed: bool = False,
    ) -> Member:
        rng = self.rng
        age = max(0, min(age, 95))
        born = self.born(age)
        floating = origin.residence_type == ResidenceType.FLOATING
        if married:
            marital = MaritalStatus.MARRIED
        elif widowed:
            marital = MaritalStatus.WIDOWED
        elif age >= 16:
            marital = rng.choices([MaritalStatus.SINGLE, MaritalStatus.DIVORCED], [5, 1] if age > 30 else [1, 0])[0]
        else:
            marital = ""
        employment, skills, wanted = self.employment(age, male, floating)
        name = name or surname + (given or self.given_name(male, born))
        started = max(since, born)
        resident = Resident(
            name=name,
            **name_spellings(name),
            id_number=self.id_number(origin.area_code, born, male),
            ethnicity=ethnicity,
            political_status=self.political_status(age),
            education=self.education(age, born, floating),
            marital_status=marital,
            employment_status=employment,
            skills=skills,
            wanted_job=wanted,
            phone=self.phone(age),
            residence_type=origin.residence_type,
            registered_address=origin.registered_address,
            dwelling=household.household.dwelling,
            moved_in_on=started,
        )
        if origin.residence_type in NON_LOCAL and started:
            # 暂住登记, derived from what was drawn (no further draw: the rest of the demo stays as it was):
            # a stay of one to three years, some of them over by now.
            purposes = [StayPurpose.WORK, StayPurpose.WORK, StayPurpose.BUSINESS, StayPurpose.STUDY, StayPurpose.FAMILY]
            resident.stay_purpose = purposes[born.toordinal() % len(purposes)]
            resident.stay_until = started.replace(year=started.year + 1 + born.day % 3, day=min(started.day, 28))
        member = Member(resident, relationship, age, male, born, started)
        household.members.append(member)
        return member

    # --- households -----------------------------------------------------------------------------

    def origin(self, dwelling: Dwelling) -> Origin:
        rng = self.rng
        weights = [15, 10, 0, 75] if dwelling.use == Dwelling.Use.RENTED else [82, 7, 8, 3]
        kind = rng.choices(["registered", "separated", "permanent", "floating"], weights)[0]
        if kind == "registered":
            code = "110101" if rng.random() < 0.9 else "110103"  # 110103: the former 崇文区, merged in 2010
            return Origin(ResidenceType.REGISTERED, code)
        if kind == "separated":
            code, street = rng.choice(OTHER_BEIJING)
            return Origin(ResidenceType.SEPARATED, code, f"{street}{rng.randint(1, 120)}号")
        code, street = rng.choice(OTHER_BEIJING + PROVINCES if kind == "permanent" else PROVINCES)
        residence_type = ResidenceType.PERMANENT if kind == "permanent" else ResidenceType.FLOATING
        return Origin(residence_type, code, f"{street}{rng.randint(1, 300)}号")

    def since(self, head_age: int, origin: Origin) -> datetime.date:
        """When the household moved into its dwelling."""
        rng = self.rng
        years = rng.randint(1, 8) if origin.residence_type == ResidenceType.FLOATING else rng.randint(2, 40)
        years = max(1, min(years, head_age - 20))
        return self.today - datetime.timedelta(days=years * 365 + rng.randint(0, 364))

    def child_origin(self, origin: Origin) -> Origin:
        """Children of registered families are registered at their parents' address in Dongcheng."""
        if origin.residence_type == ResidenceType.REGISTERED:
            return Origin(ResidenceType.REGISTERED, "110101")
        return origin

    def ethnicity(self) -> str:
        return self.rng.choices([Ethnicity.HAN, Ethnicity.MANCHU, Ethnicity.HUI, Ethnicity.MONGOL], [93, 4, 2, 1])[0]

    def surname(self) -> str:
        return self.rng.choice(SURNAMES)

    def plan_household(self, household: Household, grid: Grid) -> PlannedHousehold:
        rng = self.rng
        planned = PlannedHousehold(household)
        self.households.append(planned)
        dwelling = household.dwelling
        first_grids = grid.community.code == "110101001001" and grid.number in (1, 2)
        if dwelling.use == Dwelling.Use.RENTED and first_grids and grid.number == 2 and not self.uyghur_placed:
            self.uyghur_placed = True
            self.uyghur_family(planned)
            return planned
        origin = self.origin(dwelling)
        if origin.residence_type == ResidenceType.FLOATING:
            kind = rng.choices(["couple_kids", "young_couple", "single_adult", "collective"], [57, 20, 21, 2])[0]
        else:
            kind = rng.choices(
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
            )[0]
        if kind == "couple_kids" and first_grids and grid.number == 1 and not self.rare_name_placed:
            self.rare_name_placed = True  # a name with a character outside the Basic Multilingual Plane
            getattr(self, kind)(planned, origin, head=("张", "𠮷"))
        elif kind == "collective":
            household.kind = HouseholdKind.COLLECTIVE
            self.collective(planned)
        else:
            getattr(self, kind)(planned, origin)
        return planned

    def head_and_spouse(self, planned, origin, *, age, male=None, head=None, married=True):
        rng = self.rng
        male = rng.random() < 0.7 if male is None else male
        surname, given = head or (self.surname(), "")
        ethnicity = self.ethnicity()
        since = self.since(age, origin)
        head_member = self.person(
            planned,
            Relationship.HEAD,
            age=age,
            male=male,
            surname=surname,
            given=given,
            origin=origin,
            since=since,
            married=married,
            ethnicity=ethnicity,
        )
        spouse = None
        if married:
            spouse_age = age - rng.randint(-2, 6) if male else age + rng.randint(-2, 6)
            spouse = self.person(
                planned,
                Relationship.SPOUSE,
                age=spouse_age,
                male=not male,
                surname=self.surname(),
                origin=origin,
                since=since,
                married=True,
                ethnicity=ethnicity if rng.random() < 0.8 else self.ethnicity(),
            )
        return head_member, spouse, since

    def children(self, planned, origin, parent, other_parent, since, *, count, of_head=True, surname=None):
        """Children of `parent` (a member) and, when given, `other_parent`; of the head's child when not of_head."""
        rng = self.rng
        father = parent if parent.male or other_parent is None else other_parent
        surname = surname or father.resident.name[0]
        youngest_parent = min(parent.age, other_parent.age) if other_parent else parent.age
        kids = []
        for _i in range(count):
            age = youngest_parent - rng.randint(23, 34)
            if age < 2:
                break
            male = rng.random() < 0.52
            if of_head:
                relationship = Relationship.SON if male else Relationship.DAUGHTER
            elif parent.relationship == Relationship.SON:
                relationship = Relationship.GRANDSON if male else Relationship.GRANDDAUGHTER
            else:
                relationship = Relationship.DAUGHTERS_SON if male else Relationship.DAUGHTERS_DAUGHTER
            kids.append(
                self.person(
                    planned,
                    relationship,
                    age=age,
                    male=male,
                    surname=surname,
                    origin=self.child_origin(origin),
                    since=since,
                    ethnicity=parent.resident.ethnicity,
                )
            )
        return kids

    def elder_alone(self, planned, origin):
        rng = self.rng
        male = rng.random() < 0.35
        age = rng.randint(66, 95)
        widowed = rng.random() < 0.8
        head, _spouse, _since = self.head_and_spouse(planned, origin, age=age, male=male, married=False)
        if widowed:
            head.resident.marital_status = MaritalStatus.WIDOWED
        return head

    def elder_couple(self, planned, origin):
        self.head_and_spouse(planned, origin, age=self.rng.randint(62, 92), male=self.rng.random() < 0.85)

    def elder_with_carer(self, planned, origin):
        self.elder_alone(planned, origin)
        code, street = self.rng.choice(PROVINCES)
        carer_origin = Origin(ResidenceType.LODGING, code, f"{street}{self.rng.randint(1, 300)}号")
        self.person(
            planned,
            Relationship.NON_RELATIVE,
            age=self.rng.randint(42, 58),
            male=False,
            surname=self.surname(),
            origin=carer_origin,
            since=self.today - datetime.timedelta(days=self.rng.randint(60, 1500)),
            married=True,
        )

    def couple_kids(self, planned, origin, head=None):
        rng = self.rng
        head_member, spouse, since = self.head_and_spouse(planned, origin, age=rng.randint(32, 52), head=head)
        self.children(planned, origin, head_member, spouse, since, count=rng.choices([1, 2], [55, 45])[0])

    def young_couple(self, planned, origin):
        self.head_and_spouse(planned, origin, age=self.rng.randint(24, 36))

    def single_adult(self, planned, origin):
        self.head_and_spouse(planned, origin, age=self.rng.randint(22, 64), married=False)

    def three_generations(self, planned, origin):
        rng = self.rng
        age = rng.randint(56, 85)
        widowed = age > 70 and rng.random() < 0.25
        head, spouse, since = self.head_and_spouse(planned, origin, age=age, married=not widowed)
        if widowed:
            head.resident.marital_status = MaritalStatus.WIDOWED
        child = self.children(planned, origin, head, spouse, since, count=1)
        if not child or child[0].age < 24:
            return
        child = child[0]
        child.resident.marital_status = MaritalStatus.MARRIED
        in_law_relationship = Relationship.DAUGHTER_IN_LAW if child.male else Relationship.SON_IN_LAW
        in_law_age = child.age - rng.randint(-2, 5) if child.male else child.age + rng.randint(-2, 5)
        in_law = self.person(
            planned,
            in_law_relationship,
            age=in_law_age,
            male=not child.male,
            surname=self.surname(),
            origin=self.child_origin(origin),
            since=max(since, min(_years_before(child.born, -rng.randint(22, 30)), self.today)),
            married=True,
        )
        surname = child.resident.name[0] if child.male else in_law.resident.name[0]
        self.children(
            planned,
            origin,
            child,
            in_law,
            since,
            count=rng.choices([1, 2], [60, 40])[0],
            of_head=False,
            surname=surname,
        )

    def with_parents(self, planned, origin):
        rng = self.rng
        head, spouse, since = self.head_and_spouse(planned, origin, age=rng.randint(35, 58))
        if rng.random() < 0.7:
            self.children(planned, origin, head, spouse, since, count=1)
        parents_age = head.age + rng.randint(22, 32)
        both = rng.random() < 0.45
        if both or rng.random() < 0.35:
            self.person(
                planned,
                Relationship.FATHER,
                age=parents_age,
                male=True,
                surname=head.resident.name[0],
                origin=origin,
                since=since,
                married=both,
                widowed=not both,
                ethnicity=head.resident.ethnicity,
            )
        if both or not any(member.relationship == Relationship.FATHER for member in planned.members):
            self.person(
                planned,
                Relationship.MOTHER,
                age=parents_age - rng.randint(0, 4),
                male=False,
                surname=self.surname(),
                origin=origin,
                since=since,
                married=both,
                widowed=not both,
            )

    def skipped_generation(self, planned, origin):
        """Grandparents bringing up a grandchild whose parents work far away."""
        rng = self.rng
        head, _spouse, since = self.head_and_spouse(planned, origin, age=rng.randint(58, 72), male=True)
        male = rng.random() < 0.5
        self.person(
            planned,
            Relationship.GRANDSON if male else Relationship.GRANDDAUGHTER,
            age=rng.randint(6, 14),
            male=male,
            surname=head.resident.name[0],
            origin=self.child_origin(origin),
            since=since,
        )

    def collective(self, planned):
        """Workers of a small business sharing a rented flat (集体户)."""
        rng = self.rng
        since = self.today - datetime.timedelta(days=rng.randint(200, 1500))
        for index in range(rng.randint(3, 5)):
            code, street = rng.choice(PROVINCES)
            origin = Origin(ResidenceType.FLOATING, code, f"{street}{rng.randint(1, 300)}号")
            relationship = Relationship.HEAD if index == 0 else Relationship.NON_RELATIVE
            self.person(
                planned,
                relationship,
                age=rng.randint(20, 42),
                male=rng.random() < 0.6,
                surname=self.surname(),
                origin=origin,
                since=since,
            )

    def uyghur_family(self, planned):
        origin = Origin(ResidenceType.FLOATING, *UYGHUR_HOME)
        since = self.today - datetime.timedelta(days=900)
        for relationship, name, age, male, married in [
            (Relationship.HEAD, "买买提·艾力", 38, True, True),
            (Relationship.SPOUSE, "古丽娜尔·吐尔逊", 35, False, True),
            (Relationship.DAUGHTER, "迪丽努尔·买买提", 8, False, False),
        ]:
            member = self.person(
                planned,
                relationship,
                age=age,
                male=male,
                surname="",
                name=name,
                origin=origin,
                since=since,
                married=married,
                ethnicity=Ethnicity.UYGHUR,
            )
            if male:
                member.resident.employment_status = EmploymentStatus.SELF_EMPLOYED
                member.resident.skills, member.resident.wanted_job = "", ""

    # --- leavers, tags, visits ------------------------------------------------------------------------

    def add_leavers(self):
        """A few residents who died or moved away: their records stay, their memberships have ended."""
        rng = self.rng
        alone = [p for p in self.households if len(p.members) == 1 and p.members[0].age >= 75]
        families = [
            p
            for p in self.households
            if any(m.relationship == Relationship.SON for m in p.members) and p.members[0].age >= 55
        ]
        for planned in rng.sample(alone, 5):
            widow = planned.members[0]
            widow.resident.marital_status = MaritalStatus.WIDOWED
            died = self.today - datetime.timedelta(days=rng.randint(120, 2000))
            spouse = self.person(
                planned,
                Relationship.SPOUSE,
                age=widow.age + rng.randint(0, 5),
                male=not widow.male,
                surname=self.surname(),
                origin=Origin(ResidenceType.REGISTERED, "110101"),
                since=widow.started_on,
                married=True,
            )
            self._leave(spouse, ResidentStatus.DECEASED, died, "病故")
        for planned in rng.sample(families, 4):
            head = planned.members[0]
            child = self.person(
                planned,
                Relationship.SON if rng.random() < 0.5 else Relationship.DAUGHTER,
                age=head.age - rng.randint(24, 30),
                male=rng.random() < 0.5,
                surname=head.resident.name[0],
                origin=Origin(ResidenceType.REGISTERED, "110101"),
                since=head.started_on,
                married=True,
            )
            moved = self.today - datetime.timedelta(days=rng.randint(60, 1500))
            self._leave(
                child,
                ResidentStatus.MOVED_OUT,
                moved,
                rng.choice(["婚后迁往北京市朝阳区", "随配偶迁往上海市", "购房迁往北京市通州区"]),
            )

    def _leave(self, member, status, on, note):
        on = max(on, member.started_on)
        member.ended_on = on
        member.resident.status = status
        member.resident.status_changed_on = on
        member.resident.status_note = note
        if member.resident.phone and status == ResidentStatus.DECEASED:
            member.resident.phone = ""

    def tag(self, member, kind, *, since, note="", until=None):
        since = min(max(since, member.born), self.today)
        self.tags.append(ResidentTag(resident=member.resident, kind=kind, since=since, until=until, note=note))

    def days_ago(self, low, high):
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    def plan_tags(self, worked_grids):
        """Special groups in realistic proportions; the sensitive ones partly in `worked_grids`."""
        rng = self.rng
        current = [(planned, member) for planned in self.households for member in planned.current]
        for planned, member in current:
            others = len(planned.current) - 1
            if member.age >= 70 and others == 0 and rng.random() < 0.85:
                self.tag(member, TagKind.ELDERLY_ALONE, since=self.days_ago(60, 3000))
            elif (
                member.age >= 70
                and others == 1
                and planned.current[0].age >= 65
                and all(m.relationship in (Relationship.HEAD, Relationship.SPOUSE) for m in planned.current)
                and rng.random() < 0.8
            ):
                self.tag(member, TagKind.EMPTY_NEST, since=self.days_ago(60, 3000))
            if rng.random() < (0.06 if member.age >= 65 else 0.02):
                self.tag(
                    member,
                    TagKind.DISABLED,
                    since=self.days_ago(100, 365 * min(member.age, 30)),
                    note=rng.choice(DISABILITIES),
                )
            if member.male and 40 <= member.age <= 90 and rng.random() < 0.025:
                enlisted = REFERENCE_DAY.year - member.age + 18
                self.tag(
                    member,
                    TagKind.VETERAN,
                    since=datetime.date(enlisted + rng.randint(3, 5), 12, 1),
                    note=f"{enlisted}年入伍",
                )
            if member.resident.employment_status in (EmploymentStatus.JOB_SEEKING, EmploymentStatus.UNEMPLOYED):
                self.tag(member, TagKind.JOB_SEEKER, since=self.days_ago(30, 500))
            if (
                member.relationship in (Relationship.GRANDSON, Relationship.GRANDDAUGHTER)
                and not any(m.relationship in (Relationship.SON, Relationship.DAUGHTER) for m in planned.members)
                and rng.random() < 0.7
            ):
                self.tag(member, TagKind.LEFT_BEHIND_CHILD, since=self.days_ago(200, 1500), note="父母在外地务工")
        # Low-income households: every member carries the tag; a few ended when someone found work.
        candidates = [
            p
            for p in self.households
            if p.household.kind == HouseholdKind.FAMILY
            and p.members[0].resident.residence_type == ResidenceType.REGISTERED
        ]
        for index, planned in enumerate(rng.sample(candidates, 24)):
            since = self.days_ago(200, 3000)
            until = since + datetime.timedelta(days=rng.randint(100, 180)) if index >= 20 else None
            for member in planned.current:
                self.tag(
                    member,
                    TagKind.LOW_INCOME,
                    since=since,
                    until=until,
                    note=f"低保证号 东民低{since.year}{index + 1:04d}",
                )
        alone = [m for p in self.households for m in p.current if len(p.current) == 1 and m.age >= 70]
        for member in rng.sample(alone, 3):
            self.tag(member, TagKind.EXTREME_POVERTY, since=self.days_ago(300, 3000), note="分散供养")

        def in_worked_grids(planned):
            return planned.household.dwelling.grid_id in worked_grids

        adults = [
            (p, m)
            for p, m in current
            if m.male and 28 <= m.age <= 60 and m.resident.residence_type != ResidenceType.LODGING
        ]
        picked = rng.sample([m for p, m in adults if in_worked_grids(p)], 3) + rng.sample(
            [m for p, m in adults if not in_worked_grids(p)], 2
        )
        rng.shuffle(picked)
        for member in picked[:3]:
            released = self.days_ago(200, 2500)
            self.tag(member, TagKind.RELEASED_PRISONER, since=released, note=f"{released.year}年刑满释放")
        for member in picked[3:]:
            since = self.days_ago(60, 400)
            self.tag(
                member,
                TagKind.COMMUNITY_CORRECTION,
                since=since,
                note=f"缓刑，矫正期至{since.year + 2}年{since.month}月",
            )
        youths = [(p, m) for p, m in current if 14 <= m.age <= 22]
        picked = rng.sample([m for p, m in youths if in_worked_grids(p)], 2) + rng.sample(
            [m for p, m in youths if not in_worked_grids(p)], 1
        )
        for member in picked:
            self.tag(member, TagKind.AT_RISK_YOUTH, since=self.days_ago(60, 700), note=rng.choice(AT_RISK_NOTES))

    def plan_visits(self, grid_workers: dict[int, object], admin, grids_by_pk: dict[int, Grid]):
        """Grid workers visit every household of their grids, those in need most often; a few are overdue."""
        rng = self.rng
        tags_by_resident = {}
        for tag in self.tags:
            if tag.until is None:
                tags_by_resident.setdefault(id(tag.resident), []).append(tag.kind)
        for planned in self.households:
            household = planned.household
            grid = grids_by_pk[household.dwelling.grid_id]
            members = planned.current
            tagged = [(m, kind) for m in members for kind in tags_by_resident.get(id(m.resident), [])]
            worker = grid_workers.get(grid.pk)
            if worker is None:
                if rng.random() < 0.07:
                    self.visit(planned, admin, grid, self.workday(self.days_ago(1, 360)), tagged)
                continue
            if tagged:
                count, newest, oldest = rng.randint(9, 18), 1, 365
            elif rng.random() < 0.18:  # not visited for three months
                count, newest, oldest = rng.randint(0, 2), 91, 365
            else:
                count, newest, oldest = rng.randint(5, 10), 1, 365
            dates = sorted({self.workday(self.days_ago(newest, oldest)) for _i in range(count)})
            if count and newest == 1 and dates[-1] < self.today - datetime.timedelta(days=80):
                dates.append(self.workday(self.days_ago(newest, 60)))
            for day in dates:
                self.visit(planned, worker, grid, day, tagged)

    def workday(self, day):
        """Grid workers visit on weekdays: a drawn weekend day moves back to a weekday of that week."""
        if day.weekday() < 5:
            return day
        return day - datetime.timedelta(days=day.weekday() - self.rng.randint(0, 4))

    def visit(self, planned, worker, grid, day, tagged):
        rng = self.rng
        resident = None
        kinds = {kind for _m, kind in tagged}
        if TagKind.LOW_INCOME in kinds and rng.random() < 0.6:
            kind = VisitKind.LOW_INCOME
        elif kinds & {TagKind.RELEASED_PRISONER, TagKind.COMMUNITY_CORRECTION} and rng.random() < 0.7:
            kind = VisitKind.EX_OFFENDER
            resident = next(m for m, k in tagged if k in (TagKind.RELEASED_PRISONER, TagKind.COMMUNITY_CORRECTION))
        elif TagKind.AT_RISK_YOUTH in kinds and rng.random() < 0.7:
            kind = VisitKind.YOUTH
            resident = next(m for m, k in tagged if k == TagKind.AT_RISK_YOUTH)
        elif (
            kinds
            & {
                TagKind.ELDERLY_ALONE,
                TagKind.EMPTY_NEST,
                TagKind.DISABLED,
                TagKind.EXTREME_POVERTY,
                TagKind.LEFT_BEHIND_CHILD,
            }
            and rng.random() < 0.7
        ):
            kind = VisitKind.NEEDY
            resident = rng.choice([m for m, _k in tagged])
        else:
            party = [m for m in planned.current if m.resident.political_status == PoliticalStatus.CPC_MEMBER]
            if party and rng.random() < 0.25:
                kind, resident = VisitKind.PARTY_MEMBER, rng.choice(party)
            else:
                kind = rng.choices([VisitKind.ROUTINE, VisitKind.SIX_AT_HOME, VisitKind.OTHER], [85, 8, 7])[0]
        follow_up = rng.random() < 0.1
        notes = rng.choice(VISIT_NOTES[kind])
        if follow_up:
            notes += rng.choice(FOLLOW_UPS)
        self.visits.append(
            Visit(
                grid=grid,
                household=planned.household,
                resident=resident.resident if resident else None,
                worker=worker,
                visited_on=day,
                kind=kind,
                notes=notes,
                follow_up_needed=follow_up,
            )
        )


def seed_places(rng: random.Random) -> list[Dwelling]:
    """Compounds, buildings and dwellings of the demo communities; those already there are kept."""
    grids = {(grid.community.code, grid.number): grid for grid in Grid.objects.select_related("community")}
    dwellings = []
    for community_code, compound_name, kind, buildings in PLACES:
        community = grids[(community_code, 1)].community
        compound, _created = Compound.objects.get_or_create(
            community=community, name=compound_name, defaults={"kind": kind}
        )
        for name, grid_number, *layout in buildings:
            building, _created = Building.objects.get_or_create(compound=compound, name=name)
            grid = grids[(community_code, grid_number)]
            if layout:
                units, floors, flats = layout
                rooms = [
                    (f"{unit}单元", floor, f"{floor}{flat:02d}")
                    for unit in range(1, units + 1)
                    for floor in range(1, floors + 1)
                    for flat in range(1, flats + 1)
                ]
            else:
                rooms = [("", 1, room) for room in COURTYARD_ROOMS[: rng.randint(4, 6)]]
            dwellings += [
                Dwelling(grid=grid, building=building, unit=unit, floor=floor, room=room) for unit, floor, room in rooms
            ]
    for community_code, grid_number, streets, count in BUNGALOWS:
        grid = grids[(community_code, grid_number)]
        dwellings += [
            Dwelling(grid=grid, address=f"{streets[index % len(streets)]}{index // len(streets) * 2 + 1}号")
            for index in range(count)
        ]
    existing = {(d.building_id, d.unit, d.room, d.address) for d in Dwelling.objects.all()}
    dwellings = [d for d in dwellings if (d.building_id, d.unit, d.room, d.address) not in existing]
    for dwelling in dwellings:
        roll = rng.random()
        if roll < 0.06:
            dwelling.use = Dwelling.Use.VACANT
        elif roll < 0.12 and (dwelling.floor in (1, None)):
            dwelling.use = Dwelling.Use.COMMERCIAL
        elif roll < 0.25:
            dwelling.use = Dwelling.Use.RENTED
    return Dwelling.objects.bulk_create(dwellings)


def seed_residents(stdout=None) -> None:
    """Fill the demo district with households, residents, tags and visits; do nothing if residents exist."""
    if Resident.objects.exists():
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    dwellings = seed_places(rng)
    grids = {grid.pk: grid for grid in Grid.objects.select_related("community")}
    population = DemoPopulation(rng, today)
    numbers = Counter()
    for dwelling in dwellings:
        if dwelling.use in (Dwelling.Use.VACANT, Dwelling.Use.COMMERCIAL):
            continue
        community = grids[dwelling.grid_id].community
        numbers[community.code] += 1
        household = Household(dwelling=dwelling, number=f"{community.code[6:]}{numbers[community.code]:04d}")
        population.plan_household(household, grids[dwelling.grid_id])
    User = get_user_model()
    users = {user.username: user for user in User.objects.filter(username__in=["admin", "grid_a", "grid_b"])}
    first_grids = Grid.objects.filter(community__code="110101001001")
    grid_workers = {
        first_grids.get(number=1).pk: users["grid_a"],
        first_grids.get(number=2).pk: users["grid_b"],
    }
    population.add_leavers()
    population.plan_tags(worked_grids=set(grid_workers))
    population.plan_visits(grid_workers, users["admin"], grids)

    Household.objects.bulk_create([planned.household for planned in population.households])
    members = [member for planned in population.households for member in planned.members]
    Resident.objects.bulk_create([member.resident for member in members], batch_size=1000)
    HouseholdMembership.objects.bulk_create(
        [
            HouseholdMembership(
                household=planned.household,
                resident=member.resident,
                relationship=member.relationship,
                started_on=member.started_on,
                ended_on=member.ended_on,
            )
            for planned in population.households
            for member in planned.members
        ],
        batch_size=1000,
    )
    ResidentTag.objects.bulk_create(population.tags, batch_size=1000)
    Visit.objects.bulk_create(population.visits, batch_size=1000)
    if stdout is not None:
        stdout.write(
            f"Demo residents: {len(members)} residents in {len(population.households)} households, "
            f"{len(population.tags)} special-group tags, {len(population.visits)} visits."
        )
