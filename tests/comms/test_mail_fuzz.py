"""Mail fuzzing: mutations of the corpus parse without error within a time bound.

Issue 19, "Kept as tests": a few thousand seeded mutations of the test corpus
(bytes flipped, cut, duplicated and repeated, MIME and HTML tokens spliced
in, messages spliced together). Each must parse without raising, give JSON,
and take at most ``PER_MESSAGE`` seconds of CPU; the inputs are the same on
every run, so a failure names an input that can be rebuilt from its number.
"""

from __future__ import annotations

import gc
import json
import random
import time
from pathlib import Path

from agencydesk.comms.parsing import parse

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.eml"))
SEED = 19
INPUTS = 3000
# CPU seconds per message: the bound for 1 MB of hostile markup. The
# mutated corpus parses in milliseconds; 0.5 s was met and yet flaked once on a
# loaded 2-core machine, so the bound is the target itself.
PER_MESSAGE = 1.0
TOKENS = [
    b"=?",
    b"?=",
    b"=?utf-8?B?",
    b"=?utf-7?Q?+AKM-",
    b"=?koi8-r?Q?=F0",
    b"charset=x-bogus",
    b"charset=utf-16",
    b"charset=utf-7",
    b"boundary=",
    b"--",
    b"\r\n\r\n",
    b"\n ",
    b"Content-Type: multipart/mixed; boundary=z\n",
    b"Content-Type: multipart/alternative; boundary=y\n",
    b"Content-Type: text/html\n",
    b"Content-Type: application/pgp-signature\n",
    b"Content-Transfer-Encoding: base64\n",
    b"Content-Transfer-Encoding: x-uuencode\n",
    b"Content-Disposition: inline; filename=a.txt\n",
    b"begin 644 x.bin\nM86)C\nend\n",
    b"Content-Type: message/rfc822\n",
    b"filename*0*=gb18030''%B6",
    b"Date: 99 Foo 99999 99:99:99 +9999\n",
    b"<!--",
    b"-->",
    b"<script>",
    b"<style>",
    b"<div>",
    b"</div>",
    b"<table>",
    b"<td>",
    b"<b><i>",
    b"<a href='",
    b"&amp;",
    b"&#x",
    b"&nbsp;",
    b"<svg><p>",
    b"\xff\xfe",
    b"\x00",
    b"\xef\xb7\x90",
    b"<",
    b"=",
]


def mutate(rng: random.Random) -> bytes:
    data = bytearray(rng.choice(CORPUS).read_bytes())
    for _ in range(rng.randint(1, 8)):
        position = rng.randint(0, len(data))
        operation = rng.choice(
            ["flip", "insert", "insert", "delete", "cut", "dup", "repeat", "splice"]
        )
        if operation == "flip" and data:
            data[min(position, len(data) - 1)] = rng.randrange(256)
        elif operation == "insert":
            data[position:position] = rng.choice(TOKENS)
        elif operation == "delete":
            del data[position : position + rng.randint(1, 64)]
        elif operation == "cut":
            del data[position:]
        elif operation == "dup":
            data[position:position] = data[position : position + 80]
        elif operation == "repeat":
            # Amplify a token or a slice into up to 200 KB of it.
            piece = rng.choice(
                [rng.choice(TOKENS), bytes(data[position : position + 8])]
            )
            data[position:position] = piece * rng.randint(
                100, 200_000 // max(len(piece), 1)
            )
        else:
            other = rng.choice(CORPUS).read_bytes()
            data[position:] = other[rng.randint(0, len(other)) :]
    return bytes(data)


def test_mutated_corpus_parses_without_error_within_the_time_bound():
    rng = random.Random(SEED)
    slowest = (0.0, -1)
    # The bound is on the parse's own work: this thread's CPU (not the
    # suite's background threads), without a collection of the whole suite's
    # garbage landing in one message (a full run's heap took 1.3 s once).
    gc.collect()
    gc.disable()
    try:
        for number in range(INPUTS):
            raw = mutate(rng)
            started = time.thread_time()
            try:
                message = parse(raw)
                json.dumps(message.as_json(), ensure_ascii=False)
            except Exception as error:  # pragma: no cover - the failure report
                raise AssertionError(f"input {number} (seed {SEED}) raised") from error
            seconds = time.thread_time() - started
            slowest = max(slowest, (seconds, number))
            assert message.over_budget is False, f"input {number} over the budget"
            assert all(isinstance(defect, str) for defect in message.defects)
    finally:
        gc.enable()
    assert slowest[0] < PER_MESSAGE, f"input {slowest[1]}: {slowest[0]:.2f} s"
