"""The machine, the data and the verdicts against the targets of issue 7; the JSON file and the Markdown table."""

import json
import os
import platform
import re
from pathlib import Path

import django
from django.db import connection

from devtools.scale.areas import DISTRICT
from grids.models import Community, Grid, Street
from residents.models import Resident
from services.models import ServiceRequest

from .scenarios import TARGETS

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
DEEP_FACTOR = 1.5
RAW_FACTOR, RAW_SLACK_MS = 3, 15


def machine() -> dict:
    cpu = ""
    try:
        match = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        cpu = match.group(1).strip() if match else ""
    except OSError:
        pass
    memory = ""
    try:
        match = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
        memory = f"{int(match.group(1)) / 1024 / 1024:.1f} GiB" if match else ""
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        db_size = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    try:
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        load = ""
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "load_average_at_start": load,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres,
        "postgresql_shared_buffers": shared_buffers,
        "database_size": db_size,
    }


def data_sizes() -> dict:
    scale = {"dwelling__grid__community__street__district__code": DISTRICT[0]}
    return {
        "residents_total": Resident.objects.count(),
        "residents_scale_district": Resident.objects.filter(**scale).count(),
        "requests_total": ServiceRequest.objects.count(),
        "requests_scale_district": ServiceRequest.objects.filter(community__street__district__code=DISTRICT[0]).count(),
        "streets": Street.objects.filter(district__code=DISTRICT[0]).count(),
        "communities": Community.objects.filter(street__district__code=DISTRICT[0]).count(),
        "grids": Grid.objects.filter(community__street__district__code=DISTRICT[0]).count(),
    }


def verdicts(results: dict, previous: dict | None) -> None:
    """Mark each scenario met / missed against its targets (in place)."""
    scenarios = results["scenarios"]
    first = scenarios.get("list_district", {})
    earlier_counts = {}
    # Query counts are compared with a previous run at another size of the scale district (the same
    # code is assumed: run the bench at two sizes in a row to check that counts do not grow with the data).
    scale = "residents_scale_district"
    if previous and previous.get("data", {}).get(scale, results["data"][scale]) != results["data"][scale]:
        # The fewest queries a request made: the session is written once a minute (three more queries),
        # which lands on some requests of a run and not others.
        earlier_counts = {
            key: (previous["data"][scale], value["page"].get("queries_min", value["page"]["queries"]))
            for key, value in previous.get("scenarios", {}).items()
            if value.get("page")
        }
    for key, scenario in scenarios.items():
        if not scenario.get("page"):
            continue
        page, raw = scenario["page"], scenario["raw"]
        checks = []
        target = TARGETS[scenario["kind"]]
        checks.append(("p95", f"p95 ≤ {target} ms", page["p95_ms"] <= target))
        limit = RAW_FACTOR * raw["p95_ms"] + RAW_SLACK_MS
        checks.append(("raw", f"p95 ≤ 3 × raw p95 + 15 ms = {limit:.1f} ms", page["p95_ms"] <= limit))
        if key in earlier_counts:
            size, count = earlier_counts[key]
            fewest = page.get("queries_min", page["queries"])
            checks.append(("size", f"query count {count} at {size:,} residents too", fewest == count))
        if key == "list_deep" and first.get("page"):
            limit = DEEP_FACTOR * first["page"]["p95_ms"]
            checks.append(("deep", f"p95 ≤ 1.5 × first page p95 = {limit:.1f} ms", page["p95_ms"] <= limit))
        scenario["checks"] = [{"check": name, "target": text, "met": met} for name, text, met in checks]
        scenario["met"] = all(met for _name, _text, met in checks)
        scenario["ratio"] = round(page["p95_ms"] / raw["p95_ms"], 1) if raw["p95_ms"] else None


def write_json(path: Path, results: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def markdown(results: dict) -> str:
    """The generated part of docs/performance.md: machine, data, the table, throughput, how to reproduce."""
    m, d = results["machine"], results["data"]
    lines = [
        f"Measured {results['measured_at']} with `{results['command']}`.",
        "",
        f"**Machine:** {m['nproc']} CPUs ({m['cpu'] or 'unknown CPU'}), {m['memory']} RAM, load average at start "
        f"{m['load_average_at_start']}; PostgreSQL {m['postgresql']} (shared_buffers {m['postgresql_shared_buffers']}"
        f", database {m['database_size']}); Python {m['python']}, Django {m['django']}; {m['os']}.",
        "",
        f"**Data:** {d['residents_total']:,} residents ({d['residents_scale_district']:,} in the scale district "
        f"{DISTRICT[1]}: {d['streets']} streets, {d['communities']} communities, {d['grids']:,} grids), "
        f"{d['requests_total']:,} service requests ({d['requests_scale_district']:,} in {DISTRICT[1]}).",
        "",
        f"Each scenario: {results['settings']['warmup']} warm-up requests, then {results['settings']['requests']} "
        "timed ones through Django's test client in-process (middleware, view, template); the raw column replays "
        "the SQL captured from one request of the scenario on the bare psycopg connection, "
        f"{results['settings']['requests']} times, in a transaction rolled back each time. "
        "Ratio = page p95 / raw p95. (n=…): fewer requests timed, the scenario's time budget (--budget) being spent.",
        "",
        "| scenario | user | page p50 ms | page p95 ms | queries | raw p50 ms | raw p95 ms | ratio | target | met |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for key, s in results["scenarios"].items():
        if not s.get("page"):
            lines.append(f"| {s['title']} (`{key}`) | | | | | | | | | {s.get('not_measured', 'not measured')} |")
            continue
        page, raw = s["page"], s["raw"]
        queries = (
            str(page["queries"])
            if page["queries"] == page["queries_min"]
            else f"{page['queries_min']}–{page['queries']}"
        )
        target = "; ".join(check["target"] for check in s["checks"] if check["check"] in ("p95", "deep"))
        missed = [check["target"] for check in s["checks"] if not check["met"]]
        verdict = "met" if s["met"] else "**missed**: " + "; ".join(missed)
        wanted = results["settings"]["requests"]
        timed = f" (n={page['n']})" if page["n"] < wanted else ""
        replayed = f" (n={raw['n']})" if raw["n"] < wanted else ""
        lines.append(
            f"| {s['title']} (`{key}`) | {s['user']} | {page['p50_ms']:.1f} | {page['p95_ms']:.1f}{timed} | "
            f"{queries} | "
            f"{raw['p50_ms']:.1f} | {raw['p95_ms']:.1f}{replayed} | {s['ratio']} | {target} | {verdict} |"
        )
    throughput = results.get("throughput")
    lines.append("")
    if throughput and throughput.get("results"):
        lines += [
            f"**Throughput** ({throughput['server']}, {throughput['workers']} workers, 127.0.0.1, DEBUG=true, "
            f"{next(iter(throughput['results'].values()))['clients']} concurrent client threads of `http.client` "
            "in the bench process, sharing the CPUs with gunicorn and PostgreSQL; 2 s warm-up not counted):",
            "",
            "| what | path | seconds | requests | requests/s | p50 ms | p95 ms | errors |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for t in throughput["results"].values():
            lines.append(
                f"| {t['title']} | `{t['path']}` | {t['seconds']:.0f} | {t['requests']:,} | {t['requests_per_s']} | "
                f"{t['p50_ms']} | {t['p95_ms']} | {t['errors']} |"
            )
    else:
        lines.append(f"**Throughput:** {(throughput or {}).get('skipped', 'not measured')}.")
    lines += ["", "Scenario notes:", ""]
    for key, s in results["scenarios"].items():
        for note in s.get("notes", []):
            lines.append(f"- `{key}`: {note}")
    return "\n".join(lines) + "\n"


def write_markdown(path: Path, generated: str, markers: tuple[str, str] = (BEGIN, END)) -> None:
    """Put `generated` between the bench markers of `path`, keeping the hand-written text around them."""
    begin, end = markers
    block = f"{begin}\n{generated}{end}"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        text = ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _old, tail = rest.split(end, 1)
        text = head + block + tail
    elif text:
        text = f"{text.rstrip()}\n\n{block}\n"
    else:
        text = f"# Performance at district scale\n\n{block}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
