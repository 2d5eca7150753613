"""The closed lists the employer forms offer as choices (labels are translated in templates)."""

from __future__ import annotations

OFFER_KINDS: tuple[tuple[str, str], ...] = (
    ("job", "Job"),
    ("placement", "Work placement"),
    ("apprenticeship", "Apprenticeship"),
    ("training", "Training"),
)
OFFER_STATUSES: tuple[tuple[str, str], ...] = (
    ("draft", "Draft"),
    ("open", "Open"),
    ("filled", "Filled"),
    ("closed", "Closed"),
)
SUPPORTS: tuple[tuple[str, str], ...] = (
    ("housing", "Housing"),
    ("transport", "Transport"),
    ("childcare", "Childcare"),
    ("mentoring", "Mentoring"),
    ("language_course", "Language course"),
)
CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")
# The languages most asked for in the three countries and spoken by the people supported.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("it", "Italian"),
    ("fr", "French"),
    ("sk", "Slovak"),
    ("en", "English"),
    ("de", "German"),
    ("es", "Spanish"),
    ("pt", "Portuguese"),
    ("ro", "Romanian"),
    ("bg", "Bulgarian"),
    ("hu", "Hungarian"),
    ("pl", "Polish"),
    ("cs", "Czech"),
    ("uk", "Ukrainian"),
    ("ru", "Russian"),
    ("sq", "Albanian"),
    ("ar", "Arabic"),
    ("zh", "Chinese"),
    ("tl", "Tagalog"),
    ("hi", "Hindi"),
    ("bn", "Bengali"),
    ("ur", "Urdu"),
    ("pa", "Punjabi"),
    ("wo", "Wolof"),
    ("ha", "Hausa"),
    ("yo", "Yoruba"),
    ("ig", "Igbo"),
    ("ti", "Tigrinya"),
    ("am", "Amharic"),
    ("so", "Somali"),
    ("fa", "Persian"),
    ("ps", "Pashto"),
    ("vi", "Vietnamese"),
    ("th", "Thai"),
    ("tr", "Turkish"),
)
# NACE Rev. 2 sections.
SECTORS: tuple[tuple[str, str], ...] = (
    ("A", "Agriculture, forestry and fishing"),
    ("B", "Mining and quarrying"),
    ("C", "Manufacturing"),
    ("D", "Electricity, gas, steam and air conditioning supply"),
    ("E", "Water supply, sewerage and waste management"),
    ("F", "Construction"),
    ("G", "Wholesale and retail trade, repair of vehicles"),
    ("H", "Transportation and storage"),
    ("I", "Accommodation and food service"),
    ("J", "Information and communication"),
    ("K", "Financial and insurance activities"),
    ("L", "Real estate activities"),
    ("M", "Professional, scientific and technical activities"),
    ("N", "Administrative and support services"),
    ("O", "Public administration and defence"),
    ("P", "Education"),
    ("Q", "Human health and social work"),
    ("R", "Arts, entertainment and recreation"),
    ("S", "Other service activities"),
    ("T", "Households as employers"),
    ("U", "Extraterritorial organisations"),
)
ORGANISATION_SIZES: tuple[tuple[str, str], ...] = (
    ("1-9", "1 to 9 people"),
    ("10-49", "10 to 49 people"),
    ("50-249", "50 to 249 people"),
    ("250+", "250 people or more"),
)
EXPERIENCE_BANDS: dict[str, str] = {
    "0": "No experience",
    "<1": "Less than a year",
    "1-2": "1 to 2 years",
    "3-5": "3 to 5 years",
    "6-10": "6 to 10 years",
    "10+": "More than 10 years",
    "0-2": "Up to 2 years",
    "3+": "3 years or more",
    "*": "Not shown",
}


def label_of(choices: tuple[tuple[str, str], ...], value: str | None) -> str:
    """The label of ``value`` in ``choices``, or the value itself."""
    return dict(choices).get(value or "", value or "")


INTRODUCTION_STATUSES: dict[str, str] = {
    "requested": "Waiting for the caseworker",
    "approved": "Approved",
    "declined": "Declined",
    "withdrawn": "Withdrawn",
    "expired": "Expired",
}
DECLINE_REASONS: dict[str, str] = {
    "lacking_skills": "The person lacks skills the offer needs",
    "conditions_unsuitable": "The conditions do not suit the person",
    "safety_concern": "For the person's safety",
    "not_interested": "The person is not interested",
    "not_ready": "The person is not ready yet",
    "already_placed": "The person has found work",
    "other": "Another reason",
}
DISCLOSED_FIELDS: dict[str, str] = {
    "first_name": "First name",
    "full_name": "Full name",
    "phone": "Phone",
    "email": "E-mail",
    "best_time": "Best time to call",
    "note": "Note from the caseworker",
}
# The parts of a match score (jobmatch/matching/scoring.py WEIGHTS), as the pages name them.
SCORE_PARTS: dict[str, str] = {
    "essential": "Essential skills",
    "optional": "Optional skills",
    "related": "Related skills",
    "occupation": "Occupation",
    "experience": "Experience in the occupation",
    "language": "Languages",
    "place": "Place",
    "start": "Start date",
}
