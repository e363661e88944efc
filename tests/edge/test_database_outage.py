"""/healthz with a database that is really stopped (not a fake connection): a web process under gunicorn on a
PostgreSQL cluster of this test's own, which the test stops and starts again. The web process is never
restarted: it answers 503 in the asker's language while the database is away and 200 once it is back."""

import json
import os
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.gunicorn import free_port, gunicorn, wait_for

PG_ROOT = Path("/usr/lib/postgresql")


def _pg_bin() -> Path | None:
    versions = sorted((p.name for p in PG_ROOT.iterdir() if p.name.isdigit()), key=int) if PG_ROOT.is_dir() else []
    return PG_ROOT / versions[-1] / "bin" if versions else None


class PrivatePostgres:
    """A throwaway cluster (as scripts/database.sh makes one) on a free port; no fsync, it holds nothing."""

    def __init__(self, bin_dir: Path, port: int):
        self.bin, self.port = bin_dir, port
        self.dir = Path(tempfile.mkdtemp(prefix="klmw-pg-"))

    def _run(self, *command: str) -> None:
        # initdb and postgres refuse to run as root.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        data = str(self.dir / "data")
        self._run(str(self.bin / "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w",
                  "-o", options, "start")  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        if (self.dir / "data" / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def _healthz(base: str, language: str = "de") -> tuple[int, dict]:
    request = urllib.request.Request(f"{base}/healthz", headers={"Accept-Language": language})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our own server)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def cluster():
    bin_dir = _pg_bin()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        pytest.skip("no PostgreSQL server binaries (scripts/install_system.sh installs them)")
    server = PrivatePostgres(bin_dir, free_port())
    server.init()
    yield server
    server.remove()


@pytest.fixture
def web(cluster):
    """gunicorn on the private cluster's (empty) postgres database: /healthz needs no table."""
    with gunicorn(f"postgis://postgres@127.0.0.1:{cluster.port}/postgres") as (server, base):
        yield base, server


def _wait_for(base: str, server, status: int) -> dict:
    return wait_for(server, lambda: _healthz(base), status)[1]


def test_healthz_is_503_while_the_database_is_stopped_and_recovers(cluster, web):
    base, server = web
    body = _wait_for(base, server, 503)  # the cluster exists but was never started
    assert body["database"] == "down"
    assert body["detail"].startswith("Die Datenbank ist gerade nicht erreichbar")

    cluster.start()
    assert _wait_for(base, server, 200)["database"] == "up"

    cluster.stop()  # an immediate shutdown under an open connection, as a crash would be
    status, body = _healthz(base, "en")
    assert status == 503
    assert body == {"status": "unavailable", "database": "down", "code": "unavailable",
                    "detail": "The database is not available right now. Please try again in a moment."}  # fmt: skip

    cluster.start()
    assert _healthz(base)[0] == 200  # the same worker, a fresh connection
