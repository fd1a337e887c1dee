"""People background jobs."""

from huey import crontab

from agencydesk.core.schedule import once_per_schedule

from . import throttle


@once_per_schedule(crontab(minute="7"))
def sign_in_limits_purge() -> None:
    """Hourly at :07: delete sign-in counters whose window and delay are over."""
    throttle.sign_in_limits_purge()
