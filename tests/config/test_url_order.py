"""config/urls.py lists the API first (the patterns are tried in order, and a support or the map's list is asked
most often): every API path resolves to what it resolved to when the API came after the pages."""

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from config.urls import api_v1, urlpatterns

SAMPLES = {"IntConverter": 7, "SlugConverter": "a-slug", "StringConverter": "text", "PathConverter": "a/b"}


def _leaves(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _leaves(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def test_every_api_path_resolves_as_before_the_api_came_first():
    assert urlpatterns[0].pattern.describe().startswith("'api/v1/'")
    pages_first = URLResolver(RegexPattern(r"^/"), [*urlpatterns[1:], urlpatterns[0]])
    api_first = get_resolver()
    paths = 0
    for route, pattern in _leaves(api_v1, "api/v1/"):
        assert isinstance(pattern, URLPattern)
        path = "/" + route
        for name, converter in pattern.pattern.converters.items():
            path = path.replace(f"<{type(converter).__name__.removesuffix('Converter').lower()}:{name}>",
                                str(SAMPLES[type(converter).__name__]))  # fmt: skip
        assert "<" not in path
        before, now = pages_first.resolve(path), api_first.resolve(path)
        assert (now.func, now.kwargs, now.url_name) == (before.func, before.kwargs, before.url_name)
        paths += 1
    assert paths == len(list(_leaves(api_v1)))
