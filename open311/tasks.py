"""The record of API calls is kept for half a year."""

import datetime

from django.utils import timezone
from procrastinate.contrib.django import app

from .models import ApiCall

CALLS_KEEP = datetime.timedelta(days=183)


@app.periodic(cron="37 19 * * *")  # 03:37 in Beijing
@app.task(queueing_lock="api_calls_clear")
def api_calls_clear(timestamp: int) -> int:
    deleted, _ = ApiCall.objects.filter(at__lt=timezone.now() - CALLS_KEEP).delete()
    return deleted
