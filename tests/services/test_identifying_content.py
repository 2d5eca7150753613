"""The identifying-content guard: what it refuses, what it lets through, and what it says."""

from __future__ import annotations

import pytest

from jobmatch.errors import Invalid
from jobmatch.services.identifying_content import (
    kind_of_identifying_content,
    refuse_identifying_content,
)

OWN = ["Ana Maria Popescu"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("call +39 333 1234567", "a phone number"),
        ("tel. 0033 6 12 34 56 78", "a phone number"),
        ("write to a.p@example.org", "an e-mail address"),
        ("IBAN IT60X0542811101000000123456", "a bank account number (IBAN)"),
        ("RSSMRA85T10A562S", "a codice fiscale"),
        ("NIR 2 85 05 78 006 084 36", "a French social security number (NIR)"),
        ("rodné číslo 855312/1234", "a rodné číslo (Slovak birth number)"),
        ("passport YA1234567", "a document or ID number"),
        ("born 12/03/1990", "an exact date, such as a date of birth"),
        ("15 March 1992", "an exact date, such as a date of birth"),
        ("nata il 3 gennaio 1995", "an exact date, such as a date of birth"),
        ("cleaner at Via Roma 12", "a street address"),
        ("12 rue de la Paix", "a street address"),
        ("her name is Elira", "a person's name"),
        ("Signora Rossi's kitchen", "a person's name"),
        ("Blerina can cook", "a person's name"),
        ("www.facebook.com/someone", "a web address or social media profile"),
        # The person's own name from the vault, even misspelt.
        ("cooking with popesku family", "this person's name"),
        ("maria's recipes", "this person's name"),
    ],
)
def test_refuses(text: str, kind: str) -> None:
    assert kind_of_identifying_content(text, own_names=OWN) == kind


@pytest.mark.parametrize(
    "text",
    [
        "prepare vegetables",
        "use dishwashing machines",
        "HACCP food safety",
        "forklift licence",
        "driving licence B",
        "ISO 9001 quality procedures",
        "Microsoft Excel 2016",
        "cleaning, 3 years",
        "customer service in English and Italian",
        "Patience with children",
        "http://data.europa.eu/esco/skill/9b31016e-c99d-4bd2-a550-d5660dac5041",
        "mariage planning",
    ],
)
def test_lets_ordinary_skills_through(text: str) -> None:
    assert kind_of_identifying_content(text, own_names=OWN) is None


def test_the_message_names_the_field_and_the_kind_but_not_the_text() -> None:
    with pytest.raises(Invalid) as caught:
        refuse_identifying_content(
            {"skills.0.skill": "cooking", "skills.1.skill": "call +39 333 1234567"}
        )
    assert "Skill 2" in caught.value.message
    assert "phone number" in caught.value.message
    assert "1234567" not in caught.value.message
    assert list(caught.value.fields) == ["skills.1.skill"]
    assert "identity vault" in caught.value.fields["skills.1.skill"]
