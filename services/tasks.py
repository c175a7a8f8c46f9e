"""The request queue's periodic work, run by the task worker."""

from procrastinate.contrib.django import app

from . import supervision


@app.periodic(cron="*/10 * * * *")
@app.task(queueing_lock="supervision_mark")
def supervision_mark(timestamp: int) -> dict[str, int]:
    """Mark the open requests due soon or overdue for the 督办 list."""
    return supervision.mark()
