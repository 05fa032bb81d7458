"""The benchmark behind `make bench`: the site's main pages at 100,000 practices on PostgreSQL.

It works in its own database (BENCH_DATABASE_URL, by default glo_act_bench on the local
PostgreSQL, created if missing): migrates it, loads the workshop data, adds N synthetic practices
over the real countries, objectives, themes and tags (skipped when they are already there),
reindexes search, and analyses. Then it serves the site with gunicorn on a free local port,
with debug off, and times each page over HTTP, reading the server's own time and query count
from response headers. A bare Django view on the same server is the yardstick: each page's
time is also given as a multiple of it, which travels between machines better than milliseconds.

    python -m scripts.bench [--practices 100000] [--repeat 30] [--cold 3] [--workers 1]
                            [--rebuild] [--enforce] [--write-docs] [--explain SCENARIO]
"""

import argparse
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DOCS = BASE_DIR / "docs" / "benchmarks.md"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/glo_act_bench"
SETTINGS = "scripts.bench_settings"
START, END = "<!-- bench:results -->", "<!-- /bench:results -->"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m scripts.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--practices", type=int, default=100_000, help="synthetic practices (100000)"
    )
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page (30)")
    parser.add_argument(
        "--cold", type=int, default=3, help="requests per page with the caches emptied (3)"
    )
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers (1)")
    parser.add_argument("--rebuild", action="store_true", help="drop the bench database first")
    parser.add_argument("--enforce", action="store_true", help="exit 1 if a page is over budget")
    parser.add_argument("--write-docs", action="store_true", help=f"write results to {DOCS.name}")
    parser.add_argument(
        "--explain",
        metavar="SCENARIO",
        help="instead of timing, show one uncached request's queries, slowest first, with plans "
        "(bare, list, filtered, search, typo, detail, export)",
    )
    args = parser.parse_args(argv)
    if args.practices < 1 or args.repeat < 1 or args.workers < 1 or args.cold < 0:
        parser.error("--practices, --repeat and --workers must be at least 1, --cold at least 0")
    return args


# --- The database ---------------------------------------------------------------------------


def _admin(db):
    """A connection to the server's maintenance database, to create or drop the bench one."""
    import psycopg2

    connection = psycopg2.connect(
        dbname="postgres",
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )
    connection.autocommit = True
    return connection


def ensure_postgres(db):
    host, port = db["HOST"] or "127.0.0.1", str(db["PORT"] or 5432)
    if _ready(host, port):
        return
    versions = sorted(os.listdir("/etc/postgresql")) if Path("/etc/postgresql").is_dir() else []
    if host not in ("127.0.0.1", "localhost") or not versions:
        sys.exit(f"PostgreSQL is not answering at {host}:{port}; start it and try again.")
    print(f"Starting PostgreSQL {versions[-1]}…")
    subprocess.run(  # noqa: S603
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"],  # noqa: S607
        check=True,
    )
    for _ in range(30):
        if _ready(host, port):
            return
        time.sleep(1)
    sys.exit(f"PostgreSQL did not start at {host}:{port}.")


def _ready(host, port):
    if not shutil.which("pg_isready"):
        with socket.socket() as sock:
            return sock.connect_ex((host, int(port))) == 0
    probe = ["pg_isready", "-q", "-h", host, "-p", port]
    return subprocess.run(probe, check=False).returncode == 0  # noqa: S603


def create_database(db, *, drop=False):
    from psycopg2 import sql

    name = sql.Identifier(db["NAME"])
    # Not `with connection`: in psycopg2 that opens a transaction, where CREATE DATABASE fails.
    connection = _admin(db)
    try:
        with connection.cursor() as cursor:
            if drop:
                print(f"Dropping database {db['NAME']}")
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
            if not cursor.fetchone():
                print(f"Creating database {db['NAME']}")
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    finally:
        connection.close()


def _migrate():
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    before = len(recorder.applied_migrations())
    call_command("migrate", interactive=False, verbosity=0)
    return len(recorder.applied_migrations()) != before


def prepare_database(db, practices):
    """Migrate, load and fill the bench database unless it already holds this corpus."""
    from django.core.management import call_command, get_commands
    from django.db import connection, connections

    from practices.models import Practice
    from scripts.corpus import generate, synthetic_practices

    migrated = _migrate()
    have = synthetic_practices().count()
    if have not in (0, practices):
        print(
            f"The bench database holds {have:,} synthetic practices, not {practices:,}: rebuilding"
        )
        connections.close_all()
        create_database(db, drop=True)
        migrated, have = _migrate(), 0
    if have:
        print(
            f"The bench database already holds {have:,} synthetic practices (--rebuild redoes them)"
        )
    else:
        if "load_workshop" in get_commands():
            call_command("load_workshop")
        else:
            print("No load_workshop command yet: using the reference data already in the database")
        started = time.perf_counter()
        generate(practices)
        print(f"Wrote {practices:,} practices in {time.perf_counter() - started:.0f} s")
    if migrated or not have:
        from practices import search

        started = time.perf_counter()
        search.reindex()
        print(f"Reindexed search in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            if not have:
                # Reindexing rewrote every row: compact the table, as it would be had the
                # practices arrived one by one over the years.
                cursor.execute(f"VACUUM FULL {Practice._meta.db_table}")
            cursor.execute("VACUUM ANALYZE")


# --- The server -----------------------------------------------------------------------------


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(*, workers):
    """gunicorn on 127.0.0.1 with the bench settings, stopped on the way out."""
    port = _free_port()
    command = [
        sys.executable, "-m", "gunicorn", "cop.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--timeout", "300", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=BASE_DIR, env=os.environ.copy())  # noqa: S603
    try:
        for _ in range(150):
            if server.poll() is not None:
                sys.exit("gunicorn stopped at start-up; its messages are above.")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            sys.exit("gunicorn did not start listening within 30 s.")
        yield "127.0.0.1", port
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- Explaining one page --------------------------------------------------------------------


def _capture(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    return response.status_code, queries


def explain(path, *, top=3):
    """Run one request in this process and show its queries, slowest first, with plans.

    The request runs with the caches emptied, so every query a reader may pay shows; the
    queries of the same request once cached follow, to show what a repeat visit costs.
    """
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)  # warm up PostgreSQL's buffers and the connection
    for cache in caches.all():
        cache.clear()
    status, queries = _capture(client, path)
    total = sum(float(q["time"]) for q in queries) * 1000
    print(f"GET {path} → {status}, caches empty: {len(queries)} queries, {total:.1f} ms in SQL")
    for number, query in enumerate(queries, 1):
        print(f"\n#{number}  {float(query['time']) * 1000:.1f} ms\n{query['sql']}")
        if number <= top and query["sql"].lstrip("( ").upper().startswith(("SELECT", "WITH")):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                print("\n".join("    " + row[0] for row in cursor.fetchall()))
    status, queries = _capture(client, path)
    total = sum(float(q["time"]) for q in queries) * 1000
    print(f"\nGET {path} again, cached: {len(queries)} queries, {total:.1f} ms in SQL")
    for query in queries:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {' '.join(query['sql'].split())[:110]}")


# --- The machine and the report -------------------------------------------------------------


def describe_machine(practices):
    import django
    from django.db import connection

    from practices.models import Practice

    cpu = platform.processor() or platform.machine()
    memory = "unknown"
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        )
        meminfo = Path("/proc/meminfo").read_text()
        kib = int(
            next(line.split()[1] for line in meminfo.splitlines() if line.startswith("MemTotal"))
        )
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Practices": f"{practices:,} synthetic + {Practice.objects.count() - practices:,} real",
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "Memory": memory,
        "System": platform.platform(),
        "PostgreSQL": postgres,
        "Python / Django": f"{platform.python_version()} / {django.get_version()}",
    }


def report(results, machine, *, args):
    from scripts.measure import BUDGET_MS, render_paths, render_table

    facts = "\n".join(f"| {name} | {value} |" for name, value in machine.items())
    return (
        f"### Run of {machine['Date']}\n\n"
        "| Machine | |\n| --- | --- |\n"
        f"{facts}\n| Server | gunicorn, {args.workers} sync worker(s), debug off |\n"
        f"| Requests | {args.repeat} timed per page after 2 warm-up requests, "
        f"then {args.cold} with the caches emptied |\n\n"
        f"{render_table(results)}\n\n"
        f"Server time in milliseconds (budget: median under {BUDGET_MS} ms). "
        '"SQL ms" is the median time spent waiting for PostgreSQL; "× bare" is the '
        'median divided by the bare view\'s median; "cold ms" is the median of the requests '
        "made with the caches emptied. The pages:\n\n"
        f"{render_paths(results)}\n"
    )


def write_docs(block):
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n\nWritten by `make bench`.\n"
    if START not in text or END not in text:
        text = f"{text.rstrip()}\n\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(f"{before}{START}\n{block}{END}{after}")
    print(f"Results written to {DOCS.relative_to(BASE_DIR)}")


# --- Main -----------------------------------------------------------------------------------


def main(argv=None):
    args = parse_args(argv)
    import dj_database_url

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    db = dj_database_url.parse(url)
    if db["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"BENCH_DATABASE_URL must point at PostgreSQL, not {db['ENGINE']}.")
    ensure_postgres(db)
    create_database(db, drop=args.rebuild)

    # The bench database is throwaway: a random key is fine when none is given.
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.update(DATABASE_URL=url, DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE=SETTINGS)
    import django

    django.setup()
    from django.core.management import call_command

    from scripts import measure

    prepare_database(db, args.practices)
    call_command("collectstatic", interactive=False, verbosity=0)
    scenarios = measure.build_scenarios(**measure.pick_targets(args.practices))

    if args.explain:
        wanted = [s for s in scenarios if s.key == args.explain]
        if not wanted:
            sys.exit(
                f"No scenario {args.explain!r}: use one of {', '.join(s.key for s in scenarios)}."
            )
        explain(wanted[0].path)
        return 0

    from tqdm import tqdm

    bar = tqdm(total=args.repeat, unit="round", desc="Timing pages")
    with serve(workers=args.workers) as (host, port), bar:
        results = measure.measure(
            scenarios,
            measure.http_fetcher(host, port),
            repeat=args.repeat,
            cold=args.cold,
            progress=bar.update,
        )
    block = report(results, describe_machine(args.practices), args=args)
    print(f"\n{block}")
    if args.write_docs:
        write_docs(block)
    over = [r.scenario.label for r in results if r.over_budget]
    if over:
        print(f"Over the {measure.BUDGET_MS} ms budget: {', '.join(over)}")
        if args.enforce:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
