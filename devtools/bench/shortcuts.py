"""The portal's speed shortcuts, each against Django's own way of doing the same, in one run.

Each shortcut re-implements something Django (or crispy-forms) does. `django_way(name)` swaps one of them
for Django's way for the time of a `with` block, in this process only, so that `manage.py bench --shortcuts`
can time the same pages both ways, alternating, and say how much of each page's time the shortcut saves.
Row URLs reversed once per view name and a table of choice labels per field were measured this way too,
saved under 10 % of every page, and gave way to Django's reverse() and get_FOO_display() (docs/performance.md).
A shortcut stays only where it saves a clear share of a page's p95 (docs/architecture.md, "Speed shortcuts").
"""

import contextlib
import itertools
import statistics
import time
from dataclasses import dataclass
from unittest import mock

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.contrib.auth.backends import ModelBackend
from django.template import engines

import residents.filters
import services.filters
from common.auth import PermissionBackend
from common.templatetags import bootstrap_fields
from grids.filters import NarrowedChoices

from .measure import perform, summary

MARKERS = ("<!-- shortcuts:begin -->", "<!-- shortcuts:end -->")
# Below this share of a page's p95 a shortcut is not worth its code.
KEEP_SHARE = 0.10


@dataclass(frozen=True)
class Shortcut:
    key: str
    title: str  # what the shortcut does
    django_way: str  # what replaces it in the comparison


SHORTCUTS = [
    Shortcut(
        "permissions",
        "a user's permissions read with one fixed SQL statement (common.auth.PermissionBackend)",
        "django.contrib.auth.backends.ModelBackend (two ORM queries)",
    ),
    Shortcut(
        "narrowed_choices",
        "area dropdowns read when rendered, narrowed to the area chosen above and left "
        "unread when known to be long (grids.filters.NarrowedChoices)",
        "the field's queryset narrowed in the filter form when an area above is chosen, else every option",
    ),
    Shortcut(
        "bootstrap_fields",
        "filter-form fields rendered in Python with crispy's markup (common/templatetags/bootstrap_fields.py)",
        "crispy-forms' |as_crispy_field through Django's widget templates",
    ),
]
KEYS = [shortcut.key for shortcut in SHORTCUTS]


def _narrow_by_queryset(form, data, names=("grid", "building"), *, wide=()):
    """Django's way of a dependent dropdown: the queryset narrowed to the area chosen above, else left whole."""
    for name in names:
        if name not in form.fields:
            continue
        field = form.fields[name]
        for lookup, key in NarrowedChoices.PARENTS[name]:
            if (data.get(key) or "").isdigit():
                field.queryset = field.queryset.filter(**{lookup: data[key]}).distinct()
                break


def _reset_templates():
    """Compiled templates keep the filter functions they were compiled with: compile them again."""
    for loader in engines["django"].engine.template_loaders:
        if hasattr(loader, "reset"):
            loader.reset()


@contextlib.contextmanager
def _crispy_fields():
    filters = bootstrap_fields.register.filters
    saved = filters["as_bootstrap_field"]
    filters["as_bootstrap_field"] = as_crispy_field
    _reset_templates()
    try:
        yield
    finally:
        filters["as_bootstrap_field"] = saved
        _reset_templates()


@contextlib.contextmanager
def django_way(key: str):
    """Within the block, the shortcut `key` is replaced by Django's way of doing the same."""
    with contextlib.ExitStack() as stack:
        if key == "permissions":
            stack.enter_context(
                mock.patch.object(PermissionBackend, "get_all_permissions", ModelBackend.get_all_permissions)
            )
        elif key == "narrowed_choices":
            for module in (residents.filters, services.filters):
                stack.enter_context(mock.patch.object(module, "narrow_area_choices", _narrow_by_queryset))
        elif key == "bootstrap_fields":
            stack.enter_context(_crispy_fields())
        else:
            raise KeyError(key)
        yield


# The pages each shortcut is timed on: full pages of both kinds of user, the live lookup, the details.
PAGES = [
    "list_community",
    "list_district",
    "lookup_name",
    "queue_community",
    "queue_district",
    "resident_detail",
    "request_detail",
]


def compare(scenarios, client_for, *, rounds: int = 5, per_round: int = 10, warmup: int = 3, keys=KEYS) -> dict:
    """Time every scenario of `scenarios` with each shortcut and with Django's way in its place.

    The two ways alternate in `rounds` rounds of `per_round` requests (the order swapped every round), so that
    a change of the machine's speed during the run touches both alike. Returns {shortcut: {scenario: figures}}.
    """
    results = {}
    for shortcut in (shortcut for shortcut in SHORTCUTS if shortcut.key in keys):
        results[shortcut.key] = {}
        for scenario in scenarios:
            client = client_for(scenario)
            calls = [call for call in scenario.calls if call.method == "get"] or scenario.calls
            samples = {"shortcut": [], "django": []}
            rounds_saved = []  # per round: the share of Django's way's median time the shortcut saves
            for index in range(rounds):
                ways = ["shortcut", "django"] if index % 2 == 0 else ["django", "shortcut"]
                medians = {}
                for way in ways:
                    start = len(samples[way])
                    with django_way(shortcut.key) if way == "django" else contextlib.nullcontext():
                        for call in calls[:warmup]:
                            perform(client, call)
                        timed = itertools.islice(itertools.cycle(calls), index * per_round, (index + 1) * per_round)
                        for call in timed:
                            started = time.perf_counter()
                            perform(client, call)
                            samples[way].append(time.perf_counter() - started)
                    medians[way] = statistics.median(samples[way][start:])
                rounds_saved.append(1 - medians["shortcut"] / medians["django"])
            with_, without = summary(samples["shortcut"]), summary(samples["django"])
            saved = without["p95_ms"] - with_["p95_ms"]
            results[shortcut.key][scenario.key] = {
                "title": scenario.title,
                "shortcut": with_,
                "django": without,
                "saved_p95_ms": round(saved, 2),
                "share_of_p95": round(saved / without["p95_ms"], 3) if without["p95_ms"] else None,
                "paired_share": round(statistics.median(rounds_saved), 3),
            }
    return results


def verdicts(results: dict) -> dict:
    """For each shortcut: the page it helps most, by the median over the rounds of the share of the page's
    time it saves (each round times both ways back to back, so a change of the machine's speed between
    rounds does not count), and whether that share earns the shortcut its place."""
    out = {}
    for shortcut in (shortcut for shortcut in SHORTCUTS if shortcut.key in results):
        pages = results[shortcut.key]
        best = max(pages.items(), key=lambda item: item[1]["paired_share"], default=(None, None))
        share = best[1]["paired_share"] if best[1] else None
        out[shortcut.key] = {"best_page": best[0], "best_share": share, "keep": bool(share and share >= KEEP_SHARE)}
    return out


def markdown(results: dict, machine: dict) -> str:
    lines = [
        f"Measured {machine.get('measured_at', '')}, load average at the start {machine.get('load', '')}; "
        "p95 in ms of the same pages with each shortcut and with Django's way in its place, alternating in one run. "
        "The last column is the median over the rounds of the share of the page's time the shortcut saves "
        f"(both ways timed back to back in each round); a shortcut stays where that is at least {KEEP_SHARE:.0%}.",
        "",
        "| shortcut | page | with shortcut p50 / p95 | Django's way p50 / p95 | saved at p95 | saved (rounds) |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for shortcut in SHORTCUTS:
        for key, figures in results["pages"].get(shortcut.key, {}).items():
            a, b = figures["shortcut"], figures["django"]
            share = figures["share_of_p95"]
            lines.append(
                f"| `{shortcut.key}` | {key} | {a['p50_ms']:.1f} / {a['p95_ms']:.1f} | {b['p50_ms']:.1f} / "
                f"{b['p95_ms']:.1f} | {figures['saved_p95_ms']:+.1f} ms ({share:+.0%}) | "
                f"{figures['paired_share']:+.0%} |"
            )
    lines += [
        "",
        "| shortcut | what it does | compared with | most it saves of a page | verdict |",
        "| --- | --- | --- | ---: | --- |",
    ]
    for shortcut in (shortcut for shortcut in SHORTCUTS if shortcut.key in results["verdicts"]):
        verdict = results["verdicts"][shortcut.key]
        share = verdict["best_share"]
        best = "" if share is None else f"{share:+.0%} ({verdict['best_page']})"
        lines.append(
            f"| `{shortcut.key}` | {shortcut.title} | {shortcut.django_way} | {best} | "
            f"{'kept' if verdict['keep'] else 'Django’s way'} |"
        )
    return "\n".join(lines)
