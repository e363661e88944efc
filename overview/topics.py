"""Topics: what was said, as NMF over TF-IDF of German stems (scikit-learn, no model to download).

Each topic has its key words (the surface word most often written for each of its strongest stems), its
texts (each text goes to its strongest topic), and the three texts most typical of it (highest weight).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from overview.stopwords import GERMAN
from overview.text import MIN_WORDS, clean, stem, words

MAX_TOPICS = 20
KEYWORDS = 8
EXAMPLES = 3


@dataclass
class FoundTopic:
    keywords: list[str]
    members: list[int]  # indexes into the texts given
    examples: list[int]  # the most typical members, best first
    weight: list[float] = field(default_factory=list)


def topic_count(n: int) -> int:
    """About one topic per 50 texts at first, growing with the square root; 2 to MAX_TOPICS."""
    return max(2, min(MAX_TOPICS, round(math.sqrt(n / 25))))


def tokenize(texts: list[str]) -> tuple[list[list[str]], dict[str, str]]:
    """Stems per text, and for each stem the word people wrote most often (to show instead of the stem)."""
    surface: defaultdict[str, Counter] = defaultdict(Counter)
    stems = []
    for text in texts:
        own = []
        for word in words(clean(text)):
            if word not in GERMAN:
                s = stem(word)
                own.append(s)
                surface[s][word] += 1
        stems.append(own)
    return stems, {s: c.most_common(1)[0][0] for s, c in surface.items()}


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def find_topics(texts: list[str], *, k: int | None = None, seed: int = 0) -> list[FoundTopic]:
    """Topics of the texts with at least MIN_WORDS content words; shorter ones belong to none."""
    stems, surface = tokenize(texts)
    usable = [i for i, s in enumerate(stems) if len(s) >= MIN_WORDS]
    if len(usable) < 4:
        return []
    vectorizer = TfidfVectorizer(
        analyzer=_identity, min_df=2, max_df=0.5, sublinear_tf=True, max_features=30_000, dtype=np.float32
    )
    try:
        matrix = vectorizer.fit_transform([stems[i] for i in usable])
    except ValueError:  # no term left after min_df/max_df: texts share no words
        return []
    k = min(k or topic_count(len(usable)), matrix.shape[1], len(usable) - 1)
    if k < 2:
        return []
    model = NMF(n_components=k, init="nndsvda", max_iter=300, random_state=seed)
    weights = model.fit_transform(matrix)
    vocabulary = vectorizer.get_feature_names_out()
    strongest = weights.argmax(axis=1)
    has_topic = weights.max(axis=1) > 0
    topics = []
    for number in range(k):
        rows = np.flatnonzero((strongest == number) & has_topic)
        if not len(rows):
            continue
        top_terms = np.argsort(model.components_[number])[::-1][:KEYWORDS]
        typical = rows[np.argsort(weights[rows, number])[::-1][:EXAMPLES]]
        topics.append(
            FoundTopic(
                keywords=[surface.get(vocabulary[t], vocabulary[t]) for t in top_terms],
                members=[usable[r] for r in rows],
                examples=[usable[r] for r in typical],
            )
        )
    topics.sort(key=lambda t: len(t.members), reverse=True)
    return topics


def overlap(a: list[str], b: list[str]) -> float:
    """Jaccard overlap of two key-word lists: how a new topic is matched to a name staff gave an old one."""
    sa, sb = {stem(w) for w in a}, {stem(w) for w in b}
    return len(sa & sb) / len(sa | sb) if sa or sb else 0.0
