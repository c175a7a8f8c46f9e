"""Code tables. Those of national standards keep the standard's code as value and its Chinese name
as label, as they appear on forms and in exchanges with other systems; the portal's own lists have
English names translated like any other text."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Ethnicity(models.TextChoices):
    """GB 3304-1991 民族名称代码."""

    HAN = "01", "汉族"
    MONGOL = "02", "蒙古族"
    HUI = "03", "回族"
    TIBETAN = "04", "藏族"
    UYGHUR = "05", "维吾尔族"
    MIAO = "06", "苗族"
    YI = "07", "彝族"
    ZHUANG = "08", "壮族"
    BOUYEI = "09", "布依族"
    KOREAN = "10", "朝鲜族"
    MANCHU = "11", "满族"
    DONG = "12", "侗族"
    YAO = "13", "瑶族"
    BAI = "14", "白族"
    TUJIA = "15", "土家族"
    HANI = "16", "哈尼族"
    KAZAKH = "17", "哈萨克族"
    DAI = "18", "傣族"
    LI = "19", "黎族"
    LISU = "20", "傈僳族"
    VA = "21", "佤族"
    SHE = "22", "畲族"
    GAOSHAN = "23", "高山族"
    LAHU = "24", "拉祜族"
    SUI = "25", "水族"
    DONGXIANG = "26", "东乡族"
    NAXI = "27", "纳西族"
    JINGPO = "28", "景颇族"
    KIRGIZ = "29", "柯尔克孜族"
    TU = "30", "土族"
    DAUR = "31", "达斡尔族"
    MULAO = "32", "仫佬族"
    QIANG = "33", "羌族"
    BLANG = "34", "布朗族"
    SALAR = "35", "撒拉族"
    MAONAN = "36", "毛南族"
    GELAO = "37", "仡佬族"
    XIBE = "38", "锡伯族"
    ACHANG = "39", "阿昌族"
    PUMI = "40", "普米族"
    TAJIK = "41", "塔吉克族"
    NU = "42", "怒族"
    UZBEK = "43", "乌孜别克族"
    RUSSIAN = "44", "俄罗斯族"
    EWENKI = "45", "鄂温克族"
    DEANG = "46", "德昂族"
    BONAN = "47", "保安族"
    YUGUR = "48", "裕固族"
    GIN = "49", "京族"
    TATAR = "50", "塔塔尔族"
    DERUNG = "51", "独龙族"
    OROQEN = "52", "鄂伦春族"
    HEZHEN = "53", "赫哲族"
    MONBA = "54", "门巴族"
    LHOBA = "55", "珞巴族"
    JINO = "56", "基诺族"


class PoliticalStatus(models.TextChoices):
    """GB/T 4762-1984 政治面貌代码."""

    CPC_MEMBER = "01", "中国共产党党员"
    CPC_PROBATIONARY = "02", "中国共产党预备党员"
    CYL_MEMBER = "03", "中国共产主义青年团团员"
    RCCK = "04", "中国国民党革命委员会会员"
    CDL = "05", "中国民主同盟盟员"
    CNDCA = "06", "中国民主建国会会员"
    CAPD = "07", "中国民主促进会会员"
    CPWDP = "08", "中国农工民主党党员"
    CZGP = "09", "中国致公党党员"
    JIUSAN = "10", "九三学社社员"
    TDSGL = "11", "台湾民主自治同盟盟员"
    NON_PARTY = "12", "无党派民主人士"
    MASSES = "13", "群众"


class Relationship(models.TextChoices):
    """GB/T 4761-2008 家庭关系代码 (the codes used in household registers)."""

    HEAD = "02", "户主"
    SPOUSE = "10", "配偶"
    HUSBAND = "11", "夫"
    WIFE = "12", "妻"
    SON = "20", "子"
    ONLY_SON = "21", "独生子"
    ELDEST_SON = "22", "长子"
    SECOND_SON = "23", "次子"
    ADOPTED_SON = "27", "养子或继子"
    SON_IN_LAW = "28", "女婿"
    DAUGHTER = "30", "女"
    ONLY_DAUGHTER = "31", "独生女"
    ELDEST_DAUGHTER = "32", "长女"
    SECOND_DAUGHTER = "33", "次女"
    ADOPTED_DAUGHTER = "37", "养女或继女"
    DAUGHTER_IN_LAW = "38", "儿媳"
    GRANDCHILD = "40", "孙子、孙女或外孙子、外孙女"
    GRANDSON = "41", "孙子"
    GRANDDAUGHTER = "42", "孙女"
    DAUGHTERS_SON = "43", "外孙子"
    DAUGHTERS_DAUGHTER = "44", "外孙女"
    PARENT = "50", "父母"
    FATHER = "51", "父亲"
    MOTHER = "52", "母亲"
    FATHER_IN_LAW_H = "53", "公公"
    MOTHER_IN_LAW_H = "54", "婆婆"
    FATHER_IN_LAW_W = "55", "岳父"
    MOTHER_IN_LAW_W = "56", "岳母"
    GRANDPARENT = "60", "祖父母或外祖父母"
    GRANDFATHER = "61", "祖父"
    GRANDMOTHER = "62", "祖母"
    SIBLING = "70", "兄弟姐妹"
    ELDER_BROTHER = "71", "兄"
    YOUNGER_BROTHER = "73", "弟"
    ELDER_SISTER = "75", "姐姐"
    YOUNGER_SISTER = "77", "妹妹"
    OTHER = "80", "其他"
    NEPHEW = "93", "侄子"
    NIECE = "94", "侄女"
    OTHER_RELATIVE = "97", "其他亲属"
    NON_RELATIVE = "99", "非亲属"


class Education(models.TextChoices):
    """GB/T 4658-2006 学历代码, at the level of its categories."""

    POSTGRADUATE = "10", "研究生教育"
    BACHELOR = "20", "大学本科"
    COLLEGE = "30", "大学专科"
    VOCATIONAL = "40", "中等职业教育"
    SENIOR_HIGH = "60", "普通高级中学教育"
    JUNIOR_HIGH = "70", "初级中学教育"
    PRIMARY = "80", "小学教育"
    OTHER = "90", "其他"


class MaritalStatus(models.TextChoices):
    """GB/T 2261.2-2003 婚姻状况代码."""

    SINGLE = "10", "未婚"
    MARRIED = "20", "已婚"
    WIDOWED = "30", "丧偶"
    DIVORCED = "40", "离婚"
    UNKNOWN = "90", "未说明的婚姻状况"


class Gender(models.TextChoices):
    """GB/T 2261.1-2003 人的性别代码, as the ID number gives it."""

    MALE = "1", _("Male")
    FEMALE = "2", _("Female")


class EmploymentStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed or flexible work")
    RETIRED = "retired", _("Retired")
    STUDENT = "student", _("Student")
    PRESCHOOL = "preschool", _("Pre-school child")
    JOB_SEEKING = "job_seeking", _("Seeking a first job (待就业)")
    UNEMPLOYED = "unemployed", _("Unemployed (失业)")
    NOT_WORKING = "not_working", _("Not working")


class ResidenceType(models.TextChoices):
    REGISTERED = "registered", _("Registered resident (户籍人口)")
    PERMANENT = "permanent", _("Permanent resident (常住人口)")
    FLOATING = "floating", _("Floating population (流动人口)")
    SEPARATED = "separated", _("Registered elsewhere than living (人户分离)")
    LODGING = "lodging", _("Lodger (寄住)")


# Residence types of people whose 户籍 is not where they live: their stay is registered (暂住登记).
NON_LOCAL = ("floating", "separated", "lodging")


class StayPurpose(models.TextChoices):
    """Why a non-local resident stays (暂住事由)."""

    WORK = "work", _("Work (务工)")
    BUSINESS = "business", _("Business (经商)")
    STUDY = "study", _("Study (就学)")
    FAMILY = "family", _("Joining family (投靠)")
    OTHER = "other", _("Other (其他)")


class ResidentStatus(models.TextChoices):
    ACTIVE = "active", _("On the register (在册)")
    MOVED_OUT = "moved_out", _("Moved out (迁出)")
    DECEASED = "deceased", _("Deceased (死亡)")


class TagKind(models.TextChoices):
    LOW_INCOME = "low_income", _("Minimum living allowance (低保)")
    EXTREME_POVERTY = "extreme_poverty", _("Extreme poverty support (特困)")
    DISABLED = "disabled", _("Disabled (残疾)")
    ELDERLY_ALONE = "elderly_alone", _("Elderly living alone (独居老人)")
    EMPTY_NEST = "empty_nest", _("Empty-nest elderly (空巢老人)")
    LEFT_BEHIND_CHILD = "left_behind_child", _("Left-behind child (留守儿童)")
    VETERAN = "veteran", _("Veteran (退役军人)")
    RELEASED_PRISONER = "released_prisoner", _("Released from prison (刑满释放)")
    COMMUNITY_CORRECTION = "community_correction", _("Under community correction (社区矫正)")
    AT_RISK_YOUTH = "at_risk_youth", _("Youth needing attention (重点青少年)")
    JOB_SEEKER = "job_seeker", _("Job seeker (待就业)")


# Tags that only users with the residents.view_sensitive_tags permission see.
SENSITIVE_TAGS = frozenset({TagKind.RELEASED_PRISONER, TagKind.COMMUNITY_CORRECTION, TagKind.AT_RISK_YOUTH})


class HouseholdKind(models.TextChoices):
    FAMILY = "family", _("Family household (家庭户)")
    COLLECTIVE = "collective", _("Collective household (集体户)")


class VisitKind(models.TextChoices):
    ROUTINE = "routine", _("Routine visit (日常走访)")
    PARTY_MEMBER = "party_member", _("Visiting a party member (走访党员)")
    NEEDY = "needy", _("Visiting a family in difficulty (走访困难群众)")
    YOUTH = "youth", _("Visiting young people (走访青少年)")
    EX_OFFENDER = "ex_offender", _("Visiting released prisoners or people under correction (走访两劳人员)")
    LOW_INCOME = "low_income", _("Visiting a low-income household (走访低保户)")
    SIX_AT_HOME = "six_at_home", _("Six-at-home visit (六到家)")
    OTHER = "other", _("Other")
