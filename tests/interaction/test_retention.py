"""Personal data of finished cases is erased after the retention period, per site; keys rotate."""
import datetime
from io import StringIO

from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from interaction import personal
from interaction.models import Letter


def old_letter(tenant, status, days_ago=2000):
    with tenant_context(tenant):
        return Letter.objects.create(kind="consult", subject="旧信", body="正文", name="钱八", phone="13300000000",
                                     query_digest="q" * 64, status=status, due_date=datetime.date(2020, 1, 10),
                                     received_at=timezone.now() - datetime.timedelta(days=days_ago))


def test_finished_letters_lose_personal_data_after_the_period(cluster):
    answered = old_letter(cluster.peach, Letter.Status.ANSWERED)
    still_open = old_letter(cluster.peach, Letter.Status.NEW)
    recent = old_letter(cluster.peach, Letter.Status.ANSWERED, days_ago=30)
    other_site = old_letter(cluster.willow, Letter.Status.ANSWERED)
    out = StringIO()
    call_command("interaction_purge_personal_data", "--site", "peach", stdout=out)
    assert "peach: 1 letters" in out.getvalue()
    with tenant_context(cluster.peach):
        assert Letter.objects.get(pk=answered.pk).phone == "" and Letter.objects.get(pk=answered.pk).body == "正文"
        assert Letter.objects.get(pk=still_open.pk).phone == "13300000000"
        assert Letter.objects.get(pk=recent.pk).name == "钱八"
    with tenant_context(cluster.willow):
        assert Letter.objects.get(pk=other_site.pk).name == "钱八"


def test_rotating_keys_re_encrypts_and_old_keys_can_go(cluster, settings):
    letter = old_letter(cluster.peach, Letter.Status.NEW)
    old_key = personal.configured_keys()[0]
    new_key = Fernet.generate_key().decode()
    settings.SITEGROUP_INTERACTION_KEYS = [new_key, old_key]
    call_command("interaction_rotate_keys", stdout=StringIO())
    settings.SITEGROUP_INTERACTION_KEYS = [new_key]
    with tenant_context(cluster.peach):
        assert Letter.objects.get(pk=letter.pk).name == "钱八"
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM interaction_letter WHERE id = %s", [letter.pk])
            assert Fernet(new_key.encode()).decrypt(cursor.fetchone()[0][len("fernet:"):].encode()) == "钱八".encode()
