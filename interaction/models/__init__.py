"""Public interaction's per-site tables (every site schema) and its page types."""
# isort: skip_file
from .letters import Department, InteractionSettings, Letter, LetterEvent, Reply  # noqa: F401
from .disclosure import DisclosureRequest  # noqa: F401
from .pages import ConsultationComment, ConsultationPage, DisclosureRequestPage, MailboxPage  # noqa: F401
