"""The scenarios of issue 7, built on the scale district of `seed_scale`: who asks for what.

Each scenario is a list of calls (the warm-up first) made by one user through Django's test client. Where it
makes sense the calls rotate over a sample of residents or requests, so that the figures are not those of one
cached row.
"""

import datetime
import itertools
import random
import re
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import CommandError
from django.db.models import Count
from django.http.request import validate_host
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common.paging import PAGE_SIZE
from devtools.scale.areas import DISTRICT, PREFIX
from grids.actions import staff_post_assign
from grids.models import Community, District, Grid
from grids.roles import Role
from residents.choices import SENSITIVE_TAGS, ResidentStatus
from residents.models import Resident, ResidentTag
from residents.views import RESULTS
from services.models import ServiceItem, ServiceRequest

from . import party
from .measure import Call, perform

BENCH_OFFICIAL = f"{PREFIX}bench_official"
BENCH_STREET = f"{PREFIX}bench_street"  # an official of the first street (its 10 communities)
BENCH_SPREAD = f"{PREFIX}bench_spread"  # the admin of 5 communities whose ids lie far apart
FIGURE_LINK = re.compile(r'href="([^"]+)"[^>]*data-count-link="([a-z_-]+)"')
BENCH_API_CLIENT = f"{PREFIX}bench_hotline"
AFTER = re.compile(r"[?&;]after=(\d+)")
SAMPLE = 40
LIVE_NOTE = (
    "lookups: the request the search box makes as the clerk types (htmx, HX-Target resident-results): the "
    "results table alone, with the same scope, filters, masking and count as the whole page; "
    "`lookup_name_page` is the same lookup answered with the whole page (the search button, or a browser "
    "without scripts)"
)


# Targets of issue 7, p95 in ms, by kind of scenario.
TARGETS = {"lookup": 20, "list": 50, "detail": 50, "queue": 50, "write": 50, "dashboard": 150}


@dataclass
class Scenario:
    key: str
    title: str
    kind: str  # a key of TARGETS
    user: str
    calls: list  # of Call: warm-up + measured
    replay: Call | None = None  # the request whose SQL is replayed raw (default: the first measured call)
    rollback_replay: bool = False  # writes: capture inside a rolled-back transaction
    not_measured: str = ""
    notes: list = field(default_factory=list)


def host() -> str:
    """The Host header of the test client: the loopback when the settings allow it (DEBUG), else an allowed name."""
    for name in ("127.0.0.1", "localhost", "testserver"):
        if validate_host(name, settings.ALLOWED_HOSTS):
            return name
    return next((name.lstrip(".") for name in settings.ALLOWED_HOSTS if name != "*"), "127.0.0.1")


def anonymous_client() -> Client:
    return Client(HTTP_HOST=host())


class Bench:
    """The users, areas and sample rows the scenarios need."""

    def __init__(self, *, requests: int, warmup: int, deep_pages: int = 200, seed: int = 7):
        self.n, self.warmup, self.deep_pages = requests, warmup, deep_pages
        self.rng = random.Random(seed)  # noqa: S311 - sampling, not security
        self.district = District.objects.filter(code=DISTRICT[0]).first()
        if self.district is None:
            raise CommandError(
                f"The scale district {DISTRICT[0]} {DISTRICT[1]} does not exist in this database: "
                "run seed_scale first (python manage.py seed_scale --residents 1000000 --requests 3000000)."
            )
        self.community = (
            Community.objects.filter(street__district=self.district).select_related("street").order_by("code").first()
        )
        self.street = self.community.street
        User = get_user_model()
        self.clerk = User.objects.get(username=f"{PREFIX}window_{self.community.code}")
        self.official, _created = User.objects.get_or_create(
            username=BENCH_OFFICIAL, defaults={"first_name": "基准测试", "password": make_password(None)}
        )
        staff_post_assign(user=self.official, role=Role.OFFICIAL, area=self.district)
        self.street_official = self.user_with_posts(BENCH_STREET, Role.OFFICIAL, [self.street])
        communities = list(Community.objects.filter(street__district=self.district).order_by("pk"))
        spread = [communities[index * (len(communities) - 1) // 4] for index in range(5)]
        self.spread_admin = self.user_with_posts(BENCH_SPREAD, Role.COMMUNITY_ADMIN, spread)
        self.clients = {}
        self.total = self.n + self.warmup

    @staticmethod
    def user_with_posts(username, role, areas):
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": "基准测试", "password": make_password(None)}
        )
        for area in areas:
            staff_post_assign(user=user, role=role, area=area)
        return user

    def client(self, user) -> Client:
        if user.pk not in self.clients:
            client = anonymous_client()
            client.force_login(user)
            self.clients[user.pk] = client
        return self.clients[user.pk]

    def cycle(self, values):
        return list(itertools.islice(itertools.cycle(values), self.total))

    # Samples

    def residents(self):
        pks = list(
            Resident.objects.filter(dwelling__grid__community=self.community, status=ResidentStatus.ACTIVE)
            .exclude(phone="")
            .values_list("pk", flat=True)
        )
        chosen = self.rng.sample(pks, min(SAMPLE, len(pks)))
        return list(Resident.objects.filter(pk__in=chosen).order_by("pk"))

    # Scenarios

    def scenarios(self) -> list[Scenario]:
        residents = self.residents()
        if not residents:
            raise CommandError(f"No resident with a phone in {self.community}: the scale data looks incomplete.")
        clerk, official = self.clerk.username, self.official.username
        list_url = reverse("residents:resident-list")

        def q(text, live=True):
            # What the search box asks for as the clerk types: the results alone (htmx), the box in the
            # request body (see ResidentListView.post); the Search button's whole page by GET.
            extra = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": RESULTS, "HTTP_HX_TRIGGER": "resident-filter"}
            if live:
                return Call("post", list_url, {"q": text}, extra=extra)
            return Call("get", f"{list_url}?{urlencode({'q': text})}")

        found = (302,)
        scenarios = [
            Scenario(
                "lookup_id",
                "Window lookup by full ID number (POST)",
                "lookup",
                clerk,
                self.cycle(
                    [
                        Call("post", reverse("residents:resident-id-search"), {"id_number": r.id_number}, found)
                        for r in residents
                    ]
                ),
            ),
            Scenario(
                "lookup_name",
                "Window lookup by name prefix (live search)",
                "lookup",
                clerk,
                self.cycle([q(r.name[:2]) for r in residents]),
                notes=[LIVE_NOTE],
            ),
            Scenario(
                "lookup_pinyin",
                "Window lookup by pinyin initials (live search)",
                "lookup",
                clerk,
                self.cycle([q(r.name_initials) for r in residents]),
            ),
            Scenario(
                "lookup_phone",
                "Window lookup by phone (live search)",
                "lookup",
                clerk,
                self.cycle([q(r.phone) for r in residents]),
            ),
            Scenario(
                "lookup_name_page",
                "Window lookup by name prefix, whole page (search button)",
                "list",
                clerk,
                self.cycle([q(r.name[:2], live=False) for r in residents]),
            ),
            Scenario(
                "list_community",
                "Resident list, first page (window clerk, one community)",
                "list",
                clerk,
                self.cycle([Call("get", list_url)]),
            ),
            Scenario(
                "list_district",
                "Resident list, first page (official, whole district)",
                "list",
                official,
                self.cycle([Call("get", list_url)]),
            ),
            self.grid_tag_scenario(list_url),
            self.deep_page_scenario(list_url, depth=self.deep_pages),
            Scenario(
                "resident_detail",
                "Resident detail",
                "detail",
                clerk,
                self.cycle([Call("get", r.get_absolute_url()) for r in residents]),
            ),
            Scenario(
                "queue_community",
                "Request queue, status=open (window clerk)",
                "queue",
                clerk,
                self.cycle([Call("get", f"{reverse('services:request-list')}?status=open")]),
            ),
            Scenario(
                "queue_district",
                "Request queue, status=open (official, whole district)",
                "queue",
                official,
                self.cycle([Call("get", f"{reverse('services:request-list')}?status=open")]),
            ),
            self.request_detail_scenario(),
            Scenario(
                "supervision_district",
                "督办 list, overdue (official, whole district)",
                "list",
                official,
                self.cycle([Call("get", f"{reverse('services:supervision')}?level=overdue")]),
            ),
            self.open311_day_scenario(),
            self.intake_scenario(residents),
            self.check_in_scenario(),
        ]
        for level, area in (("district", self.district), ("street", self.street), ("community", self.community)):
            url = f"{reverse('dashboards:area', args=[level, area.pk])}?period=last_12_months"
            scenarios.append(
                Scenario(
                    f"dashboard_{level}",
                    f"Dashboard of the {level} ({area}), last 12 months",
                    "dashboard",
                    official,
                    self.cycle([Call("get", url)]),
                )
            )
        scenarios += self.scope_scenarios(list_url)
        scenarios += self.dated_queue_scenarios()
        scenarios += self.figure_link_scenarios()
        url = f"{reverse('dashboards:ranking', args=['district', self.district.pk])}?period=last_12_months"
        scenarios.append(
            Scenario(
                "ranking_district",
                "接诉即办 ranking of the district's communities and departments, last 12 months",
                "dashboard",
                official,
                self.cycle([Call("get", url)]),
            )
        )
        return scenarios

    def scope_scenarios(self, list_url) -> list[Scenario]:
        """Scopes of several communities: a street's official (10 communities side by side), the admin of 5
        communities whose ids lie far apart, and the demo district's official when the demo data is in
        the same database (its residents have the lowest ids)."""
        queue = f"{reverse('services:request-list')}?status=open"
        users = [
            ("street", self.street_official, "a street's official, 10 communities"),
            ("spread", self.spread_admin, "the admin of 5 communities far apart"),
        ]
        demo = get_user_model().objects.filter(username="official").first()
        if demo is not None:
            users.append(("demo_official", demo, "the demo district's official"))
        scenarios = []
        for key, user, who in users:
            scenarios.append(
                Scenario(
                    f"list_{key}",
                    f"Resident list, first page ({who})",
                    "list",
                    user.username,
                    self.cycle([Call("get", list_url)]),
                )
            )
            scenarios.append(
                Scenario(
                    f"queue_{key}",
                    f"Request queue, status=open ({who})",
                    "queue",
                    user.username,
                    self.cycle([Call("get", queue)]),
                )
            )
        return scenarios

    def dated_queue_scenarios(self) -> list[Scenario]:
        """Queues filtered by the date of receipt, as the dashboards' "received" figures link to them: the last
        12 months of the street and of the district, and one old month of the district."""
        today = timezone.localdate()
        year_ago = today.replace(year=today.year - 1)
        oldest = ServiceRequest.objects.order_by("received_at").values_list("received_at", flat=True).first()
        old = timezone.localtime(oldest).date().replace(day=1) if oldest else year_ago.replace(day=1)
        old_end = (old + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        queue = reverse("services:request-list")

        def dated(start, end, **where):
            return Call("get", f"{queue}?{urlencode({**where, 'received_from': start, 'received_to': end})}")

        return [
            Scenario(
                "queue_street_12m",
                "Request queue, received in the last 12 months (a street's official)",
                "queue",
                self.street_official.username,
                self.cycle([dated(year_ago, today)]),
            ),
            Scenario(
                "queue_district_12m",
                "Request queue, received in the last 12 months (official, district)",
                "queue",
                self.official.username,
                self.cycle([dated(year_ago, today)]),
            ),
            Scenario(
                "queue_district_old_month",
                f"Request queue, received in {old:%Y-%m} (official, district)",
                "queue",
                self.official.username,
                self.cycle([dated(old, old_end)]),
            ),
        ]

    def figure_link_scenarios(self) -> list[Scenario]:
        """The list behind each kind of figure of the district's and a street's dashboards (the first link of
        each kind), as an official who clicks a number opens it."""
        client, seen, scenarios = self.client(self.official), set(), []
        for level, area in (("district", self.district), ("street", self.street)):
            url = f"{reverse('dashboards:area', args=[level, area.pk])}?period=last_12_months"
            html = perform(client, Call("get", url)).content.decode()
            for href, kind in FIGURE_LINK.findall(html):
                if kind in seen:
                    continue
                seen.add(kind)
                target = href.replace("&amp;", "&")
                kind_of = "queue" if "/services/" in target else "list"
                scenarios.append(
                    Scenario(
                        f"figure_{kind.replace('-', '_')}",
                        f"The list behind the {level} dashboard's “{kind}” figure",
                        kind_of,
                        self.official.username,
                        self.cycle([Call("get", target)]),
                        notes=[f"`figure_{kind.replace('-', '_')}`: {target}"],
                    )
                )
        return scenarios

    def grid_tag_scenario(self, list_url) -> Scenario:
        grid = Grid.objects.filter(community=self.community).order_by("number").first()
        tag = (
            ResidentTag.objects.current()
            .filter(resident__dwelling__grid=grid)
            .exclude(kind__in=SENSITIVE_TAGS)
            .values("kind")
            .annotate(n=Count("pk"))
            .order_by("-n", "kind")
            .first()
        )
        kind = tag["kind"] if tag else "elderly_alone"
        url = f"{list_url}?{urlencode({'grid': grid.pk, 'tag': kind})}"
        return Scenario(
            "list_grid_tag",
            f"Resident list filtered by grid + tag ({grid.name}, {kind})",
            "list",
            self.clerk.username,
            self.cycle([Call("get", url)]),
        )

    def deep_page_scenario(self, list_url, depth: int = 200, budget: float = 60) -> Scenario:
        """Follow the `after=` links of the official's list `depth` pages deep (or as deep as the list goes). Once
        `budget` seconds are spent, the rest of the way is taken in one query over the rows the view lists."""
        client = self.client(self.official)
        url, pages, key = list_url, 0, None
        deadline = time.monotonic() + budget
        while pages < depth and time.monotonic() < deadline:
            html = perform(client, Call("get", url)).content.decode()
            keys = AFTER.findall(html)
            if not keys:
                break
            key, pages = int(keys[-1]), pages + 1
            url = f"{list_url}?after={key}"
        followed = pages
        if pages < depth and key is not None:
            rows = Resident.objects.visible_to(self.official).active().filter(pk__lt=key).order_by("-pk")
            offset = (depth - pages) * PAGE_SIZE
            skipped = list(rows.values_list("pk", flat=True)[offset - 1 : offset])
            if skipped:
                key, pages = skipped[0], depth
                url = f"{list_url}?after={key}"
        scenario = Scenario(
            "list_deep",
            f"Resident list, page {pages + 1} via after= keys (official)",
            "list",
            self.official.username,
            self.cycle([Call("get", url)]),
        )
        scenario.notes.append(
            f"page {pages + 1}: {url} ({followed} after= links followed"
            + (f", the other {pages - followed} pages skipped in one query" if pages > followed else "")
            + ")"
        )
        return scenario

    def request_detail_scenario(self) -> Scenario:
        pks = list(ServiceRequest.objects.visible_to(self.clerk).order_by("-pk").values_list("pk", flat=True)[:2000])
        chosen = self.rng.sample(pks, min(SAMPLE, len(pks)))
        return Scenario(
            "request_detail",
            "Request detail",
            "detail",
            self.clerk.username,
            self.cycle([Call("get", reverse("services:request-detail", args=[pk])) for pk in chosen]),
        )

    def open311_day_scenario(self) -> Scenario:
        """The 12345 hotline reading one day of the district's requests through the API (first page of 100)."""
        from open311.actions import client_create
        from open311.models import ApiClient, ApiKey

        client = ApiClient.objects.filter(name=BENCH_API_CLIENT).first()
        if client is None:
            client, key = client_create(name=BENCH_API_CLIENT, district=self.district)
        else:
            _key, key = ApiKey.issue(client)
        today = timezone.localdate()
        days = [today - datetime.timedelta(days=offset) for offset in range(1, 41)]

        def call(day):
            start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
            end = start + datetime.timedelta(days=1) - datetime.timedelta(seconds=1)
            query = {"api_key": key, "start_date": start.isoformat(), "end_date": end.isoformat()}
            return Call("get", f"{reverse('open311:requests', kwargs={'fmt': 'json'})}?{urlencode(query)}")

        return Scenario(
            "open311_day",
            "Open311 GET requests.json, one day of the district (API key)",
            "list",
            "(12345 hotline API client)",
            self.cycle([call(day) for day in self.rng.sample(days, len(days))]),
        )

    def intake_scenario(self, residents) -> Scenario:
        item = ServiceItem.objects.active().filter(requires_resident=True).exclude(materials=[]).order_by("pk").first()
        url = reverse("services:request-create")

        def call(resident):
            return Call(
                "post",
                url,
                {
                    "resident": resident.pk,
                    "item": item.pk,
                    "channel": "window",
                    "priority": "normal",
                    "contact_name": "",
                    "contact_phone": "",
                    "community": self.community.pk,
                    "description": "基准测试：开具证明",
                    "submission_key": str(uuid.uuid4()),
                    "materials_received": item.materials,
                },
                (302,),
            )

        calls = [call(r) for r in self.cycle(residents)]
        return Scenario(
            "intake",
            f"Intake: a new request ({item.name}), POST",
            "write",
            self.clerk.username,
            calls,
            replay=call(residents[0]),
            rollback_replay=True,
        )

    def check_in_scenario(self) -> Scenario:
        title = "QR check-in by a party member, POST"
        token, members = party.activity_with_members(self, self.total + 1)
        url = reverse("partybuilding:check-in", args=[token])

        def call(index, member):
            # Every phone has its own address: the per-address rate limit (20 per 5 minutes) is not what is measured.
            return Call(
                "post",
                url,
                {"phone": member[0], "id_tail": member[1][-4:]},
                (200,),
                {"REMOTE_ADDR": f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}"},
            )

        calls = [call(index, member) for index, member in enumerate(members[1:], start=1)]
        return Scenario(
            "check_in", title, "write", "(anonymous member)", calls, replay=call(0, members[0]), rollback_replay=True
        )
