"""Kinds of work in the demo, with their titles per language and their ESCO skills.

Skills are named by their ESCO preferred label and resolved to URIs against the real taxonomy
(``jobmatch.matching.taxonomy``); a label the taxonomy lacks is skipped, never invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from jobmatch.matching.taxonomy import Taxonomy, load_taxonomy
from jobmatch.services.demo.courses import COURSE_BY_KEY, COURSES


@dataclass(frozen=True)
class Family:
    """A kind of job: sector (NACE letter), ESCO occupation, titles and skills."""

    key: str
    sector: str
    occupation: str
    titles: dict[str, str]
    essential: tuple[str, ...]
    optional: tuple[str, ...]
    # How a caseworker might type the experience, per language (kept as free text).
    free_text: dict[str, tuple[str, ...]]
    language_level: str = "A2"
    hours: tuple[int, ...] = (20, 30, 36, 40)


FAMILIES: tuple[Family, ...] = (
    Family(
        "kitchen_assistant",
        "I",
        "kitchen assistant",
        {
            "it": "Aiuto cuoco/a",
            "fr": "Commis de cuisine",
            "sk": "Pomocná sila v kuchyni",
            "en": "Kitchen assistant",
        },
        (
            "use food preparation techniques",
            "comply with food safety and hygiene",
            "wash the dishes",
            "clean kitchen equipment",
        ),
        (
            "prepare vegetable products for use in a dish",
            "store kitchen supplies",
            "work in a hospitality team",
            "prepare sandwiches",
        ),
        {
            "it": ("preparazione verdure", "lavaggio stoviglie"),
            "fr": ("épluchage et découpe de légumes", "plonge"),
            "sk": ("príprava zeleniny", "umývanie riadu"),
        },
    ),
    Family(
        "cook",
        "I",
        "cook",
        {"it": "Cuoco/a di linea", "fr": "Cuisinier/ère", "sk": "Kuchár/ka", "en": "Line cook"},
        (
            "use cooking techniques",
            "comply with food safety and hygiene",
            "cook meat dishes",
            "cook vegetable products",
        ),
        (
            "prepare ready-made dishes",
            "cook sauce products",
            "compile cooking recipes",
            "cook fish",
        ),
        {
            "it": ("cucina per mense", "cucina africana e italiana"),
            "fr": ("cuisine collective", "cuisine du monde"),
            "sk": ("varenie pre jedáleň", "domáca kuchyňa"),
        },
        hours=(30, 36, 40),
    ),
    Family(
        "pizzaiolo",
        "I",
        "pizzaiolo",
        {"it": "Pizzaiolo/a", "fr": "Pizzaïolo", "sk": "Pizzér/ka", "en": "Pizza maker"},
        ("prepare pizza", "comply with food safety and hygiene", "operate brick oven"),
        ("store kitchen supplies", "work in a hospitality team"),
        {"it": ("impasto per pizza",), "fr": ("pâte à pizza",), "sk": ("príprava cesta",)},
    ),
    Family(
        "waiter",
        "I",
        "waiter/waitress",
        {
            "it": "Cameriere/a di sala",
            "fr": "Serveur/Serveuse",
            "sk": "Čašník/čašníčka",
            "en": "Waiter/waitress",
        },
        (
            "serve food in table service",
            "arrange tables",
            "serve beverages",
            "welcome restaurant guests",
        ),
        ("handle customer complaints", "set up the coffee area", "prepare specialised coffee"),
        {
            "it": ("servizio ai tavoli", "banco bar"),
            "fr": ("service en salle", "service au comptoir"),
            "sk": ("obsluha hostí", "práca za barom"),
        },
        language_level="B1",
    ),
    Family(
        "room_attendant",
        "I",
        "domestic housekeeper",
        {
            "it": "Addetto/a ai piani",
            "fr": "Femme/valet de chambre",
            "sk": "Chyžná",
            "en": "Room attendant",
        },
        ("clean rooms", "make the beds", "service rooms"),
        (
            "collect items for laundry service",
            "maintain personal hygiene standards when cleaning",
            "ensure the privacy of guests",
            "vacuum surfaces",
        ),
        {
            "it": ("riassetto camere d'albergo",),
            "fr": ("ménage en hôtellerie",),
            "sk": ("upratovanie hotelových izieb",),
        },
    ),
    Family(
        "baker",
        "C",
        "baker",
        {"it": "Panettiere/a", "fr": "Boulanger/ère", "sk": "Pekár/ka", "en": "Baker"},
        (
            "prepare bread products",
            "operate moulding of doughs",
            "comply with food safety and hygiene",
        ),
        (
            "cook pastry products",
            "place orders for bakery ingredients",
            "work in a food processing team",
        ),
        {
            "it": ("panificazione notturna",),
            "fr": ("façonnage du pain",),
            "sk": ("pečenie chleba",),
        },
        hours=(30, 35, 40),
    ),
    Family(
        "sewing",
        "C",
        "sewing machinist",
        {
            "it": "Addetto/a al cucito industriale",
            "fr": "Piqueur/se en confection",
            "sk": "Šička",
            "en": "Sewing machinist",
        },
        (
            "sew pieces of fabric",
            "use manual sewing techniques",
            "operate garment manufacturing machines",
        ),
        ("cut fabrics", "iron textiles", "evaluate garment quality", "read care labels"),
        {
            "it": ("cucito a macchina", "riparazioni sartoriali"),
            "fr": ("couture à la machine", "retouches"),
            "sk": ("šitie na stroji", "opravy odevov"),
        },
    ),
    Family(
        "assembly",
        "C",
        "hand packer",
        {
            "it": "Operaio/a di produzione",
            "fr": "Opérateur/trice de production",
            "sk": "Operátor/ka výroby",
            "en": "Production operator",
        },
        ("assemble goods", "follow written instructions", "work in assembly line teams"),
        ("inspect quality of products", "wear appropriate protective gear", "pack goods"),
        {
            "it": ("lavoro in catena di montaggio",),
            "fr": ("travail à la chaîne",),
            "sk": ("práca na výrobnej linke",),
        },
        hours=(36, 38, 40),
    ),
    Family(
        "food_packing",
        "C",
        "food production operator",
        {
            "it": "Addetto/a al confezionamento alimentare",
            "fr": "Agent(e) de conditionnement alimentaire",
            "sk": "Pracovník/čka balenia potravín",
            "en": "Food packing operative",
        },
        ("use packaging equipment", "comply with food safety and hygiene", "label foodstuffs"),
        (
            "tend packaging machines",
            "weigh fruits and vegetables",
            "wear appropriate protective gear",
        ),
        {
            "it": ("confezionamento in magazzino ortofrutta",),
            "fr": ("emballage en usine alimentaire",),
            "sk": ("balenie v potravinárskej výrobe",),
        },
    ),
    Family(
        "welder",
        "C",
        "welder",
        {"it": "Saldatore/trice", "fr": "Soudeur/se", "sk": "Zvárač/ka", "en": "Welder"},
        (
            "use welding equipment",
            "apply arc welding techniques",
            "wear appropriate protective gear",
        ),
        (
            "perform metal inert gas welding",
            "carry out measurements of parts",
            "operate metal fabricating machines",
        ),
        {"it": ("saldatura a filo",), "fr": ("soudure MIG",), "sk": ("zváranie CO2",)},
        hours=(38, 40),
    ),
    Family(
        "shop_assistant",
        "G",
        "shop assistant",
        {
            "it": "Addetto/a alle vendite",
            "fr": "Vendeur/se en magasin",
            "sk": "Predavač/ka",
            "en": "Shop assistant",
        },
        ("assist customers", "stock shelves", "operate cash register"),
        (
            "put up price tags",
            "organise product display",
            "process customer orders",
            "package purchases in bags",
        ),
        {
            "it": ("vendita al banco", "mercato rionale"),
            "fr": ("vente sur les marchés",),
            "sk": ("predaj v obchode",),
        },
        language_level="B1",
    ),
    Family(
        "cashier",
        "G",
        "cashier",
        {"it": "Cassiere/a", "fr": "Hôte/sse de caisse", "sk": "Pokladník/čka", "en": "Cashier"},
        ("operate cash register", "manage cash desk", "assist customers"),
        ("check price accuracy on the shelf", "handle customer complaints"),
        {"it": ("cassa supermercato",), "fr": ("tenue de caisse",), "sk": ("práca na pokladni",)},
        language_level="B1",
    ),
    Family(
        "shelf_filler",
        "G",
        "shelf filler",
        {
            "it": "Scaffalista",
            "fr": "Employé(e) de mise en rayon",
            "sk": "Doplňovač/ka tovaru",
            "en": "Shelf filler",
        },
        ("stock shelves", "carry out stock rotation", "change shelf labels"),
        ("monitor stock level", "operate forklift"),
        {"it": ("rifornimento scaffali",), "fr": ("mise en rayon",), "sk": ("dopĺňanie tovaru",)},
        hours=(20, 24, 30),
    ),
    Family(
        "farm_worker",
        "A",
        "fruit and vegetable picker",
        {
            "it": "Operaio/a agricolo/a",
            "fr": "Ouvrier/ère agricole",
            "sk": "Pracovník/čka v poľnohospodárstve",
            "en": "Farm worker",
        },
        (
            "harvest crop",
            "apply health and safety when picking",
            "load picked fruits and vegetables",
        ),
        ("pack vegetables or fruits", "perform hand pruning", "drive agricultural machines"),
        {
            "it": ("raccolta ortaggi", "lavoro in serra"),
            "fr": ("récolte de légumes", "travail sous serre"),
            "sk": ("zber zeleniny", "práca v skleníku"),
        },
        language_level="A1",
        hours=(30, 39, 40),
    ),
    Family(
        "vineyard",
        "A",
        "vineyard worker",
        {
            "it": "Operaio/a viticolo/a",
            "fr": "Ouvrier/ère viticole",
            "sk": "Pracovník/čka vo vinici",
            "en": "Vineyard worker",
        },
        ("harvest grapes", "perform hand pruning", "pruning techniques"),
        ("perform weed control operations", "plant vine yards"),
        {
            "it": ("vendemmia", "potatura"),
            "fr": ("vendanges", "taille de la vigne"),
            "sk": ("oberačka hrozna",),
        },
        language_level="A1",
        hours=(30, 39, 40),
    ),
    Family(
        "gardener",
        "N",
        "landscape gardener",
        {
            "it": "Giardiniere/a",
            "fr": "Jardinier/ère paysagiste",
            "sk": "Záhradník/čka",
            "en": "Gardener",
        },
        ("use gardening equipment", "provide lawn care", "prune hedges and trees"),
        ("plant green plants", "perform weed control operations", "maintain a greenhouse"),
        {
            "it": ("manutenzione del verde",),
            "fr": ("entretien d'espaces verts",),
            "sk": ("kosenie a údržba zelene",),
        },
        hours=(30, 35, 40),
    ),
    Family(
        "construction",
        "F",
        "bricklayer",
        {
            "it": "Manovale edile",
            "fr": "Manœuvre en bâtiment",
            "sk": "Pomocný stavebný robotník",
            "en": "Construction labourer",
        },
        ("work in a construction team", "mix concrete", "wear appropriate protective gear"),
        ("lay bricks", "build scaffolding", "handle building materials"),
        {"it": ("cantiere edile",), "fr": ("chantier de rénovation",), "sk": ("práca na stavbe",)},
        hours=(38, 40),
    ),
    Family(
        "painter",
        "F",
        "construction painter",
        {
            "it": "Imbianchino/a",
            "fr": "Peintre en bâtiment",
            "sk": "Maliar/ka",
            "en": "Painter and decorator",
        },
        ("paint surfaces", "prepare surface for painting", "use painting equipment"),
        ("hang wallpaper", "plaster surfaces", "clean painting equipment"),
        {
            "it": ("tinteggiatura pareti",),
            "fr": ("peinture intérieure",),
            "sk": ("maľovanie stien",),
        },
        hours=(35, 38, 40),
    ),
    Family(
        "care_worker",
        "Q",
        "residential home older adult care worker",
        {
            "it": "Operatore/trice socio-sanitario/a",
            "fr": "Aide-soignant(e) en EHPAD",
            "sk": "Opatrovateľ/ka v zariadení",
            "en": "Care worker",
        },
        ("tend to elderly people", "provide basic support to patients", "assist with dressing"),
        (
            "distribute meals to patients",
            "assist in the administration of medication to elderly",
            "provide first aid",
            "communicate with nursing staff",
        ),
        {
            "it": ("assistenza anziani", "igiene della persona"),
            "fr": ("aide à la toilette", "accompagnement des personnes âgées"),
            "sk": ("starostlivosť o seniorov",),
        },
        language_level="B1",
    ),
    Family(
        "home_care",
        "Q",
        "home care aide",
        {
            "it": "Assistente familiare",
            "fr": "Aide à domicile",
            "sk": "Opatrovateľ/ka v domácnosti",
            "en": "Home care aide",
        },
        (
            "provide in-home support for disabled individuals",
            "tend to elderly people",
            "prepare ready-made dishes",
        ),
        ("wash the laundry", "perform dusting activities", "provide first aid"),
        {
            "it": ("badante", "cura della casa"),
            "fr": ("aide ménagère",),
            "sk": ("opatrovanie v domácnosti",),
        },
        language_level="B1",
        hours=(20, 25, 30, 38),
    ),
    Family(
        "hospital_aide",
        "Q",
        "healthcare assistant",
        {
            "it": "Ausiliario/a ospedaliero/a",
            "fr": "Agent(e) de service hospitalier",
            "sk": "Sanitár/ka",
            "en": "Hospital aide",
        },
        ("hygiene in a health care setting", "transfer patients", "distribute meals to patients"),
        ("communicate with nursing staff", "clean rooms", "dispose medical waste"),
        {
            "it": ("pulizie in ospedale",),
            "fr": ("bionettoyage",),
            "sk": ("pomocné práce v nemocnici",),
        },
        language_level="B1",
    ),
    Family(
        "cleaner",
        "N",
        "building cleaner",
        {
            "it": "Addetto/a alle pulizie",
            "fr": "Agent(e) de propreté",
            "sk": "Upratovač/ka",
            "en": "Cleaner",
        },
        ("clean building floors", "clean surfaces", "operate floor cleaning equipment"),
        (
            "disinfect surfaces",
            "sort waste",
            "maintain inventory of cleaning supplies",
            "vacuum surfaces",
        ),
        {
            "it": ("pulizia uffici", "sanificazione"),
            "fr": ("nettoyage de bureaux",),
            "sk": ("upratovanie kancelárií",),
        },
        hours=(15, 20, 25, 30),
    ),
    Family(
        "laundry",
        "N",
        "laundry worker",
        {
            "it": "Addetto/a lavanderia industriale",
            "fr": "Agent(e) de blanchisserie",
            "sk": "Pracovník/čka práčovne",
            "en": "Laundry worker",
        },
        ("wash the laundry", "iron textiles", "operate washer extractor"),
        ("sort textile items", "tend textile washing machines"),
        {"it": ("stiratura",), "fr": ("repassage",), "sk": ("žehlenie",)},
    ),
    Family(
        "warehouse",
        "H",
        "warehouse worker",
        {
            "it": "Magazziniere/a",
            "fr": "Préparateur/trice de commandes",
            "sk": "Skladník/čka",
            "en": "Warehouse operative",
        },
        (
            "pick orders for dispatching",
            "operate warehouse materials",
            "perform loading and unloading operations",
        ),
        (
            "operate forklift",
            "use a warehouse management system",
            "operate voice picking systems",
            "load pallets",
        ),
        {
            "it": ("carico e scarico merci",),
            "fr": ("préparation de commandes",),
            "sk": ("vychystávanie objednávok",),
        },
        hours=(30, 35, 40),
    ),
    Family(
        "delivery_driver",
        "H",
        "car and van delivery driver",
        {
            "it": "Autista consegne (patente B)",
            "fr": "Chauffeur-livreur/se",
            "sk": "Vodič/ka – doručovateľ",
            "en": "Delivery driver",
        },
        ("drive vehicles", "handle delivered packages", "obey traffic rules"),
        ("read maps", "drive in urban areas", "communicate with customers"),
        {"it": ("consegne in città",), "fr": ("livraisons urbaines",), "sk": ("rozvoz balíkov",)},
        language_level="A2",
        hours=(30, 35, 40),
    ),
    Family(
        "help_desk",
        "J",
        "ICT help desk agent",
        {
            "it": "Operatore/trice help desk IT",
            "fr": "Technicien(ne) support informatique",
            "sk": "Pracovník/čka IT podpory",
            "en": "IT help desk agent",
        },
        ("have computer literacy", "install software", "communicate by telephone"),
        ("use microsoft office", "maintain computer hardware", "handle customer complaints"),
        {
            "it": ("assistenza informatica",),
            "fr": ("dépannage informatique",),
            "sk": ("IT podpora",),
        },
        language_level="B2",
        hours=(30, 35, 40),
    ),
    Family(
        "call_centre",
        "N",
        "call centre agent",
        {
            "it": "Operatore/trice call center multilingue",
            "fr": "Téléconseiller/ère multilingue",
            "sk": "Operátor/ka call centra",
            "en": "Multilingual call centre agent",
        },
        (
            "communicate by telephone",
            "handle customer complaints",
            "maintain records of phone calls",
        ),
        ("have computer literacy", "communicate with customers"),
        {"it": ("servizio clienti",), "fr": ("accueil téléphonique",), "sk": ("zákaznícka linka",)},
        language_level="B2",
        hours=(20, 30, 40),
    ),
    Family(
        "data_entry",
        "N",
        "data entry clerk",
        {
            "it": "Addetto/a data entry",
            "fr": "Opérateur/trice de saisie",
            "sk": "Pracovník/čka zadávania dát",
            "en": "Data entry clerk",
        },
        ("use spreadsheets software", "have computer literacy", "use free typing techniques"),
        ("use microsoft office", "manage digital documents"),
        {
            "it": ("inserimento dati",),
            "fr": ("saisie informatique",),
            "sk": ("prepisovanie údajov",),
        },
        language_level="B1",
        hours=(20, 30, 36),
    ),
    Family(
        "hairdresser",
        "S",
        "hairdresser assistant",
        {
            "it": "Aiuto parrucchiere/a",
            "fr": "Assistant(e) coiffeur/se",
            "sk": "Pomocník/čka kaderníka",
            "en": "Hairdresser assistant",
        },
        ("wash hair", "use equipment for hair care", "hair products"),
        ("style hair", "help customers with hair problems", "apply hair cutting techniques"),
        {
            "it": ("treccine e acconciature",),
            "fr": ("tresses africaines",),
            "sk": ("úprava vlasov",),
        },
        hours=(20, 30, 36),
    ),
)

FAMILY_BY_KEY = {f.key: f for f in FAMILIES}

LANGUAGE_SKILLS = {
    "it": ("understand spoken Italian", "interact verbally in Italian"),
    "fr": ("understand spoken French", "interact verbally in French"),
    "sk": ("understand spoken Slovak", "interact verbally in Slovak"),
    "en": ("understand spoken English", "interact verbally in English"),
}


@cache
def course_sectors(course_key: str) -> frozenset[str]:
    """The sectors of the kinds of work whose skills the course teaches."""
    teaches = set(COURSE_BY_KEY[course_key].teaches)
    return frozenset(
        family.sector for family in FAMILIES if teaches & {*family.essential, *family.optional}
    )


@lru_cache(maxsize=1)
def _label_index() -> dict[str, str]:
    taxonomy = load_taxonomy()
    index: dict[str, str] = {}
    for uri, skill in taxonomy.skills.items():
        index.setdefault(skill.label.lower(), uri)
    return index


def taxonomy() -> Taxonomy:
    return load_taxonomy()


def skill_uri(label: str) -> str | None:
    """The URI of the ESCO skill with this preferred label, or None."""
    return _label_index().get(label.lower())


def skill_uris(labels: tuple[str, ...]) -> list[str]:
    """The URIs of the labels the taxonomy knows, in order."""
    return [uri for uri in (skill_uri(label) for label in labels) if uri is not None]


@lru_cache(maxsize=1)
def _occupation_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for uri, occupation in load_taxonomy().occupations.items():
        index.setdefault(occupation.label.lower(), uri)
    return index


def occupation_uri(label: str) -> str | None:
    """The URI of the ESCO occupation with this preferred label, or None."""
    return _occupation_index().get(label.lower())


def unknown_labels() -> list[str]:
    """Every label of the catalogue the taxonomy lacks (a test keeps this empty)."""
    labels: list[str] = []
    for family in FAMILIES:
        labels += [x for x in (*family.essential, *family.optional) if skill_uri(x) is None]
        if occupation_uri(family.occupation) is None:
            labels.append(family.occupation)
    for course in COURSES:
        labels += [x for x in course.teaches if skill_uri(x) is None]
    for pair in LANGUAGE_SKILLS.values():
        labels += [x for x in pair if skill_uri(x) is None]
    return labels
