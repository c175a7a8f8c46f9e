from deliberation.models import Topic
from demo.deliberation import seed_deliberation


def test_the_demo_seeds_a_dozen_topics_once_with_the_manhole_from_a_request(demo, new_request):
    report = new_request(item="公共设施损坏", resident="zhang", location="1号楼北侧")

    seed_deliberation()
    seed_deliberation()

    assert Topic.objects.count() == 12
    assert Topic.objects.get(title="井盖破损").request == report
    statuses = set(Topic.objects.values_list("status", flat=True))
    assert statuses == {"raised", "scheduled", "decided", "following_up", "done", "dropped"}
    assert Topic.objects.filter(is_dispute=True, outcome="settled").count() == 2
