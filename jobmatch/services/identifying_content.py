"""The guard on every free-text field of a profile (and on what a caseworker writes to an
employer): refuse names, contact details, street addresses, document numbers and exact dates.

A profile must not single a person out; identity lives in the vault. The check is deliberately
cautious: a false alarm costs the caseworker a rewording, a miss can cost a person their safety.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from jobmatch.errors import Invalid, Message, Plural

# The kinds of content found, in words that go into a sentence ("This looks like ...").
NAME_KIND = Message("this person's name")
ESCO_URI = re.compile(r"^https?://data\.europa\.eu/esco/\S+$")

EMAIL = re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
URL = re.compile(r"(?:https?://|www\.)\S+|\b\S+\.(?:com|it|fr|sk|org|net|eu)/\S*", re.IGNORECASE)
# Digits with the separators people type in phone numbers; counted below (8 to 15 digits).
PHONE = re.compile(r"(?:\+|\b00)?\d[\d\s().\-/]{5,}\d")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}\b", re.IGNORECASE)
CODICE_FISCALE = re.compile(
    r"\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b",
    re.IGNORECASE,
)
FRENCH_NIR = re.compile(r"\b[12]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}(?:\s?\d{2})?\b")
RODNE_CISLO = re.compile(r"\b\d{2}[0156]\d[0-3]\d\s?/\s?\d{3,4}\b")
# Letters and at least five digits in one token: passports, ID cards, permits, case numbers.
DOCUMENT = re.compile(r"\b(?=[A-Z0-9]*\d{5})(?=[A-Z0-9]*[A-Z])[A-Z0-9]{7,20}\b", re.IGNORECASE)
DOCUMENT_WORDS = re.compile(
    r"\b(?:passport|passaporto|passeport|pas|id\s*card|carta\s+d['’]identit[aà]|"
    r"carte\s+d['’]identit[ée]|občiansky|obciansky|permesso\s+di\s+soggiorno|"
    r"titre\s+de\s+s[ée]jour|document\s+(?:no|number)|n[°º]|nr\.?|no\.)\s*[:#]?\s*[A-Z0-9]*\d{3,}",
    re.IGNORECASE,
)
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|"
    "dicembre|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|"
    "novembre|d[ée]cembre|janu[aá]r[a]?|febru[aá]r[a]?|marec|marca|apr[ií]l[a]?|m[aá]j[a]?|"
    "j[uú]n[a]?|j[uú]l[a]?|august[a]?|septemb(?:er|ra)|okt[oó]b(?:er|ra)|novemb(?:er|ra)|"
    "decemb(?:er|ra)"
)
EXACT_DATE = re.compile(
    r"\b\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*(?:19|20)?\d{2}\b"
    r"|\b(?:19|20)\d{2}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{1,2}\b"
    rf"|\b\d{{1,2}}\.?\s*(?:{MONTHS})\.?\s*,?\s*(?:19|20)\d{{2}}\b"
    rf"|\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*(?:19|20)\d{{2}}\b",
    re.IGNORECASE,
)
BIRTH_WORDS = re.compile(
    r"\b(?:born|birth|date\s+of\s+birth|dob|nat[oa]\s+il|n[ée]e?\s+le|narodil[aa]?)\b",
    re.IGNORECASE,
)
STREET_WORDS = (
    r"via|viale|v\.le|piazza|p\.za|piazzale|corso|c\.so|vicolo|largo|strada|"
    r"rue|avenue|av\.|boulevard|bd|blvd|place|chemin|all[ée]e|impasse|quai|cours|"
    r"ulica|ul\.|n[aá]mestie|n[aá]m\.|cesta|"
    r"street|st\.|road|rd\.|lane|drive"
)
STREET = re.compile(
    rf"\b(?:{STREET_WORDS})\s+(?:[A-Za-zÀ-ž'’.-]+\s+){{0,4}}[A-Za-zÀ-ž'’.-]+\s*,?\s*\d{{1,4}}[a-z]?\b"
    rf"|\b\d{{1,4}}[a-z]?\s*,?\s*(?:bis\s+|ter\s+)?(?:{STREET_WORDS})\s+[A-Za-zÀ-ž'’-]{{2,}}",
    re.IGNORECASE,
)
NAME_PHRASES = re.compile(
    r"\b(?i:my\s+name\s+is|her\s+name\s+is|his\s+name\s+is|named|called|"
    r"si\s+chiama|mi\s+chiamo|nome|s'appelle|je\s+m'appelle|pr[ée]nom|volá\s+sa|meno)\s*:?\s+"
    r"[A-ZÀ-Ž]"
    r"|\b(?i:mr|mrs|ms|miss|sig|sig\.ra|signor|signora|signorina|m\.|mme|mlle|monsieur|madame|"
    r"mademoiselle|p\.|pán|pani|pan)\.?\s+[A-ZÀ-Ž][a-zà-ž]+"
)
# Common given names of the people the networks support and of the three countries; matched
# only as a capitalised word, so that ordinary skill words do not trip them.
COMMON_GIVEN_NAMES = frozenset(
    """
    Ana Anna Maria Mariana Elena Ioana Andreea Alina Mihaela Gabriela Cristina Daniela Adriana
    Florentina Nicoleta Roxana Ionut Andrei Alexandru Mihai Constantin Gheorghe Vasile Florin
    Chioma Ngozi Amaka Ifeoma
    Adaeze Chinwe Nneka Funmilayo Folake Aisha Fatima Fatou Aminata Mariam Hawa Osas Osaretin
    Efosa Eghosa Uyi Osagie Chukwuemeka Emeka Chinedu Oluwaseun Tunde Ibrahim Mohamed Mohammed
    Ahmed Abdul Moussa Mamadou Ousmane Abdoulaye Amadou Ali Hassan Hussein Omar Youssef Karim
    Arben Besnik Dritan Ermal Fatmir Gentian Ilir Klodian Erjon Elira Anila Besa Blerina Brunilda
    Ermira Jonida Mirela Dorina Olena Oksana Iryna Tetiana Natalia Svitlana Yulia Olga Tatiana
    Irina Svetlana Ekaterina Dmitri Sergei Oleksandr Volodymyr Mykola Viktor Yuriy Petro Bogdan
    Giuseppe Giovanni Francesco Antonio Alessandro Luca Marco Andrea Matteo Lorenzo Giulia Chiara
    Francesca Sara Martina Valentina Federica Alessia Silvia Paola Roberta Simona Jean Pierre
    Michel Philippe Nicolas Julien Camille Marie Nathalie Isabelle Sophie Aurélie Céline Juraj
    Ján Jozef Peter Martin Tomáš Marek Lukáš Michal Zuzana Katarína Jana Lucia Mária Ivana
    Monika Veronika Lenka Miroslava Eva Kateryna Lamin Kwame Kofi Ama Abena Akua Esi
    """.split()  # noqa: SIM905  (a word list reads better as words)
)
WORD = re.compile(r"[A-Za-zÀ-ž]+(?:['’-][A-Za-zÀ-ž]+)*")
# Name parts are compared word by word, apostrophes and hyphens split ("Maria's", "Jean-Luc").
LETTERS = re.compile(r"[A-Za-zÀ-ž]+")


@dataclass(frozen=True)
class Finding:
    """A field and the kind of identifying content found in it."""

    field: str
    kind: Message


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _iban_valid(candidate: str) -> bool:
    compact = re.sub(r"\s", "", candidate).upper()
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in moved)
    return int(digits) % 97 == 1


def _phone(text: str) -> bool:
    for match in PHONE.finditer(text):
        digits = sum(c.isdigit() for c in match.group())
        if 8 <= digits <= 15:
            return True
    return False


def _own_name(text: str, names: Iterable[str]) -> bool:
    """True if a word of ``text`` is, give or take a typo, a part of the person's own name."""
    parts = {p for name in names for p in (_fold(w) for w in LETTERS.findall(name)) if len(p) >= 3}
    if not parts:
        return False
    for word in (_fold(w) for w in LETTERS.findall(text)):
        if len(word) < 3:
            continue
        for part in parts:
            if word == part:
                return True
            if min(len(word), len(part)) >= 5 and fuzz.ratio(word, part) >= 85:
                return True
    return False


def kind_of_identifying_content(text: str, *, own_names: Iterable[str] = ()) -> Message | None:
    """What identifying content ``text`` holds, in words ("a phone number"), or None."""
    if not text or ESCO_URI.match(text.strip()):
        return None
    if _own_name(text, own_names):
        return NAME_KIND
    if EMAIL.search(text):
        return Message("an e-mail address")
    if URL.search(text):
        return Message("a web address or social media profile")
    for match in IBAN.finditer(text):
        if _iban_valid(match.group()):
            return Message("a bank account number (IBAN)")
    if CODICE_FISCALE.search(text):
        return Message("a codice fiscale")
    if RODNE_CISLO.search(text):
        return Message("a rodné číslo (Slovak birth number)")
    if FRENCH_NIR.search(text):
        return Message("a French social security number (NIR)")
    if EXACT_DATE.search(text) or (BIRTH_WORDS.search(text) and re.search(r"\d", text)):
        return Message("an exact date, such as a date of birth")
    if DOCUMENT_WORDS.search(text) or DOCUMENT.search(text):
        return Message("a document or ID number")
    if _phone(text):
        return Message("a phone number")
    if STREET.search(text):
        return Message("a street address")
    if NAME_PHRASES.search(text):
        return Message("a person's name")
    if any(word in COMMON_GIVEN_NAMES for word in WORD.findall(text)):
        return Message("a person's name")
    return None


def find_identifying_content(
    texts: Mapping[str, str | None], *, own_names: Iterable[str] = ()
) -> list[Finding]:
    """Every field of ``texts`` (field name → text) that holds identifying content."""
    names = list(own_names)
    findings = []
    for field, text in texts.items():
        kind = kind_of_identifying_content(text or "", own_names=names)
        if kind is not None:
            findings.append(Finding(field=field, kind=kind))
    return findings


def field_label(field: str) -> str:
    """A field name such as ``skills.1.skill`` in words: "Skill 2"."""
    parts = field.split(".")
    number = int(parts[1]) + 1 if len(parts) > 1 and parts[1].isdigit() else None
    if parts[0] == "skills" and number is not None:
        return Message("Skill %(n)s", n=number)
    if parts[0] == "experience" and number is not None:
        return Message("Experience %(n)s", n=number)
    if parts[0] == "message":
        return Message("Message")
    return parts[0].replace("_", " ").capitalize()


def refuse_identifying_content(
    texts: Mapping[str, str | None], *, own_names: Iterable[str] = ()
) -> None:
    """Raise ``Invalid`` naming each field and the kind of content found; the caller saves
    nothing. The message never repeats the text itself."""
    findings = find_identifying_content(texts, own_names=own_names)
    if not findings:
        return
    fields: dict[str, str] = {
        f.field: Message(
            "This looks like %(kind)s. Profiles must not identify the person: "
            "keep names and contact details in the identity vault.",
            kind=f.kind,
        )
        for f in findings
    }
    first = findings[0]
    label, kind = field_label(first.field), first.kind
    if len(findings) == 1:
        message = Message(
            "Nothing was saved: %(field)s looks like it contains %(kind)s. "
            "Remove it and try again.",
            field=label,
            kind=kind,
        )
    else:
        message = Plural(
            "Nothing was saved: %(field)s looks like it contains %(kind)s "
            "(and %(n)s more field). Remove it and try again.",
            "Nothing was saved: %(field)s looks like it contains %(kind)s "
            "(and %(n)s more fields). Remove it and try again.",
            field=label,
            kind=kind,
            n=len(findings) - 1,
        )
    raise Invalid(message, fields)


def profile_texts(
    skills: Iterable[Mapping[str, object]], experience: Iterable[Mapping[str, object]]
) -> dict[str, str | None]:
    """The free-text fields of a profile's skills and experience, by field name."""
    texts: dict[str, str | None] = {}
    for i, item in enumerate(skills):
        texts[f"skills.{i}.skill"] = str(item.get("skill") or "")
    for i, item in enumerate(experience):
        texts[f"experience.{i}.occupation"] = str(item.get("occupation") or "")
    return texts
