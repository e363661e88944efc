"""Parts that other apps add to the staff page of a statement (the overview: suggested topic and plan feature)
without this app importing them. A part is a function (request, statement) -> HTML or ""."""

_statement_parts = []


def register_statement_part(render) -> None:
    if render not in _statement_parts:
        _statement_parts.append(render)


def statement_parts(request, statement) -> list[str]:
    return [html for render in _statement_parts if (html := render(request, statement))]
