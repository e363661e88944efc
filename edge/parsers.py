"""The API's input: DRF's JSON parser, with JSON nested too deep for Python's parser answered as a 400, and query
parameters through an input serializer."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.serializers import Serializer


class JSONParser(parsers.JSONParser):
    """DRF turns a ValueError into a 400 but lets the RecursionError of deeply nested arrays (a small body of
    brackets) through as a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("Die JSON-Daten sind zu tief verschachtelt.")) from None


def query_input(serializer_class: type[Serializer], request) -> Serializer:
    """The request's query parameters checked by `serializer_class` (its validated_data, or its methods on them);
    a bad one is DRF's 400 with the field's message."""
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params
