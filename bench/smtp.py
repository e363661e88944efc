"""A local SMTP server (aiosmtpd) that receives and counts mails: the far end of a real mail send for the alerts
benchmark and tests, without a mail server on the machine."""

import logging
import threading
import time

from aiosmtpd.controller import Controller

from bench.http import free_port

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection at INFO


class _Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.sessions = 0
        self.recipients: list[str] = []
        self.last_at = 0.0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802 (aiosmtpd names)
        session.host_name = hostname
        with self.lock:
            self.sessions += 1
        return responses

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self.lock:
            self.recipients += envelope.rcpt_tos
            self.last_at = time.perf_counter()
        return "250 OK"


class SmtpSink:
    """`with SmtpSink() as sink:` then send to 127.0.0.1:sink.port; sink.received, sink.sessions."""

    def __init__(self):
        self.counter = _Counter()
        self.port = free_port()  # aiosmtpd checks its own port, so it needs the number first
        self.controller = Controller(self.counter, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SmtpSink":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def received(self) -> int:
        return len(self.counter.recipients)

    @property
    def sessions(self) -> int:
        return self.counter.sessions

    def settings(self) -> dict[str, str]:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
        }
