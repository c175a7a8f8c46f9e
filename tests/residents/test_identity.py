import datetime

import pytest
from django.core.exceptions import ValidationError

from residents.identity import (
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)
from residents.models import name_spellings, pinyin_initials


def test_a_valid_id_number_passes():
    validate_id_number("11010519491231002X")


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("110105194912310021", "最后一位"),  # wrong check character
        ("11010519491231002", "18"),  # 17 characters
        ("11010519491231002X1", "18"),  # 19 characters
        ("110105194913310029", "不存在"),  # month 13
        ("110105190002290025", "不存在"),  # 1900-02-29: 1900 was no leap year
        ("110105189912310024", "1900"),  # before 1900
        ("110105209912310023", "将来"),  # in the future
        ("11010519491231002Y", "17 位数字"),  # not a digit or X
    ],
)
def test_malformed_id_numbers_are_refused_with_a_clear_chinese_message(number, message):
    with pytest.raises(ValidationError) as error:
        validate_id_number(number)
    assert message in " ".join(error.value.messages)


def test_an_unknown_address_code_is_no_reason_to_refuse():
    # 999999 is no county code; people keep the numbers they were given.
    from stdnum.cn import ric

    body = "99999919800101001"
    validate_id_number(body + ric.calc_check_digit(body + "0"))


@pytest.mark.parametrize(
    "typed", ["１１０１０５１９４９１２３１００２ｘ", "110105 19491231 002x", " 11010519491231002x "]
)
def test_full_width_digits_spaces_and_lower_case_x_are_normalised_and_accepted(typed):
    assert normalize_id_number(typed) == "11010519491231002X"
    validate_id_number(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+86 138 1234 5678", "13812345678"),
        ("0086-13812345678", "13812345678"),
        ("010-65123456", "01065123456"),
        ("１３８１２３４５６７８", "13812345678"),
    ],
)
def test_phone_numbers_are_normalised(typed, stored):
    assert normalize_phone(typed) == stored
    validate_phone(typed)


@pytest.mark.parametrize(
    "typed",
    # 140-144 carry 13-digit IoT numbers; 154, 179 and 194 are not given out.
    ["1381234567", "23812345678", "12345", "abc", "14012345678", "14412345678", "15412345678", "19412345678"],
)
def test_malformed_phone_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        validate_phone(typed)


def test_masks_keep_only_what_identifies_nobody():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("张三", "zs"),
        ("买买提·艾力", "mmtal"),
        ("欧阳娜娜", "oynn"),
        ("𠮷田", "t"),
    ],  # pypinyin does not know 𠮷; its name is still found by prefix
)
def test_pinyin_initials_skip_the_middle_dot_and_cover_rare_characters(name, initials):
    assert pinyin_initials(name) == initials


@pytest.mark.parametrize(
    ("name", "spelled"),
    [
        ("张三", ("zs", "zhangsan")),
        ("吕布", ("lb", "lvbu")),  # ü as it is typed
        ("曾小明", ("zxm", "zengxiaoming")),  # a surname read as a surname, not as in 曾经
        ("单雄信", ("sxx", "shanxiongxin")),
        ("买买提·艾力", ("mmtal", "maimaitiaili")),
    ],
)
def test_names_are_spelled_as_they_are_typed_at_the_window(name, spelled):
    assert tuple(name_spellings(name).values()) == spelled
    assert name_spellings("单位证明", person=False)["name_pinyin"] == "danweizhengming"


def test_birth_date_and_gender_are_derived_by_the_database(register):
    from residents.models import Resident

    zhang = Resident.objects.get(pk=register["zhang"].pk)
    li = Resident.objects.get(pk=register["li"].pk)

    assert zhang.birth_date == datetime.date(1949, 12, 31)
    assert zhang.gender == "2"
    assert li.birth_date == datetime.date(1985, 7, 15)
    assert li.gender == "1"


def test_the_gender_derived_from_the_id_number_is_shown_in_words(register):
    from residents.models import Resident

    assert str(Resident.objects.get(pk=register["zhang"].pk).get_gender_display()) == "女"
    assert str(Resident.objects.get(pk=register["li"].pk).get_gender_display()) == "男"


@pytest.mark.parametrize(
    "typed", ["13412345678", "14712345678", "16612345678", "17412345678", "19257616307", "19912345678"]
)
def test_mobile_numbers_of_every_prefix_given_out_are_accepted(typed):
    validate_phone(typed)


def test_an_id_number_typed_with_spaces_is_normalised_before_its_length_is_checked(db):
    from residents.forms import ResidentForm

    field = ResidentForm.base_fields["id_number"]

    assert field.clean("1101 0519 4912 3100 2x ") == "11010519491231002X"
