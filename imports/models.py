import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Users see the imports they made; superusers every import."""
        if user.is_superuser:
            return self
        return self.filter(created_by=user) if user.is_authenticated else self.none()

    def editable_by(self, user):
        """Only the person who uploaded a file confirms it (the rows are checked against their area)."""
        return self.filter(created_by=user) if user.is_authenticated else self.none()


class ImportBatch(models.Model):
    """One uploaded file, from its dry run to its confirm: who, when, which file, what it did."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        INVALID = "invalid", _("Has errors")
        APPLYING = "applying", _("Being imported")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Refused: the data changed since the check")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=32)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("imported by")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=200)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    # Kept until the import is done or refused, for the confirm to read the same rows again.
    content = models.BinaryField(_("file"), null=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.CHECKING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    counts = models.JSONField(_("counts"), default=dict)
    errors = models.JSONField(_("errors"), default=list)  # [row, column, message]
    changes = models.JSONField(_("changes"), default=list)  # [row, field, old, new], masked
    ignored_columns = models.JSONField(_("ignored columns"), default=list)
    message = models.CharField(_("message"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["created_by", "-created_at"], name="importbatch_user_recent")]
        constraints = [
            # One unfinished import of the same file by the same person: uploading it twice gives the first.
            models.UniqueConstraint(
                fields=["created_by", "kind", "file_sha256"],
                condition=Q(status__in=["checking", "checked", "applying"]),
                name="importbatch_one_pending_per_file",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("imports:batch-detail", args=[self.pk])

    @staticmethod
    def digest(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)

    @property
    def progress_percent(self) -> int:
        return round(100 * self.done_rows / self.total_rows) if self.total_rows else 0
