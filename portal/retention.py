"""What portal itself keeps about people: the sign-in log of django-axes (user name, IP address,
browser), kept for settings.LOGIN_LOG_RETENTION_DAYS and then deleted by the daily retention run
(registry.tasks.retention_run), which records how many rows went."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings


def login_logs_prune():
    """Delete the sign-in records (successes and failures) older than the retention period;
    returns how many. The lockout counters are axes' own and expire with AXES_COOLOFF_HOURS."""
    days = settings.LOGIN_LOG_RETENTION_DAYS
    return AxesProxyHandler.reset_logs(age_days=days) + AxesProxyHandler.reset_failure_logs(
        age_days=days
    )
