"""One lockout for every place that checks a password: canonical keys, atomic counting, per account
and per address, every password form on site hosts, unlock, and no hint which names exist."""
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django_tenants.utils import tenant_context
from wagtail.models import Page, PageViewRestriction

from sitegroup.identity import totp
from sitegroup.identity.models import AuditLogEntry, Role, StaffAccount
from tests.identity.concurrency import committed_rows, in_parallel, in_thread
from tests.identity.hashers import COUNTING_HASHERS, CountingHasher
from tests.identity.helpers import PASSWORD, enrol_totp, login, make_account, platform_client

pytestmark = pytest.mark.django_db


def sign_in(username, password, address="192.0.2.10"):
    return platform_client().post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/console/"


# --- item 3: one canonical key, whatever the spelling -----------------------------------------

@override_settings(SITEGROUP_LOCKOUT_FAILURES=5)
@pytest.mark.parametrize("spelling", ["weakteſt", "WEAKTEST", "Weaktest", "ｗｅａｋｔｅｓｔ", " weaktest ",
                                      "weaKtest"])  # U+017F long s, fullwidth, Kelvin sign K
def test_a_locked_account_stays_locked_under_every_spelling_of_its_name(cluster, spelling):
    make_account("weaktest")
    for _attempt in range(5):
        assert sign_in("weaktest", "wrong").status_code == 403
    response = sign_in(spelling, PASSWORD)
    assert not signed_in(response)
    assert response.status_code == 403
    assert AuditLogEntry.objects.filter(action="login_blocked").exists()


def test_new_user_names_are_limited_to_a_safe_character_set(cluster):
    operator = enrol_totp(make_account("ops", operator=True))
    console = login("ops", otp_account=operator)
    form = {"full_name": "", "email": "", "is_active": "on", "password1": "Gov-Portal-2024!y",
            "password2": "Gov-Portal-2024!y"}
    for bad in ("weakteſt", "王伟", "a b", "ｗａｎｇ", "wang\u200bwei", "-wang", "wang/wei"):
        response = console.post("/console/accounts/", {**form, "username": bad})
        assert response.status_code == 400, bad
        assert "只能使用字母 a–z、数字" in response.content.decode()
    assert not StaffAccount.objects.exclude(username="ops").exists()
    response = console.post("/console/accounts/", {**form, "username": "Wang.Wei"})
    assert response.status_code == 302
    assert StaffAccount.objects.filter(username="wang.wei").exists()  # stored in its canonical form
    assert signed_in(sign_in("WANG.WEI", "Gov-Portal-2024!y"))
    with pytest.raises(CommandError, match="a–z"):
        call_command("create_operator", "root王", password_env="HOME")


# --- item 4: parallel guesses -----------------------------------------------------------------

def _create_racer():
    return make_account("racer").pk


def _guess(index):
    client = Client(HTTP_HOST="localhost")
    password = PASSWORD if index == 19 else f"wrong-{index}"
    response = client.post("/login/", {"username": "racer", "password": password}, REMOTE_ADDR="198.51.100.20")
    return response.status_code, response.get("Location")


def _guess_from_own_address(index):
    client = Client(HTTP_HOST="localhost")
    response = client.post("/login/", {"username": "racer", "password": f"wrong-{index}"},
                           REMOTE_ADDR=f"198.51.100.{100 + index}")
    return response.status_code


@override_settings(PASSWORD_HASHERS=COUNTING_HASHERS, SITEGROUP_LOCKOUT_FAILURES=5)
def test_twenty_parallel_guesses_check_at_most_five_passwords():
    """20 POSTs at once for one account: the attempt is counted before the password is checked."""
    with committed_rows():
        in_thread(_create_racer)
        # The production hasher's cost widens the window; 1 s also keeps every request's turn at the
        # counter inside it on a loaded machine (after a right guess, new attempts may count again).
        CountingHasher.reset(delay=1.0)
        results = in_parallel(_guess, list(range(20)))
        evaluated = CountingHasher.calls
        CountingHasher.reset()
        assert evaluated <= 5, f"{evaluated} passwords were checked; the limit is 5"
        statuses = [status for status, _location in results]
        assert statuses.count(302) <= 1 and statuses.count(403) >= 19, results
        # the one right guess got in only if it was among the five checked
        assert in_thread(lambda: AuditLogEntry.objects.filter(action="lockout", actor="racer").count()) in (0, 1)


@override_settings(PASSWORD_HASHERS=COUNTING_HASHERS, SITEGROUP_LOCKOUT_FAILURES=5,
                   SITEGROUP_LOCKOUT_ACCOUNT_FAILURES=8)
def test_parallel_guesses_from_many_addresses_stop_at_the_account_limit():
    with committed_rows():
        in_thread(_create_racer)
        CountingHasher.reset(delay=0.2)
        statuses = in_parallel(_guess_from_own_address, list(range(20)))
        evaluated = CountingHasher.calls
        CountingHasher.reset()
        assert evaluated <= 8, f"{evaluated} passwords were checked; the account limit is 8"
        assert statuses == [403] * 20


@override_settings(SITEGROUP_LOCKOUT_FAILURES=3)
def test_knowing_the_password_does_not_reset_the_count_of_wrong_codes(cluster):
    account = enrol_totp(make_account("chen", grants={cluster.peach: Role.SITE_ADMIN}))
    wrong = "000000" if totp.current_code(account) != "000000" else "111111"
    for _attempt in range(3):  # the password is known; the code is guessed
        client = platform_client()
        assert client.post("/login/", {"username": "chen", "password": PASSWORD})["Location"] == "/login/2fa/"
        assert client.post("/login/2fa/", {"code": wrong}).status_code == 403
    assert sign_in("chen", PASSWORD, "127.0.0.1").status_code == 403  # locked: the password is refused too
    assert AuditLogEntry.objects.filter(action="otp_failed", account=account).count() == 3


@override_settings(SITEGROUP_LOCKOUT_FAILURES=3, SITEGROUP_LOCKOUT_ACCOUNT_FAILURES=3)
def test_mistakes_before_a_completed_sign_in_are_forgotten_and_successes_never_add_up(cluster):
    account = enrol_totp(make_account("chen", grants={cluster.peach: Role.SITE_ADMIN}))
    for _round in range(2):
        for _attempt in range(2):
            assert sign_in("chen", "typo", "192.0.2.44").status_code == 403
        client = platform_client()
        response = client.post("/login/", {"username": "chen", "password": PASSWORD}, REMOTE_ADDR="192.0.2.44")
        assert response["Location"] == "/login/2fa/"
        account.refresh_from_db()
        account.totp_last_step = 0  # a new code each round
        account.save(update_fields=["totp_last_step"])
        response = client.post("/login/2fa/", {"code": totp.current_code(account)}, REMOTE_ADDR="192.0.2.44")
        assert response["Location"] == "/console/"
    make_account("traveller")
    for number in range(6):  # correct sign-ins from ever new addresses never lock the account
        assert signed_in(sign_in("traveller", PASSWORD, f"198.51.100.{number}"))


# --- item 5: every password form on a site host -------------------------------------------------

def _local_superuser(site, name="root"):
    with tenant_context(site):
        return get_user_model().objects.create_superuser(name, f"{name}@example.cn", PASSWORD)


@override_settings(SITEGROUP_LOCKOUT_FAILURES=3, SITEGROUP_SITE_LOCAL_LOGIN="superusers")
def test_wagtails_front_end_login_is_no_unthrottled_password_oracle(cluster):
    _local_superuser(cluster.peach)
    host = cluster.peach.primary_domain_name()
    for _attempt in range(3):
        Client(HTTP_HOST=host).post("/_util/login/", {"username": "root", "password": "wrong"})
    # the right password, on either login form, is refused now: one lockout for both
    for path in ("/_util/login/", "/admin/login/?local=1"):
        client = Client(HTTP_HOST=host)
        client.post(path, {"username": "root", "password": PASSWORD})
        assert client.get("/admin/").status_code == 302, path
    assert AuditLogEntry.objects.filter(action="lockout", site=cluster.peach, actor="root").count() == 1
    assert AuditLogEntry.objects.filter(action="login_blocked", site=cluster.peach).count() == 2


@override_settings(SITEGROUP_SITE_LOCAL_LOGIN="off", PASSWORD_HASHERS=COUNTING_HASHERS)
def test_with_break_glass_off_site_hosts_check_no_password_at_all(cluster):
    _local_superuser(cluster.peach)
    host = cluster.peach.primary_domain_name()
    CountingHasher.reset()
    for path in ("/_util/login/", "/admin/login/", "/admin/login/?local=1", "/en/_util/login/"):
        response = Client(HTTP_HOST=host).post(path, {"username": "root", "password": PASSWORD})
        assert response.status_code in (302, 403, 404), (path, response.status_code)
        assert "sessionid" not in response.cookies or not response.cookies["sessionid"].value
    assert CountingHasher.calls == 0
    # the page a login-restricted visitor is sent to leads to the platform sign-in
    response = Client(HTTP_HOST=host).get("/_util/login/?next=/private/")
    assert response.status_code == 302
    assert response["Location"].startswith("http://localhost/login/?site=peach&site_next=%2Fprivate%2F")


def test_site_hosts_offer_no_password_reset(cluster):
    _local_superuser(cluster.peach)
    client = Client(HTTP_HOST=cluster.peach.primary_domain_name())
    for path in ("/admin/password_reset/", "/admin/password_reset/done/", "/admin/password_reset/complete/"):
        assert client.get(path).status_code == 404, path
    assert client.post("/admin/password_reset/", {"email": "root@example.cn"}).status_code == 404
    assert mail.outbox == []


def _restricted_page(site, password="tea-garden-88"):
    with tenant_context(site):
        home = Page.objects.get(depth=2)
        restriction = PageViewRestriction.objects.create(
            page=home, restriction_type=PageViewRestriction.PASSWORD, password=password)
        return restriction.pk, home.pk


@override_settings(SITEGROUP_LOCKOUT_FAILURES=3)
def test_the_page_password_form_is_locked_out_per_address(cluster):
    restriction_id, page_id = _restricted_page(cluster.peach)
    url = f"/_util/authenticate_with_password/{restriction_id}/{page_id}/"
    host = cluster.peach.primary_domain_name()
    guesser = Client(HTTP_HOST=host)
    for _attempt in range(2):
        response = guesser.post(url, {"password": "guess", "return_url": "/"}, REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 200  # the password form again
    response = guesser.post(url, {"password": "guess", "return_url": "/"}, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429  # the third wrong password pauses this address
    response = guesser.post(url, {"password": "tea-garden-88", "return_url": "/"}, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429 and int(response["Retry-After"]) > 60
    assert guesser.get("/", REMOTE_ADDR="203.0.113.5").status_code == 200  # still the password form
    assert "tea-garden" not in response.content.decode()
    entry = AuditLogEntry.objects.get(action="lockout", site=cluster.peach)
    assert entry.data["subject"].startswith("page-restriction")
    # a visitor elsewhere is not locked out by the guesser
    visitor = Client(HTTP_HOST=host)
    response = visitor.post(url, {"password": "tea-garden-88", "return_url": "/"}, REMOTE_ADDR="198.51.100.77")
    assert response.status_code == 302


# --- item 6: per account and per address, unlock ----------------------------------------------

@override_settings(SITEGROUP_LOCKOUT_FAILURES=5, SITEGROUP_LOCKOUT_ACCOUNT_FAILURES=20)
def test_an_outsider_cannot_lock_the_owner_out_from_a_known_address(cluster):
    make_account("owner", grants={cluster.peach: Role.EDITOR})
    assert signed_in(sign_in("owner", PASSWORD, "192.0.2.10"))  # the owner's office
    for _attempt in range(6):
        assert sign_in("owner", "guess", "203.0.113.66").status_code == 403
    assert not signed_in(sign_in("owner", PASSWORD, "203.0.113.66"))  # that address is locked
    assert signed_in(sign_in("owner", PASSWORD, "192.0.2.10"))  # the owner is not
    assert signed_in(sign_in("owner", PASSWORD, "192.0.2.11"))  # nor from a new address yet
    # a distributed guesser reaches the account limit: new addresses are refused, known ones not
    for number in range(20):
        sign_in("owner", "guess", f"203.0.113.{100 + number}")
    assert not signed_in(sign_in("owner", PASSWORD, "198.51.100.1"))
    assert signed_in(sign_in("owner", PASSWORD, "192.0.2.10"))
    scopes = set(AuditLogEntry.objects.filter(action="lockout", actor="owner").values_list("data__scope", flat=True))
    assert scopes == {"address", "account"}


@override_settings(SITEGROUP_LOCKOUT_FAILURES=3)
def test_unlock_account_command_and_console_button_are_audited(cluster):
    make_account("victim")
    for _attempt in range(3):
        sign_in("victim", "wrong")
    assert not signed_in(sign_in("victim", PASSWORD))
    call_command("unlock_account", "VICTIM")
    assert signed_in(sign_in("victim", PASSWORD))
    entry = AuditLogEntry.objects.get(action="account_unlocked")
    assert entry.actor == "manage.py unlock_account" and entry.object_repr == "victim"
    with pytest.raises(CommandError, match="No staff account"):
        call_command("unlock_account", "nobody")

    for _attempt in range(3):
        sign_in("victim", "wrong")
    operator = enrol_totp(make_account("ops", operator=True))
    console = login("ops", otp_account=operator)
    target = StaffAccount.objects.get(username="victim")
    assert "因登录失败次数过多已锁定" in console.get(f"/console/accounts/{target.pk}/").content.decode()
    unlock = f"/console/accounts/{target.pk}/unlock/"
    assert console.get(unlock).status_code == 405  # an action, never a link
    response = console.post(unlock)
    assert response.status_code == 302 and response["Location"] == f"/console/accounts/{target.pk}/"
    assert signed_in(sign_in("victim", PASSWORD))
    assert AuditLogEntry.objects.filter(action="account_unlocked", account=operator).exists()


@override_settings(SITEGROUP_LOCKOUT_FAILURES=3)
def test_the_console_home_shows_operators_the_locked_accounts_with_an_unlock_button(cluster):
    operator = enrol_totp(make_account("ops", operator=True))
    console = login("ops", otp_account=operator)
    assert 'id="panel-locked-accounts"' not in console.get("/console/").content.decode()  # nothing locked
    victim = make_account("victim")
    make_account("bystander")
    for _attempt in range(3):
        sign_in("victim", "wrong")
    sign_in("bystander", "wrong")  # a failure is not a lock
    home = console.get("/console/").content.decode()
    panel = home[home.index('id="panel-locked-accounts"'):home.index("</section>", home.index("panel-locked"))]
    assert "victim" in panel and "bystander" not in panel and "192.0.2.10" in panel
    assert f'action="/console/accounts/{victim.pk}/unlock/"' in panel
    response = console.post(f"/console/accounts/{victim.pk}/unlock/", {"next": "/console/"})
    assert response.status_code == 302 and response["Location"] == "/console/"
    assert 'id="panel-locked-accounts"' not in console.get("/console/").content.decode()
    assert signed_in(sign_in("victim", PASSWORD))
    assert AuditLogEntry.objects.get(action="account_unlocked").object_id == str(victim.pk)
    # a person without the operator role sees no panel and may not unlock
    for _attempt in range(3):
        sign_in("victim", "wrong")
    chief = enrol_totp(make_account("chief", grants={cluster.peach: Role.SITE_ADMIN}))
    other = login("chief", otp_account=chief)
    assert 'id="panel-locked-accounts"' not in other.get("/console/").content.decode()
    assert other.post(f"/console/accounts/{victim.pk}/unlock/").status_code == 403
    assert not signed_in(sign_in("victim", PASSWORD))


@override_settings(SITEGROUP_LOCKOUT_FAILURES=2)
def test_unlock_account_for_a_sites_own_superuser(cluster):
    _local_superuser(cluster.peach)
    host = cluster.peach.primary_domain_name()
    for _attempt in range(2):
        Client(HTTP_HOST=host).post("/admin/login/?local=1", {"username": "root", "password": "wrong"})
    call_command("unlock_account", "root", site="peach")
    client = Client(HTTP_HOST=host)
    client.post("/admin/login/?local=1", {"username": "root", "password": PASSWORD})
    assert client.get("/admin/").status_code == 200
    assert AuditLogEntry.objects.filter(action="account_unlocked", site=cluster.peach,
                                        actor="manage.py unlock_account").exists()


# --- item 7: no hint which names exist ------------------------------------------------------------

@override_settings(PASSWORD_HASHERS=COUNTING_HASHERS)
def test_unknown_names_cost_one_password_hash_like_known_ones(cluster):
    make_account("known")
    for name in ("known", "unknown-person", "", "王"):
        CountingHasher.reset()
        response = sign_in(name or "x", "wrong-password")
        assert response.status_code == 403
        assert CountingHasher.calls == 1, (name, CountingHasher.calls)
    _local_superuser(cluster.peach)
    for name in ("root", "nobody"):
        CountingHasher.reset()
        Client(HTTP_HOST=cluster.peach.primary_domain_name()).post(
            "/admin/login/?local=1", {"username": name, "password": "wrong-password"})
        assert CountingHasher.calls == 1, (name, CountingHasher.calls)
