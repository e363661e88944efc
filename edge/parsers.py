"""The API's JSON parser: DRF's, with JSON nested too deep for Python's parser answered as a 400."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF turns a ValueError into a 400 but lets the RecursionError of deeply nested arrays (a small body of
    brackets) through as a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("Die JSON-Daten sind zu tief verschachtelt.")) from None
