"""A real PostgreSQL server for the hub tests: Debian's package, started in a temporary folder on a
free loopback port, stopped after the session.

    from pg_server import pg_server, hub_url  # noqa: F401  (fixtures)

`pg_server` (session) is the running server; `hub_url` (per test) is the URL of a fresh, empty
database owned by a password-authenticated role, as an operator's hub would be.

When no PostgreSQL is installed the tests that need it FAIL with a message saying how to install
it (`.ci/run` does: `apt-get install -y postgresql`); they never skip silently, so a CI machine
without PostgreSQL cannot pass without testing the hub. PDP_DESK_TEST_PG_BINDIR names the folder
of initdb/pg_ctl when they are elsewhere.

initdb refuses to run as root: when the tests run as root, the server's folder is given to the
`postgres` OS user and initdb/pg_ctl run as that user (runuser).
"""
from __future__ import annotations

import glob
import itertools
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROLE = "pdp_hub"
ADMIN = "postgres"
INSTALL_HINT = ("PostgreSQL is needed for the hub tests and was not found (no initdb). Install it: "
                "`apt-get install -y postgresql` on Debian/Ubuntu (.ci/run does this), or set "
                "PDP_DESK_TEST_PG_BINDIR to the folder holding initdb and pg_ctl.")


def find_bindir() -> Path | None:
    """The folder of initdb and pg_ctl: the variable, pg_config, Debian's layout, PATH."""
    candidates: list[str] = []
    if os.environ.get("PDP_DESK_TEST_PG_BINDIR"):
        candidates.append(os.environ["PDP_DESK_TEST_PG_BINDIR"])
    if shutil.which("pg_config"):
        try:
            out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, timeout=10, check=False)
            candidates.append(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    # Debian keeps the server binaries out of PATH, one folder per major version: newest first.
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
                         reverse=True)
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).resolve().parent))
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PgServer:
    bindir: Path
    folder: Path
    port: int
    password: str
    as_user: list[str]  # the command prefix that runs a program as the server's OS user
    _databases = itertools.count(1)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        out = subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=timeout, check=False)
        if out.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed ({out.returncode}): {out.stderr or out.stdout}"
                               f"\n{self.log_tail()}")
        return out

    def log_tail(self) -> str:
        log = self.folder / "server.log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def url(self, database: str = "postgres", user: str = ROLE, password: str | None = None) -> str:
        return (f"postgresql://{user}:{self.password if password is None else password}"
                f"@127.0.0.1:{self.port}/{database}")

    def admin(self):
        import psycopg

        return psycopg.connect(self.url("postgres", ADMIN), autocommit=True, connect_timeout=10)

    def new_database(self) -> str:
        name = f"hub_{os.getpid()}_{next(self._databases)}"
        with self.admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}" OWNER "{ROLE}"')
        return name

    def drop_database(self, name: str) -> None:
        with self.admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def start(self) -> None:
        self.run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"),
                 "-w", "-t", "60", "-o", f"-p {self.port}", "start")

    def stop(self) -> None:
        subprocess.run([*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data),
                        "-m", "fast", "-w", "stop"], capture_output=True, timeout=60, check=False)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def sweep_orphans(bindir: Path, as_user: list[str]) -> None:
    """Stop the servers of earlier test runs that were killed before they could stop them (a
    `timeout` or a closed terminal): each folder names the process that owns it."""
    if os.name == "nt":  # os.kill(pid, 0) would send Ctrl+C there; PostgreSQL is Debian's here anyway
        return
    for owner in Path(tempfile.gettempdir() if not as_user else "/tmp").glob("pdp-desk-pg-*/owner.pid"):
        try:
            pid = int(owner.read_text())
        except (OSError, ValueError):
            continue
        if pid == os.getpid() or _alive(pid):
            continue
        folder = owner.parent
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate",
                        "-w", "stop"], capture_output=True, timeout=60, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def start_server() -> PgServer:
    bindir = find_bindir()
    if bindir is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    # As root, in /tmp: the `postgres` user must be able to reach the folder ($TMPDIR may be private).
    folder = Path(tempfile.mkdtemp(prefix="pdp-desk-pg-", dir="/tmp" if as_root else None))
    as_user: list[str] = []
    if as_root:
        # initdb refuses root: the server runs as the package's `postgres` user.
        shutil.chown(folder, user="postgres")
        if not shutil.which("runuser"):
            pytest.fail("The tests run as root and `runuser` is missing: PostgreSQL cannot be started "
                        "as the postgres user.", pytrace=False)
        as_user = ["runuser", "-u", "postgres", "--"]
    sweep_orphans(bindir, as_user)
    (folder / "owner.pid").write_text(str(os.getpid()))
    password = secrets.token_urlsafe(16)
    server = PgServer(bindir=bindir, folder=folder, port=free_port(), password=password, as_user=as_user)
    pwfile = folder / "pw"
    pwfile.write_text(password + "\n")
    if as_user:
        shutil.chown(pwfile, user="postgres")
    server.run(str(bindir / "initdb"), "-D", str(server.data), "-U", ADMIN, "-A", "scram-sha-256",
               f"--pwfile={pwfile}", "-E", "UTF8", "--no-locale", "--no-sync", timeout=120)
    pwfile.unlink()
    # Loopback only, sockets in our folder (not /var/run), and no durability: a test server.
    with open(server.data / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(f"\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{folder}'\n"
                   "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                   "max_connections = 50\nshared_buffers = 32MB\n")
    for attempt in range(3):  # the free port may be taken between probing and starting
        try:
            server.start()
            break
        except RuntimeError:
            if attempt == 2:
                raise
            server.port = free_port()
    with server.admin() as connection:
        connection.execute(f"CREATE ROLE \"{ROLE}\" LOGIN PASSWORD '{password}'")
    return server


@pytest.fixture(scope="session")
def pg_server():
    server = start_server()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture
def hub_url(pg_server: PgServer):
    """A fresh empty database for one test, reached as the password-authenticated role."""
    name = pg_server.new_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


if __name__ == "__main__":  # a quick manual check: start, print the URL, stop on Enter
    started = start_server()
    try:
        print(started.url(started.new_database()))
        input("PostgreSQL is running; press Enter to stop it. ")
    finally:
        started.stop()
        shutil.rmtree(started.folder, ignore_errors=True)
