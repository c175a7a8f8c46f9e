"""The dashboards' figures, refreshed by the task worker every few minutes."""

from procrastinate.contrib.django import app

from . import rollups


@app.periodic(cron="*/3 * * * *")
@app.task(queueing_lock="rollups_refresh")
def rollups_refresh(timestamp: int) -> bool:
    """Bring the rollups up to date (a no-op while another process refreshes them)."""
    return rollups.refresh(force=True)
