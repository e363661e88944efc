"""The registry of survey question kinds: `Question.kind` value → QuestionKind (see surveys/kinds/base.py).

A new kind is one module here (imported below) and one template templates/surveys/kinds/<name>.html;
docs/surveys.md says how.
"""

from surveys.kinds.base import QuestionKind

REGISTRY: dict[str, QuestionKind] = {}


def register(cls: type[QuestionKind]) -> type[QuestionKind]:
    """Class decorator: make the kind known under its `name`."""
    REGISTRY[cls.name] = cls()
    return cls


def kind_of(question_or_name) -> QuestionKind:
    name = getattr(question_or_name, "kind", question_or_name)
    try:
        return REGISTRY[name]
    except KeyError:
        raise LookupError(f"no question kind {name!r} is registered") from None


def kind_names(**flags: bool) -> set[str]:
    """The names of the kinds whose flags match, e.g. kind_names(has_choices=True)."""
    return {name for name, kind in REGISTRY.items() if all(getattr(kind, f) == v for f, v in flags.items())}


# The built-in kinds register themselves on import.
from surveys.kinds import choices, number, places, scale, stadtteil, text  # noqa: E402, F401
