"""A gunicorn of a test's own: one sync worker on a socket bound here to a free port and handed over (no fixed
port: tests run in parallel, beside other servers); `free_port` for a server that binds its port itself."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager


def free_port() -> int:
    """A port free now (the server started next binds it; another may take it in between, rarely)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, *, stderr=subprocess.DEVNULL):
    """Yields the process and its base URL; the caller waits for it to answer."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "false",
           "DJANGO_SETTINGS_MODULE": "config.settings"}  # fmt: skip
    listener = socket.create_server(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"fd://{listener.fileno()}", "--workers", "1"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr, pass_fds=[listener.fileno()])
    listener.close()
    try:
        yield server, base
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for(server, probe, status: int, *, seconds: float = 60):
    """Calls `probe()` (a status, or a status and a body) until it gives `status` (connection errors while
    gunicorn starts count as not yet); fails when the server ends or time runs out. Returns the last answer."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            answer = probe()
            if (answer[0] if isinstance(answer, tuple) else answer) == status:
                return answer
        except OSError:
            pass
        assert server.poll() is None, "gunicorn ended"
        assert time.monotonic() < deadline, f"no {status} within {seconds} s"
        time.sleep(0.2)
