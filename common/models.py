from django.db import models


class RateLimitCounter(models.Model):
    """Attempts counted per key and time window, shared by every worker process."""

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="ratelimit_key_window")]
        indexes = [models.Index(fields=["window_start"], name="ratelimit_window")]

    def __str__(self):
        return f"{self.key} {self.window_start:%Y-%m-%d %H:%M} {self.count}"


class Submission(models.Model):
    """A form saved once: the key its page carried, and where its result is.

    Every form of an action page carries a fresh key (common.views.ActionView). The key is recorded in
    the transaction of the change, so a second post of the same form (a double click, the browser's
    retry after a worker died with the change committed) finds it and lands on the result instead of
    saving twice or reporting the user's own change as someone else's."""

    key = models.UUIDField(primary_key=True)
    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="+")
    result_url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.key} {self.result_url}"
