"""The platform console: a shell (menu, home page, sign-in guard) that apps plug sections into.

    from sitegroup.console import ConsoleSection, ConsolePanel, register_console_section, OPERATORS

See sitegroup/console/registry.py and docs/architecture.md ("How to add a console section").
"""
from .registry import ANY_STAFF, OPERATORS, ConsolePanel, ConsoleSection, record_action, register_console_section

__all__ = ["ANY_STAFF", "OPERATORS", "ConsolePanel", "ConsoleSection", "record_action", "register_console_section"]
