"""`manage.py bench`: the district-scale benchmark of issue 7 against the data of `seed_scale`. See devtools/bench/."""

import re
import shlex
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from dashboards import rollups
from devtools.bench import report, shortcuts, throughput
from devtools.bench.measure import Failed, capture, time_page, time_raw
from devtools.bench.scenarios import Bench, anonymous_client

SECRETS = re.compile(r"(\"session_(?:key|data)\" = )'[^']*'")


def shown(sql: str, length: int = 240) -> str:
    """A statement as the JSON file keeps it: shortened, without session keys or session data."""
    sql = SECRETS.sub(r"\1'…'", sql)
    return sql if len(sql) <= length else sql[:length] + " …"


class Command(BaseCommand):
    help = (
        "Measure the portal's pages against the scale district of seed_scale: p50/p95 server time through the "
        "test client, query counts, the same SQL replayed raw through psycopg, and gunicorn throughput. Writes "
        "docs/performance.json and the table of docs/performance.md. Run seed_scale first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50, help="Timed requests per scenario (default 50).")
        parser.add_argument("--warmup", type=int, default=5, help="Warm-up requests per scenario (default 5).")
        parser.add_argument(
            "--budget",
            type=float,
            default=90,
            help="Seconds at most for the timed page requests of one scenario, and as much for its "
            "raw replays; at least 10 are timed (default 90; 0: no limit).",
        )
        parser.add_argument(
            "--deep-pages",
            type=int,
            default=200,
            help="How deep the deep-page scenario goes in the resident list (default 200).",
        )
        parser.add_argument(
            "--only",
            default="",
            help="Comma-separated scenario keys to run (default: all); with --shortcuts, the shortcuts to compare.",
        )
        parser.add_argument("--no-throughput", action="store_true", help="Skip the gunicorn throughput test.")
        parser.add_argument("--duration", type=float, default=20, help="Seconds per throughput run (default 20).")
        parser.add_argument("--clients", type=int, default=8, help="Concurrent clients for throughput (default 8).")
        parser.add_argument(
            "--shortcuts",
            action="store_true",
            dest="shortcuts_only",
            help="Only compare each speed shortcut with Django's way on the same pages (writes "
            "docs/shortcuts.json and the shortcuts section of docs/performance.md).",
        )
        parser.add_argument(
            "--rounds",
            type=int,
            default=5,
            help="With --shortcuts: alternating rounds of each way per page (default 5).",
        )
        parser.add_argument("--json", default="docs/performance.json", help="Where the results go (JSON).")
        parser.add_argument(
            "--markdown",
            default="docs/performance.md",
            help="Markdown file whose bench section is rewritten ('' for none).",
        )

    def handle(
        self,
        *args,
        requests,
        warmup,
        budget,
        deep_pages,
        only,
        no_throughput,
        duration,
        clients,
        json,
        markdown,
        shortcuts_only,
        rounds,
        **options,
    ):
        if requests < 1 or warmup < 0:
            raise CommandError("--requests must be at least 1 and --warmup at least 0.")
        started = time.monotonic()
        settings.DEBUG = False  # measured as served in production: no query log, no debug pages
        bench = Bench(requests=requests, warmup=warmup, deep_pages=deep_pages)
        if shortcuts_only:
            return self.compare_shortcuts(bench, rounds, markdown, [key for key in only.split(",") if key])
        json_path, md_path = Path(settings.BASE_DIR, json), Path(settings.BASE_DIR, markdown) if markdown else None
        previous = report.read_json(json_path)
        arguments = shlex.join(sys.argv[2:]) if sys.argv[1:2] == ["bench"] else ""
        results = {
            "measured_at": timezone.localtime().isoformat(timespec="seconds"),
            "command": f"python manage.py bench {arguments}".strip(),
            "settings": {"requests": requests, "warmup": warmup, "budget_s": budget},
            "machine": report.machine(),
            "data": report.data_sizes(),
            "scenarios": {},
        }
        self.stdout.write(
            f"Scale district: {results['data']['residents_scale_district']:,} residents, "
            f"{results['data']['requests_scale_district']:,} requests. Preparing the scenarios…"
        )
        wanted = {key for key in only.split(",") if key}
        scenarios = [s for s in bench.scenarios() if not wanted or s.key in wanted]
        for scenario in scenarios:
            results["scenarios"][scenario.key] = self.measure(bench, scenario, requests, budget)
        report.verdicts(results, previous)

        if no_throughput:
            results["throughput"] = {"skipped": "not measured (--no-throughput)"}
        else:
            self.stdout.write(f"Throughput: gunicorn, 2 workers, {clients} clients, {duration:.0f} s per path…")
            list_url = reverse("residents:resident-list")
            try:
                results["throughput"] = throughput.run(
                    [
                        ("healthz", "minimal view /healthz (no login)", "/healthz", None),
                        ("list_community", "resident list, window clerk (one community)", list_url, bench.clerk),
                        ("list_district", "resident list, official (whole district)", list_url, bench.official),
                    ],
                    duration=duration,
                    clients=clients,
                )
            except RuntimeError as error:
                results["throughput"] = {"skipped": f"not measured ({error})"}
            for t in results["throughput"].get("results", {}).values():
                self.stdout.write(
                    f"  {t['title']:<46} {t['requests_per_s']:>7} req/s  p95 {t['p95_ms']} ms  errors {t['errors']}"
                )
        results["seconds"] = round(time.monotonic() - started, 1)
        results["reproduce"] = [
            "make run   # once: migrations and the demo (Ctrl+C when it serves)",
            "DEBUG=true .venv/bin/python manage.py seed_scale --residents 1000000 --requests 3000000",
            "make bench",
        ]
        report.write_json(json_path, results)
        if md_path is not None:
            report.write_markdown(md_path, report.markdown(results))
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {results['seconds']:.0f} s: {json_path}" + (f" and {md_path}" if md_path else "")
            )
        )

    def client_for(self, bench, scenario):
        user = (
            None
            if not scenario.user or scenario.user.startswith("(")
            else (bench.official if scenario.user == bench.official.username else bench.clerk)
        )
        return bench.client(user) if user is not None else anonymous_client()

    def compare_shortcuts(self, bench, rounds, markdown, keys):
        wanted = [s for s in bench.scenarios() if s.key in shortcuts.PAGES]
        self.stdout.write(f"Each shortcut against Django's way on {len(wanted)} pages, {rounds} rounds each…")
        measured_at = timezone.localtime().isoformat(timespec="seconds")
        load = report.machine()["load_average_at_start"]
        pages = shortcuts.compare(
            wanted, lambda scenario: self.client_for(bench, scenario), rounds=rounds, keys=keys or shortcuts.KEYS
        )
        results = {
            "measured_at": measured_at,
            "load_average_at_start": load,
            "machine": report.machine(),
            "pages": pages,
            "verdicts": shortcuts.verdicts(pages),
        }
        for key, figures in pages.items():
            for page, f in figures.items():
                self.stdout.write(
                    f"  {key:<18} {page:<18} p95 {f['shortcut']['p95_ms']:7.1f} vs "
                    f"{f['django']['p95_ms']:7.1f} ms  ({f['share_of_p95']:+.0%})"
                )
        report.write_json(Path(settings.BASE_DIR, "docs/shortcuts.json"), results)
        if markdown:
            text = shortcuts.markdown(results, {"measured_at": measured_at, "load": load})
            report.write_markdown(Path(settings.BASE_DIR, markdown), text + "\n", shortcuts.MARKERS)
        self.stdout.write(self.style.SUCCESS("Done: docs/shortcuts.json" + (f" and {markdown}" if markdown else "")))

    def measure(self, bench, scenario, requests, budget) -> dict:
        entry = {"title": scenario.title, "kind": scenario.kind, "user": scenario.user, "notes": scenario.notes}
        if scenario.not_measured:
            self.stdout.write(f"  {scenario.title:<62} {scenario.not_measured}")
            return {**entry, "not_measured": scenario.not_measured}
        client = self.client_for(bench, scenario)
        if scenario.kind == "dashboard":
            rollups.refresh(force=True)  # fresh figures: what is measured is reading them
        try:
            page = time_page(client, scenario.calls, warmup=bench.warmup, budget=budget)
            replay = scenario.replay or scenario.calls[bench.warmup]
            queries = capture(client, replay, rollback=scenario.rollback_replay)
            raw = time_raw(queries, repeat=requests, budget=budget)
        except Failed as error:
            raise CommandError(f"{scenario.key}: {error}") from error
        self.stdout.write(
            f"  {scenario.title:<62} p50 {page['p50_ms']:7.1f}  p95 {page['p95_ms']:7.1f} ms  "
            f"{page['queries']:>3} queries  raw p95 {raw['p95_ms']:6.1f} ms  (n={page['n']}/{raw['n']})"
        )
        return {**entry, "page": page, "raw": raw, "sql": [shown(sql) for sql in queries]}
