"""District-scale generated data for measuring the portal: `manage.py seed_scale --residents 1000000
--requests 3000000 --members 50000 --checkins 2000000`. See devtools/scale/."""

import datetime
import random
import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from dashboards import rollups
from devtools.scale.areas import DISTRICT, create_areas, existing_scale_data
from devtools.scale.load import BulkLoad
from devtools.scale.party import PARTY_KEYS, PartyGenerator, attendance_summary
from devtools.scale.people import PeopleGenerator
from devtools.scale.pipeline import GeneratorFailed, stream
from devtools.scale.requests import RequestGenerator, catalogue
from devtools.scale.rows import TABLES, Clock
from services import supervision
from services.calendar import WorkingCalendar

# Resolutions drawn for the last days can fall this far after them.
CALENDAR_MARGIN = datetime.timedelta(days=200)


class Command(BaseCommand):
    help = (
        f"Fill a second district ({DISTRICT[0]} {DISTRICT[1]}) with generated data at district scale: communities, "
        "grids, places, households, residents, special-group tags, visits, service requests with their "
        "timelines and, with --members, party organisations, members, activities, check-ins and points, "
        "written with PostgreSQL COPY in one transaction. The generated rows get no change history "
        "(the history triggers are off during the load). Refuses to run twice on the same database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--residents", type=int, default=1_000_000, help="Residents (default 1,000,000).")
        parser.add_argument("--requests", type=int, default=3_000_000, help="Service requests (default 3,000,000).")
        parser.add_argument("--communities", type=int, default=100, help="Communities, ten per street (default 100).")
        parser.add_argument("--grids-per-community", type=int, default=20, help="Grids per community (default 20).")
        parser.add_argument("--years", type=int, default=3, help="Years of service requests, up to yesterday.")
        parser.add_argument("--seed", type=int, default=20261123, help="Seed of the random draws.")
        parser.add_argument(
            "--members",
            type=int,
            default=0,
            help="Party members, on the branches of the communities' party committees (default 0: no party data).",
        )
        parser.add_argument(
            "--checkins",
            type=int,
            default=0,
            help="Activity check-ins, with the points they earn (fewer if the activities cannot hold that many).",
        )

    def handle(
        self, *args, residents, requests, communities, grids_per_community, years, seed, members, checkins, **options
    ):
        started = time.monotonic()
        if min(residents, communities, grids_per_community, years) < 1 or min(requests, members, checkins) < 0:
            raise CommandError("Residents, communities, grids per community and years must be at least 1.")
        if communities > 999 or grids_per_community > 999:
            raise CommandError("At most 999 communities and 999 grids per community fit the division codes.")
        if checkins and not members:
            raise CommandError("Check-ins need party members: give --members too.")
        existing = existing_scale_data()
        if existing:
            raise CommandError(
                f"The scale data is loaded already ({existing} exists); seed_scale runs once per database. "
                "Drop the database or start from a fresh one to load it again."
            )
        rng = random.Random(seed)
        now = timezone.now()
        today = timezone.localdate()
        first, last = today - datetime.timedelta(days=365 * years), today - datetime.timedelta(days=1)
        calendar = WorkingCalendar(first, last + CALENDAR_MARGIN)
        items, weights = catalogue()
        if requests and not items:
            raise CommandError("The service catalogue is empty; run the migrations first.")
        now_text = Clock().moment(int(now.timestamp()))
        self.stdout.write(
            f"Generating {residents:,} residents and {requests:,} service requests in {communities} communities "
            f"of {DISTRICT[1]}"
            + (f", with {members:,} party members and {checkins:,} activity check-ins" if members else "")
            + ". Generated rows are written without change history."
        )
        load = BulkLoad()
        rows = dict.fromkeys(TABLES, 0)
        phase = {"name": "", "since": time.monotonic()}

        def consume(kind, payload):
            if kind == "phase":
                self._phase_done(phase)
                phase.update(name=payload, since=time.monotonic())
                return
            for key, data, count in payload:
                load.copy(key, data)
                rows[key] += count

        with transaction.atomic():
            areas = create_areas(rng, communities=communities, grids_per_community=grids_per_community)
            ids = load.begin()
            slots = {"expected": 0}  # expected attendances of the party activities, drawn in the child process

            def produce():
                people = PeopleGenerator(rng, areas, ids, today, now_text)
                yield "phase", "places, households, residents, tags and visits"
                for chunk in people.rows(residents):
                    yield "chunk", chunk
                yield "phase", "service requests, events and number counters"
                generator = RequestGenerator(
                    rng, areas, people.people, ids, items=items, weights=weights, calendar=calendar, now=now
                )
                for chunk in generator.rows(requests, first, last):
                    yield "chunk", chunk
                if members:
                    yield "phase", "party organisations, members, activities, check-ins and points"
                    party = PartyGenerator(rng, areas, people, ids, now_text)
                    for chunk in party.rows(members, checkins, first, last):
                        yield "chunk", chunk
                    slots["expected"] = party.slots
                return ids, slots

            try:
                (last_ids, slots), child_peak = stream(produce, consume)
            except GeneratorFailed as error:
                raise CommandError(f"Generating the rows failed:\n{error}") from error
            self._phase_done(phase)
            phase.update(name="indexes rebuilt, foreign keys checked and restored", since=time.monotonic())
            load.finish(last_ids)
            self._phase_done(phase)
        phase.update(name="ANALYZE", since=time.monotonic())
        load.analyze(
            ["grids_street", "grids_community", "grids_grid", "services_department", "auth_user", "grids_staffpost"]
        )
        self._phase_done(phase)
        phase.update(name="dashboard rollups rebuilt", since=time.monotonic())
        rollups.rebuild()
        self._phase_done(phase)
        phase.update(name="督办 marks (requests overdue or due soon)", since=time.monotonic())
        supervision.mark()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE services_supervision")
        self._phase_done(phase)

        for name, count in areas.counts.items():
            self.stdout.write(f"  {name:<40} {count:>12,}")
        for key, count in rows.items():
            if key in PARTY_KEYS and not members:
                continue
            self.stdout.write(f"  {TABLES[key][0]._meta.db_table:<40} {count:>12,}  COPY {load.seconds[key]:6.1f} s")
        if members:
            self.stdout.write(
                "  Points: every attendance earns its activity's points and confirmed volunteer hours 2 a hour; "
                "the yearly caps of the points rules are not applied to the generated ledger."
            )
            short, text = attendance_summary(rows["checkin"], checkins, slots["expected"])
            self.stdout.write(self.style.WARNING(text) if short else text)
        own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.1f} s; peak memory {own_peak / 1024:.0f} MiB (this process), "
                f"{child_peak / 1024:.0f} MiB (generator process)."
            )
        )

    def _phase_done(self, phase):
        if phase["name"]:
            self.stdout.write(f"  {phase['name']}: {time.monotonic() - phase['since']:.1f} s")
