"""Free text → ranked ESCO concepts: a fast n-gram shortlist, then rapidfuzz re-scoring.

``SkillNormaliser`` maps skill phrases ("experience in forklift operating", "organizing
events", "custmer service") to ESCO skills; ``OccupationNormaliser`` maps job titles to
ESCO occupations. Both follow the estimator conventions: ``__init__`` stores parameters,
``fit(labels)`` learns and returns ``self``, learned attributes end in ``_``.

How a query is scored:

1. Canonical form, the same for labels and queries: lowercase, accents and punctuation
   dropped, British/American spellings folded ("organise"/"organize", "colour"/"color",
   "centre"/"center", "paediatric"/"pediatric"), plurals and "-ing/-ed" endings trimmed.
   Filler phrases ("experience in", "good at", "able to"…) are stripped from the query (both
   forms are tried, so a label that really starts with such words still matches).
2. Shortlist: cosine similarity of character 3-gram TF-IDF vectors (scikit-learn sparse
   matrices, an inverted index over the n-grams), robust to typos and word order.
3. Re-score the shortlist with rapidfuzz: edit-distance ratio, token-sort ratio (word
   order) and token-set ratio on content words (dropped or extra words), blended with the
   n-gram cosine and the ratio of the unfolded text into a 0–100 score. Ties are broken by
   URI, so the output is deterministic.

A query whose best score is below ``threshold`` is not confidently mapped: callers keep it as
free text (and show it as such) rather than dropping it.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Self

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from jobmatch.matching.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "Candidate",
    "LabelEntry",
    "LabelNormaliser",
    "OccupationNormaliser",
    "SkillNormaliser",
    "canonical",
    "default_occupation_normaliser",
    "default_skill_normaliser",
    "occupation_labels",
    "skill_labels",
    "strip_filler",
]

# (uri, label text, preferred label of the concept)
LabelEntry = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ESCO concept proposed for a text: ``score`` is 0–100, ``matched_label`` the label
    (preferred or alternative) that matched best, ``label`` the concept's preferred label."""

    uri: str
    label: str
    score: float
    matched_label: str


# --- canonical text -----------------------------------------------------------------------

# Whole-word British → American folds that suffix rules cannot express safely.
_WORD_FOLDS = {
    "centre": "center",
    "centres": "centers",
    "theatre": "theater",
    "theatres": "theaters",
    "metre": "meter",
    "metres": "meters",
    "litre": "liter",
    "litres": "liters",
    "fibre": "fiber",
    "fibres": "fibers",
    "calibre": "caliber",
    "lustre": "luster",
    "sabre": "saber",
    "spectre": "specter",
    "sombre": "somber",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "licence": "license",
    "licences": "licenses",
    "defence": "defense",
    "offence": "offense",
    "offences": "offenses",
    "pretence": "pretense",
    "practise": "practice",
    "catalogue": "catalog",
    "catalogues": "catalogs",
    "dialogue": "dialog",
    "analogue": "analog",
    "programme": "program",
    "programmes": "programs",
    "grey": "gray",
    "tyre": "tire",
    "tyres": "tires",
    "aluminium": "aluminum",
    "cheque": "check",
    "cheques": "checks",
    "plough": "plow",
    "mould": "mold",
    "moulds": "molds",
    "moulding": "molding",
    "draught": "draft",
    "kerb": "curb",
    "storey": "story",
    "ageing": "aging",
    "judgement": "judgment",
    "enrolment": "enrollment",
    "fulfil": "fulfill",
    "skilful": "skillful",
    "jewellery": "jewelry",
    "pyjamas": "pajamas",
    "doughnut": "donut",
    "whisky": "whiskey",
}
_SUFFIX_FOLDS: list[tuple[re.Pattern[str], str]] = [
    # organise/organisation/organising → organize…; analyse → analyze
    (re.compile(r"(?<=[a-z]{2})is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z])ys(e|ed|es|ing|er|ers)$"), r"yz\1"),
    # colour, labourer, behavioural → color, laborer, behavioral
    (re.compile(r"(?<=[a-z]{2}[^aeiou])our(s|ed|ing|er|ers|al|able|ite|ites|hood)?$"), r"or\1"),
    # travelling, modelled, labeller → traveling, modeled, labeler
    (
        re.compile(
            r"^(travel|model|label|cancel|counsel|fuel|signal|level|channel|tunnel|marshal|"
            r"total|equal|jewel|dial|funnel|panel|pedal|shovel|barrel|rival|bevel|chisel|"
            r"gravel|pencil|stencil|tassel|towel|unravel|spiral|initial|annul)l(ed|ing|er|ers)$"
        ),
        r"\1\2",
    ),
    # paediatric, haematology, foetal, oestrogen → pediatric, hematology, fetal, estrogen
    (re.compile(r"(?<=[a-z])ae(?=[a-z])"), "e"),
    (re.compile(r"(?<=[a-z])oe(?=[a-rt-z])"), "e"),
    (re.compile(r"^oe(?=[a-z]{3})"), "e"),
    (re.compile(r"sulph"), "sulf"),
    (re.compile(r"gramme(s?)$"), r"gram\1"),
]
# Words that carry no meaning for matching; dropped in the content-word comparison.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "for",
        "to",
        "and",
        "or",
        "with",
        "at",
        "by",
        "from",
        "into",
        "onto",
        "as",
        "per",
        "via",
        "its",
        "their",
        "your",
        "other",
        "others",
        "etc",
    ]
)
_TOKEN = re.compile(r"[a-z0-9+#]+")


@lru_cache(maxsize=200_000)
def _fold_token(token: str) -> str:
    """Spelling fold then light stemming of one lowercase token (cached: few distinct words)."""
    token = _WORD_FOLDS.get(token, token)
    for pattern, repl in _SUFFIX_FOLDS:
        token = pattern.sub(repl, token)
    return _stem(token)


def _stem(token: str) -> str:
    """Trim plural and verb endings so "managing", "manages" and "manage" meet."""
    if len(token) <= 3 or not token.isalpha():
        return token
    if token.endswith("ies") and len(token) > 4:
        token = token[:-3] + "y"
    elif token.endswith("sses"):
        token = token[:-2]
    elif token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    if token.endswith("ing") and len(token) > 5:
        token = token[:-3]
    elif token.endswith("ed") and len(token) > 4:
        token = token[:-2]
    if token.endswith("e") and len(token) > 3:
        token = token[:-1]
    return token


def _plain(text: str) -> str:
    """Lowercase, accents removed, "&" spelled out, possessive "'s" dropped."""
    if not text.isascii():  # most input is ASCII: skip the per-character accent pass
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    text = text.replace("&", " and ").replace("’", "'")
    return re.sub(r"'s\b", "", text)


def canonical(text: str) -> str:
    """The canonical form used for matching: folded, stemmed tokens joined by spaces."""
    return " ".join(_fold_token(t) for t in _TOKEN.findall(_plain(text)))


def _index_text(text: str) -> str:
    """What the n-gram stage sees: the canonical tokens, plus each word as written when
    folding changed it. A typo can stop a word from folding ("tyrse" stays, "tyres" becomes
    "tir"), so the written form keeps the two close."""
    tokens = _TOKEN.findall(_plain(text))
    folded = [_fold_token(t) for t in tokens]
    return " ".join(folded + [t for t, f in zip(tokens, folded, strict=True) if t != f])


def _ngrams(canon: str) -> list[str]:
    """Character 3-grams of each word padded with spaces (scikit-learn's "char_wb")."""
    grams: list[str] = []
    for word in canon.split():
        padded = f" {word} "
        grams.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def _content(canon: str) -> str:
    """A canonical string without its stop words (kept whole if nothing else is left)."""
    words = [w for w in canon.split() if w not in STOP_WORDS]
    return " ".join(words) if words else canon


_FILLER = [
    re.compile(p)
    for p in (
        r"^(i am|i'm|im|i have|i've|ive|i|we|has|have|had|with|having|is|am|are)\s+",
        r"^(some|basic|strong|solid|extensive|excellent|proven|working|practical|"
        r"hands on|hands-on|previous|prior|professional|relevant|general|deep|in-depth|"
        r"\d+\+?\s*(years?|yrs?|months?)( of)?)\s+",
        r"^(experience|experienced|knowledge|knowledgeable|skills?|skilled|expertise|expert|"
        r"background|understanding|familiarity|familiar|proficiency|proficient|competence|"
        r"competent|training|trained|qualified|confident|comfortable|fluent|good|great|"
        r"capable|able|ability|capacity|can|could|know how|knows how|knowing how|how|"
        r"worked)\s+(in|with|of|at|on|to|as|for|doing|using)?\s*",
        r"^(to)\s+",
    )
]
_FILLER_TAIL = re.compile(
    r"\s+(experience|skills?|knowledge|expertise|abilities|ability|background|"
    r"(for|of|over)?\s*\d+\+?\s*(years?|yrs?|months?))$"
)


def strip_filler(text: str) -> str:
    """Remove filler phrases around a skill ("I have good experience in X" → "X")."""
    text = re.sub(r"[\s.,;:!]+$", "", _plain(text).strip())
    for _ in range(4):  # fillers stack: "i have" + "good" + "experience in"
        before = text
        for pattern in _FILLER:
            text = pattern.sub("", text, count=1)
        text = _FILLER_TAIL.sub("", text)
        if text == before:
            break
    return text.strip()


# --- the estimator ------------------------------------------------------------------------


class LabelNormaliser:
    """Map free text to concepts given their labels; the base of the skill and occupation
    normalisers.

    Parameters: ``shortlist`` labels kept from the n-gram stage for re-scoring;
    ``threshold`` the score (0–100) from which a candidate is confident; ``limit`` the
    default number of candidates returned; ``max_df`` n-grams found in more than this share
    of labels are left out of the shortlist index (they cost time and tell little);
    ``cosine_weight`` the share of the n-gram cosine in the final score (IDF-weighted, it
    favours labels that share the query's rarer words).
    """

    def __init__(
        self,
        *,
        shortlist: int = 60,
        threshold: float = 82.0,
        limit: int = 5,
        max_df: float = 0.05,
        cosine_weight: float = 0.2,
    ) -> None:
        self.shortlist = shortlist
        self.max_df = max_df
        self.cosine_weight = cosine_weight
        self.threshold = threshold
        self.limit = limit

    def fit(self, labels: Iterable[LabelEntry]) -> Self:
        """Learn from ``(uri, label text, preferred label)`` triples; returns ``self``."""
        seen: set[tuple[str, str]] = set()
        uris: list[str] = []
        texts: list[str] = []
        canon: list[str] = []
        preferred: dict[str, str] = {}
        for uri, text, pref in sorted(labels):
            key = (uri, canonical(text))
            if not key[1] or key in seen:
                continue
            seen.add(key)
            uris.append(uri)
            texts.append(text)
            canon.append(key[1])
            preferred[uri] = pref
        # scikit-learn learns the n-gram vocabulary and IDF; queries are then vectorised by
        # hand (_query_vector), since the estimator's per-call validation costs ~2 ms.
        vectorizer = TfidfVectorizer(
            analyzer=_ngrams,
            sublinear_tf=True,
            # Never prune on a small label set: there, every n-gram is informative.
            max_df=max(int(self.max_df * len(canon)), 100),
            dtype=np.float32,
        )
        matrix = vectorizer.fit_transform([_index_text(t) for t in texts])
        self.vocabulary_: dict[str, int] = dict(vectorizer.vocabulary_)
        self.idf_: npt.NDArray[np.float32] = vectorizer.idf_.astype(np.float32)
        # Transposed CSR: each n-gram's row lists the labels that contain it.
        index = sparse.csr_matrix(matrix.T, dtype=np.float32)
        self.postings_ = (index.indptr, index.indices, index.data)
        self.uris_ = uris
        self.texts_ = texts
        self.canonical_ = canon
        self.content_ = [_content(c) for c in canon]
        self.is_preferred_ = np.array(
            [t == preferred[u] for u, t in zip(uris, texts, strict=True)], dtype=np.float64
        )
        self.plain_ = [" ".join(_TOKEN.findall(_plain(t))) for t in texts]
        self.preferred_ = preferred
        self.word_labels_: dict[str, list[int]] = {}
        for i, plain in enumerate(self.plain_):
            for word in set(plain.split()):
                self.word_labels_.setdefault(word, []).append(i)
        self.words_ = sorted(self.word_labels_)
        self.exact_: dict[str, list[int]] = {}
        for i, c in enumerate(canon):
            self.exact_.setdefault(c, []).append(i)
        return self

    def _query_vector(self, canon: str) -> tuple[list[int], list[float]]:
        """Sublinear TF-IDF weights of a canonical query, L2-normalised, as in ``fit``."""
        counts: dict[int, int] = {}
        for gram in _ngrams(canon):
            col = self.vocabulary_.get(gram)
            if col is not None:
                counts[col] = counts.get(col, 0) + 1
        cols = list(counts)
        weights = [(1.0 + math.log(c)) * float(self.idf_[col]) for col, c in counts.items()]
        norm = math.sqrt(sum(w * w for w in weights)) or 1.0
        return cols, [w / norm for w in weights]

    def _shortlist(self, canon: str) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64] | None]:
        """Indices of the labels with the highest n-gram cosine to a canonical query, and
        the cosine of every label (``None`` when the query has no known n-gram)."""
        indptr, indices, data = self.postings_
        cols, weights = self._query_vector(canon)
        if not cols:
            return np.empty(0, dtype=np.intp), None
        hits = np.concatenate([indices[indptr[c] : indptr[c + 1]] for c in cols])
        vals = np.concatenate(
            [data[indptr[c] : indptr[c + 1]] * w for c, w in zip(cols, weights, strict=True)]
        )
        # A dense accumulator is faster than sorting the hits (labels are ~10^5).
        dense = np.bincount(hits, weights=vals, minlength=len(self.uris_)).astype(
            np.float64, copy=False
        )
        return self._top_labels(hits, dense), dense

    def _top_labels(
        self, hits: npt.NDArray[np.int32], dense: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.intp]:
        """The ``shortlist`` labels with the highest cosine among the hit positions.

        A label occurs once per shared n-gram, always with the same cosine, so the best
        positions hold the best labels in order: partitioning the (short) hit list beats
        scanning the whole accumulator for its non-zeros.
        """
        k = self.shortlist
        sims = dense[hits]
        m = k * 8
        while m < len(hits):
            top = np.argpartition(-sims, m)[:m]
            labels = np.unique(hits[top])
            if len(labels) >= k:
                break
            m *= 4
        else:
            labels = np.unique(hits)
        if len(labels) > k:
            labels = labels[np.argpartition(-dense[labels], k)[:k]]
        return labels.astype(np.intp)

    def _score(self, variants: list[str], idx: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        """Blend rapidfuzz scores of the query variants against the shortlisted labels."""
        choices = [self.canonical_[i] for i in idx]
        contents = [self.content_[i] for i in idx]
        lengths = np.array([len(c) for c in contents], dtype=np.float64)
        best = np.zeros(len(idx))
        for variant in variants:
            content = _content(variant)
            ratio = process.cdist([variant], choices, scorer=fuzz.ratio)[0]
            order = process.cdist([variant], choices, scorer=fuzz.token_sort_ratio)[0]
            words = process.cdist([content], contents, scorer=fuzz.ratio)[0]
            subset = process.cdist([content], contents, scorer=fuzz.token_set_ratio)[0]
            # token_set_ratio is symmetric; only a query that is part of a label (a dropped
            # word) deserves it in full, not a label that is part of the query.
            shorter = np.minimum(1.0, lengths / max(len(content), 1))
            subset = subset * np.sqrt(shorter)
            # Edit distance dominates; word order and dropped words lift a near miss, but a
            # token-set match of a few words alone never beats a close whole-label match.
            score = np.maximum.reduce([ratio, order, words, 0.85 * subset + 0.15 * words])
            best = np.maximum(best, score)
        return best

    def match(self, text: str, limit: int | None = None) -> list[Candidate]:
        """Ranked candidates for one text (best first, at most ``limit``, ties by URI)."""
        return self.match_many([text], limit)[0]

    def match_many(self, texts: Sequence[str], limit: int | None = None) -> list[list[Candidate]]:
        """Ranked candidates for each text."""
        return [self._match(text, self.limit if limit is None else limit) for text in texts]

    def _match(self, text: str, limit: int) -> list[Candidate]:
        variants = self._variants(text)
        if not variants:
            return []
        stages = [self._shortlist(_index_text(v)) for v in self._raw_variants(text)]
        found = [labels for labels, _ in stages]
        # An exact canonical hit is always considered, whatever the n-gram stage says.
        found += [np.asarray(self.exact_.get(v, []), dtype=np.intp) for v in variants]
        idx = np.unique(np.concatenate(found))
        cosine = np.zeros(len(idx))
        for _, dense in stages:
            if dense is not None:
                cosine = np.maximum(cosine, dense[idx])
        return self._rank(text, variants, idx, limit, cosine)

    def _raw_variants(self, text: str) -> list[str]:
        """The text, and the text without filler words if that differs."""
        stripped = strip_filler(text)
        return [text, stripped] if stripped and canonical(stripped) != canonical(text) else [text]

    def _variants(self, text: str) -> list[str]:
        """The canonical query, and the canonical query without filler if that differs."""
        full = canonical(text)
        if not full:
            return []
        stripped = canonical(strip_filler(text))
        return [full, stripped] if stripped and stripped != full else [full]

    def _rank(
        self,
        text: str,
        variants: list[str],
        idx: npt.NDArray[np.intp],
        limit: int,
        cosine: npt.NDArray[np.float64],
    ) -> list[Candidate]:
        if len(idx) == 0:
            return []
        scores = self._score(variants, idx)
        # The lowercase, unfolded text breaks near-ties that folding and stemming create
        # ("joining metals" is one label, "join metal" another one).
        plain = " ".join(_TOKEN.findall(_plain(text)))
        raw = process.cdist([plain], [self.plain_[i] for i in idx], scorer=fuzz.ratio)[0]
        w = self.cosine_weight
        scores = (0.9 - w) * scores + 0.1 * raw + w * 100.0 * np.minimum(cosine, 1.0)
        # A preferred label outranks the same text used as another concept's alternative:
        # a small bonus in the sort key only, so the reported score stays 0-100.
        keys = scores + 0.5 * self.is_preferred_[idx]
        best: dict[str, tuple[float, float, int]] = {}
        for key, score, i in zip(keys.tolist(), scores.tolist(), idx.tolist(), strict=True):
            uri = self.uris_[i]
            if uri not in best or key > best[uri][0]:
                best[uri] = (key, score, i)
        ranked = sorted(best.items(), key=lambda kv: (-round(kv[1][0], 6), kv[0]))[:limit]
        return [
            Candidate(
                uri=uri,
                label=self.preferred_[uri],
                score=round(min(score, 100.0), 2),
                matched_label=self.texts_[i],
            )
            for uri, (_, score, i) in ranked
        ]

    def complete(self, text: str, limit: int | None = None) -> list[Candidate]:
        """Autocomplete: :meth:`match`, plus labels that complete an unfinished last word.

        "forkl" finds "operate forklift": a label qualifies when one of its words starts
        with the last typed word and it holds every earlier typed word. Such a completion
        scores 80-100 (more of the label typed, higher), so a close fuzzy match of whole
        words still ranks first.
        """
        limit = self.limit if limit is None else limit
        found = self.match(text, limit)
        tokens = _TOKEN.findall(_plain(text))
        # A 2-letter last word is enough once earlier words narrow the labels down.
        if not tokens or text.endswith(" ") or len(tokens[-1]) < (2 if len(tokens) > 1 else 3):
            return found
        *earlier, last = tokens
        hits: set[int] = set()
        if earlier:
            # Labels holding every earlier word, then a word that starts with the last one.
            postings = [set(self.word_labels_.get(w, ())) for w in earlier]
            hits = {
                i
                for i in set.intersection(*postings)
                if any(w.startswith(last) for w in self.plain_[i].split())
            }
        else:
            lo = bisect.bisect_left(self.words_, last)
            hi = bisect.bisect_left(self.words_, last + "\uffff")
            for word in self.words_[lo : min(hi, lo + 100)]:  # bounded for a short prefix
                hits.update(self.word_labels_[word])
        typed = len(" ".join(tokens))
        best: dict[str, tuple[float, int]] = {}
        for i in hits:
            score = 80.0 + 20.0 * min(1.0, typed / max(len(self.plain_[i]), 1))
            uri = self.uris_[i]
            if uri not in best or score > best[uri][0]:
                best[uri] = (score, i)
        merged = {c.uri: c for c in found}
        for uri, (score, i) in heapq.nsmallest(
            limit, best.items(), key=lambda kv: (-kv[1][0], kv[0])
        ):
            if uri not in merged or score > merged[uri].score:
                merged[uri] = Candidate(uri, self.preferred_[uri], round(score, 2), self.texts_[i])
        return sorted(merged.values(), key=lambda c: (-c.score, c.uri))[:limit]

    def is_confident(self, candidate: Candidate | None) -> bool:
        """Whether a candidate is good enough to replace the text it came from."""
        return candidate is not None and candidate.score >= self.threshold

    def best(self, text: str) -> Candidate | None:
        """The top candidate if it is confident, else ``None`` (keep the text as text)."""
        found = self.match(text, limit=1)
        return found[0] if found and self.is_confident(found[0]) else None


class SkillNormaliser(LabelNormaliser):
    """Free-text skill phrases → ESCO skills."""

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy | None = None) -> Self:
        """A normaliser with default parameters fitted on every label of the skills."""
        return cls().fit(skill_labels(taxonomy or load_taxonomy()))


class OccupationNormaliser(LabelNormaliser):
    """Job titles → ESCO occupations."""

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy | None = None) -> Self:
        """A normaliser with default parameters fitted on every label of the occupations."""
        return cls().fit(occupation_labels(taxonomy or load_taxonomy()))


def skill_labels(taxonomy: Taxonomy) -> list[LabelEntry]:
    """``(uri, label, preferred label)`` for every label of every skill."""
    return [(s.uri, text, s.label) for s in taxonomy.skills.values() for text in s.labels]


def occupation_labels(taxonomy: Taxonomy) -> list[LabelEntry]:
    """``(uri, label, preferred label)`` for every label of every occupation."""
    return [(o.uri, text, o.label) for o in taxonomy.occupations.values() for text in o.labels]


@lru_cache(maxsize=1)
def default_skill_normaliser() -> SkillNormaliser:
    """The process-wide skill normaliser over the repository's taxonomy (built once)."""
    return SkillNormaliser.from_taxonomy(load_taxonomy())


@lru_cache(maxsize=1)
def default_occupation_normaliser() -> OccupationNormaliser:
    """The process-wide occupation normaliser over the repository's taxonomy (built once)."""
    return OccupationNormaliser.from_taxonomy(load_taxonomy())
