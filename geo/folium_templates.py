"""folium without compiling its own output as Jinja templates on every map (docs/performance.md,
"/auswertung/dichte/").

folium renders each layer through its class's template (compiled once, at import) and then wraps the rendered
text in a `branca.element.Element`, whose constructor compiles that text as a Jinja template again: the density
map's grid, streets and Stadtteil outlines, 400 KB of GeoJSON, went through Jinja's lexer and Python's compiler
on every request. An element's text is now kept as the text Jinja renders from a template without syntax
(newlines as "\\n", one trailing newline dropped): byte for byte what folium wrote. Text with Jinja syntax came
from the data (a layer's name, a feature's property) and used to run as a template on the server, where
`{{ 7 * 6 }}` became 42 and `{% x %}` a 500; it is shown as written. folium and branca hand `Element` only
rendered output, and this project only literal HTML. The one exception in branca 0.8.2 / folium 0.20: branca's
`Div` (also made by `Figure.add_subplot`) builds its html element from Jinja source, so a Div would print that
source instead of its children; no map here uses one.

The few templates folium builds from constant source while rendering (a tooltip's style) are compiled once per
process. `install()` replaces the `Template` names branca.element and folium.features look up at render time;
the classes' own templates are left as they are (tests/dashboard/test_folium_templates.py).
"""

import functools
import re

import branca.element
import folium.features
import folium.template

_NEWLINE = re.compile(r"\r\n|\r|\n")  # jinja2.lexer.newline_re


class Text:
    """An element's text, as Jinja renders a template without syntax; never evaluated."""

    __slots__ = ("text",)

    def __init__(self, source: str):
        lines = _NEWLINE.split(source)
        if lines[-1] == "":  # keep_trailing_newline=False
            del lines[-1]
        self.text = "\n".join(lines)

    def render(self, *args, **kwargs) -> str:
        return self.text


_compiled = functools.lru_cache(maxsize=64)(folium.features.Template)  # folium's constant sources: a handful


def folium_template(source: str) -> folium.template.Template:
    return _compiled(source)


def install() -> None:
    # the names are only called with a template's source, at render time
    branca.element.Template = Text  # type: ignore[misc, assignment]
    folium.features.Template = folium_template  # type: ignore[misc, assignment]
