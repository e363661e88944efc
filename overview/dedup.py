"""Mass statements: texts that share a template with personal edits, found with MinHash over word shingles.

Why this shape: a campaign of 100,000 copies must group in seconds on two cores, so every step after the
tokenizer is a numpy pass over all texts at once.
- Shingles are three consecutive words (lower case, letters only), so a reordered paragraph changes only the
  shingles at its edges, a typo three shingles, an added name or address a handful.
- MinHash estimates the Jaccard overlap of two texts' shingle sets from NUM_PERM minimum hashes; LSH cuts the
  signature into BANDS bands of ROWS rows, and texts that agree on a whole band are candidates.
- A candidate is linked to its bucket's first text only when their estimated overlap reaches THRESHOLD
  (verification), and groups are the connected components of these links. Linking to one representative per
  bucket keeps the work linear even for a bucket of 100,000 copies.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from overview.text import clean, words

SHINGLE = 3
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.55  # estimated Jaccard of the shingle sets; measured on the labelled set (docs/overview.md)
MIN_SHINGLES = 8  # shorter texts (a one-line idea) are no mass statement; they group only when identical
MIN_GROUP = 2
CORE = 3  # cores of this size or more get a template signature that others may join
ATTACH_ROWS = 2
ATTACH = 0.33  # estimated overlap of a text with a core's template signature to join it

_TOKEN = re.compile(r"[^\W\d_]{2,}|\u00a7")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


def _permutations(seed: int = 20) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd multipliers
    b = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    return a, b


def _word_ids(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every word of every text as a number, and the index of the text it belongs to.

    One regular-expression pass over all texts joined by a marker, and one dict lookup per word: the
    Python-level work that remains is this loop, so it is kept to the bare minimum.
    """
    ids_of: defaultdict[str, int] = defaultdict(itertools.count(1).__next__)
    marker = ids_of["\u00a7"]  # "§" separates the texts (it is no word character, so no text yields it)
    joined = "\u00a7".join(clean(t).lower() for t in texts)
    ids = np.fromiter((ids_of[w] for w in _TOKEN.findall(joined)), dtype=np.uint64)
    is_marker = ids == marker
    owner = np.cumsum(is_marker)
    return ids[~is_marker], owner[~is_marker]


def _shingles(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """All texts' shingle hashes in one array, with the index of each shingle's text (ascending)."""
    ids_arr, owner_arr = _word_ids(texts)
    if len(ids_arr) < SHINGLE:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    # A shingle is SHINGLE consecutive word ids of one text, mixed into one 64-bit number.
    end = len(ids_arr) - SHINGLE + 1
    mixed = np.zeros(end, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):
            mixed = (mixed * np.uint64(0x100000001B3)) ^ ids_arr[k : end + k]
    same_text = owner_arr[:end] == owner_arr[SHINGLE - 1 :]
    return mixed[same_text], owner_arr[:end][same_text]


def signatures(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures (rows: texts with at least MIN_SHINGLES shingles) and the indexes of those texts."""
    hashes, owner = _shingles(texts)
    counts = np.bincount(owner, minlength=len(texts)) if len(owner) else np.zeros(len(texts), np.int64)
    keep = counts >= MIN_SHINGLES
    selected = keep[owner] if len(owner) else np.zeros(0, bool)
    hashes, owner = hashes[selected], owner[selected]
    rows = np.flatnonzero(keep)
    signature = np.empty((len(rows), NUM_PERM), dtype=np.uint32)
    if not len(rows):
        return signature, rows
    starts = np.searchsorted(owner, rows)
    a, b = _permutations()
    # In slices of about a million shingles, so each pass over them stays in the processor's cache.
    bounds = [*range(0, len(rows), max(1, int(len(rows) * 1_000_000 / len(hashes)) + 1)), len(rows)]
    with np.errstate(over="ignore"):
        for lo, hi in itertools.pairwise(bounds):
            first, last = starts[lo], (starts[hi] if hi < len(rows) else len(hashes))
            part, part_starts = hashes[first:last], starts[lo:hi] - first
            for k in range(NUM_PERM):
                permuted = (a[k] * part + b[k]) >> np.uint64(32)
                signature[lo:hi, k] = np.minimum.reduceat(permuted, part_starts)
    return signature, rows


def _band_keys(signature: np.ndarray, band: int, rows: int = ROWS) -> np.ndarray:
    part = signature[:, band * rows : (band + 1) * rows].astype(np.uint64)
    key = np.zeros(len(part), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in range(rows):
            key = key * np.uint64(0x9E3779B97F4A7C15) + part[:, column] + np.uint64(1)
    return key


def _components(signature: np.ndarray) -> list[np.ndarray]:
    """Rows linked by a shared band and an estimated overlap of THRESHOLD: the precise cores of the groups."""
    n = len(signature)
    sources, targets = [], []
    for band in range(BANDS):
        _, first, inverse = np.unique(_band_keys(signature, band), return_index=True, return_inverse=True)
        representative = first[inverse]
        candidate = np.flatnonzero(representative != np.arange(n))
        if not len(candidate):
            continue
        agreement = (signature[candidate] == signature[representative[candidate]]).mean(axis=1)
        linked = candidate[agreement >= THRESHOLD]
        sources.append(linked)
        targets.append(representative[linked])
    if not sources:
        return [np.array([i]) for i in range(n)]
    src, dst = np.concatenate(sources), np.concatenate(targets)
    graph = coo_matrix((np.ones(len(src), np.int8), (src, dst)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    order = np.argsort(labels, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(labels[order])) + 1)


def _template_signature(signature: np.ndarray) -> np.ndarray:
    """The most common value per column: the MinHash of what most members share, close to the template's own."""
    sample = signature[:: max(1, len(signature) // 200)]
    result = np.empty(NUM_PERM, dtype=signature.dtype)
    for column in range(NUM_PERM):
        values, counts = np.unique(sample[:, column], return_counts=True)
        result[column] = values[np.argmax(counts)]
    return result


def group_indexes(texts: list[str]) -> list[list[int]]:
    """Groups of near-identical texts (indexes into `texts`), largest first; texts alone are left out.

    Two passes: cores are texts that overlap each other by THRESHOLD; then a text outside the larger cores
    joins the core whose template signature it overlaps most, by at least ATTACH. Comparing with the
    template (not with other copies) lets a heavily edited copy join, without chaining two campaigns that
    share their boilerplate.
    """
    signature, rows = signatures(texts)
    cores = _components(signature) if len(rows) else []
    big = [c for c in cores if len(c) >= CORE]
    label = np.full(len(rows), -1)
    for number, members in enumerate(big):
        label[members] = number
    loose = np.flatnonzero(label == -1)
    if big and len(loose):
        templates = np.stack([_template_signature(signature[c]) for c in big])
        best, best_agreement = np.full(len(loose), -1), np.zeros(len(loose))
        # Narrow bands: a copy far from the others must still meet its template in one of them.
        for band in range(NUM_PERM // ATTACH_ROWS):
            template_keys = _band_keys(templates, band, ATTACH_ROWS)
            order = np.argsort(template_keys, kind="stable")
            keys = _band_keys(signature[loose], band, ATTACH_ROWS)
            at = np.minimum(np.searchsorted(template_keys[order], keys), len(order) - 1)
            hit = np.flatnonzero(template_keys[order][at] == keys)
            core = order[at[hit]]
            agreement = (signature[loose[hit]] == templates[core]).mean(axis=1)
            better = agreement > best_agreement[hit]
            best[hit[better]], best_agreement[hit[better]] = core[better], agreement[better]
        joined = best_agreement >= ATTACH
        label[loose[joined]] = best[joined]
    groups = [rows[np.flatnonzero(label == number)].tolist() for number in range(len(big))]
    for members in cores:
        alone = members[label[members] == -1]
        if len(alone) >= MIN_GROUP:
            groups.append(rows[alone].tolist())
    # Short texts (below MIN_SHINGLES) are grouped when their words are the same.
    in_rows = set(rows.tolist())
    exact: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if i not in in_rows:
            key = " ".join(words(clean(text)))
            if key:
                exact.setdefault(key, []).append(i)
    groups.extend(members for members in exact.values() if len(members) >= MIN_GROUP)
    groups.sort(key=len, reverse=True)
    return groups


# The template and what each member changed -----------------------------------------------------------


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(clean(text)) if s.strip()]


def _key(sentence: str) -> str:
    return " ".join(words(sentence))


@dataclass
class Group:
    template: str
    members: list[int]
    diffs: list[list[dict]] = field(default_factory=list)  # per member, in the order of `members`


def template_of(texts: list[str]) -> list[str]:
    """The sentences most members share (in more than half of them), in the order of the member that has most."""
    split = [sentences(t) for t in texts]
    keyed = [[_key(s) for s in member] for member in split]
    counts = Counter(k for member in keyed for k in set(member) if k)
    common = {k for k, n in counts.items() if n * 2 > len(texts)}
    if not common:  # members too varied for a majority: the first member stands for the group
        return split[0]
    best = max(range(len(split)), key=lambda i: sum(1 if k in common else -1 for k in keyed[i]))
    return [s for s, k in zip(split[best], keyed[best], strict=True) if k in common]


def member_diff(template: list[str], text: str) -> list[dict]:
    """What one member changed against the template: sentences added, removed, moved or edited (typos)."""
    own = sentences(text)
    template_keys, own_keys = [_key(s) for s in template], [_key(s) for s in own]
    changes: list[dict] = []
    matcher = difflib.SequenceMatcher(a=template_keys, b=own_keys, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "equal":
            changes += [{"op": "removed", "text": s} for s in template[a0:a1]]
            changes += [{"op": "added", "text": s} for s in own[b0:b1]]
    # An added sentence that is a removed one (moved with its paragraph) or nearly so (a typo) is paired with it.
    removed = [c for c in changes if c["op"] == "removed"]
    for change in changes:
        if change["op"] != "added":
            continue
        for old in removed:
            if old.get("paired"):
                continue
            if _key(old["text"]) == _key(change["text"]):
                change["op"], old["paired"] = "moved", True
                break
            if difflib.SequenceMatcher(a=old["text"], b=change["text"], autojunk=False).ratio() >= 0.85:
                change.update(op="edited", template=old["text"])
                old["paired"] = True
                break
    return [c for c in changes if not c.get("paired")]


def find_groups(texts: list[str], *, with_diffs: bool = True) -> list[Group]:
    found = []
    for members in group_indexes(texts):
        member_texts = [texts[i] for i in members]
        template = template_of(member_texts[:500])  # a sample is enough for the majority sentences
        group = Group(template=" ".join(template), members=members)
        if with_diffs:
            group.diffs = [member_diff(template, t) for t in member_texts]
        found.append(group)
    return found
