"""Code tables. Those of national standards keep the standard's code as value, as exchanged with other
systems; their labels are English names translated to the standard's own Chinese names, which the
register's forms, files and imports use."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Ethnicity(models.TextChoices):
    """GB 3304-1991 民族名称代码."""

    HAN = "01", pgettext_lazy("ethnic group", "Han")
    MONGOL = "02", pgettext_lazy("ethnic group", "Mongol")
    HUI = "03", pgettext_lazy("ethnic group", "Hui")
    TIBETAN = "04", pgettext_lazy("ethnic group", "Tibetan")
    UYGHUR = "05", pgettext_lazy("ethnic group", "Uyghur")
    MIAO = "06", pgettext_lazy("ethnic group", "Miao")
    YI = "07", pgettext_lazy("ethnic group", "Yi")
    ZHUANG = "08", pgettext_lazy("ethnic group", "Zhuang")
    BOUYEI = "09", pgettext_lazy("ethnic group", "Bouyei")
    KOREAN = "10", pgettext_lazy("ethnic group", "Korean")
    MANCHU = "11", pgettext_lazy("ethnic group", "Manchu")
    DONG = "12", pgettext_lazy("ethnic group", "Dong")
    YAO = "13", pgettext_lazy("ethnic group", "Yao")
    BAI = "14", pgettext_lazy("ethnic group", "Bai")
    TUJIA = "15", pgettext_lazy("ethnic group", "Tujia")
    HANI = "16", pgettext_lazy("ethnic group", "Hani")
    KAZAKH = "17", pgettext_lazy("ethnic group", "Kazakh")
    DAI = "18", pgettext_lazy("ethnic group", "Dai")
    LI = "19", pgettext_lazy("ethnic group", "Li")
    LISU = "20", pgettext_lazy("ethnic group", "Lisu")
    VA = "21", pgettext_lazy("ethnic group", "Va")
    SHE = "22", pgettext_lazy("ethnic group", "She")
    GAOSHAN = "23", pgettext_lazy("ethnic group", "Gaoshan")
    LAHU = "24", pgettext_lazy("ethnic group", "Lahu")
    SUI = "25", pgettext_lazy("ethnic group", "Sui")
    DONGXIANG = "26", pgettext_lazy("ethnic group", "Dongxiang")
    NAXI = "27", pgettext_lazy("ethnic group", "Naxi")
    JINGPO = "28", pgettext_lazy("ethnic group", "Jingpo")
    KIRGIZ = "29", pgettext_lazy("ethnic group", "Kirgiz")
    TU = "30", pgettext_lazy("ethnic group", "Tu")
    DAUR = "31", pgettext_lazy("ethnic group", "Daur")
    MULAO = "32", pgettext_lazy("ethnic group", "Mulao")
    QIANG = "33", pgettext_lazy("ethnic group", "Qiang")
    BLANG = "34", pgettext_lazy("ethnic group", "Blang")
    SALAR = "35", pgettext_lazy("ethnic group", "Salar")
    MAONAN = "36", pgettext_lazy("ethnic group", "Maonan")
    GELAO = "37", pgettext_lazy("ethnic group", "Gelao")
    XIBE = "38", pgettext_lazy("ethnic group", "Xibe")
    ACHANG = "39", pgettext_lazy("ethnic group", "Achang")
    PUMI = "40", pgettext_lazy("ethnic group", "Pumi")
    TAJIK = "41", pgettext_lazy("ethnic group", "Tajik")
    NU = "42", pgettext_lazy("ethnic group", "Nu")
    UZBEK = "43", pgettext_lazy("ethnic group", "Uzbek")
    RUSSIAN = "44", pgettext_lazy("ethnic group", "Russian")
    EWENKI = "45", pgettext_lazy("ethnic group", "Ewenki")
    DEANG = "46", pgettext_lazy("ethnic group", "De'ang")
    BONAN = "47", pgettext_lazy("ethnic group", "Bonan")
    YUGUR = "48", pgettext_lazy("ethnic group", "Yugur")
    GIN = "49", pgettext_lazy("ethnic group", "Gin")
    TATAR = "50", pgettext_lazy("ethnic group", "Tatar")
    DERUNG = "51", pgettext_lazy("ethnic group", "Derung")
    OROQEN = "52", pgettext_lazy("ethnic group", "Oroqen")
    HEZHEN = "53", pgettext_lazy("ethnic group", "Hezhen")
    MONBA = "54", pgettext_lazy("ethnic group", "Monba")
    LHOBA = "55", pgettext_lazy("ethnic group", "Lhoba")
    JINO = "56", pgettext_lazy("ethnic group", "Jino")


class PoliticalStatus(models.TextChoices):
    """GB/T 4762-1984 政治面貌代码."""

    CPC_MEMBER = "01", _("Member of the Communist Party of China")
    CPC_PROBATIONARY = "02", _("Probationary member of the Communist Party of China")
    CYL_MEMBER = "03", _("Member of the Communist Youth League of China")
    RCCK = "04", _("Member of the Revolutionary Committee of the Chinese Kuomintang")
    CDL = "05", _("Member of the China Democratic League")
    CNDCA = "06", _("Member of the China National Democratic Construction Association")
    CAPD = "07", _("Member of the China Association for Promoting Democracy")
    CPWDP = "08", _("Member of the Chinese Peasants' and Workers' Democratic Party")
    CZGP = "09", _("Member of the China Zhi Gong Party")
    JIUSAN = "10", _("Member of the Jiusan Society")
    TDSGL = "11", _("Member of the Taiwan Democratic Self-Government League")
    NON_PARTY = "12", _("Non-party democrat")
    MASSES = "13", _("Ordinary citizen (no affiliation)")


class Relationship(models.TextChoices):
    """GB/T 4761-2008 家庭关系代码 (the codes used in household registers)."""

    HEAD = "02", _("Head of household")
    SPOUSE = "10", _("Spouse")
    HUSBAND = "11", _("Husband")
    WIFE = "12", _("Wife")
    SON = "20", _("Son")
    ONLY_SON = "21", _("Only son")
    ELDEST_SON = "22", _("Eldest son")
    SECOND_SON = "23", _("Second son")
    ADOPTED_SON = "27", _("Adopted son or stepson")
    SON_IN_LAW = "28", _("Son-in-law")
    DAUGHTER = "30", _("Daughter")
    ONLY_DAUGHTER = "31", _("Only daughter")
    ELDEST_DAUGHTER = "32", _("Eldest daughter")
    SECOND_DAUGHTER = "33", _("Second daughter")
    ADOPTED_DAUGHTER = "37", _("Adopted daughter or stepdaughter")
    DAUGHTER_IN_LAW = "38", _("Daughter-in-law")
    GRANDCHILD = "40", _("Grandchild")
    GRANDSON = "41", _("Grandson (son's son)")
    GRANDDAUGHTER = "42", _("Granddaughter (son's daughter)")
    DAUGHTERS_SON = "43", _("Grandson (daughter's son)")
    DAUGHTERS_DAUGHTER = "44", _("Granddaughter (daughter's daughter)")
    PARENT = "50", _("Parent")
    FATHER = "51", _("Father")
    MOTHER = "52", _("Mother")
    FATHER_IN_LAW_H = "53", _("Father-in-law (husband's father)")
    MOTHER_IN_LAW_H = "54", _("Mother-in-law (husband's mother)")
    FATHER_IN_LAW_W = "55", _("Father-in-law (wife's father)")
    MOTHER_IN_LAW_W = "56", _("Mother-in-law (wife's mother)")
    GRANDPARENT = "60", _("Grandparent")
    GRANDFATHER = "61", _("Grandfather")
    GRANDMOTHER = "62", _("Grandmother")
    SIBLING = "70", _("Sibling")
    ELDER_BROTHER = "71", _("Elder brother")
    YOUNGER_BROTHER = "73", _("Younger brother")
    ELDER_SISTER = "75", _("Elder sister")
    YOUNGER_SISTER = "77", _("Younger sister")
    OTHER = "80", _("Other")
    NEPHEW = "93", _("Nephew")
    NIECE = "94", _("Niece")
    OTHER_RELATIVE = "97", _("Other relative")
    NON_RELATIVE = "99", _("Not related")


class Education(models.TextChoices):
    """GB/T 4658-2006 学历代码, at the level of its categories."""

    POSTGRADUATE = "10", _("Postgraduate education")
    BACHELOR = "20", _("Undergraduate (bachelor's)")
    COLLEGE = "30", _("Junior college")
    VOCATIONAL = "40", _("Secondary vocational education")
    SENIOR_HIGH = "60", _("Senior high school")
    JUNIOR_HIGH = "70", _("Junior high school")
    PRIMARY = "80", _("Primary school")
    OTHER = "90", _("Other")


class MaritalStatus(models.TextChoices):
    """GB/T 2261.2-2003 婚姻状况代码."""

    SINGLE = "10", _("Single")
    MARRIED = "20", _("Married")
    WIDOWED = "30", _("Widowed")
    DIVORCED = "40", _("Divorced")
    UNKNOWN = "90", _("Marital status not stated")


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
    JOB_SEEKING = "job_seeking", _("Seeking a first job")
    UNEMPLOYED = "unemployed", _("Unemployed")
    NOT_WORKING = "not_working", _("Not working")


class ResidenceType(models.TextChoices):
    REGISTERED = "registered", _("Registered resident")
    PERMANENT = "permanent", _("Permanent resident")
    FLOATING = "floating", _("Floating population")
    SEPARATED = "separated", _("Registered elsewhere than living")
    LODGING = "lodging", _("Lodger")


# Residence types of people whose 户籍 is not where they live: their stay is registered (暂住登记).
NON_LOCAL = ("floating", "separated", "lodging")


class StayPurpose(models.TextChoices):
    """Why a non-local resident stays (暂住事由)."""

    WORK = "work", _("Work")
    BUSINESS = "business", _("Business")
    STUDY = "study", _("Study")
    FAMILY = "family", _("Joining family")
    OTHER = "other", _("Other")


class ResidentStatus(models.TextChoices):
    ACTIVE = "active", _("On the register")
    MOVED_OUT = "moved_out", _("Moved out")
    DECEASED = "deceased", pgettext_lazy("resident status", "Deceased")


class TagKind(models.TextChoices):
    LOW_INCOME = "low_income", _("Minimum living allowance")
    EXTREME_POVERTY = "extreme_poverty", _("Extreme poverty support")
    DISABLED = "disabled", _("Disabled")
    ELDERLY_ALONE = "elderly_alone", _("Elderly living alone")
    EMPTY_NEST = "empty_nest", _("Empty-nest elderly")
    LEFT_BEHIND_CHILD = "left_behind_child", _("Left-behind child")
    VETERAN = "veteran", _("Veteran")
    RELEASED_PRISONER = "released_prisoner", _("Released from prison")
    COMMUNITY_CORRECTION = "community_correction", _("Under community correction")
    AT_RISK_YOUTH = "at_risk_youth", _("Youth needing attention")
    JOB_SEEKER = "job_seeker", _("Job seeker")


# Tags that only users with the residents.view_sensitive_tags permission see.
SENSITIVE_TAGS = frozenset({TagKind.RELEASED_PRISONER, TagKind.COMMUNITY_CORRECTION, TagKind.AT_RISK_YOUTH})


class HouseholdKind(models.TextChoices):
    FAMILY = "family", _("Family household")
    COLLECTIVE = "collective", _("Collective household")


class VisitKind(models.TextChoices):
    ROUTINE = "routine", _("Routine visit")
    PARTY_MEMBER = "party_member", _("Visiting a party member")
    NEEDY = "needy", _("Visiting a family in difficulty")
    YOUTH = "youth", _("Visiting young people")
    EX_OFFENDER = "ex_offender", _("Visiting released prisoners or people under correction")
    LOW_INCOME = "low_income", _("Visiting a low-income household")
    SIX_AT_HOME = "six_at_home", _("Six-at-home visit")
    OTHER = "other", _("Other")
