"""Sign-in limits (agencydesk.people.throttle): the (e-mail × address) pair is
blocked, the address alone slowed, the address read behind trusted proxies only,
and check-and-count atomic."""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client as HttpClient
from django.test import RequestFactory
from pytest_django.asserts import assertContains

from agencydesk.people.models import SignInThrottle
from agencydesk.people.roles import Role
from agencydesk.people.throttle import client_address, sign_in_limits_purge
from tests.factories.people import PASSWORD, make_staff

LOGIN = "/login/"
GUESSER = "203.0.113.9"
OWNER = "198.51.100.7"
PROXY = "10.0.0.1"
WRONG = "The e-mail address or the password is not correct."


@pytest.fixture
def mira(db):
    return make_staff(Role.ACCOUNT_MANAGER, email="mira@agency.test")


def _sign_in(http, email, password, **meta):
    return http.post(LOGIN, {"email": email, "password": password}, **meta)


def _signed_in_as(http):
    user_id = http.session.get("_auth_user_id")
    return int(user_id) if user_id is not None else None


def _fail(http, email, times, **meta):
    statuses = [
        _sign_in(http, email, "wrong-password", **meta).status_code
        for _ in range(times)
    ]
    assert statuses == [400] * times


def test_blocked_pair_says_when_to_try_again(mira, client):
    _fail(client, "mira@agency.test", settings.LOGIN_RATE_LIMIT)

    response = _sign_in(client, "mira@agency.test", PASSWORD)

    assertContains(
        response,
        "Too many failed sign-in attempts. Please try again in 15 minutes.",
        status_code=429,
    )
    assert 890 <= int(response["Retry-After"]) <= 900
    assert _signed_in_as(client) is None


def test_the_owner_signs_in_from_another_address_while_a_guesser_is_blocked(
    mira, client
):
    guesser = HttpClient()
    _fail(guesser, "mira@agency.test", settings.LOGIN_RATE_LIMIT, REMOTE_ADDR=GUESSER)
    assert (
        _sign_in(guesser, "mira@agency.test", PASSWORD, REMOTE_ADDR=GUESSER).status_code
        == 429
    )

    response = _sign_in(client, "mira@agency.test", PASSWORD, REMOTE_ADDR=OWNER)

    assert response.status_code == 302
    assert _signed_in_as(client) == mira.pk


def test_an_address_over_its_limit_is_slowed_not_blocked(mira, client, settings):
    colleagues = [
        make_staff(Role.SPECIALIST, email=f"colleague{n}@agency.test") for n in range(5)
    ]
    per_person = settings.LOGIN_RATE_LIMIT - 1
    for n in range(settings.LOGIN_RATE_ADDRESS_LIMIT):
        assert (
            _sign_in(client, colleagues[n // per_person].email, "nope").status_code
            == 400
        )

    waiting = _sign_in(client, "mira@agency.test", PASSWORD)
    assertContains(
        waiting,
        "Too many failed sign-in attempts. Please try again in 1 second.",
        status_code=429,
    )
    assert waiting["Retry-After"] == "1"
    time.sleep(1.1)
    response = _sign_in(client, "mira@agency.test", PASSWORD)

    assert response.status_code == 302
    assert _signed_in_as(client) == mira.pk


def test_each_further_failure_from_a_slowed_address_waits_longer(mira, client):
    colleagues = [
        make_staff(Role.SPECIALIST, email=f"colleague{n}@agency.test") for n in range(5)
    ]
    for n in range(settings.LOGIN_RATE_ADDRESS_LIMIT):
        _sign_in(client, colleagues[n % 5].email, "nope")
    time.sleep(1.1)

    assert _sign_in(client, "mira@agency.test", "nope").status_code == 400
    response = _sign_in(client, "mira@agency.test", PASSWORD)

    assertContains(response, "Please try again in 2 seconds.", status_code=429)
    assert _signed_in_as(client) is None


def test_a_slowed_address_does_not_use_up_the_pairs_tries(mira, client):
    colleagues = [
        make_staff(Role.SPECIALIST, email=f"colleague{n}@agency.test") for n in range(5)
    ]
    for n in range(settings.LOGIN_RATE_ADDRESS_LIMIT):
        _sign_in(client, colleagues[n % 5].email, "nope")
    for _ in range(settings.LOGIN_RATE_LIMIT):
        assert _sign_in(client, "mira@agency.test", "nope").status_code == 429
    time.sleep(1.1)

    response = _sign_in(client, "mira@agency.test", PASSWORD)

    assert response.status_code == 302


def test_successful_sign_ins_never_count(mira, client):
    for _ in range(settings.LOGIN_RATE_LIMIT + 1):
        assert _sign_in(client, "mira@agency.test", PASSWORD).status_code == 302
        client.post("/logout/")
    _fail(client, "mira@agency.test", settings.LOGIN_RATE_LIMIT - 1)

    assert _sign_in(client, "mira@agency.test", PASSWORD).status_code == 302


def test_after_the_window_the_pair_may_try_again_and_its_counter_is_purged(
    mira, client, settings
):
    settings.LOGIN_RATE_WINDOW = 1
    _fail(client, "mira@agency.test", settings.LOGIN_RATE_LIMIT)
    assert _sign_in(client, "mira@agency.test", PASSWORD).status_code == 429
    time.sleep(1.1)

    assert sign_in_limits_purge() == 2
    assert SignInThrottle.objects.count() == 0
    assert _sign_in(client, "mira@agency.test", PASSWORD).status_code == 302


def test_purge_keeps_counters_of_a_running_window(mira, client):
    _fail(client, "mira@agency.test", 2)

    assert sign_in_limits_purge() == 0
    assert SignInThrottle.objects.count() == 2


def test_forged_forwarded_for_changes_nothing_without_trusted_proxies(mira, client):
    for n in range(settings.LOGIN_RATE_LIMIT):
        _sign_in(
            client, "mira@agency.test", "nope", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        )

    response = _sign_in(
        client, "mira@agency.test", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200"
    )

    assert response.status_code == 429
    assert _signed_in_as(client) is None


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(mira, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    guesser, owner = HttpClient(), HttpClient()
    for n in range(settings.LOGIN_RATE_LIMIT):
        # Whatever the guesser puts on the left, the proxy appends the address
        # it saw.
        forwarded = f"192.0.2.{n}, {GUESSER}"
        _sign_in(
            guesser,
            "mira@agency.test",
            "nope",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )
    blocked = _sign_in(
        guesser,
        "mira@agency.test",
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"192.0.2.200, {GUESSER}",
    )

    response = _sign_in(
        owner,
        "mira@agency.test",
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=OWNER,
    )

    assert blocked.status_code == 429
    assert response.status_code == 302
    assert _signed_in_as(owner) == mira.pk


@pytest.mark.parametrize(
    ("hops", "remote", "forwarded", "address"),
    [
        (0, "192.0.2.1", "", "192.0.2.1"),
        (0, "192.0.2.1", "198.51.100.7", "192.0.2.1"),
        (1, PROXY, "198.51.100.7", "198.51.100.7"),
        (1, PROXY, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (1, PROXY, "6.6.6.6,198.51.100.7 , ", "198.51.100.7"),
        (2, PROXY, "6.6.6.6, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        # Fewer entries than proxies: the leftmost is what the first one saw.
        (2, PROXY, "198.51.100.7", "198.51.100.7"),
        (1, PROXY, "", PROXY),
        (1, PROXY, "198.51.100.7:51234", "198.51.100.7"),
        (1, PROXY, "[2001:db8:1:2::7]:443", "2001:db8:1:2::/64"),
        # One IPv6 subscriber holds a whole /64.
        (0, "2001:db8:1:2:aaaa::1", "", "2001:db8:1:2::/64"),
        (0, "::ffff:192.0.2.1", "", "192.0.2.1"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(
    hops, remote, forwarded, address, settings
):
    settings.TRUSTED_PROXY_HOPS = hops
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().post(LOGIN, **meta)

    assert client_address(request) == address


PARALLEL = 40


@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_check_the_password_at_most_limit_times(
    threaded_db, password_checks
):
    make_staff(Role.ACCOUNT_MANAGER, email="mira@agency.test")
    start = threading.Barrier(PARALLEL)
    before = password_checks()

    def attempt(n: int) -> int:
        try:
            http = HttpClient()
            start.wait()
            return _sign_in(http, "mira@agency.test", f"guess-{n}").status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        statuses = Counter(pool.map(attempt, range(PARALLEL)))

    limit = settings.LOGIN_RATE_LIMIT
    assert password_checks() - before == limit
    assert statuses == {400: limit, 429: PARALLEL - limit}
