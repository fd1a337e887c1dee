"""bench/load_bench.py: its options and its Python load client (no database)."""

import importlib.util
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "load_bench.py"


@pytest.fixture(scope="module")
def load_bench():
    spec = importlib.util.spec_from_file_location("load_bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_bench"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("load_bench", None)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn answers

    def _answer(self, status: int, body: bytes = b"hello") -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self._answer(500 if self.path == "/broken" else 200)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        cookie_ok = self.headers.get("Cookie") == "sessionid=abc"
        self._answer(302 if body == b"a=1" and cookie_ok else 403)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_options(load_bench):
    url = "postgres://postgres@127.0.0.1:5432/x"
    args = load_bench.parse_args(["--database-url", url])
    assert (args.tickets, args.seconds, args.clients) == (100_000, 20.0, 4)
    assert args.pages == list(load_bench.PAGES)
    args = load_bench.parse_args(["--database-url", url, "--pages", "queue, create"])
    assert args.pages == ["queue", "create"]
    with pytest.raises(SystemExit):
        load_bench.parse_args(["--database-url", url, "--pages", "queue,nope"])
    with pytest.raises(SystemExit):
        load_bench.parse_args(["--database-url", url, "--clients", "0"])


def test_python_client_counts_requests_and_errors(load_bench, server):
    requests = [load_bench.Request("/"), load_bench.Request("/broken")]
    result = load_bench.python_load(server, requests, "", clients=2, seconds=0.3)
    assert result.requests > 10
    assert set(result.statuses) == {200, 500}
    assert result.errors == result.statuses[500]
    assert 0 < result.p50 <= result.p95
    assert result.bytes == 5 * result.requests
    assert result.rate > 0


def test_python_client_posts_form_with_cookie(load_bench, server):
    post = load_bench.Request("/new/", "POST", "a=1")
    result = load_bench.python_load(server, [post], "sessionid=abc", 1, 0.2)
    assert result.requests > 0
    assert result.statuses == {302: result.requests}
    assert result.errors == 0


def test_targets(load_bench):
    page = load_bench.PAGES["queue"]
    fast = load_bench.Result(requests=1300, seconds=20, p50=40, p95=90, errors=0)
    slow = load_bench.Result(requests=300, seconds=20, p50=200, p95=500, errors=1)
    assert load_bench.Row(page, fast).misses() == []
    assert load_bench.Row(page, slow).misses() == ["errors", "rate", "p95"]
    form = load_bench.PAGES["new_form"]
    assert load_bench.Row(form, fast, size=76_000).misses() == ["size"]
    assert load_bench.Row(form, fast, size=20_000).misses() == []
