"""People background jobs."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import throttle


@db_periodic_task(crontab(minute="7"))
def sign_in_limits_purge() -> None:
    """Hourly at :07: delete sign-in counters whose window and delay are over."""
    throttle.sign_in_limits_purge()
