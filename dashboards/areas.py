"""The area a dashboard shows (the district, a street, a community or a grid), its children and
the way back up, all within what the user may see."""

from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse

from grids.models import Community, District, Grid, Street

LEVELS = ("district", "street", "community", "grid")
MODELS = {"district": District, "street": Street, "community": Community, "grid": Grid}
CHILD = {"district": "street", "street": "community", "community": "grid"}


@dataclass(frozen=True)
class Area:
    level: str
    obj: object

    def __str__(self):
        return str(self.obj) if self.level != "grid" else self.obj.name

    @property
    def key(self):
        return (self.level, self.obj.pk)

    def get_absolute_url(self):
        return reverse("dashboards:area", args=[self.level, self.obj.pk])

    @property
    def child_level(self):
        return CHILD.get(self.level)

    @property
    def communities(self):
        if self.level == "district":
            return Community.objects.filter(street__district=self.obj)
        if self.level == "street":
            return Community.objects.filter(street=self.obj)
        if self.level == "community":
            return Community.objects.filter(pk=self.obj.pk)
        return Community.objects.filter(pk=self.obj.community_id)

    @property
    def grids(self):
        if self.level == "grid":
            return Grid.objects.filter(pk=self.obj.pk)
        return Grid.objects.filter(community__in=self.communities)

    def children(self):
        if self.level == "district":
            return [Area("street", s) for s in self.obj.streets.order_by("code")]
        if self.level == "street":
            return [Area("community", c) for c in self.obj.communities.order_by("code")]
        if self.level == "community":
            return [Area("grid", g) for g in self.obj.grids.order_by("number")]
        return []

    def ancestors(self):
        chain = []
        obj, level = self.obj, self.level
        while level != "district":
            if level == "grid":
                obj, level = obj.community, "community"
            elif level == "community":
                obj, level = obj.street, "street"
            else:
                obj, level = obj.district, "district"
            chain.append(Area(level, obj))
        return chain[::-1]

    def filter_params(self):
        """The list filters that select this area's rows (residents and requests lists)."""
        if self.level == "district":
            return {}
        return {self.level: self.obj.pk}


def area_for(user, level: str, pk: int) -> Area:
    """The area, if the user may see it; 404 otherwise (an official of street 1 asking for street 2)."""
    if level not in LEVELS:
        raise Http404
    queryset = MODELS[level].objects.overseen_by(user)
    related = {
        "district": [],
        "street": ["district"],
        "community": ["street__district"],
        "grid": ["community__street__district"],
    }[level]
    obj = queryset.select_related(*related).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return Area(level, obj)


def home_area(user) -> Area | None:
    """The top area of the user's scope, where their dashboard opens."""
    for level in LEVELS:
        obj = MODELS[level].objects.overseen_by(user).order_by("pk").first()
        if obj is not None:
            return Area(level, obj)
    return None
