"""Lockout counted per subject and client address (identity.lockout), addresses a person signed
in from, a session epoch raised at logout, and user names in one safe, lower-case form."""
import django.core.validators
from django.db import migrations, models


def lower_case_user_names(apps, schema_editor):
    """Store names in lower case, as sign-in looks them up; a name whose lower-case form is
    taken by another account is left as it is (an operator renames one of the two)."""
    StaffAccount = apps.get_model("identity", "StaffAccount")
    taken = set(StaffAccount.objects.values_list("username", flat=True))
    for account in StaffAccount.objects.exclude(username__regex=r"^[^A-Z]*$"):
        lowered = account.username.lower()
        if lowered not in taken:
            taken.discard(account.username)
            taken.add(lowered)
            StaffAccount.objects.filter(pk=account.pk).update(username=lowered)


class Migration(migrations.Migration):

    dependencies = [
        ("identity", "0001_initial"),
    ]

    operations = [
        # The old counters (per realm and typed name) are replaced, not converted: at worst a
        # lock that was running ends early.
        migrations.DeleteModel(name="LoginThrottle"),
        migrations.CreateModel(
            name="LoginThrottle",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("subject", models.CharField(max_length=200)),
                ("scope", models.CharField(max_length=64)),
                ("label", models.CharField(blank=True, max_length=150)),
                ("failures", models.PositiveIntegerField(default=0)),
                ("locked_until", models.DateTimeField(blank=True, null=True)),
                ("last_failure_at", models.DateTimeField(blank=True, db_index=True, null=True)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("subject", "scope"),
                                                        name="identity_throttle_subject_scope")],
            },
        ),
        migrations.CreateModel(
            name="KnownAddress",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("subject", models.CharField(max_length=200)),
                ("address", models.CharField(max_length=64)),
                ("last_success_at", models.DateTimeField()),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("subject", "address"), name="identity_known_address")],
            },
        ),
        migrations.AddField(
            model_name="staffaccount",
            name="session_epoch",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AlterField(
            model_name="staffaccount",
            name="username",
            field=models.CharField(
                help_text="Letters a–z, digits and . _ @ - (stored in lower case).", max_length=64, unique=True,
                validators=[django.core.validators.RegexValidator(
                    "^[a-z0-9](?:[a-z0-9._@-]*[a-z0-9])?\\Z",
                    "Use only letters a–z, digits and . _ @ -, starting and ending with a letter or digit.",
                    code="invalid_username")],
                verbose_name="user name"),
        ),
        migrations.RunPython(lower_case_user_names, migrations.RunPython.noop),
    ]
