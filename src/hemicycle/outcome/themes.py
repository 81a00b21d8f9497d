"""Which of the meeting's themes a statement raises, as a suggestion for the secretariat: TF-IDF
vectors of the statements and of the themes' descriptions, compared by cosine similarity. Local and
deterministic: scikit-learn, nothing downloaded. The secretariat decides; this only orders the
choices and marks the likely ones."""

from collections.abc import Mapping, Sequence

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

THRESHOLD = 0.08  # below this a theme is not suggested (the best one is, if any is above zero)


def meeting_themes(segments: Sequence[Sequence[str]]) -> list[str]:
    """The meeting's themes, once each, in the order the programme first gives them."""
    seen: dict[str, None] = {}
    for themes in segments:
        for theme in themes:
            seen.setdefault(theme.strip(), None)
    return [t for t in seen if t]


def scores(texts: Mapping[int, str], themes: Sequence[str]) -> dict[int, dict[str, float]]:
    """Each statement's similarity to each theme, 0 to 1."""
    keys = [k for k, text in texts.items() if text.strip()]
    if not keys or not themes:
        return {k: dict.fromkeys(themes, 0.0) for k in texts}
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2))
    matrix = vectorizer.fit_transform([texts[k] for k in keys] + list(themes))
    similarity = cosine_similarity(matrix[: len(keys)], matrix[len(keys) :])
    found = {
        k: {theme: round(float(similarity[i, j]), 4) for j, theme in enumerate(themes)}
        for i, k in enumerate(keys)
    }
    return {k: found.get(k, dict.fromkeys(themes, 0.0)) for k in texts}


def suggested(similar: Mapping[str, float]) -> list[str]:
    """The themes to suggest for one statement: those above THRESHOLD, or else the best one."""
    above = [t for t, s in sorted(similar.items(), key=lambda x: -x[1]) if s >= THRESHOLD]
    if above:
        return above
    best = max(similar.items(), key=lambda x: x[1], default=("", 0.0))
    return [best[0]] if best[1] > 0 else []
