"""Free text → ESCO concepts: robustness to the ways people write skills and job titles."""

from __future__ import annotations

import pytest

from jobmatch.matching.normalise import (
    Candidate,
    LabelNormaliser,
    OccupationNormaliser,
    SkillNormaliser,
    canonical,
    default_occupation_normaliser,
    default_skill_normaliser,
    strip_filler,
)

S = "http://data.europa.eu/esco/skill/"

# A small hand-made label set: (uri, label, preferred label).
LABELS = [
    (f"{S}forklift", "operate forklift", "operate forklift"),
    (f"{S}forklift", "forklift operation", "operate forklift"),
    (f"{S}events", "organise events", "organise events"),
    (f"{S}events", "event planning", "organise events"),
    (f"{S}colour", "apply colour theory", "apply colour theory"),
    (f"{S}centre", "manage a call centre", "manage a call centre"),
    (f"{S}paed", "paediatric nursing", "paediatric nursing"),
    (f"{S}dishes", "wash the dishes", "wash the dishes"),
    (f"{S}cash", "operate cash register", "operate cash register"),
    (f"{S}cash", "handle cash", "operate cash register"),
    (f"{S}clean", "clean hotel rooms", "clean hotel rooms"),
    (f"{S}care", "provide care for elderly people", "provide care for elderly people"),
    (f"{S}weld", "welding techniques", "welding techniques"),
    (f"{S}italian", "speak Italian", "speak Italian"),
    (f"{S}french", "speak French", "speak French"),
]


@pytest.fixture(scope="module")
def small() -> SkillNormaliser:
    return SkillNormaliser().fit(LABELS)


def top(normaliser: LabelNormaliser, text: str) -> str | None:
    found = normaliser.match(text, limit=1)
    return found[0].uri if found else None


def test_fit_follows_estimator_conventions() -> None:
    n = SkillNormaliser(shortlist=10, threshold=70.0)
    assert n.shortlist == 10 and n.threshold == 70.0
    assert not hasattr(n, "uris_")  # __init__ only stores parameters
    assert n.fit(LABELS) is n
    assert len(set(n.uris_)) == len({u for u, _, _ in LABELS})


def test_exact_label_scores_100_and_reports_what_matched(small: SkillNormaliser) -> None:
    [best] = small.match("Event planning", limit=1)
    assert best == Candidate(
        uri=f"{S}events", label="organise events", score=100.0, matched_label="event planning"
    )


@pytest.mark.parametrize(
    ("text", "uri"),
    [
        ("OPERATE FORKLIFT", "forklift"),  # case
        ("operate forkilft", "forklift"),  # transposition
        ("opertae forklfit", "forklift"),  # two edits
        ("wsah the dishes", "dishes"),
        ("forklift operate", "forklift"),  # word order
        ("cash register operate", "cash"),
        ("wash dishes", "dishes"),  # dropped stop word
        ("provide care for elderly", "care"),  # dropped word
        ("cleaning hotel room", "clean"),  # plural and -ing
        ("operating forklifts", "forklift"),
        ("organize events", "events"),  # American spelling
        ("apply color theory", "colour"),
        ("manage a call center", "centre"),
        ("pediatric nursing", "paed"),
        ("experience in welding techniques", "weld"),  # filler words
        ("good at handling cash", "cash"),
        ("able to speak italian", "italian"),
        ("I have 3 years of experience in event planning", "events"),
        ("forklift operation experience", "forklift"),
    ],
)
def test_robust_matching(small: SkillNormaliser, text: str, uri: str) -> None:
    assert top(small, text) == f"{S}{uri}"


def test_similar_labels_are_told_apart(small: SkillNormaliser) -> None:
    assert top(small, "speak french") == f"{S}french"
    assert top(small, "speak italain") == f"{S}italian"


def test_unknown_text_is_not_confident(small: SkillNormaliser) -> None:
    for text in ("quantum chromodynamics", "zzzz", "purple elephant dreams"):
        assert small.best(text) is None
        assert not any(small.is_confident(c) for c in small.match(text))
    assert small.match("") == []
    assert small.match("  ,;  ") == []
    assert small.best("operate forklift") is not None


def test_scores_are_ranked_bounded_and_unique(small: SkillNormaliser) -> None:
    found = small.match("operate", limit=10)
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 100.0 for s in scores)
    assert len({c.uri for c in found}) == len(found)


def test_deterministic_with_ties_broken_by_uri() -> None:
    labels = [(f"{S}b", "bake bread", "bake bread"), (f"{S}a", "bake bread", "bake bread")]
    a = SkillNormaliser().fit(labels).match("bake bread")
    b = SkillNormaliser().fit(list(reversed(labels))).match("bake bread")
    assert a == b
    assert [c.uri for c in a] == [f"{S}a", f"{S}b"]


def test_preferred_label_wins_a_tie_with_an_alternative() -> None:
    labels = [
        (f"{S}a", "tidy rooms", "service rooms"),
        (f"{S}a", "service rooms", "service rooms"),
        (f"{S}b", "tidy rooms", "tidy rooms"),
    ]
    assert top(SkillNormaliser().fit(labels), "tidy rooms") == f"{S}b"


def test_canonical_folds_spelling_case_accents_and_endings() -> None:
    assert canonical("Organising") == canonical("organizing") == canonical("organise")
    assert canonical("Colours") == canonical("color")
    assert canonical("théâtre") == canonical("theater")
    assert canonical("Analyse data") == canonical("analyze data")
    assert canonical("travelling") == canonical("traveling")
    assert canonical("C++ & C#") == "c++ and c#"


def test_strip_filler() -> None:
    assert strip_filler("Experience in welding") == "welding"
    assert strip_filler("good at customer service.") == "customer service"
    assert strip_filler("able to drive a van") == "drive a van"
    assert strip_filler("knowledge of Excel") == "excel"
    assert strip_filler("I have 5 years of experience in cooking") == "cooking"
    assert strip_filler("cooking experience") == "cooking"
    assert strip_filler("cooking") == "cooking"


@pytest.fixture(scope="module")
def skills() -> SkillNormaliser:
    return default_skill_normaliser()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("experience in operating forklifts", "operate forklift"),
        ("good at customer service", "customer service"),
        ("wash the dishes", "wash the dishes"),
        ("able to speak italian", "interact verbally in Italian"),
        ("work in teams", "work in teams"),
        ("teams work in", "work in teams"),
        ("use microsoft ofice", "use microsoft office"),
    ],
)
def test_real_taxonomy_examples(skills: SkillNormaliser, text: str, label: str) -> None:
    best = skills.best(text)
    assert best is not None and best.label == label


def test_real_taxonomy_unknown_text(skills: SkillNormaliser) -> None:
    for text in ("purple elephant dreams", "qwertyuiop", "my cat is called Tom"):
        assert skills.best(text) is None


def test_occupation_normaliser_maps_job_titles() -> None:
    occupations = default_occupation_normaliser()
    assert isinstance(occupations, OccupationNormaliser)
    for title, label in [
        ("software developer", "software developer"),
        ("sofware developper", "software developer"),
        ("web site developer", "web developer"),
        ("database administrator", "database administrator"),
    ]:
        best = occupations.best(title)
        assert best is not None and best.label == label, (title, best)
    assert occupations.best("purple elephant dreams") is None


def test_complete_finishes_an_unfinished_last_word(small: SkillNormaliser) -> None:
    assert small.complete("forkl", limit=1)[0].uri == f"{S}forklift"
    assert small.complete("speak ita", limit=1)[0].uri == f"{S}italian"
    assert small.complete("operate cash reg", limit=1)[0].uri == f"{S}cash"
    # Whole words typed: the same answer as match().
    assert small.complete("wash the dishes") == small.match("wash the dishes")
    # Completion scores stay in 80-100 and the list is ranked and deduplicated.
    found = small.complete("oper", limit=5)
    assert {c.uri for c in found} >= {f"{S}forklift", f"{S}cash"}
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert len({c.uri for c in found}) == len(found)


def test_filler_words_do_not_eat_skill_verbs(small: SkillNormaliser) -> None:
    # "use", "work" start many ESCO labels: they are not filler.
    assert strip_filler("use welding equipment") == "use welding equipment"
    assert strip_filler("work in teams") == "work in teams"
