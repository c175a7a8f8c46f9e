"""What the QR check-in scenario needs: an activity of a bench branch in the scale district, open for check-in
now, with as many expected members as there are check-ins to make (a member checks in once).

Every run adds one activity and its members to the bench branch `基准测试支部` of the first scale community.
"""

import datetime
import time

from django.utils import timezone

from partybuilding import actions
from partybuilding.models import Activity, Member, Organisation

BRANCH = "基准测试支部"


def activity_with_members(bench, count: int):
    """(check-in token, [(phone, id number)] of `count` fresh members expected at a new activity)."""
    branch, _created = Organisation.objects.get_or_create(
        name=BRANCH, community=bench.community, defaults={"kind": Organisation.Kind.BRANCH}
    )
    run = int(time.time()) % 100_000  # phones and ID numbers differ from run to run
    today = timezone.localdate()
    members = Member.objects.bulk_create(
        Member(
            organisation=branch,
            name=f"基准党员{index}",
            phone=f"19{run:05d}{index:04d}",
            id_number=f"11010219{run:05d}{index % 100_000:05d}",
            joined_on=today - datetime.timedelta(days=3650),
        )
        for index in range(count)
    )
    now = timezone.now()
    activity = Activity.objects.create(
        organisation=branch,
        kind=Activity.Kind.THEME_DAY,
        title=f"基准测试主题党日 {timezone.localtime(now):%Y-%m-%d %H:%M:%S}",
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=3),
        check_in_opens_at=now - datetime.timedelta(hours=1),
        check_in_closes_at=now + datetime.timedelta(hours=4),
        points=1,
    )
    activity.expected_members.set(members)
    return actions.check_in_token(activity), [(member.phone, member.id_number) for member in members]
