"""Words out of contributions: cleaning, German tokens, Snowball stems, stop words.

Everything here copes with hostile input (empty, 100,000 characters, emoji, numbers only, control
characters): it returns fewer or no words, never raises.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from overview.stopwords import GERMAN

# Longer texts are cut: the analysis never needs more, and one huge text must not stall a job.
MAX_CHARS = 20_000
MIN_WORDS = 3  # fewer meaningful words than this: too short to analyse, shown as such
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_stemmer = snowballstemmer.stemmer("german")


def clean(text: str | None) -> str:
    """The text as it may be shown and analysed: bounded, NFC, without control characters."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text[: MAX_CHARS * 2])[:MAX_CHARS]
    return _CONTROL.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Lower-case words of two or more letters (no numbers, no emoji); German letters kept."""
    return [w for w in _WORD.findall(text.lower()) if len(w) <= 40]


def words_as_written(text: str) -> list[str]:
    """The same words as `words`, in the writer's case."""
    return [w for w in _WORD.findall(text) if len(w) <= 40]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def terms(text: str) -> list[str]:
    """Stems of the content words: the tokens that topics and suggestions count."""
    return [stem(w) for w in words(text) if w not in GERMAN]


def analyzer(text: str) -> list[str]:
    """The analyzer handed to scikit-learn's vectorizers (a module-level function, so models pickle)."""
    return terms(clean(text))


def is_analysable(text: str) -> bool:
    return len(terms(clean(text))) >= MIN_WORDS
