"""Scheduled work for the whole cluster: one registry of jobs, one command that runs what is due.

    from sitegroup.scheduling import ScheduledJob, register_scheduled_job

See sitegroup/scheduling/registry.py and docs/architecture.md ("Scheduled work").
"""
from .registry import (
                       PartialFailure,
                       ScheduledJob,
                       get_scheduled_job,
                       parse_time_of_day,
                       register_scheduled_job,
                       scheduled_jobs,
)

__all__ = ["PartialFailure", "ScheduledJob", "get_scheduled_job", "parse_time_of_day", "register_scheduled_job",
           "scheduled_jobs"]
