"""Topics: what was said, as NMF over TF-IDF of German stems (scikit-learn, no model to download).

Each topic has its key words (the surface word most often written for each of its strongest stems), its
texts (each text goes to its strongest topic), and the three texts most typical of it (highest weight).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

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


def split_stems(chosen: list[str]) -> list[str]:
    """The stems of the words staff chose to split by (stop words, numbers and emoji drop out)."""
    found = {stem(w) for phrase in chosen for w in words(clean(phrase)) if w not in GERMAN}
    return sorted(found)


def split(texts: list[str], chosen: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of the texts that contain one of the chosen words (in any form: by stem), and of the others."""
    wanted = set(split_stems(chosen))
    inside: list[int] = []
    outside: list[int] = []
    for i, text in enumerate(texts):
        (inside if wanted & {stem(w) for w in words(text)} else outside).append(i)
    return inside, outside


def describe(texts: list[str], others: list[str], *, keep: Sequence[int] = ()) -> tuple[list[str], list[int]]:
    """Key words and typical texts of a part split off a topic (no NMF weights exist for it).

    Key words are the stems in the largest share of these texts minus their share in the others (what sets the
    part apart); typical texts are those kept from before (`keep`, still members), then those using most of them.
    """
    stems, surface = tokenize(texts + others)
    own, rest = stems[: len(texts)], stems[len(texts) :]
    share: Counter = Counter(s for text in own for s in set(text))
    elsewhere: Counter = Counter(s for text in rest for s in set(text))
    score = {s: n / len(own) - elsewhere[s] / max(1, len(rest)) for s, n in share.items()}
    top = sorted((s for s in score if score[s] > 0), key=lambda s: (-score[s], s))[:KEYWORDS]
    chosen = set(top)
    examples = [i for i in keep if 0 <= i < len(texts)][:EXAMPLES]
    by_hits = sorted(range(len(texts)), key=lambda i: (-len(chosen & set(own[i])), i))
    examples += [i for i in by_hits if i not in examples][: EXAMPLES - len(examples)]
    return [surface.get(s, s) for s in top], examples


@dataclass
class Part:
    """A topic as shown: NMF's topic, or a part the staff split off one (indexes into the run's texts)."""

    label: Any  # the TopicLabel matched or split off, if any (models are not imported into the computation)
    keywords: list[str]
    members: list[int]
    examples: list[int]


def apply_splits(texts: list[str], part: Part, splits: dict[int, list]) -> list[Part]:
    """The staff's splits of this part's label, in the order they were made (a part split off may be split again).

    `splits` maps a label's id to the labels split off it. Returns the part with the rest of its texts first
    (left out when nothing is left), then each part split off; a split no text matches has no part this run.
    """
    children = splits.get(part.label.pk, []) if part.label is not None else []
    members, found, removed = part.members, [], set()
    for child in children:
        inside, outside = split([texts[i] for i in members], child.split_words)
        if not inside:
            continue
        moved, members = [members[i] for i in inside], [members[i] for i in outside]
        keywords, examples = describe([texts[i] for i in moved], [texts[i] for i in members])
        found += apply_splits(texts, Part(child, keywords, moved, [moved[i] for i in examples]), splits)
        removed |= set(split_stems(child.split_words))
    if not found:
        return [part]
    if members:
        position = {m: i for i, m in enumerate(members)}
        kept = [position[e] for e in part.examples if e in position]
        _words, examples = describe([texts[i] for i in members], [], keep=kept)
        keywords = [w for w in part.keywords if stem(w.lower()) not in removed]
        found.insert(0, Part(part.label, keywords, members, [members[i] for i in examples]))
    return found
