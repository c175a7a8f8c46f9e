"""The demo district's 评选表彰: the kinds 星级文明家庭, 民族团结进步示范户 and 文明楼栋, and about a dozen
nominations across the communities in every state of the flow: last year's awarded, this year's
nominated, appraised, on public notice (with an objection), awarded and rejected.

Deterministic (one seeded random generator), through the app's own actions; run after the residents.
Idempotent: nothing happens if honour kinds exist.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from grids.models import Building, Community
from honours import actions
from honours.models import HonourKind, Nomination
from residents.models import Household

SEED = 20261208
KINDS = [
    ("星级文明家庭", HonourKind.Target.HOUSEHOLD),
    ("民族团结进步示范户", HonourKind.Target.HOUSEHOLD),
    ("文明楼栋", HonourKind.Target.BUILDING),
]
REASONS = {
    HonourKind.Target.HOUSEHOLD: [
        "家庭和睦，孝老爱亲，热心邻里互助",
        "积极参加社区志愿服务，垃圾分类做得好",
        "各民族邻居相互帮助，多年如一日",
    ],
    HonourKind.Target.BUILDING: ["楼道整洁无堆物，邻里关系融洽", "楼门长带头，居民自治议事规范"],
}
# The states of this year's nominations, in turn.
STATES = ["nominated", "appraised", "notice", "awarded", "rejected", "notice"]


def seed_honours(stdout=None) -> None:
    if HonourKind.objects.exists():
        return
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return
    rng = random.Random(SEED)
    kinds = [HonourKind.objects.create(name=name, target=target) for name, target in KINDS]
    today = timezone.localdate()
    made = 0
    for index, community in enumerate(Community.objects.order_by("code")):
        households = list(Household.objects.filter(dwelling__grid__community=community).order_by("pk")[:20])
        buildings = list(Building.objects.filter(compound__community=community).order_by("pk")[:10])
        rng.shuffle(households)
        # Last year's award, then this year's nominations in turn through the states.
        plans = [(today.year - 1, "awarded"), *((today.year, STATES[(index + n) % len(STATES)]) for n in range(2))]
        for n, (year, state) in enumerate(plans):
            kind = kinds[(index + n) % len(kinds)]
            pool = buildings if kind.target == HonourKind.Target.BUILDING else households
            if not pool:
                continue
            nominee = pool.pop()
            nomination = actions.nomination_create(
                user=admin,
                nomination=Nomination(
                    year=year, kind=kind, reason=rng.choice(REASONS[kind.target]), **{kind.target: nominee}
                ),
            )
            _advance(admin, nomination, state, rng, today if year == today.year else datetime.date(year, 12, 20))
            made += 1
    if stdout:
        stdout.write(f"Honours: {len(kinds)} kinds, {made} nominations.")


def _advance(admin, nomination, state, rng, by):
    """Take the nomination through the flow up to `state`, the award (or the steps before it) by `by`."""
    if state == "nominated":
        return
    if state == "rejected":
        actions.nomination_reject(user=admin, nomination=nomination, reason="民主评议中居民代表意见分歧较大")
        return
    votes = rng.randint(15, 25)
    appraised_on = by - datetime.timedelta(days=20)
    actions.nomination_appraise(
        user=admin, nomination=nomination, votes_for=votes, votes_against=1, votes_abstain=2, appraised_on=appraised_on
    )
    if state == "appraised":
        return
    # On notice now, or a notice that ended before the award.
    starts = by - datetime.timedelta(days=2) if state == "notice" else appraised_on + datetime.timedelta(days=3)
    nomination = actions.nomination_start_notice(
        user=admin, nomination=nomination, starts_on=starts, ends_on=starts + datetime.timedelta(days=6)
    )
    if state == "notice":
        actions.objection_add(
            user=admin, nomination=nomination, text="反映该户曾有占用楼道堆物情况，经核实已整改", raised_on=starts
        )
        return
    actions.nomination_award(user=admin, nomination=nomination, awarded_on=by)
