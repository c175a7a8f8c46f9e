"""`manage.py bench` at a tiny size: every scenario runs and reports numbers; without the scale data it refuses."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from devtools.bench.report import BEGIN, END

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SCENARIOS = {
    "lookup_id",
    "lookup_name",
    "lookup_pinyin",
    "lookup_phone",
    "lookup_name_page",
    "list_community",
    "list_district",
    "list_grid_tag",
    "list_deep",
    "resident_detail",
    "queue_community",
    "queue_district",
    "request_detail",
    "open311_day",
    "supervision_district",
    "ranking_district",
    "intake",
    "check_in",
    "dashboard_district",
    "dashboard_street",
    "dashboard_community",
    # scopes of several communities, and the demo district's official (the demo data is loaded here)
    "list_street",
    "queue_street",
    "list_spread",
    "queue_spread",
    "list_demo_official",
    "queue_demo_official",
    # queues of a period by date of receipt
    "queue_street_12m",
    "queue_district_12m",
    "queue_district_old_month",
}
# The lists behind the dashboards' figures, one per kind of figure (which kinds depends on the data).
FIGURES = {"figure_received", "figure_resolved", "figure_visits", "figure_child_residents", "figure_overdue_now"}


def test_bench_refuses_without_the_scale_district(tmp_path):
    call_command("seed_demo", "--no-residents", stdout=io.StringIO())
    with pytest.raises(CommandError, match="run seed_scale first"):
        call_command("bench", "--no-throughput", "--json", str(tmp_path / "r.json"), stdout=io.StringIO())


def test_bench_measures_every_scenario(tmp_path):
    out = io.StringIO()
    call_command("seed_demo", "--no-residents", stdout=out)
    call_command(
        "seed_scale",
        "--residents",
        "500",
        "--requests",
        "1000",
        "--communities",
        "2",
        "--grids-per-community",
        "2",
        stdout=out,
        stderr=out,
    )
    markdown = tmp_path / "performance.md"
    markdown.write_text(f"# Performance\n\nWritten by hand.\n\n{BEGIN}\nold\n{END}\n\nAlso by hand.\n")

    call_command(
        "bench",
        "--requests",
        "3",
        "--warmup",
        "0",
        "--deep-pages",
        "3",
        "--no-throughput",
        "--json",
        str(tmp_path / "results.json"),
        "--markdown",
        str(markdown),
        stdout=out,
    )

    print(out.getvalue())  # shown with -s: where the time goes
    results = json.loads((tmp_path / "results.json").read_text())
    measured = set(results["scenarios"])
    assert {key for key in measured if not key.startswith("figure_")} == SCENARIOS
    assert measured >= FIGURES, FIGURES - measured
    for key, scenario in results["scenarios"].items():
        if "not_measured" in scenario:
            assert key == "check_in", key  # only the party-building scenario may be missing
            continue
        assert scenario["page"]["n"] == 3, key
        assert scenario["page"]["p50_ms"] > 0, key
        assert scenario["page"]["p95_ms"] >= scenario["page"]["p50_ms"], key
        assert scenario["page"]["queries"] > 0, key
        assert scenario["raw"]["n"] == 3, key
        assert scenario["raw"]["p95_ms"] > 0, key
        assert isinstance(scenario["met"], bool), key
        assert scenario["checks"], key
    assert results["data"]["residents_scale_district"] == 500
    assert results["machine"]["nproc"] >= 1
    assert results["machine"]["postgresql"]
    assert results["throughput"]["skipped"]
    text = markdown.read_text()
    assert "Written by hand." in text
    assert "Also by hand." in text
    assert "\nold\n" not in text
    assert "| Window lookup by full ID number (POST) (`lookup_id`) |" in text
    assert "live search" in text
