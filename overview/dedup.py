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
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from overview.text import MAX_CHARS, clean, words

SHINGLE = 3
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.55  # estimated Jaccard of the shingle sets; measured on the labelled set (docs/overview.md)
MIN_SHINGLES = 8  # shorter texts (a one-line idea) are no mass statement; they group only when identical
MIN_GROUP = 2
CORE = 3  # cores of this size or more get a template signature that others may join
ATTACH_ROWS = 2
# Measured on the labelled sets (docs/overview.md): copies of a long template overlap it by 0.53 or more,
# heavily edited copies of a six-sentence one by 0.3 to 0.5; a second campaign on the same plan overlaps by
# 0.53 at most (median 0.43), a text alone on the same plan by up to 0.44. 0.47 is the compromise
# (precision 0.98 to 0.99, recall 0.97 to 0.98 on three generated sets; 0.45 and 0.50 cost one or the other).
VERIFY = 0.47  # exact Jaccard overlap of a text's shingles with its core's template to belong to the group
# or, for a copy with much added (its own sentences, a long address): a lower overlap when it contains
# three quarters of the template
VERIFY_ADDED, CONTAINS = 0.40, 0.75

# ASCII letters stay, every other ASCII byte (digits, punctuation, control characters) ends a word; bytes of
# multi-byte characters stay (see _word_ids), the separator \x01 stays.
_ASCII_WORD_BYTES = bytes(b if 97 <= b <= 122 or b >= 128 or b == 1 else 32 for b in range(256))
# Non-letters outside ASCII, in UTF-8: U+0080-00BF (no-break space, « » § °), × ÷, U+2000-2BFF (dashes,
# typographic quotes, zero-width characters, arrows, symbols), U+FEFF, emoji (U+1F000-1FFFF).
_NON_LETTER_UTF8 = re.compile(
    rb"\xc2[\x80-\xbf]|\xc3[\x97\xb7]|\xe2[\x80-\xaf][\x80-\xbf]|\xef\xbb\xbf|\xf0\x9f[\x80-\xbf][\x80-\xbf]"
)
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


def _permutations(seed: int = 20) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd multipliers
    b = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    return a, b


def _word_ids(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every word of every text as a number, and the index of the text it belongs to.

    Measured at 100,000 texts (docs/performance.md): a regular expression over the words was most of the
    time. So the texts are joined once, lower-cased and encoded once, non-letters become spaces by
    `bytes.translate` (ASCII) and one substitution (the common non-ASCII punctuation, symbols and emoji),
    and `bytes.split` cuts the words; the only Python-level work left is a dict lookup per word, done by
    `map` in C. Letters outside ASCII (ä, ß, Cyrillic ...) stay as their UTF-8 bytes, so they are words.
    """
    ids_of: defaultdict[bytes, int] = defaultdict(itertools.count(1).__next__)
    marker = ids_of[b"\x01"]  # separates the texts; no text keeps one (replaced below)
    joined = " \x01 ".join(t[:MAX_CHARS].replace("\x01", " ") for t in texts)
    data = unicodedata.normalize("NFC", joined).lower().encode("utf-8", "replace")
    data = _NON_LETTER_UTF8.sub(b" ", data).translate(_ASCII_WORD_BYTES)
    tokens = data.split()
    ids = np.fromiter(map(ids_of.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
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


def _minhash(hashes: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """MinHash signatures of consecutive sets: set i is hashes[starts[i]:starts[i + 1]] (none empty)."""
    signature = np.empty((len(starts), NUM_PERM), dtype=np.uint32)
    if not len(starts) or not len(hashes):
        return signature
    a, b = _permutations()
    # In slices of about a million shingles, so each pass over them stays in the processor's cache.
    bounds = [*range(0, len(starts), max(1, int(len(starts) * 1_000_000 / len(hashes)) + 1)), len(starts)]
    with np.errstate(over="ignore"):
        for lo, hi in itertools.pairwise(bounds):
            first, last = starts[lo], (starts[hi] if hi < len(starts) else len(hashes))
            part, part_starts = hashes[first:last], starts[lo:hi] - first
            for k in range(NUM_PERM):
                permuted = (a[k] * part + b[k]) >> np.uint64(32)
                signature[lo:hi, k] = np.minimum.reduceat(permuted, part_starts)
    return signature


@dataclass
class _Shingled:
    """Each text's set of shingles: `values[start[i]:start[i] + size[i]]` for text i, sorted, no repeats."""

    values: np.ndarray
    start: np.ndarray
    size: np.ndarray

    def gather(self, texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The shingles of the given texts, one after the other, and the position in `texts` of each."""
        sizes = self.size[texts]
        local = np.repeat(np.arange(len(texts)), sizes)
        offsets = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        return self.values[self.start[texts][local] + offsets], local


def _shingle_sets(texts: list[str]) -> _Shingled:
    hashes, owner = _shingles(texts)
    # One sort removes the repeats of a shingle within a text: (text << 40 | 40 bits of the shingle).
    # (np.sort, not np.unique: numpy 2's hash-based unique took over a minute for 17 million keys.)
    key = np.sort((owner.astype(np.uint64) << np.uint64(40)) | (hashes >> np.uint64(24)))
    key = key[np.concatenate([[True], key[1:] != key[:-1]])] if len(key) else key
    owner = (key >> np.uint64(40)).astype(np.int64)
    size = np.bincount(owner, minlength=len(texts)) if len(owner) else np.zeros(len(texts), np.int64)
    start = np.concatenate([[0], np.cumsum(size)[:-1]]) if len(texts) else np.zeros(0, np.int64)
    return _Shingled(values=key & np.uint64(2**40 - 1), start=start, size=size)


def signatures(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures (rows: texts with at least MIN_SHINGLES shingles) and the indexes of those texts."""
    shingled = _shingle_sets(texts)
    rows = np.flatnonzero(shingled.size >= MIN_SHINGLES)
    values, _ = shingled.gather(rows)
    return _minhash(values, (np.cumsum(shingled.size[rows]) - shingled.size[rows]).astype(np.int64)), rows


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


def _templates(
    shingled: _Shingled, signature: np.ndarray, cores: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each core's template: the shingles that more than half of the copies close to its centre have.

    The centre is the member (of up to 20 probed) with most close neighbours; "close" is an estimated
    overlap of THRESHOLD. Taking the majority of the whole core instead fails when a core chained two
    campaigns on the same plan: what both share (opening, places, demand) would be the template, and the
    members of both would match it. Returned as sorted keys (core << 40 | shingle), the template sizes,
    and the templates' own MinHash.
    """
    keys, sizes, parts = [], np.zeros(len(cores), np.int64), []
    for number, members in enumerate(cores):
        probe = signature[members[:: max(1, len(members) // 20)][:20]]
        close_counts = ((probe[:, None, :] == probe[None, :, :]).mean(axis=2) >= THRESHOLD).sum(axis=1)
        centre = probe[np.argmax(close_counts)]
        close = members[(signature[members] == centre).mean(axis=1) >= THRESHOLD]
        sample = close[:: max(1, len(close) // 200)]
        values, counts = np.unique(shingled.gather(sample)[0], return_counts=True)
        common = values[counts * 2 > len(sample)]
        sizes[number] = len(common)
        parts.append(common)
        keys.append((np.uint64(number) << np.uint64(40)) | common)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    nonempty = sizes > 0
    signature = np.zeros((len(cores), NUM_PERM), np.uint32)
    if nonempty.any():
        signature[nonempty] = _minhash(np.concatenate(parts), starts[nonempty])
    return np.sort(np.concatenate(keys)), sizes, signature


def _verified(shingled: _Shingled, texts: np.ndarray, cores: np.ndarray, template_keys, template_sizes) -> np.ndarray:
    """Whether each text belongs to its core, computed exactly (in slices, for memory): the Jaccard overlap
    of its shingle set with the core's template is VERIFY or more."""
    result = np.zeros(len(texts), bool)
    for lo in range(0, len(texts), 20_000):
        part = texts[lo : lo + 20_000]
        values, local = shingled.gather(part)
        keys = (cores[lo : lo + 20_000][local].astype(np.uint64) << np.uint64(40)) | values
        at = np.minimum(np.searchsorted(template_keys, keys), len(template_keys) - 1)
        inter = np.bincount(local, weights=template_keys[at] == keys, minlength=len(part))
        union = shingled.size[part] + template_sizes[cores[lo : lo + 20_000]] - inter
        sizes = template_sizes[cores[lo : lo + 20_000]]
        result[lo : lo + 20_000] = (inter >= VERIFY * union) | (
            (inter >= VERIFY_ADDED * union) & (inter >= CONTAINS * sizes)
        )
    return result


def _round(shingled: _Shingled, rows: np.ndarray, signature: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """One round over the rows not yet in a group: cores, their templates, every text verified against them.

    Returns the groups found (row positions) and the rows left over.
    """
    cores = [c for c in _components(signature[rows]) if len(c) >= CORE]
    if not cores:
        return [], rows
    cores = [rows[c] for c in cores]
    template_keys, template_sizes, templates = _templates(shingled, signature, cores)
    label = np.full(len(signature), -1)
    for number, members in enumerate(cores):
        label[members] = number
    # A core's own members stay when they overlap its template (chained strangers and siblings fall out).
    in_core = np.flatnonzero(label >= 0)
    if len(template_keys):
        kept = _verified(shingled, in_core, label[in_core], template_keys, template_sizes)
    else:
        kept = np.zeros(len(in_core), bool)
    label[in_core[~kept]] = -1
    # Every other text meets the templates in narrow bands (a heavily edited copy still meets its own in
    # one), and joins the one it overlaps most by estimate when the exact overlap confirms it.
    loose = rows[label[rows] == -1]
    best, best_agreement = np.full(len(loose), -1), np.zeros(len(loose))
    for band in range(NUM_PERM // ATTACH_ROWS):
        template_keys_band = _band_keys(templates, band, ATTACH_ROWS)
        order = np.argsort(template_keys_band, kind="stable")
        keys = _band_keys(signature[loose], band, ATTACH_ROWS)
        at = np.minimum(np.searchsorted(template_keys_band[order], keys), len(order) - 1)
        hit = np.flatnonzero(template_keys_band[order][at] == keys)
        core = order[at[hit]]
        agreement = (signature[loose[hit]] == templates[core]).mean(axis=1)
        better = agreement > best_agreement[hit]
        best[hit[better]], best_agreement[hit[better]] = core[better], agreement[better]
    candidate = np.flatnonzero(best >= 0)
    if len(candidate) and len(template_keys):
        joined = candidate[_verified(shingled, loose[candidate], best[candidate], template_keys, template_sizes)]
        label[loose[joined]] = best[joined]
    order = np.argsort(label, kind="stable")
    order = order[label[order] >= 0]
    groups = np.split(order, np.flatnonzero(np.diff(label[order])) + 1) if len(order) else []
    return [g for g in groups if len(g) >= MIN_GROUP], rows[label[rows] == -1]


def group_indexes(texts: list[str]) -> list[list[int]]:
    """Groups of near-identical texts (indexes into `texts`), largest first; texts alone are left out.

    Round 1: cores are texts linked by an estimated overlap of THRESHOLD (MinHash, LSH); each core of CORE
    or more gets a template (the shingles most of its members share). Every text, in a core or not, then
    belongs to the core whose template its shingle set overlaps by at least VERIFY, computed exactly:
    comparing with the template (not with other copies) lets a heavily edited copy in and keeps out a text
    that only shares the topic, the opening or the demand. Round 2 does the same over the texts left (a
    smaller campaign that had been chained to a bigger one). Pairs linked in pass 1 that no core took stay
    pairs.
    """
    shingled = _shingle_sets(texts)
    rows = np.flatnonzero(shingled.size >= MIN_SHINGLES)
    values, _ = shingled.gather(rows)
    signature = _minhash(values, (np.cumsum(shingled.size[rows]) - shingled.size[rows]).astype(np.int64))
    # From here on a row is a position in `rows`; shingled is indexed by text, so it is narrowed to the rows.
    shingled = _Shingled(values=shingled.values, start=shingled.start[rows], size=shingled.size[rows])
    groups: list[np.ndarray] = []
    left = np.arange(len(rows))
    for _ in range(2):
        found, left = _round(shingled, left, signature)
        groups += found
    if len(left):
        # Pairs (too few for a template) linked by their estimated overlap; larger components left here
        # failed verification against their templates twice and are no group.
        groups += [left[c] for c in _components(signature[left]) if MIN_GROUP <= len(c) < CORE]
    result = [rows[g].tolist() for g in groups]
    # Short texts (below MIN_SHINGLES) are grouped when their words are the same.
    in_rows = set(rows.tolist())
    exact: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if i not in in_rows:
            key = " ".join(words(clean(text)))
            if key:
                exact.setdefault(key, []).append(i)
    result.extend(members for members in exact.values() if len(members) >= MIN_GROUP)
    result.sort(key=len, reverse=True)
    return result


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
