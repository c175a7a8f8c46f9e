from django.db.models import Prefetch
from django.views.generic import DetailView
from django_filters.views import FilterView

from .filters import GridFilter
from .models import Grid, StaffPost


def _current_posts():
    return Prefetch("posts", queryset=StaffPost.objects.current().select_related("user"), to_attr="current_posts")


class GridListView(FilterView):
    filterset_class = GridFilter
    paginate_by = 50
    template_name = "grids/grid_list.html"

    def get_queryset(self):
        return (
            Grid.objects.visible_to(self.request.user)
            .select_related("community__street")
            .prefetch_related(_current_posts())
        )


class GridDetailView(DetailView):
    model = Grid
    template_name = "grids/grid_detail.html"

    def get_queryset(self):
        return (
            Grid.objects.visible_to(self.request.user)
            .select_related("community__street__district")
            .prefetch_related(_current_posts())
        )
