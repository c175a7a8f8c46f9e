"""Who may call the API, with which keys, and what each call did.

An API client acts in one area (the district, a street or a community), like a staff post, and
through a user of its own (`user`, who cannot log in): requests it creates are received by that
user, and its steps appear under its name in the requests' timelines. A key is shown once when it
is made; only its SHA-256 digest is kept (a key is 256 random bits, so a slow hash adds nothing).
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Community, District, Street, scope_community_ids
from grids.roles import Audience
from services.choices import Channel

KEY_PREFIX_LENGTH = 8


class ApiClientQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Superusers: every client; community admins: the clients acting in their communities."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(community_id__in=scope_community_ids(user, Audience.ADMINS))

    def editable_by(self, user):
        return self.visible_to(user)


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client", editable=False
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("street")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("community")
    )
    channel = models.CharField(_("channel of its requests"), max_length=16, choices=Channel, default=Channel.HOTLINE)
    ticket_source = models.CharField(
        _("ticket source"),
        max_length=32,
        help_text=_("The system whose ticket numbers this client sends (e.g. 12345); unique within it."),
    )
    may_read = models.BooleanField(_("may read requests"), default=True)
    may_create = models.BooleanField(_("may create requests"), default=False)
    may_callback = models.BooleanField(_("may record callbacks"), default=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = ApiClientQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        constraints = [
            models.CheckConstraint(
                condition=Q(district__isnull=False, street__isnull=True, community__isnull=True)
                | Q(district__isnull=True, street__isnull=False, community__isnull=True)
                | Q(district__isnull=True, street__isnull=True, community__isnull=False),
                name="apiclient_one_area",
                violation_error_message=_("An API client acts in the district, one street or one community."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def area(self):
        return self.community or self.street or self.district

    def community_ids(self) -> list[int]:
        if self.community_id:
            return [self.community_id]
        if self.street_id:
            return list(Community.objects.filter(street_id=self.street_id).values_list("pk", flat=True))
        return list(Community.objects.filter(street__district_id=self.district_id).values_list("pk", flat=True))

    def communities(self):
        return Community.objects.filter(pk__in=self.community_ids()).order_by("code")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(client__in=ApiClient.objects.visible_to(user))

    def editable_by(self, user):
        return self.visible_to(user)

    def usable(self):
        return self.filter(revoked_at__isnull=True, client__active=True)


class ApiKey(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="keys", verbose_name=_("client"))
    prefix = models.CharField(_("key starts with"), max_length=KEY_PREFIX_LENGTH, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.prefix}…"

    @classmethod
    def issue(cls, client, created_by=None) -> tuple["ApiKey", str]:
        """A new key of the client and the key itself, which is shown once and kept nowhere."""
        prefix = secrets.token_hex(KEY_PREFIX_LENGTH // 2)
        secret = secrets.token_urlsafe(32)
        key = cls.objects.create(client=client, prefix=prefix, digest=_digest(secret), created_by=created_by)
        return key, f"{prefix}.{secret}"

    @classmethod
    def find(cls, presented: str):
        """The usable key the caller presented, or None."""
        prefix, _dot, secret = (presented or "").partition(".")
        if len(prefix) != KEY_PREFIX_LENGTH or not secret:
            return None
        key = cls.objects.usable().select_related("client__user").filter(prefix=prefix).first()
        if key is None or not hmac.compare_digest(key.digest, _digest(secret)):
            return None
        return key


class ApiCallQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(client__in=ApiClient.objects.visible_to(user))


class ApiCall(models.Model):
    """One call of the API: who (None for an unknown or revoked key), what, and how it ended. The
    address is kept without its query string, where a key may stand."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, null=True, related_name="calls")
    key = models.ForeignKey(ApiKey, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    method = models.CharField(_("method"), max_length=8)
    endpoint = models.CharField(_("endpoint"), max_length=200)
    status = models.PositiveSmallIntegerField(_("result"))
    service_request_id = models.CharField(_("request"), max_length=32, blank=True)
    duration_ms = models.PositiveIntegerField(_("milliseconds"), default=0)

    objects = ApiCallQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        indexes = [
            models.Index(fields=["client", "-at"], name="apicall_client"),
            models.Index(fields=["at"], name="apicall_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.method} {self.endpoint} {self.status}"
