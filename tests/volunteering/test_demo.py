"""The demo's volunteering: seeded through the actions, idempotent, with 双报到 hours on a volunteer's page."""

from demo.volunteering import seed_volunteering
from volunteering.models import ServiceRecord, SocialOrganisation, StarRating, Team, Volunteer


def test_the_demo_seeds_teams_volunteers_records_and_rated_organisations(demo, register):
    seed_volunteering()
    counts = (Team.objects.count(), Volunteer.objects.count(), SocialOrganisation.objects.count())
    seed_volunteering()  # a second run adds nothing

    assert (Team.objects.count(), Volunteer.objects.count(), SocialOrganisation.objects.count()) == counts
    assert counts[1] == 60
    # The small register's adults under 75 (张三 is older, 赵六 a child); the others are not residents.
    assert set(Volunteer.objects.exclude(resident=None).values_list("name", flat=True)) == {"李四", "王五"}
    assert (
        ServiceRecord.objects.filter(status="confirmed").count() > ServiceRecord.objects.filter(status="open").count()
    )
    for community_id in SocialOrganisation.objects.values_list("community", flat=True).distinct():
        assert SocialOrganisation.objects.filter(community=community_id).count() in (6, 7)
    assert StarRating.objects.count() == SocialOrganisation.objects.exclude(registration_number="").count()
