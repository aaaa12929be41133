"""Publish checks: one registry, run for every page type (sitegroup/publishing/registry.py)."""
from .registry import Problem, PublishCheck, Severity, get_publish_check, publish_checks, register_publish_check

__all__ = ["Problem", "PublishCheck", "Severity", "get_publish_check", "publish_checks", "register_publish_check"]
