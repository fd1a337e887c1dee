"""A web process freezes what it loaded once it has served its first
requests (core.runtime): the collector's full passes stop walking Django."""

import gc

import pytest
from django.core.signals import request_finished

from agencydesk.core import runtime


@pytest.fixture
def _fresh_process(settings, monkeypatch):
    settings.GC_FREEZE_AFTER_REQUESTS = 2
    monkeypatch.setattr(runtime, "_served", 0)
    assert gc.get_freeze_count() == 0
    runtime.connect()
    yield
    request_finished.disconnect(runtime._after_request, dispatch_uid=runtime.__name__)
    gc.unfreeze()


@pytest.mark.usefixtures("_fresh_process")
def test_the_process_freezes_its_objects_after_its_first_requests(client):
    client.get("/login/")
    assert gc.get_freeze_count() == 0

    client.get("/login/")
    frozen = gc.get_freeze_count()
    assert frozen > 0

    # Once: later requests freeze nothing more (frozen objects that die by
    # reference count still leave it).
    client.get("/login/")
    assert gc.get_freeze_count() <= frozen


def test_it_is_off_when_set_to_zero(client, settings, monkeypatch):
    settings.GC_FREEZE_AFTER_REQUESTS = 0
    monkeypatch.setattr(runtime, "_served", 0)
    runtime.connect()
    for _ in range(3):
        client.get("/login/")
    assert gc.get_freeze_count() == 0
