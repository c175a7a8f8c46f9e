import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import LocalDayFilter
from grids.filters import communities_of

from .models import Topic


class TopicFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="contains", label=_("Title"))
    status = django_filters.ChoiceFilter(
        choices=[("open", _("Open")), *Topic.Status.choices],
        method="filter_status",
        label=_("Status"),
        empty_label=_("All"),
    )
    source = django_filters.ChoiceFilter(choices=Topic.Source.choices, label=_("Raised through"), empty_label=_("All"))
    dispute = django_filters.ChoiceFilter(
        choices=[("yes", _("Disputes only")), ("no", _("Not disputes"))],
        method="filter_dispute",
        label=_("Disputes"),
        empty_label=_("All"),
    )
    community = django_filters.ModelChoiceFilter(queryset=communities_of, label=_("Community"), empty_label=_("All"))
    raised_from = LocalDayFilter(field_name="raised_at", bound="from", label=_("Raised from"))
    raised_to = LocalDayFilter(field_name="raised_at", bound="to", label=_("Raised to"))

    class Meta:
        model = Topic
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.open() if value == "open" else queryset.filter(status=value)

    def filter_dispute(self, queryset, name, value):
        return queryset.filter(is_dispute=value == "yes")
