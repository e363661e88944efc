"""Locust scenarios for `make loadtest` (started by bench/loadtest.py, which prepares the sessions and reads
the counts this file writes). LOADTEST_SCENARIO picks one: vote (read an idea, support it), survey (open a
survey, submit a response with a map answer), browse (home, clusters, idea pages, project pages).

Arrivals are paced per user (constant_pacing): a user starts its next request every USERS/RATE seconds
whether or not the last one was slow, as long as that one finished within the interval; bench/loadtest.py
reports when the achieved rate falls short of the target (the sign that the loop closed).
"""

import json
import os
import random
from itertools import count

from locust import HttpUser, constant_pacing, events, task

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"]).read())  # noqa: SIM115 (read once at start)
SCENARIO = os.environ["LOADTEST_SCENARIO"]
PACING = float(os.environ["LOADTEST_USERS"]) / float(os.environ["LOADTEST_RATE"])
COUNTS = {"writes_2xx": 0, "server_errors": 0}
_next_user = count()


@events.request.add_listener
def _count(request_type, name, response, **_kwargs):
    status = getattr(response, "status_code", 0) or 0
    if status >= 500:
        COUNTS["server_errors"] += 1
    if request_type == "POST" and 200 <= status < 300:
        COUNTS["writes_2xx"] += 1


@events.quitting.add_listener
def _write_counts(environment, **_kwargs):
    with open(os.environ["LOADTEST_COUNTS"], "w") as out:
        json.dump(COUNTS, out)


class Citizen(HttpUser):
    wait_time = constant_pacing(PACING)

    def on_start(self):
        n = next(_next_user)
        self.session = PLAN["sessions"][n % len(PLAN["sessions"])]
        # Each signed-in user supports distinct ideas (hot ones first), so every 2xx support is a new row.
        self.ideas = iter(self.session["ideas"])
        self.client.cookies.set("sessionid", self.session["sessionid"])
        self.client.cookies.set("csrftoken", self.session["csrf"])

    @task
    def scenario(self):
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
        self.client.get(f"/ideen/{idea}/", name="/ideen/[id]/")
        self.client.post(
            f"/api/v1/ideas/{idea}/support/",
            headers={"X-CSRFToken": self.session["csrf"], "Referer": self.host + "/"},
            name="/api/v1/ideas/[id]/support/",
        )

    def survey(self):
        survey = random.choice(PLAN["surveys"])
        self.client.cookies.clear()  # anonymous respondents: a new token each
        self.client.get(f"/api/v1/surveys/{survey['id']}/", name="/api/v1/surveys/[id]/")
        lon, lat = random.choice(PLAN["points"])
        q = survey["questions"]
        answers = {
            q["single"]: random.choice(survey["choices"]),
            q["scale"]: random.randint(1, 5),
            q["point"]: {"type": "Point", "coordinates": [lon, lat]},
            q["text"]: "Hier ist es im Sommer sehr heiß.",
            q["stadtteil"]: random.randint(1, 18),
        }
        self.client.post(
            f"/api/v1/surveys/{survey['id']}/responses/",
            json={"answers": answers},
            name="/api/v1/surveys/[id]/responses/",
        )

    def browse(self):
        page = random.random()
        if page < 0.25:
            self.client.get("/", name="/")
        elif page < 0.5:
            bbox = random.choice(PLAN["bboxes"])
            self.client.get(f"/api/v1/ideas/clusters/?bbox={bbox}&zoom=13", name="/api/v1/ideas/clusters/")
        elif page < 0.85:
            self.client.get(f"/ideen/{random.choice(PLAN['browse_ideas'])}/", name="/ideen/[id]/")
        else:
            self.client.get(f"/vorhaben/{random.choice(PLAN['projects'])}/", name="/vorhaben/[slug]/")
