"""Illustrative statement texts for the demo's speakers. None of them is on the public record: each
says so in its first line, and is made from a few paragraphs on the panel's four themes, so that the
search, the theme suggestions and the summary have words to work on."""

import hashlib
import io

from docx import Document

NOTICE = (
    "[Illustrative text invented for the Hemicycle demo: not the statement that {name} delivered "
    "on 11 September 2013.]"
)
OPENING = "Mr. President, {name} thanks you for convening this dialogue on State responsibility and prevention."
PARAGRAPHS = [
    # The causes and dynamics of atrocity crimes
    "Atrocity crimes do not happen by chance. Genocide, war crimes, ethnic cleansing and crimes "
    "against humanity grow from the exclusion of groups, from impunity and from hate speech that "
    "incites violence; understanding these causes and dynamics is where prevention begins.",
    "The Secretary-General's report shows how risk factors accumulate over years: discrimination, "
    "the weakness of institutions and the absence of accountability are warning signs we must read.",
    # Structural and operational measures for prevention
    "Prevention needs structural and operational measures: the rule of law, independent courts, "
    "security forces under civilian control, and early warning mechanisms that reach decision makers.",
    "We have appointed a national focal point for the responsibility to protect and we encourage "
    "every State to join the network of focal points and to build national mechanisms for prevention.",
    # Lessons learned from preventive action
    "Our own history taught us lessons: preventive diplomacy, mediation by regional organisations and "
    "the voice of civil society saved lives where early action was taken.",
    "The lessons learned from experiences to date show that preventive action works best when it is "
    "early, national and supported by regional and international partners.",
    # The way forward
    "On the way forward, we support strengthening national atrocity prevention efforts, a stronger "
    "role for the General Assembly and a formal agenda item on the responsibility to protect.",
    "The way forward lies in implementation: assistance to States under stress, training, and the "
    "full and balanced implementation of all three pillars.",
]
FRENCH = (
    "[Texte d'illustration inventé pour la démonstration de Hemicycle : ce n'est pas la déclaration "
    "de {name}.] La prévention des atrocités commence par l'alerte rapide, l'état de droit et la "
    "lutte contre l'impunité. Nous appuyons le renforcement des mécanismes nationaux de prévention."
)
FRENCH_SPEAKING = {"FRA", "BEL", "CIV", "TGO", "LUX", "SEN", "MAR"}


def text_for(code: str, name: str) -> str:
    """Three of the paragraphs, chosen by the delegation's code: the same every time."""
    seed = int(hashlib.sha256(code.encode()).hexdigest(), 16)
    chosen = sorted({seed % 8, (seed // 8) % 8, (seed // 64) % 8})
    return "\n".join(
        [NOTICE.format(name=name), OPENING.format(name=name)] + [PARAGRAPHS[i] for i in chosen]
    )


def as_docx(text: str, title: str) -> bytes:
    document = Document()
    document.core_properties.title = title
    for paragraph in text.splitlines():
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
