"""The training courses of the demo: titles per language, the ESCO skills each one teaches.

Skills are named by their ESCO preferred label, like the kinds of work in ``catalogue``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Course:
    """A training offer: titles per language, the skills it teaches, the language it needs."""

    key: str
    titles: dict[str, str]
    teaches: tuple[str, ...]
    language_level: str = "A2"
    sector: str = "P"
    hours: int = 20


# What the network's training providers teach: the essential skills the demo's employers ask
# for most, so that a gap in a good offer usually has a course that closes it.
COURSES: tuple[Course, ...] = (
    Course(
        "haccp",
        {
            "it": "Corso HACCP e igiene alimentare",
            "fr": "Formation hygiène alimentaire (HACCP)",
            "sk": "Kurz hygienického minima",
        },
        ("comply with food safety and hygiene", "food hygiene rules"),
        hours=12,
    ),
    Course(
        "kitchen_basics",
        {
            "it": "Corso di cucina professionale – modulo base",
            "fr": "Formation commis de cuisine",
            "sk": "Kurz kuchár – základy",
        },
        (
            "use cooking techniques",
            "use food preparation techniques",
            "cook vegetable products",
            "cook meat dishes",
            "wash the dishes",
            "clean kitchen equipment",
        ),
        hours=30,
    ),
    Course(
        "pizza",
        {
            "it": "Corso pizzaiolo/a",
            "fr": "Formation pizzaïolo",
            "sk": "Kurz pizzér – základy",
        },
        ("prepare pizza", "operate brick oven"),
        hours=20,
    ),
    Course(
        "dining_room",
        {
            "it": "Corso di sala e bar",
            "fr": "Formation serveur/serveuse en restauration",
            "sk": "Kurz čašník/čašníčka – obsluha hostí",
        },
        (
            "serve food in table service",
            "arrange tables",
            "serve beverages",
            "welcome restaurant guests",
        ),
        hours=20,
    ),
    Course(
        "housekeeping",
        {
            "it": "Addetto/a ai piani e alla lavanderia",
            "fr": "Formation valet/femme de chambre et blanchisserie",
            "sk": "Kurz chyžná – upratovanie izieb a práčovňa",
        },
        (
            "clean rooms",
            "make the beds",
            "service rooms",
            "wash the laundry",
            "iron textiles",
            "operate washer extractor",
        ),
        hours=20,
    ),
    Course(
        "bakery",
        {
            "it": "Laboratorio di panificazione",
            "fr": "Initiation à la boulangerie",
            "sk": "Kurz pekár – základy",
        },
        ("prepare bread products", "operate moulding of doughs", "cook pastry products"),
        hours=25,
    ),
    Course(
        "forklift",
        {
            "it": "Patentino per carrello elevatore",
            "fr": "CACES chariot élévateur",
            "sk": "Kurz obsluhy vysokozdvižného vozíka",
        },
        ("operate forklift", "conduct forklift inspections"),
        hours=16,
    ),
    Course(
        "warehouse",
        {
            "it": "Magazziniere/a – logistica di base",
            "fr": "Préparateur/trice de commandes en entrepôt",
            "sk": "Kurz skladník – vychystávanie a expedícia",
        },
        (
            "pick orders for dispatching",
            "operate warehouse materials",
            "perform loading and unloading operations",
        ),
        hours=20,
    ),
    Course(
        "driving",
        {
            "it": "Patente B per il lavoro",
            "fr": "Permis B : la mobilité vers l'emploi",
            "sk": "Vodičský kurz skupiny B",
        },
        ("drive vehicles", "obey traffic rules", "drive in urban areas"),
        hours=10,
    ),
    Course(
        "care",
        {
            "it": "Corso OSS – modulo assistenza di base",
            "fr": "Assistant(e) de vie aux familles – module 1",
            "sk": "Akreditovaný kurz opatrovania",
        },
        (
            "tend to elderly people",
            "provide basic support to patients",
            "assist with dressing",
            "provide in-home support for disabled individuals",
            "hygiene in a health care setting",
            "transfer patients",
            "distribute meals to patients",
        ),
        language_level="B1",
        hours=25,
    ),
    Course(
        "sewing",
        {
            "it": "Laboratorio di sartoria industriale",
            "fr": "Atelier couture et retouches",
            "sk": "Kurz šitia na priemyselných strojoch",
        },
        (
            "sew pieces of fabric",
            "use manual sewing techniques",
            "operate garment manufacturing machines",
            "cut fabrics",
        ),
        sector="C",
        hours=20,
    ),
    Course(
        "production",
        {
            "it": "Operatore/trice di produzione e confezionamento",
            "fr": "Agent(e) de fabrication et de conditionnement",
            "sk": "Kurz operátor/ka výroby a balenia",
        },
        (
            "assemble goods",
            "follow written instructions",
            "work in assembly line teams",
            "use packaging equipment",
            "label foodstuffs",
        ),
        hours=20,
    ),
    Course(
        "welding",
        {
            "it": "Corso di saldatura – base",
            "fr": "Initiation au soudage",
            "sk": "Zváračský kurz – základy",
        },
        (
            "use welding equipment",
            "apply arc welding techniques",
            "perform metal inert gas welding",
        ),
        hours=30,
    ),
    Course(
        "agriculture",
        {
            "it": "Operatore/trice agricolo/a – raccolta e potatura",
            "fr": "Ouvrier/ère agricole – récolte et taille",
            "sk": "Kurz poľnohospodárske práce – zber a rez",
        },
        (
            "harvest crop",
            "apply health and safety when picking",
            "load picked fruits and vegetables",
            "harvest grapes",
            "perform hand pruning",
            "pruning techniques",
        ),
        language_level="A1",
        hours=20,
    ),
    Course(
        "gardening",
        {
            "it": "Manutenzione del verde",
            "fr": "Entretien des espaces verts",
            "sk": "Kurz údržby zelene",
        },
        ("use gardening equipment", "provide lawn care", "prune hedges and trees"),
        hours=20,
    ),
    Course(
        "building",
        {
            "it": "Cantiere scuola: edilizia e tinteggiatura",
            "fr": "Chantier-école bâtiment et peinture",
            "sk": "Kurz stavebných a maliarskych prác",
        },
        (
            "work in a construction team",
            "mix concrete",
            "paint surfaces",
            "prepare surface for painting",
            "use painting equipment",
        ),
        hours=30,
    ),
    Course(
        "cleaning",
        {
            "it": "Corso addetto/a alle pulizie professionali",
            "fr": "Formation agent(e) de propreté et d'hygiène",
            "sk": "Kurz profesionálneho upratovania",
        },
        (
            "clean building floors",
            "clean surfaces",
            "operate floor cleaning equipment",
            "disinfect surfaces",
        ),
        hours=20,
    ),
    Course(
        "safety",
        {
            "it": "Sicurezza sul lavoro – formazione generale e specifica",
            "fr": "Prévention des risques et gestes de sécurité",
            "sk": "Bezpečnosť a ochrana zdravia pri práci",
        },
        ("wear appropriate protective gear", "personal protective equipment", "provide first aid"),
        hours=8,
    ),
    Course(
        "digital",
        {
            "it": "Competenze digitali di base per il lavoro",
            "fr": "Initiation au numérique pour l'emploi",
            "sk": "Základy práce s počítačom",
        },
        (
            "have computer literacy",
            "use spreadsheets software",
            "use microsoft office",
            "install software",
            "use free typing techniques",
        ),
        hours=20,
    ),
    Course(
        "customer_service",
        {
            "it": "Operatore/trice di contact center",
            "fr": "Conseiller/ère relation client à distance",
            "sk": "Kurz operátor/ka zákazníckej linky",
        },
        (
            "communicate by telephone",
            "handle customer complaints",
            "maintain records of phone calls",
        ),
        language_level="B1",
        hours=20,
    ),
    Course(
        "retail",
        {
            "it": "Addetto/a vendite e cassa",
            "fr": "Employé(e) polyvalent(e) du commerce",
            "sk": "Kurz predavač – pokladník",
        },
        (
            "operate cash register",
            "manage cash desk",
            "assist customers",
            "stock shelves",
            "carry out stock rotation",
            "change shelf labels",
        ),
        sector="G",
        hours=20,
    ),
    Course(
        "hairdressing",
        {
            "it": "Corso di acconciatura – base",
            "fr": "Initiation à la coiffure",
            "sk": "Kurz kaderníctva – základy",
        },
        ("wash hair", "use equipment for hair care", "hair products"),
        hours=20,
    ),
    Course(
        "local_language",
        {
            "it": "Italiano per il lavoro (A2 → B1)",
            "fr": "Français langue étrangère à visée professionnelle",
            "sk": "Slovenčina pre prácu (A1 → A2)",
        },
        (),  # filled per country: understand and speak the country's language
        language_level="A1",
        hours=10,
    ),
)

COURSE_BY_KEY = {c.key: c for c in COURSES}
