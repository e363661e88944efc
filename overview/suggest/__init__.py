"""Suggestions learned from the staff's own earlier decisions (docs/overview.md): a category for a new idea,
a topic (Thema) for a statement's concern and a plan feature for a statement. One learner for all of them.

TF-IDF over Snowball stems and a linear classifier: the weight of each stem for a label is readable, which
is what lets the page show the words that led to a suggestion. Generated labelled sets: `ideas`, `statements`.
"""

import io
from collections import Counter
from dataclasses import dataclass

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline

from overview.text import analyzer, clean, is_analysable, stem, words_as_written

MIN_EXAMPLES = 50  # labels with fewer examples are not evaluated (issue 20: the goal counts from 50)
# Below these, a model would suggest from a handful of decisions: the page says there are too few instead.
MIN_LABELLED = 20  # labelled examples in all
MIN_PER_LABEL = 3  # a label seen fewer times is never suggested (it is left out of training)
MAX_TRAIN = 200_000  # newest ideas first; more adds little and costs the job memory
REASON_WORDS = 5


@dataclass(frozen=True)
class Suggestion:
    label: int | str
    probability: float
    words: list[str]


def learnable(texts: list[str], labels: list) -> list[tuple[str, object]]:
    """The (text, label) pairs a model learns from: analysable texts of labels with MIN_PER_LABEL examples,
    or none at all while there are fewer than MIN_LABELLED of them in at least two labels."""
    pairs = [(t, y) for t, y in zip(texts, labels, strict=True) if is_analysable(t)]
    counts = Counter(y for _t, y in pairs)
    pairs = [(t, y) for t, y in pairs if counts[y] >= MIN_PER_LABEL]
    if len(pairs) < MIN_LABELLED or len({y for _t, y in pairs}) < 2:
        return []
    return pairs


def train(texts: list[str], labels: list) -> Pipeline | None:
    """A fitted model, or None while there are too few labelled examples (`learnable`)."""
    pairs = learnable(texts, labels)
    if not pairs:
        return None
    model = Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=2, max_features=50_000)),
            ("clf", LogisticRegression(C=10.0, max_iter=300, class_weight="balanced")),
        ]
    )
    model.fit([t for t, _y in pairs], [y for _t, y in pairs])
    return model


def suggest(model: Pipeline, text: str) -> Suggestion | None:
    """The most likely category and the stems of the text that pushed most towards it."""
    if not is_analysable(text):
        return None
    vectorizer, clf = model.named_steps["tfidf"], model.named_steps["clf"]
    row = vectorizer.transform([text])
    probabilities = clf.predict_proba(row)[0]
    best = int(np.argmax(probabilities))
    # Binary models keep one weight row (for the second class); the first class gets its negation.
    weights = clf.coef_[best] if clf.coef_.shape[0] > 1 else clf.coef_[0] * (1 if best == 1 else -1)
    # Built once per loaded model (pages reuse it): making the array of 50,000 names was most of a suggestion.
    names = getattr(model, "_names", None)
    if names is None:
        names = model._names = vectorizer.get_feature_names_out()
    contributions = sorted(((row[0, j] * weights[j], names[j]) for j in row.indices if weights[j] > 0), reverse=True)
    # Shown as the person wrote them (German nouns keep their capital), not as stems.
    written = {}
    for word in words_as_written(clean(text)):
        written.setdefault(stem(word.lower()), word)
    return Suggestion(
        label=clf.classes_[best].item(),  # a plain int (category id) or str, not a numpy scalar
        probability=float(probabilities[best]),
        words=[written.get(name, name) for _c, name in contributions[:REASON_WORDS]],
    )


def dumps(model: Pipeline) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    return buffer.getvalue()


def loads(blob: bytes) -> Pipeline:
    return joblib.load(io.BytesIO(bytes(blob)))


def evaluate(texts: list[str], labels: list, *, seed: int = 1, parts: list | None = None) -> dict:
    """Top-1 accuracy on a held-out quarter, over the labels with at least MIN_EXAMPLES examples; with `parts`
    (one value per text) also the accuracy within each part of the held-out texts (`by_part`)."""
    none = {"accuracy": None, "train": 0, "test": 0, "categories": 0, "by_part": {}}
    parts = parts if parts is not None else [None] * len(texts)
    counts = Counter(labels)
    kept = [row for row in zip(texts, labels, parts, strict=True) if counts[row[1]] >= MIN_EXAMPLES]
    if len({y for _t, y, _p in kept}) < 2:
        return none
    y = [label for _t, label, _p in kept]
    train_rows, test_rows = train_test_split(kept, test_size=0.25, random_state=seed, stratify=y)
    model = train([t for t, _y, _p in train_rows], [y for _t, y, _p in train_rows])
    if model is None:
        return none
    hits: Counter = Counter()
    seen: Counter = Counter()
    for text, label, part in test_rows:
        found = suggest(model, text)
        hits[part] += found is not None and found.label == label
        seen[part] += 1
    return {
        "accuracy": sum(hits.values()) / len(test_rows),
        "train": len(train_rows),
        "test": len(test_rows),
        "categories": len(set(y)),
        "by_part": {part: (hits[part] / n, n) for part, n in seen.items()},
    }


def normalise_label(label: str) -> str:
    """Staff type topics by hand: "Verkehr", "verkehr " and "VERKEHR" are one label."""
    return " ".join(label.split()).casefold()
