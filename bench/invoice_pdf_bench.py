"""Invoice PDF benchmark (issue 15, "Speed": an invoice PDF rendered in at
most 1 s).

    .venv/bin/python bench/invoice_pdf_bench.py [--invoices 40] [--lines 20]
        [--database-url postgres://postgres@127.0.0.1:5432/agencydesk_pdfbench]

1. Makes a database of its own (a temporary SQLite file, or the PostgreSQL
   database named, created and dropped at the end) and migrates it.
2. Opens four clients, one per language (en, id, ru, zh-hans, the Chinese one
   with a Chinese name and Chinese lines), each with a contract, and issues
   --invoices invoices of --lines lines through the finance services, the
   languages taking turns.
3. Draws each invoice's PDF as the page, the API and the worker do: read
   with ``selectors.invoice_for_pdf`` and rendered by
   ``finance.pdf.render_invoice_pdf`` (WeasyPrint). The first PDF of the
   process (fonts loaded, templates compiled) is timed apart; then every
   invoice once, in order.
4. Prints the time per PDF (median and max, overall and per language) and
   the first one's, against the 1 s target.

Exit status: 0 the target met, 1 missed, 2 the benchmark could not run.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import desk_bench as desk  # the database helpers (create, drop, run)

TARGET = 1.0  # seconds per invoice PDF, issue 15 "Speed"
LANGUAGES = {
    # language: (client name, currency, a line's description)
    "en": ("Harbour Coffee", "USD", "Campaign design, {n}"),
    "id": ("Kopi Nusantara", "IDR", "Desain kampanye, {n}"),
    "ru": ("Медовая лавка", "RUB", "Дизайн кампании, {n}"),
    "zh-hans": ("北京咖啡", "CNY", "广告设计 第{n}项"),
}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=40)
    parser.add_argument("--lines", type=int, default=20)
    parser.add_argument(
        "--database-url",
        help="postgres://…@127.0.0.1/<name>: a database of its own, created"
        " and dropped (default: a temporary SQLite file)",
    )
    parser.add_argument(
        "--save",
        metavar="DIR",
        help="also write the first PDF of each language into DIR, to look at",
    )
    args = parser.parse_args(argv)
    if args.invoices < len(LANGUAGES) or not 1 <= args.lines <= 200:
        parser.error("need --invoices ≥ 4 and 1 ≤ --lines ≤ 200")
    return args


def prepare_env(args: argparse.Namespace, var_dir: Path) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="agencydesk.settings",
        AGENCYDESK_VAR_DIR=str(var_dir),
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(desk.ROOT / "src"), env.get("PYTHONPATH", "")])
        ),
        DEBUG="0",
        ALLOWED_HOSTS=desk.HOST,
        EMAIL_URL="dummymail://",
        LOG_LEVEL="WARNING",
        SECRET_KEY="pdf-bench-" + os.urandom(16).hex(),
        SECRETS_KEY=Fernet.generate_key().decode(),
    )
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        env.pop("DATABASE_URL", None)  # the SQLite file in the var dir
    env.pop("REDIS_URL", None)
    return env


def make_invoices(args: argparse.Namespace) -> list[tuple[str, int]]:
    """(language, invoice id) of the issued invoices, languages in turn."""
    import datetime

    from agencydesk.clients.services import client_create
    from agencydesk.finance import services

    day = datetime.date(2026, 11, 4)
    contracts = {}
    for n, (language, (name, currency, _line)) in enumerate(LANGUAGES.items()):
        client = client_create(
            actor=None,
            name=name,
            slug=f"pdf-bench-{n}",
            country="ID",
            timezone="Asia/Jakarta",
            currency=currency,
            language=language,
        )
        contracts[language] = services.contract_create(
            actor=None,
            client=client,
            number=f"PDF-{n:02d}",
            date=day,
            subject="Retainer",
            amount=Decimal("0"),
            currency=currency,
            tax_rate=Decimal("11"),
        )
    made = []
    languages = list(LANGUAGES)
    for i in range(args.invoices):
        language = languages[i % len(languages)]
        line = LANGUAGES[language][2]
        invoice = services.invoice_create(
            actor=None,
            contract=contracts[language],
            lines=[
                {
                    "description": line.format(n=n + 1),
                    "quantity": str(1 + n % 3),
                    "unit_price": str(125000 + 1000 * n),
                }
                for n in range(args.lines)
            ],
            note="Bank transfer to the account on the contract.",
        )
        services.invoice_issue(actor=None, invoice=invoice, issue_date=day)
        made.append((language, invoice.pk))
    return made


def render(pk: int) -> tuple[float, bytes]:
    from agencydesk.finance.pdf import render_invoice_pdf
    from agencydesk.finance.selectors import invoice_for_pdf

    started = time.perf_counter()
    pdf = render_invoice_pdf(invoice_for_pdf().get(pk=pk))
    return time.perf_counter() - started, pdf


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    target = desk.Target.parse(args.database_url) if args.database_url else None
    var_dir = Path(tempfile.mkdtemp(prefix="pdf-bench-"))
    env = prepare_env(args, var_dir)
    try:
        if target is not None:
            desk.recreate_database(target)
            print(f"database {target.name} created")
        desk.run([str(desk.BIN / "agencydesk"), "migrate", "--noinput"], env, "migrate")
        os.environ.update(env)
        sys.path.insert(0, str(desk.ROOT / "src"))
        import django

        django.setup()
        made = make_invoices(args)
        database = "PostgreSQL" if target else "SQLite"
        print(
            f"{len(made)} invoices of {args.lines} lines on {database},"
            f" languages {', '.join(LANGUAGES)}"
        )
        first, _size = render(made[0][1])
        times: dict[str, list[float]] = {language: [] for language in LANGUAGES}
        sizes = []
        for language, pk in made:
            took, pdf = render(pk)
            if args.save and not times[language]:
                Path(args.save).mkdir(parents=True, exist_ok=True)
                (Path(args.save) / f"invoice-{language}.pdf").write_bytes(pdf)
            times[language].append(took)
            sizes.append(len(pdf))
        every = [t for ts in times.values() for t in ts]
        print(f"first PDF of the process (fonts, templates): {first * 1000:7.0f} ms")
        for language, ts in times.items():
            middle, slowest = statistics.median(ts) * 1000, max(ts) * 1000
            print(
                f"  {language:8} {len(ts):4} PDFs  median {middle:6.0f} ms"
                f"  max {slowest:6.0f} ms"
            )
        median, worst = statistics.median(every), max(every)
        size = statistics.mean(sizes) / 1024
        print(
            f"every PDF: median {median * 1000:.0f} ms, max {worst * 1000:.0f} ms"
            f" (target ≤ {TARGET * 1000:.0f} ms); {size:.0f} KiB on average"
        )
        met = worst <= TARGET
        print("target met" if met else "TARGET MISSED")
        return 0 if met else 1
    except desk.BenchError as error:
        print(f"invoice_pdf_bench: {error}", file=sys.stderr)
        return 2
    finally:
        if "django" in sys.modules:
            try:
                from django.db import connections

                connections.close_all()
            except Exception as error:  # cleanup: reported, not raised
                print(f"invoice_pdf_bench: cleanup: {error}", file=sys.stderr)
        if target is not None:
            desk.drop_database(target)
            print(f"database {target.name} dropped")
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
