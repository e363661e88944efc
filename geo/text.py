"""Text forms for search and URLs, tuned to German place names."""

import re

from django.utils.text import slugify

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_STREET_ABBREVIATION = re.compile(r"(str)(?:\.|(?=\s|\d|$))")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_HOUSENUMBER = re.compile(r"^(?P<street>.*?[a-z])\s*(?P<number>\d+\s?[a-z]?)$")


def transliterate(text: str) -> str:
    return text.lower().translate(_UMLAUTS)


def normalize(text: str) -> str:
    """'Pirmasenser Str. 12' and 'pirmasenser strasse 12' both become 'pirmasenser strasse 12'.

    Umlauts are transliterated so that trigram matching does not depend on the database locale.
    """
    text = _STREET_ABBREVIATION.sub("strasse", transliterate(text))
    return _NOT_WORD.sub(" ", text).strip()


def split_housenumber(normalized: str) -> tuple[str, str]:
    """('pirmasenser strasse', '12a') for 'pirmasenser strasse 12 a'; ('…', '') without a number."""
    match = _HOUSENUMBER.match(normalized)
    if not match:
        return normalized, ""
    return match["street"].strip(), match["number"].replace(" ", "")


def german_slug(name: str) -> str:
    """'Bännjerrück/Karl-Pfaff-S.' -> 'baennjerrueck-karl-pfaff-s'."""
    return slugify(transliterate(name).replace("/", " "))
