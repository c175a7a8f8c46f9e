"""居民议事: a topic (议题) raised by a request, a grid worker's report, a resident, a party member or the
community; the meetings of the parties that discuss it (议事会, 家门口议事, 联席会, 听证会); the decision
each meeting takes and its follow-up tasks; and whether the topic was done.

A topic belongs to its community: the community's desk (window staff, community admins) runs it,
the grid worker who raised it and everyone who reads the community (its party secretary, the
street's and district's officials) sees it. Meetings, decisions and tasks follow their topic.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Community, Grid, scope_community_ids, scope_grid_ids
from grids.roles import Audience
from residents.models import track_changes


class TopicQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The communities the user's posts cover (desk, party secretary, officials), the grids a grid
        worker walks, and the topics the user raised."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        # Literal id lists, as ServiceRequest.objects.visible_to: whole communities, and a grid worker's grids.
        condition = Q(raised_by=user)
        if communities := scope_community_ids(user, Audience.ANYONE):
            condition |= Q(community_id__any=communities)
        if grids := scope_grid_ids(user, Audience.WALKERS):
            condition |= Q(grid_id__any=grids)
        return self.filter(condition)

    def editable_by(self, user):
        """Topics are run (meetings, decisions, steps) by the desk of their community."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(community_id__any=scope_community_ids(user, Audience.DESK))

    def open(self):
        return self.exclude(status__in=Topic.CLOSED)


def raising_communities(user):
    """Where the user may raise a topic: the communities of their desk and of the grids they walk."""
    if user.is_superuser:
        return Community.objects.all()
    walked = Grid.objects.walked_by(user).values("community")
    return Community.objects.filter(Q(pk__in=Community.objects.desk_of(user).values("pk")) | Q(pk__in=walked))


@track_changes()
class Topic(models.Model):
    class Source(models.TextChoices):
        REQUEST = "request", _("A service request")
        GRID_REPORT = "grid_report", _("A grid report")
        RESIDENT = "resident", _("A resident")
        PARTY_MEMBER = "party_member", _("A party member")
        COMMUNITY = "community", _("The community")

    class Status(models.TextChoices):
        RAISED = "raised", _("Raised")
        SCHEDULED = "scheduled", _("Meeting scheduled")
        DECIDED = "decided", _("Decided")
        FOLLOWING_UP = "following_up", _("Following up")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    class Outcome(models.TextChoices):
        SETTLED = "settled", _("Settled")
        NOT_SETTLED = "not_settled", _("Not settled")

    CLOSED = (Status.DONE, Status.DROPPED)

    # The composite indexes below lead with the community and the grid.
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("community")
    )
    grid = models.ForeignKey(
        Grid, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False, verbose_name=_("grid")
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("raised through"), max_length=16, choices=Source, default=Source.COMMUNITY)
    request = models.ForeignKey(
        "services.ServiceRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("request"),
    )
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by resident"),
    )
    member = models.ForeignKey(
        "partybuilding.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by party member"),
    )
    is_dispute = models.BooleanField(
        _("dispute"), default=False, help_text=_("A dispute between parties, to be settled.")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.RAISED)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome, blank=True)
    drop_reason = models.TextField(_("reason for dropping"), blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("deliberation topic")
        verbose_name_plural = _("deliberation topics")
        indexes = [
            models.Index(fields=["community", "raised_at"], name="topic_community_raised"),
            models.Index(fields=["community", "status"], name="topic_community_status"),
            models.Index(fields=["grid", "raised_at"], name="topic_grid_raised"),
            models.Index(
                fields=["community", "decided_at"], name="topic_dispute_decided", condition=Q(is_dispute=True)
            ),
            models.Index(fields=["community", "closed_at"], name="topic_dispute_closed", condition=Q(is_dispute=True)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(drop_reason=""),
                name="topic_dropped_has_reason",
                violation_error_message=_("Say why the topic is dropped."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deliberation:topic-detail", args=[self.pk])

    @property
    def name(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    def clean(self):
        super().clean()
        if self.grid_id and self.community_id and self.grid.community_id != self.community_id:
            raise ValidationError({"grid": _("This grid is not in the topic's community.")})
        if self.request_id and self.community_id and self.request.community_id != self.community_id:
            raise ValidationError({"request": _("The request is of another community.")})
        if self.outcome and not self.is_dispute:
            raise ValidationError({"outcome": _("Only a dispute has a settlement outcome.")})


class TopicStep(models.Model):
    """A step of a topic: raised, a meeting scheduled, decided, followed up, done, dropped."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField(_("action"), max_length=16)
    from_status = models.CharField(_("from"), max_length=16, choices=Topic.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Topic.Status)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("topic step")
        verbose_name_plural = _("topic steps")

    def __str__(self):
        return f"{self.topic_id} {self.action}"


class TopicPartQuerySet(models.QuerySet):
    """Meetings, decisions and tasks are seen and kept with their topic."""

    def visible_to(self, user):
        return self.filter(topic__in=Topic.objects.visible_to(user))

    def editable_by(self, user):
        return self.filter(topic__in=Topic.objects.editable_by(user))


# The groups at a meeting, each with its count and names: (field prefix, label).
PARTICIPANT_GROUPS = [
    ("residents", _("Residents")),
    ("company", _("Property company")),
    ("units", _("Resident units")),
    ("party", _("Party members")),
    ("others", _("Officials and others")),
]


@track_changes()
class Meeting(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Resident council")
        DOORSTEP = "doorstep", _("Doorstep meeting")
        JOINT = "joint", _("Joint meeting")
        HEARING = "hearing", _("Hearing")

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("topic"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.COUNCIL)
    place = models.CharField(_("place"), max_length=200)
    held_at = models.DateTimeField(_("held at"))
    residents = models.PositiveSmallIntegerField(_("residents"), default=0)
    residents_names = models.CharField(_("names of residents"), max_length=300, blank=True)
    company = models.PositiveSmallIntegerField(_("property company"), default=0)
    company_names = models.CharField(_("names of property company"), max_length=300, blank=True)
    units = models.PositiveSmallIntegerField(_("resident units"), default=0)
    units_names = models.CharField(_("names of resident units"), max_length=300, blank=True)
    party = models.PositiveSmallIntegerField(_("party members"), default=0)
    party_names = models.CharField(_("names of party members"), max_length=300, blank=True)
    others = models.PositiveSmallIntegerField(_("officials and others"), default=0)
    others_names = models.CharField(_("names of officials and others"), max_length=300, blank=True)
    remote = models.PositiveSmallIntegerField(
        _("joined by video"), default=0, help_text=_("Of those attending, how many joined by video.")
    )
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TopicPartQuerySet.as_manager()

    class Meta:
        ordering = ["held_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["topic", "held_at"], name="meeting_topic_held")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return f"{self.topic.get_absolute_url()}#meeting-{self.pk}"

    @property
    def name(self):
        return str(self)

    @property
    def attendance(self) -> int:
        return sum(getattr(self, prefix) for prefix, _label in PARTICIPANT_GROUPS)

    def groups(self):
        """(label, count, names) of each group that came."""
        return [
            (label, getattr(self, prefix), getattr(self, f"{prefix}_names"))
            for prefix, label in PARTICIPANT_GROUPS
            if getattr(self, prefix) or getattr(self, f"{prefix}_names")
        ]

    def clean(self):
        super().clean()
        if self.remote > self.attendance:
            raise ValidationError({"remote": _("More joined by video than attended.")})


@track_changes()
class Decision(models.Model):
    """决议: what a meeting decided."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="decision")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("topic"))
    text = models.TextField(_("decision"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TopicPartQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.text[:40]

    def get_absolute_url(self):
        return f"{self.topic.get_absolute_url()}#decision-{self.pk}"


@track_changes()
class Task(models.Model):
    """A follow-up task of a decision: who does what by when, and whether it was done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="tasks")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("topic"))
    assignee = models.CharField(_("who"), max_length=100, blank=True, help_text=_("A person or a body."))
    department = models.ForeignKey(
        "services.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    what = models.CharField(_("what"), max_length=300)
    due_on = models.DateField(_("by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("how it was done"), blank=True)
    done_at = models.DateTimeField(null=True, blank=True, editable=False)  # when it was marked, for the timeline
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TopicPartQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        indexes = [models.Index(fields=["topic", "status"], name="task_topic_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="task_done_has_date",
                violation_error_message=_("Give the day the task was done."),
            ),
        ]

    def __str__(self):
        return self.what

    def get_absolute_url(self):
        return f"{self.topic.get_absolute_url()}#task-{self.pk}"

    @property
    def name(self):
        return self.what

    @property
    def who(self) -> str:
        return self.department.name if self.department_id else self.assignee

    def clean(self):
        super().clean()
        if not self.assignee and not self.department_id:
            raise ValidationError({"assignee": _("Name who does it: a person or a department.")})
