"""What every question kind does, and the shared shape of a cleaned answer.

A kind is one module in this package: a subclass of QuestionKind registered with `@register`, plus one form
template under templates/surveys/kinds/. Everything else (validation loop, storage, results under the
disclosure policy, CSV, the form) asks the registry instead of switching on `question.kind`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from edge.fields import posted_id
from geo.disclosure import Cell, publish_nested
from geo.models import Stadtteil

if TYPE_CHECKING:
    from surveys.models import Answer, Question


@dataclass
class CleanAnswer:
    """A valid answer, ready to store: the Answer columns plus the chosen options (in rank order)."""

    question: "Question"
    text: str = ""
    number: float | None = None
    geom: GEOSGeometry | None = None
    stadtteil: Stadtteil | None = None
    choice_ids: list[int] = field(default_factory=list)


class QuestionKind:
    """The defaults describe a plain text-like answer; kinds override what differs.

    Flags read by the shared code: `has_choices` (options stored as AnswerChoice, counted per option),
    `ranked` (AnswerChoice.rank kept, mean rank published), `numeric` (Answer.number: mean and median),
    `is_map` (Answer.geom: density grid, Stadtteil of the place), `answer_district` (results grouped by the
    Answer's Stadtteil, not the respondent's), `keeps_texts` (staff results list the free texts).
    """

    name: ClassVar[str]
    has_choices: ClassVar[bool] = False
    ranked: ClassVar[bool] = False
    numeric: ClassVar[bool] = False
    is_map: ClassVar[bool] = False
    answer_district: ClassVar[bool] = False
    keeps_texts: ClassVar[bool] = False
    # Settings of the question that answers depend on: refused as changes once the survey has answers.
    frozen_once_answered: ClassVar[tuple[str, ...]] = ()

    @property
    def template(self) -> str:
        return f"surveys/kinds/{self.name}.html"

    def check_question(self, question: "Question") -> dict[str, str]:
        """Errors in the question's own settings (field name → German message), for Question.clean."""
        return {}

    def clean(self, question: "Question", value: Any) -> CleanAnswer:
        """A non-empty raw value (form or API) → CleanAnswer, or ValidationError with a German message."""
        raise NotImplementedError

    def from_post(self, question: "Question", data: QueryDict) -> Any:
        """The POSTed form fields of this question as the raw value `clean` takes."""
        return data.get(question.field_name, "")

    def as_raw(self, answer: "Answer") -> Any:
        """A stored answer back as the raw value (to prefill the form)."""
        return answer.text

    def form_item(self, question: "Question", value: Any, item: dict) -> None:
        """Put what the template needs to show the current value into `item`."""
        if value is not None:
            item["value"] = plain(value)
            item["selected"] = {item["value"]}

    def cell(self, answer: "Answer", choices: dict[int, str]) -> str:
        """The answer as one CSV/XLSX cell (staff exports)."""
        return answer.text

    def extend_results(self, question: "Question", result: dict, context: "ResultContext") -> None:
        """Add kind-specific published aggregates to a question's result (through geo.disclosure)."""


@dataclass(frozen=True)
class ResultContext:
    """What a kind's results need besides the question: the published total and the variant asked for."""

    total: Any  # geo.disclosure.Cell of the question's respondents
    exact: bool
    verified_only: bool
    # (count, key, unverified count, unverified key) of the question's respondents in the city: every cell
    # of the question is a part of them, so no cell is shown above them (geo.disclosure.publish_nested).
    counts: tuple | None = None

    @property
    def by_place(self) -> bool:
        """Whether this variant is published per Stadtteil, Ortsbezirk and grid cell. The verified-only variant
        is a second count of the same people: chained subtractions across it and everyone's district rows could
        pin a small group (docs/privacy.md, "Variants"), so the public sees it for the whole city only."""
        return self.exact or not self.verified_only

    def publish(self, counts: tuple, within: Iterable[tuple] = ()) -> Cell:
        """(count, key, unverified count, unverified key) of a cell, counted over everyone → the cell as this
        variant publishes it, never above any published group that contains it: the question's respondents
        in the city, the cells in `within` (the same counts of its Ortsbezirk and the city, of the district's
        respondents for a choice), and for the verified-only variant everyone in all of these
        (geo.disclosure.publish_nested, docs/privacy.md "Parts never above wholes")."""
        n, key, unverified, unverified_key = counts[:4]
        wholes = [whole[:4] for whole in (*within, *([self.counts] if self.counts else []))]
        if not self.verified_only:
            return publish_nested((n, key), [(w[0], w[1]) for w in wholes], exact=self.exact)
        everyone = [(w[0], w[1]) for w in (counts[:4], *wholes)]
        verified = [(w[0] - w[2], int(w[1]) - int(w[3])) for w in wholes]
        return publish_nested((n - unverified, int(key) - int(unverified_key)), everyone + verified, exact=self.exact)


def plain(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_int(value) -> int | None:
    """An id from a form or JSON value by the edge's one id rule; None for anything else (1.5 and true are not ids).
    A JSON number arrives as int (or as float, 3.0); a form value as text."""
    if isinstance(value, float) and value.is_integer():  # posted_id bounds the digits
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    return posted_id(str(value))


def please_answer() -> ValidationError:
    return ValidationError(_("Bitte beantworten Sie diese Frage."))
