"""The multi-node deployment, for real (issue 17, "A test of the real
topology"): HAProxy from Debian with deploy/haproxy/haproxy.cfg in front of
two gunicorn web nodes with separate var dirs, two workers, PostgreSQL, Redis,
an SMTP server and an S3-compatible object store (moto's server) holding every
stored file, all on loopback (tests/deploy/topology.py).

Skipped, with the reason, when haproxy or moto is not installed or PostgreSQL
or Redis does not answer on its usual loopback port (.ci/run installs and
starts them; moto is a dev dependency). It uses its own scratch database,
Redis key prefix and bucket, so runs in parallel do not meet. Requests per
second through the load balancer are printed in the terminal summary (not
asserted)."""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from datetime import datetime

import pytest

from .conftest import SUMMARY
from .topology import (
    Browser,
    Missing,
    new_topology,
    query,
    remove,
    requests_per_second,
    wait_for,
)

pytestmark = pytest.mark.topology

BULK = 200
# A PDF-like file with every byte value, larger than one download block.
BRIEF = b"%PDF-1.4\n" + bytes(range(256)) * 2400
SWEEP = "Periodic agencydesk.desk.tasks.sla_sweep for "


@pytest.fixture(scope="module")
def topology():
    try:
        topology = new_topology()
    except Missing as missing:
        pytest.skip(f"the topology test needs {missing}")
    try:
        topology.install()
        topology.start_web()
        topology.start_lb()
        # Both workers' schedulers enqueue every periodic task as they start:
        # start them early in a minute, so both copies of the first sweep
        # name the same slot however slowly the machine boots them.
        if datetime.now().second >= 45:
            time.sleep(61 - datetime.now().second)
        workers = [topology.start_worker(name) for name in ("worker-a", "worker-b")]
        for worker in workers:
            topology.wait_worker_ready(worker)
        yield topology
    except BaseException:
        for name, process in topology.processes.items():
            print(f"==== {name} ({process.log})\n{process.text()[-4000:]}")
        raise
    finally:
        remove(topology)


@pytest.fixture(autouse=True)
def _logs_when_failed(request):
    """The processes' last words, for a test that failed (the files go with
    the topology)."""
    yield
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and "topology" in request.fixturenames:
        topology = request.getfixturevalue("topology")
        for name, process in topology.processes.items():
            print(f"==== {name}\n{process.text()[-3000:]}")


def access_lines(topology, node: int, path: str) -> int:
    log = topology.root / f"web{node + 1}-access.log"
    return log.read_text().count(f"GET {path} ") if log.exists() else 0


def test_requests_reach_both_nodes_and_a_session_works_across_them(topology):
    seed = topology.seed
    browser = Browser()
    # The form from one node, posted to the other (CSRF cookie and session
    # both live in what the nodes share: the keys, Redis and PostgreSQL).
    browser.sign_in(
        topology.node(0), seed["email"], seed["password"], via=topology.node(1)
    )
    path = f"/desk/tickets/{seed['ticket_number']}/"

    for base in (topology.node(0), topology.node(1)):
        status, page, _url = browser.get(base + path)
        assert status == 200, base
        assert seed["ticket_title"] in page

    before = [access_lines(topology, n, path) for n in (0, 1)]
    for _ in range(6):
        status, page, _url = browser.get(topology.lb + path)
        assert status == 200
        assert seed["ticket_title"] in page
    after = [access_lines(topology, n, path) for n in (0, 1)]
    # Each node answered through the load balancer.
    assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)


def test_requests_per_second_through_the_load_balancer(topology):
    """Printed, not asserted: one node, then both (the same machine's cores
    serve both nodes here, so two nodes show the balancing, not a speed-up)."""
    seed = topology.seed
    browser = Browser()
    browser.sign_in(topology.lb, seed["email"], seed["password"], via=topology.lb)
    pages = {
        "ticket page": f"/desk/tickets/{seed['ticket_number']}/",
        "queue": f"/desk/tickets/?client={seed['client_id']}",
    }
    cookie = browser.cookie_header()
    lines = []
    for nodes in (1, 2):
        topology.set_node("web2", "maint" if nodes == 1 else "ready")
        for label, path in pages.items():
            rate = requests_per_second(topology.lb_port, path, cookie, seconds=2.0)
            nodes_text = "1 web node " if nodes == 1 else f"{nodes} web nodes"
            lines.append(f"{label:<12} {nodes_text}: {rate:6.1f} requests/s")
    topology.set_node("web2", "ready")
    SUMMARY.extend(lines)
    print("\n".join(lines))


def test_the_sla_sweep_runs_once_a_minute_with_two_workers(topology):
    """Each worker's scheduler enqueues the sweep; the second copy in a minute
    skips, and each breached ticket is escalated once."""
    workers = [topology.processes["worker-a"], topology.processes["worker-b"]]

    def sweep_lines() -> list[str]:
        return [
            line
            for worker in workers
            for line in worker.text().splitlines()
            if line.startswith(SWEEP)
        ]

    wait_for("both copies of the first sweep", lambda: len(sweep_lines()) >= 2)
    lines = sweep_lines()
    ran = Counter(
        re.match(rf"{SWEEP}(.+?):", line)[1]
        for line in lines
        if line.endswith(": running")
    )
    skipped = [line for line in lines if "already taken by" in line]
    assert ran and set(ran.values()) == {1}, lines
    assert skipped, lines

    report = topology.ops("report")
    breached = topology.seed["breached"]
    assert report["escalations"] == {str(pk): 1 for pk in breached}
    # The account manager and the agency lead, once per ticket.
    assert len(report["notified"]) == 2 * len(breached)
    assert set(report["notified"].values()) == {1}
    assert len(report["sweep_slots"]) == len(ran)


def test_a_worker_killed_mid_batch_loses_no_mail_and_sends_none_twice(topology):
    smtp = topology.smtp
    smtp.delay = 0.003
    smtp.hold_at = 60

    queued = topology.ops("queue-mail", str(BULK))["message_ids"]
    wait_for("the batch to reach its 60th message", lambda: smtp.waiting >= 1, 60)
    time.sleep(0.5)  # whatever the server accepted before is noted as sent
    # The worker holding the batch (the other may hold a message too, if its
    # periodic pass took some of the batch: it is left running).
    claims = query(
        topology.database,
        "SELECT DISTINCT claimed_by FROM comms_outboundmessage"
        " WHERE ref LIKE 'topology.bulk:%%' AND claimed_by <> ''"
        " ORDER BY claimed_by",
    )
    assert claims, "no worker holds a message of the batch"
    name, _, pid = claims[0][0].rpartition(":")
    victim = topology.processes[name]
    assert victim.pid == int(pid)

    victim.kill()
    delivered_before = len(set(smtp.bulk()))
    assert 0 < delivered_before < BULK
    smtp.release()
    restarted = topology.start_worker(name)
    topology.wait_worker_ready(restarted, starts=2)

    wait_for(
        f"all {BULK} messages at the SMTP server",
        lambda: len(set(smtp.bulk())) >= BULK,
        60,
    )
    time.sleep(1.5)  # a second copy of anything would arrive by now
    received = [mid.strip() for mid in smtp.bulk()]
    assert len(set(received)) == BULK
    assert sorted(received) == sorted(f"<{mid}>" for mid in queued)
    assert topology.ops("report")["bulk_outbox"] == {"sent": BULK}


def test_an_attachment_uploaded_through_one_node_downloads_through_the_other(
    topology,
):
    """The file goes to the object store, not to the disk of the node that
    took the upload, so the other node serves it."""
    seed = topology.seed
    node_a, node_b = topology.node(0), topology.node(1)
    browser = Browser()
    browser.sign_in(node_a, seed["email"], seed["password"], via=node_a)
    path = f"/desk/tickets/{seed['files_ticket_number']}/"

    # The ticket page's reply form, as a person fills it in on node A.
    status, page, _url = browser.get(node_a + path)
    assert status == 200
    composer = re.search(r'<form [^>]*id="composer">.*?</form>', page, re.S)
    assert composer, "no reply form on the ticket page"
    action = re.search(r'action="([^"]+)"', composer[0])[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', composer[0])[1]
    status, page, url = browser.post_files(
        node_a + action,
        {"csrfmiddlewaretoken": token, "body": "The key visual, print-ready."},
        {"attachments": ("key-visual.pdf", BRIEF)},
    )
    assert (status, url) == (200, node_a + path), (status, url)
    link = re.search(r'<a href="(/desk/attachments/\d+/)">key-visual\.pdf</a>', page)
    assert link, "the ticket page does not list the uploaded file"

    # Node B never saw the upload: it reads the file from the object store.
    status, body, headers = browser.download(node_b + link[1])
    assert status == 200
    assert body == BRIEF
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'attachment; filename="key-visual.pdf"'

    sha256 = hashlib.sha256(BRIEF).hexdigest()
    stored = topology.store.objects()
    assert stored.get(f"tickets/{sha256[:2]}/{sha256}") == len(BRIEF), stored
    local = [p for p in topology.root.glob("*/media/**/*") if p.is_file()]
    assert not local, local
