"""Locust scenarios for `make loadtest` (started by bench/loadtest.py, which prepares the accounts, sessions and
ideas and checks what this file records against the database). LOADTEST_SCENARIO picks one: vote (a signed-in
citizen reads an idea page and supports the idea), survey (an anonymous respondent opens a survey and submits
five answers with a map point), browse (anonymous: home, clusters, idea and project pages).

FastHttpUser (geventhttpclient): a few hundred requests per second cost the load generator a small share of one
core, so the cores go to the server. Arrivals are paced per user (constant_pacing(USERS/RATE)), each user
starting at a random phase within its interval, so tasks arrive evenly at RATE per second and the next one
starts on schedule whatever the last answer took, as long as that one finished inside the interval (else the
loop closes and bench/loadtest.py reports the rate that was reached).

Every simulated person comes from an address of their own (X-Forwarded-For, one trusted proxy set for this
server only), so the production limits per address and per account stay as they are.
"""

import json
import os
import random
from itertools import count
from pathlib import Path

import gevent
from locust import constant_pacing, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text())
SCENARIO = os.environ["LOADTEST_SCENARIO"]
PACING = float(os.environ["LOADTEST_USERS"]) / float(os.environ["LOADTEST_RATE"])
# What the runner checks in the database: every 2xx support (account, idea) and every 2xx response id.
# And each request's status and time, for exact percentiles (locust's own are rounded to two digits).
RECORD = {"status": {}, "times": {}, "supports": [], "responses": []}
_next_user = count()
_next_address = count(os.getpid() * 100_000)  # distinct per process


def _address(n: int) -> str:
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


@events.request.add_listener
def _count(request_type, name, response, response_time, **_kwargs):
    status = str(getattr(response, "status_code", 0) or 0)  # 0: no answer (connection error, timeout)
    key = f"{request_type} {name} {status}"
    RECORD["status"][key] = RECORD["status"].get(key, 0) + 1
    RECORD["times"].setdefault(f"{request_type} {name}", []).append(round(response_time, 1))


def _write_record(**_kwargs):
    # One file per process (with --processes each locust worker writes its own).
    Path(os.environ["LOADTEST_OUT"], f"{SCENARIO}-{os.getpid()}.json").write_text(json.dumps(RECORD))


events.test_stop.add_listener(_write_record)
events.quitting.add_listener(_write_record)


class Citizen(FastHttpUser):
    wait_time = constant_pacing(PACING)

    def on_start(self):
        # Users are numbered per process; with several processes (--processes) each takes every k-th account.
        processes = int(os.environ.get("LOADTEST_PROCESSES", 1))
        n = next(_next_user) * processes + getattr(self.environment.runner, "worker_index", 0) % processes
        self.account = PLAN["accounts"][n % len(PLAN["accounts"])] if PLAN["accounts"] else None
        if self.account:
            self.ideas = iter(self.account["ideas"])
            self.headers = {
                "Cookie": f"sessionid={self.account['sessionid']}; csrftoken={self.account['csrf']}",
                "X-Forwarded-For": _address(n + 1),
                "Accept-Language": "de",
            }
        gevent.sleep(random.uniform(0, PACING))  # a random phase: arrivals spread evenly, not in waves

    @task
    def scenario(self):
        self.client.cookiejar.clear()  # our own Cookie header only (and anonymous tasks start without any)
        if SCENARIO == "vote":
            self.vote()
        elif SCENARIO == "survey":
            self.survey()
        else:
            self.browse()

    def vote(self):
        idea = next(self.ideas, None)
        if idea is None:
            return
        self.client.get(f"/ideen/{idea}/", name="/ideen/[id]/ (signed in)", headers=self.headers)
        response = self.client.post(
            f"/api/v1/ideas/{idea}/support/",
            name="/api/v1/ideas/[id]/support/",
            headers={**self.headers, "X-CSRFToken": self.account["csrf"], "Referer": self.host + "/"},
        )
        if 200 <= response.status_code < 300:
            RECORD["supports"].append([self.account["user"], idea])

    def survey(self):
        survey = random.choice(PLAN["surveys"])
        headers = {"X-Forwarded-For": _address(next(_next_address) + 1_000_000), "Accept-Language": "de"}
        self.client.get(f"/api/v1/surveys/{survey['id']}/", name="/api/v1/surveys/[id]/", headers=headers)
        lon, lat = random.choice(PLAN["points"])
        q = survey["questions"]
        answers = {
            q["single"]: random.choice(survey["choices"]),
            q["scale"]: random.randint(1, 5),
            q["point"]: {"type": "Point", "coordinates": [lon, lat]},
            q["text"]: "Hier ist es im Sommer sehr heiß.",
            q["stadtteil"]: random.randint(1, 18),
        }
        response = self.client.post(
            f"/api/v1/surveys/{survey['id']}/responses/",
            json={"answers": answers},
            name="/api/v1/surveys/[id]/responses/",
            headers=headers,
        )
        if 200 <= response.status_code < 300:
            RECORD["responses"].append(response.json()["id"])

    def browse(self):
        headers = {"X-Forwarded-For": _address(next(_next_address) + 2_000_000), "Accept-Language": "de"}
        page = random.random()
        if page < 0.25:
            self.client.get("/", name="/", headers=headers)
        elif page < 0.5:
            bbox = random.choice(PLAN["bboxes"])
            self.client.get(
                f"/api/v1/ideas/clusters/?bbox={bbox}&zoom=13", name="/api/v1/ideas/clusters/", headers=headers
            )
        elif page < 0.85:
            self.client.get(f"/ideen/{random.choice(PLAN['browse_ideas'])}/", name="/ideen/[id]/", headers=headers)
        else:
            self.client.get(f"/vorhaben/{random.choice(PLAN['projects'])}/", name="/vorhaben/[slug]/", headers=headers)
