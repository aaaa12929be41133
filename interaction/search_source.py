"""Answered letters offered to the site and cluster search (registered in wagtail_hooks.py).

Only what the public list shows is offered: letters answered with an approved reply whose writer
agreed to publication, with the text as published (contact numbers and addresses redacted, no name,
no phone, no e-mail), at their page under the site's leader mailbox. A letter that is pending,
private, held or rejected yields no document, and one that stops being public is removed.
"""


class AnsweredLetters:
    name = "interaction.letter"
    content_types = ["interaction.letter"]

    @property
    def models(self):
        from .models import Letter, MailboxPage, Reply

        return (Letter, Reply, MailboxPage)

    def items_for(self, instance):
        from .models import Letter, MailboxPage

        if isinstance(instance, MailboxPage):  # published, moved or unpublished: every letter's URL follows
            return list(Letter.objects.published().values_list("pk", flat=True))
        return [instance.pk if isinstance(instance, Letter) else instance.letter_id]

    def documents(self):
        from .models import Letter

        mailbox = _mailbox()
        if mailbox is None:
            return []
        return [_document(letter, mailbox) for letter in Letter.objects.published().order_by("pk")]

    def document(self, item_id):
        from .models import Letter

        mailbox = _mailbox()
        letter = Letter.objects.published().filter(pk=item_id).first() if mailbox else None
        return _document(letter, mailbox) if letter else None


def _mailbox():
    """The site's first live, public mailbox: the public list and the letters' pages are under it."""
    from .models import MailboxPage

    for page in MailboxPage.objects.live().public().order_by("path"):
        if not page.get_ancestors().filter(depth__gt=1, live=False).exists():
            return page
    return None


def _document(letter, mailbox):
    parts = mailbox.get_url_parts()
    base = parts[2] if parts else mailbox.url_path
    reply = letter.reply
    body = " ".join(part for part in (letter.public_body(), reply.replying_body, reply.body) if part)
    return {"id": letter.pk, "url_path": base.rstrip("/") + "/" + mailbox.reverse_subpage("letter", args=[letter.pk]),
            "title": letter.subject, "body": " ".join(body.split()), "content_type": "interaction.letter",
            "publish_date": letter.answered_at, "language": mailbox.locale.language_code}
