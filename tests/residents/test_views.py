import re

import pytest
from django.urls import reverse

from residents.choices import ResidentStatus
from residents.filters import is_personal_number
from residents.models import PersonalDataAccess, Resident, Visit

from .fixtures import LI_SI, WANG_WU, ZHANG_SAN

LIST = reverse("residents:resident-list")
LIVE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "resident-results"}

# Who reads whom in the small register.
READERS = [
    ("admin", {"张三", "赵六", "李四", "王五"}),
    ("official", {"张三", "赵六", "李四", "王五"}),
    ("street_official", {"王五"}),
    ("community_admin", {"张三", "赵六", "李四"}),
    ("window", {"张三", "赵六", "李四"}),
    ("grid_a", {"张三", "赵六"}),
    ("grid_b", {"李四"}),
]


def names(response):
    return {resident.name for resident in response.context["page"]}


@pytest.mark.parametrize(("username", "visible"), READERS)
def test_each_role_lists_exactly_the_residents_of_its_area(client, demo, register, username, visible):
    client.force_login(demo[username])

    response = client.get(LIST)

    assert response.status_code == 200
    assert names(response) == visible
    assert response.context["count"] == len(visible)


@pytest.mark.parametrize(("username", "visible"), READERS)
def test_each_role_opens_residents_in_its_area_and_gets_404_outside(client, demo, register, username, visible):
    client.force_login(demo[username])

    for key in ("zhang", "zhao", "li", "wang"):
        resident = register[key]
        expected = 200 if resident.name in visible else 404
        assert client.get(resident.get_absolute_url()).status_code == expected, (username, resident.name)


@pytest.mark.parametrize("username", ["secretary", "nobody"])
def test_roles_without_the_register_cannot_open_it(client, demo, register, username):
    client.force_login(demo[username])

    assert client.get(LIST).status_code == 403
    assert client.get(register["zhang"].get_absolute_url()).status_code == 403


@pytest.mark.parametrize("username", ["window", "official"])
def test_lists_show_no_full_id_number_or_phone(client, demo, register, username):
    client.force_login(demo[username])

    html = client.get(LIST).content.decode()

    assert "110105********002X" in html
    assert "138****5678" in html
    for full in (ZHANG_SAN, LI_SI, WANG_WU, "13812345678", "13987654321"):
        assert full not in html


def test_the_detail_page_masks_until_a_permitted_user_asks_and_logs_the_showing(client, demo, register):
    zhang = register["zhang"]
    client.force_login(demo["window"])

    page = client.get(zhang.get_absolute_url()).content.decode()
    revealed = client.post(reverse("residents:resident-reveal", args=[zhang.pk, "id_number"])).content.decode()

    assert ZHANG_SAN not in page
    assert ZHANG_SAN in revealed
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.resident, log.field, log.granted) == (demo["window"], zhang, "id_number", True)


def test_an_official_may_not_reveal_and_the_attempt_is_logged(client, demo, register):
    zhang = register["zhang"]
    client.force_login(demo["official"])

    response = client.post(reverse("residents:resident-reveal", args=[zhang.pk, "phone"]))

    assert response.status_code == 403
    assert "13812345678" not in response.content.decode()
    assert PersonalDataAccess.objects.filter(user=demo["official"], granted=False, field="phone").count() == 1


def test_revealing_needs_a_post_and_a_resident_in_scope(client, demo, register):
    client.force_login(demo["grid_a"])

    assert client.get(reverse("residents:resident-reveal", args=[register["zhang"].pk, "phone"])).status_code == 405
    assert client.post(reverse("residents:resident-reveal", args=[register["li"].pk, "phone"])).status_code == 404
    assert client.post(reverse("residents:resident-reveal", args=[register["zhang"].pk, "name"])).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_sensitive_tags_are_hidden_without_their_permission(client, demo, register):
    li = register["li"]

    client.force_login(demo["official"])
    official_view = client.get(li.get_absolute_url()).content.decode()
    client.force_login(demo["grid_b"])
    grid_worker_view = client.get(li.get_absolute_url()).content.decode()

    assert "社区矫正" not in official_view
    assert "社区矫正" in grid_worker_view


def test_the_tag_filter_offers_sensitive_groups_only_with_the_permission(client, demo, register):
    client.force_login(demo["window"])

    response = client.get(LIST, {"tag": "community_correction"})

    assert "tag" in response.context["filter"].errors
    assert names(response) == set()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("张", {"张三"}),
        ("zs", {"张三"}),
        ("ZS", {"张三"}),
        ("zhangsan", {"张三"}),
        ("zhang s", {"张三"}),
        ("Zhang", {"张三"}),
        ("13812345678", {"张三"}),
        ("+86 138 1234 5678", {"张三"}),
        ("31002X", {"张三"}),
        ("31002x", {"张三"}),
        ("李四", {"李四"}),
        ("l", {"李四"}),
    ],
)
def test_the_search_box_finds_by_name_pinyin_initials_phone_and_id_tail(client, demo, register, query, found):
    client.force_login(demo["window"])

    assert names(searched(client, query)) == found


def searched(client, query):
    """The list as the search box asks for it: a phone number in the live search's request body."""
    if is_personal_number(query):
        return client.post(LIST, {"q": query}, **LIVE)
    return client.get(LIST, {"q": query})


def test_search_stays_within_scope(client, demo, register):
    client.force_login(demo["grid_b"])

    assert names(searched(client, "张")) == set()
    assert names(searched(client, "13812345678")) == set()


def test_a_phone_number_in_the_address_is_dropped_from_it_and_searched_by_post(client, demo, register):
    client.force_login(demo["window"])

    typed_in_the_address = client.get(LIST, {"q": "138 1234 5678", "status": "active"})
    by_post = client.post(reverse("residents:resident-id-search"), {"id_number": "+86 138 1234 5678"})

    assert typed_in_the_address.status_code == 302
    assert "1234" not in typed_in_the_address.url
    assert by_post.status_code == 302
    assert by_post.url == register["zhang"].get_absolute_url()
    assert client.get(LIST, {"q": "x"}, **LIVE).status_code == 200
    assert client.post(LIST, {"q": "张"}).status_code == 405  # only the live search posts its filters


def test_a_full_id_number_is_searched_by_post_and_opens_the_resident(client, demo, register):
    client.force_login(demo["window"])

    response = client.post(
        reverse("residents:resident-id-search"), {"id_number": "１１０１０５１９４９１２３１００２ｘ"}
    )

    assert response.status_code == 302
    assert response.url == register["zhang"].get_absolute_url()
    assert ZHANG_SAN not in response.url


def test_a_full_id_number_outside_scope_is_not_found(client, demo, register):
    client.force_login(demo["street_official"])

    response = client.post(reverse("residents:resident-id-search"), {"id_number": ZHANG_SAN})

    assert response.status_code == 200
    assert "您的辖区内没有" in response.content.decode()


def test_a_full_id_number_typed_into_the_get_box_is_not_searched_nor_echoed(client, demo, register):
    client.force_login(demo["window"])

    response = client.get(LIST, {"q": ZHANG_SAN, "grid": register["grid_1"].pk}, follow=True)

    assert response.redirect_chain == [(f"{LIST}?grid={register['grid_1'].pk}", 302)]
    assert ZHANG_SAN not in response.content.decode()
    assert "完整身份证号" in response.content.decode()


def test_filters_by_grid_gender_age_and_tag(client, demo, register):
    client.force_login(demo["window"])

    assert names(client.get(LIST, {"grid": register["grid_2"].pk})) == {"李四"}
    assert names(client.get(LIST, {"gender": "2"})) == {"张三"}
    assert names(client.get(LIST, {"age_min": 70})) == {"张三"}
    assert names(client.get(LIST, {"age_max": 18})) == {"赵六"}
    assert names(client.get(LIST, {"tag": "elderly_alone"})) == {"张三"}


def test_residents_who_left_are_listed_only_when_asked_for(client, demo, register):
    Resident.objects.filter(pk=register["zhao"].pk).update(
        status=ResidentStatus.MOVED_OUT, status_changed_on="2026-01-02"
    )
    client.force_login(demo["window"])

    assert "赵六" not in names(client.get(LIST))
    assert names(client.get(LIST, {"status": "moved_out"})) == {"赵六"}


def test_list_and_detail_query_counts_do_not_grow_with_rows(client, demo, register, django_assert_max_num_queries):
    from residents.models import Resident as R

    for n in range(60):
        body = f"11010119800101{n:03d}"
        from stdnum.cn import ric

        R.objects.create(name=f"测试{n}", id_number=body + ric.calc_check_digit(body + "0"), dwelling=register["d1"])
    client.force_login(demo["window"])

    with django_assert_max_num_queries(15):
        response = client.get(LIST)
    assert len(response.context["page"]) == 50
    with django_assert_max_num_queries(25):
        client.get(register["zhang"].get_absolute_url())


def test_keyset_pages_walk_the_whole_list(client, demo, register):
    from stdnum.cn import ric

    for n in range(60):
        body = f"11010119800201{n:03d}"
        Resident.objects.create(
            name=f"翻页{n}", id_number=body + ric.calc_check_digit(body + "0"), dwelling=register["d1"]
        )
    client.force_login(demo["grid_a"])

    first = client.get(LIST)
    second = client.get(LIST, {"after": first.context["page"].after})
    back = client.get(LIST, {"before": second.context["page"].before})

    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 12
    assert second.context["page"].after is None
    assert names(back) == names(first)


def test_household_page_is_scoped(client, demo, register):
    client.force_login(demo["grid_a"])

    assert client.get(register["household"].get_absolute_url()).status_code == 200
    assert client.get(register["household_2"].get_absolute_url()).status_code == 404


def test_my_grids_shows_the_grid_workers_households_and_who_was_not_visited(client, demo, register):
    client.force_login(demo["grid_a"])

    response = client.get(reverse("residents:my-grids"))
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["grid"] == register["grid_1"]
    assert response.context["totals"]["total"] == 2
    assert [h.number for h in response.context["unvisited"]] == ["H0001"]
    assert "H0002" not in html


def test_my_grids_refuses_a_grid_of_another_worker(client, demo, register):
    client.force_login(demo["grid_a"])

    assert client.get(reverse("residents:my-grids"), {"grid": register["grid_2"].pk}).status_code == 404


def test_a_logged_visit_takes_the_household_off_the_not_visited_list(client, demo, register):
    client.force_login(demo["grid_a"])

    response = client.post(
        reverse("residents:household-visit-create", args=[register["household"].pk]),
        {"visited_on": "2026-11-20", "kind": "routine", "notes": "家中一切正常"},
    )

    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.grid, visit.worker, visit.household) == (register["grid_1"], demo["grid_a"], register["household"])
    assert list(client.get(reverse("residents:my-grids")).context["unvisited"]) == []


def test_a_visit_to_a_household_of_another_grid_is_not_found(client, demo, register):
    client.force_login(demo["grid_a"])

    response = client.post(
        reverse("residents:household-visit-create", args=[register["household_2"].pk]),
        {"visited_on": "2026-11-20", "kind": "routine"},
    )

    assert response.status_code == 404
    assert not Visit.objects.exists()


def test_history_lists_changes_with_masked_values(client, demo, register):
    zhang = register["zhang"]
    Resident.objects.filter(pk=zhang.pk).update(phone="13800000000")  # a bulk update, no save()
    client.force_login(demo["window"])

    html = client.get(zhang.get_absolute_url()).content.decode()
    history = re.search(r'data-testid="history">(.*?)</ol>', html, re.S).group(1)

    assert "138****5678" in history
    assert "138****0000" in history
    assert "13800000000" not in html


@pytest.mark.parametrize("username", ["grid_b", "window", "official"])
def test_tags_and_visits_of_a_resident_outside_the_editable_scope_are_not_found(client, demo, register, username):
    from residents.models import ResidentTag

    zhang = register["zhang"]
    tag = ResidentTag.objects.get(resident=zhang)
    client.force_login(demo[username])

    responses = [
        client.get(reverse("residents:tag-create", args=[zhang.pk])),
        client.post(reverse("residents:tag-create", args=[zhang.pk]), {"kind": "veteran", "since": "2026-01-01"}),
        client.post(reverse("residents:tag-end", args=[tag.pk])),
        client.post(
            reverse("residents:resident-visit-create", args=[zhang.pk]), {"visited_on": "2026-11-20", "kind": "routine"}
        ),
    ]

    assert {response.status_code for response in responses} <= {403, 404}
    tag.refresh_from_db()
    assert tag.until is None
    assert zhang.tags.count() == 1
    assert not Visit.objects.exists()


def test_a_grid_worker_adds_a_tag_to_a_resident_of_their_grid(client, demo, register):
    client.force_login(demo["grid_a"])

    response = client.post(
        reverse("residents:tag-create", args=[register["zhao"].pk]),
        {"kind": "left_behind_child", "since": "2026-01-01", "note": "父母在外务工"},
    )

    assert response.status_code == 302
    assert register["zhao"].tags.get().kind == "left_behind_child"


def test_household_list_shows_only_households_in_scope(client, demo, register):
    client.force_login(demo["grid_b"])

    response = client.get(reverse("residents:household-list"))

    assert [h.number for h in response.context["page"]] == ["H0002"]
    assert response.context["page"].object_list[0].head.name == "李四"


@pytest.mark.parametrize(("username", "visible"), READERS)
def test_the_live_search_answers_with_the_results_alone_within_scope(client, demo, register, username, visible):
    client.force_login(demo[username])

    response = client.get(LIST, {"q": "张"}, **LIVE)

    body = response.content.decode()
    assert response.status_code == 200
    assert names(response) == visible & {"张三"}
    assert 'data-testid="result-count"' in body
    assert "<html" not in body
    assert 'id="resident-filter"' not in body
    assert "HX-Request" in response.headers["Vary"]
    assert "13812345678" not in body
    assert ZHANG_SAN not in body


def test_the_live_search_reads_no_area_dropdowns(client, demo, register, django_assert_num_queries):
    client.force_login(demo["official"])
    client.get(LIST, {"q": "张"}, **LIVE)

    # session, user, permissions, posts, the district's communities, the page (all of it: no count)
    with django_assert_num_queries(6):
        client.get(LIST, {"q": "张"}, **LIVE)


def test_the_whole_page_is_served_to_plain_requests_and_history_restores(client, demo, register):
    client.force_login(demo["window"])

    for extra in ({}, {**LIVE, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}, {"HTTP_HX_REQUEST": "true"}):
        body = client.get(LIST, {"q": "张"}, **extra).content.decode()
        assert 'id="resident-filter"' in body, extra
        assert 'id="resident-results"' in body, extra


def test_the_live_search_never_searches_a_full_id_number(client, demo, register):
    client.force_login(demo["window"])

    response = client.post(LIST, {"q": ZHANG_SAN}, **LIVE)

    body = response.content.decode()
    assert response.status_code == 200
    assert names(response) == set()
    assert ZHANG_SAN not in body
    assert "完整身份证号" in body
    assert "<html" not in body


def test_the_search_form_asks_for_live_results(client, demo, register):
    client.force_login(demo["window"])

    body = client.get(LIST).content.decode()

    assert 'hx-target="#resident-results"' in body
    assert 'hx-history="false"' in body  # results are not kept in the browser's history cache
