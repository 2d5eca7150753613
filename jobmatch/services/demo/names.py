"""Invented names: staff of the demo organisations and the beneficiaries in the vault.

Every person here is fictional; combinations are drawn at random from common first names and
surnames of each country or community.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """Where a beneficiary comes from, as far as the demo needs: names, languages, phone prefix."""

    key: str
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    # Mother tongue(s) (ISO 639-1) and other languages often known, with typical levels.
    native: tuple[str, ...]
    others: tuple[tuple[str, tuple[str, ...]], ...] = ()


STAFF_NAMES = {
    "IT": (
        (
            "Chiara",
            "Francesca",
            "Giulia",
            "Marta",
            "Elena",
            "Paola",
            "Silvia",
            "Luca",
            "Marco",
            "Davide",
            "Andrea",
            "Stefano",
            "Valentina",
            "Federica",
            "Matteo",
            "Simona",
        ),
        (
            "Bertolino",
            "Gallesio",
            "Ferraris",
            "Canepa",
            "Moretti",
            "Bianchini",
            "Lombardo",
            "Santoro",
            "Pellegrini",
            "Marchetti",
            "Galli",
            "Ferri",
            "Cerutti",
            "Vitale",
            "Ruggieri",
        ),
    ),
    "FR": (
        (
            "Camille",
            "Claire",
            "Sophie",
            "Julie",
            "Nadia",
            "Hélène",
            "Thomas",
            "Nicolas",
            "Karim",
            "Julien",
            "Élodie",
            "Mathilde",
            "Sébastien",
            "Amandine",
        ),
        (
            "Lefèvre",
            "Moreau",
            "Girard",
            "Fontaine",
            "Chevalier",
            "Benali",
            "Roussel",
            "Mercier",
            "Lemoine",
            "Garnier",
            "Faure",
            "Perrin",
            "Brunet",
        ),
    ),
    "SK": (
        (
            "Zuzana",
            "Katarína",
            "Lucia",
            "Martina",
            "Jana",
            "Ivana",
            "Peter",
            "Martin",
            "Tomáš",
            "Michal",
            "Eva",
            "Veronika",
        ),
        (
            "Kováčová",
            "Horváthová",
            "Vargová",
            "Tóthová",
            "Nagyová",
            "Baláž",
            "Novák",
            "Kollár",
            "Hudák",
            "Šimková",
            "Poláková",
            "Molnár",
        ),
    ),
    "EU": (
        ("Anna", "Lena", "Pieter", "Sofia", "Jonas", "Ines"),
        ("Verhoeven", "Lindqvist", "Almeida", "Kowalski", "Jansen", "Costa"),
    ),
}

ORIGINS: dict[str, Origin] = {
    o.key: o
    for o in (
        Origin(
            "nigeria",
            (
                "Blessing",
                "Joy",
                "Precious",
                "Favour",
                "Gift",
                "Osaro",
                "Efe",
                "Ivie",
                "Ehi",
                "Osas",
                "Omoye",
                "Adesuwa",
                "Funmi",
                "Chioma",
                "Ngozi",
            ),
            (
                "Osagie",
                "Omoruyi",
                "Eghosa",
                "Igbinosa",
                "Aigbe",
                "Ehigiator",
                "Okoro",
                "Adeyemi",
                "Okafor",
                "Obaseki",
                "Iyamu",
                "Ogbeide",
            ),
            ("yo",),
            (("en", ("B1", "B2", "C1")),),
        ),
        Origin(
            "nigeria_igbo",
            ("Chiamaka", "Adaeze", "Uchenna", "Nneka", "Obinna", "Ifeoma"),
            ("Nwosu", "Eze", "Okonkwo", "Anyanwu", "Nwachukwu"),
            ("ig",),
            (("en", ("B2", "C1")),),
        ),
        Origin(
            "romania",
            (
                "Ioana",
                "Andreea",
                "Mihaela",
                "Elena",
                "Alina",
                "Ionuț",
                "Florin",
                "Cristina",
                "Gabriela",
                "Adrian",
                "Daniela",
                "Vasile",
            ),
            (
                "Popescu",
                "Dumitrescu",
                "Stanciu",
                "Munteanu",
                "Ciobanu",
                "Lungu",
                "Constantin",
                "Moldovan",
                "Barbu",
                "Rusu",
                "Niculescu",
            ),
            ("ro",),
            (("en", ("A2", "B1")), ("it", ("A2", "B1"))),
        ),
        Origin(
            "moldova",
            ("Natalia", "Olga", "Veronica", "Tatiana", "Ion", "Victoria"),
            ("Ceban", "Rotaru", "Cojocaru", "Bivol", "Railean"),
            ("ro",),
            (("ru", ("B2", "C1")),),
        ),
        Origin(
            "bulgaria",
            (
                "Desislava",
                "Gergana",
                "Milena",
                "Silviya",
                "Tsvetelina",
                "Georgi",
                "Plamen",
                "Radostina",
            ),
            ("Petrova", "Georgieva", "Dimitrova", "Todorova", "Ivanov", "Stoyanov", "Kostadinova"),
            ("bg",),
            (("en", ("A2", "B1")),),
        ),
        Origin(
            "ukraine",
            (
                "Olena",
                "Oksana",
                "Iryna",
                "Kateryna",
                "Yuliia",
                "Mariia",
                "Andrii",
                "Dmytro",
                "Svitlana",
            ),
            ("Kovalenko", "Bondarenko", "Tkachenko", "Shevchuk", "Melnyk", "Kravets", "Moroz"),
            ("uk",),
            (("ru", ("B2", "C1")), ("en", ("A2", "B1"))),
        ),
        Origin(
            "albania",
            ("Elira", "Arjola", "Klodiana", "Besnik", "Erjona", "Dritan", "Anisa"),
            ("Hoxha", "Kola", "Shehu", "Leka", "Dervishi", "Mema"),
            ("sq",),
            (("it", ("B1", "B2")),),
        ),
        Origin(
            "morocco",
            ("Fatima Zahra", "Khadija", "Salma", "Imane", "Youssef", "Nabil", "Hanane"),
            ("El Idrissi", "Benjelloun", "Ouazzani", "El Amrani", "Tazi", "Berrada"),
            ("ar",),
            (("fr", ("A2", "B1", "B2")),),
        ),
        Origin(
            "ivory_coast",
            ("Aya", "Mariam", "Fanta", "Awa", "Kouamé", "Adjoua"),
            ("Kouassi", "Koné", "Traoré", "Yao", "Bamba", "Diabaté"),
            ("fr",),
            (("en", ("A1", "A2")),),
        ),
        Origin(
            "philippines",
            ("Maricel", "Rowena", "Jocelyn", "Analyn", "Rhea", "Jerome"),
            ("Dela Cruz", "Bautista", "Mendoza", "Villanueva", "Santos", "Dizon"),
            ("tl",),
            (("en", ("B2", "C1")),),
        ),
        Origin(
            "china",
            ("Li Na", "Wang Fang", "Zhang Min", "Liu Yan", "Chen Jing"),
            ("Zhou", "Huang", "Xu", "Sun", "Zhao"),
            ("zh",),
            (),
        ),
        Origin(
            "vietnam",
            ("Lan", "Hoa", "Thu Trang", "Minh Anh", "Duc", "Hanh"),
            ("Nguyen", "Tran", "Pham", "Hoang", "Vu", "Dang"),
            ("vi",),
            (("en", ("A1", "A2")),),
        ),
        Origin(
            "pakistan",
            ("Imran", "Bilal", "Asif", "Kamran", "Sajid", "Tariq"),
            ("Hussain", "Iqbal", "Mahmood", "Rashid", "Qureshi"),
            ("ur",),
            (("en", ("A2", "B1")), ("pa", ("C1",))),
        ),
        Origin(
            "bangladesh",
            ("Rahim", "Sumon", "Jahid", "Nasrin", "Shirin", "Habib"),
            ("Rahman", "Hossain", "Akter", "Chowdhury", "Uddin"),
            ("bn",),
            (("en", ("A2", "B1")),),
        ),
        Origin(
            "eritrea",
            ("Senait", "Selam", "Tesfay", "Yonas", "Luwam"),
            ("Tekle", "Gebremedhin", "Haile", "Berhane"),
            ("ti",),
            (("ar", ("A2",)), ("en", ("A2", "B1"))),
        ),
        Origin(
            "brazil",
            ("Thaís", "Juliana", "Larissa", "Rafael", "Camila"),
            ("Souza", "Oliveira", "Pereira", "Carvalho", "Ribeiro"),
            ("pt",),
            (("es", ("B1", "B2")),),
        ),
        Origin(
            "slovakia",
            ("Monika", "Simona", "Renáta", "Denisa", "Marek", "Lukáš", "Nikola", "Patrik"),
            ("Gáborová", "Balogová", "Horváth", "Oláh", "Lakatoš", "Dudáš", "Pompová"),
            ("sk",),
            (("hu", ("B1", "C1")), ("en", ("A1", "A2")), ("de", ("A2",))),
        ),
    )
}

# Where the beneficiaries supported in each country come from, with weights.
ORIGIN_MIX = {
    "IT": {
        "nigeria": 30,
        "nigeria_igbo": 6,
        "romania": 14,
        "albania": 8,
        "morocco": 8,
        "pakistan": 8,
        "bangladesh": 8,
        "china": 5,
        "eritrea": 4,
        "ukraine": 5,
        "brazil": 4,
    },
    "FR": {
        "nigeria": 18,
        "romania": 12,
        "morocco": 12,
        "ivory_coast": 12,
        "philippines": 8,
        "china": 8,
        "vietnam": 8,
        "brazil": 8,
        "bulgaria": 6,
        "ukraine": 6,
    },
    "SK": {
        "slovakia": 40,
        "ukraine": 20,
        "vietnam": 12,
        "moldova": 12,
        "bulgaria": 8,
        "romania": 8,
    },
}

PHONE_PREFIX = {"IT": "+39 3", "FR": "+33 6", "SK": "+421 9"}
