"""Parts that one app adds to another app's page without that app importing it (the overview's suggestions on
a statement's staff page, or on an idea in the moderation queue). The app that owns the page keeps one
`Parts`; the other registers a function (request, obj) -> HTML or "" in its AppConfig.ready()."""


class Parts:
    def __init__(self) -> None:
        self._renders: list = []

    def register(self, render) -> None:
        if render not in self._renders:
            self._renders.append(render)

    def __call__(self, request, obj) -> list[str]:
        """The HTML of every registered part that has something to show for `obj`."""
        return [html for render in self._renders if (html := render(request, obj))]
