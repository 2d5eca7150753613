"""Employers (invented companies), two employers' associations and the training centres."""

from __future__ import annotations

from dataclasses import dataclass

from jobmatch.models import Organisation
from jobmatch.models.enums import MembershipRole, OrganisationKind, Role
from jobmatch.services.demo.context import Demo
from jobmatch.services.demo.network import add_organisation, add_staff, join
from jobmatch.services.demo.places import region_of
from jobmatch.services.demo_accounts import DEMO_ACCOUNTS

CONFARTIGIANATO = "Confartigianato Piemonte"
UNION_IDF = "Union des Métiers et du Commerce d'Île-de-France"

# (name, NUTS-3 area, staff size band) of the two associations.
ASSOCIATIONS: tuple[tuple[str, str, str], ...] = (
    (CONFARTIGIANATO, "ITC11", "10-49"),
    (UNION_IDF, "FR101", "10-49"),
)


@dataclass(frozen=True)
class Employer:
    name: str
    area: str
    sector: str
    size: str
    families: tuple[str, ...]
    association: str | None = None


EMPLOYERS: tuple[Employer, ...] = (
    # Piemonte
    Employer(
        "Trattoria Sabauda S.r.l.",
        "ITC11",
        "I",
        "10-49",
        ("kitchen_assistant", "cook", "waiter"),
        CONFARTIGIANATO,
    ),
    Employer(
        "Pasticceria Gianduja & Co. S.n.c.",
        "ITC11",
        "C",
        "1-9",
        ("baker", "shop_assistant"),
        CONFARTIGIANATO,
    ),
    Employer(
        "Tessitura Alta Langa S.r.l.",
        "ITC16",
        "C",
        "50-249",
        ("sewing", "assembly"),
        CONFARTIGIANATO,
    ),
    Employer(
        "Cooperativa Agricola Terre del Roero",
        "ITC16",
        "A",
        "10-49",
        ("farm_worker", "food_packing"),
        CONFARTIGIANATO,
    ),
    Employer("Logistica Subalpina S.p.A.", "ITC11", "H", "250+", ("warehouse", "delivery_driver")),
    Employer(
        "Pulizie Mole S.r.l.", "ITC11", "N", "50-249", ("cleaner", "laundry"), CONFARTIGIANATO
    ),
    Employer(
        "Residenza Villa dei Glicini", "ITC15", "Q", "50-249", ("care_worker", "hospital_aide")
    ),
    Employer(
        "Edilizia Monferrato S.r.l.",
        "ITC18",
        "F",
        "10-49",
        ("construction", "painter"),
        CONFARTIGIANATO,
    ),
    Employer(
        "Supermercati Piemonte Fresco S.p.A.",
        "ITC11",
        "G",
        "250+",
        ("cashier", "shelf_filler", "shop_assistant"),
    ),
    Employer(
        "Hotel Lago Maggiore Belvedere",
        "ITC14",
        "I",
        "10-49",
        ("room_attendant", "waiter"),
        CONFARTIGIANATO,
    ),
    Employer(
        "Officine Meccaniche Biellesi S.r.l.",
        "ITC13",
        "C",
        "50-249",
        ("welder", "assembly"),
        CONFARTIGIANATO,
    ),
    Employer(
        "Cantina Sociale Colline Astigiane", "ITC17", "A", "10-49", ("vineyard", "food_packing")
    ),
    # Liguria
    Employer(
        "Ristorante Sotto la Lanterna",
        "ITC33",
        "I",
        "10-49",
        ("cook", "kitchen_assistant", "pizzaiolo"),
    ),
    Employer("Porto Servizi Logistici Genova S.r.l.", "ITC33", "H", "50-249", ("warehouse",)),
    Employer("Floricoltura Riviera dei Fiori", "ITC31", "A", "10-49", ("farm_worker", "gardener")),
    Employer("Hotel Baia del Levante", "ITC34", "I", "10-49", ("room_attendant", "waiter")),
    # Toscana
    Employer("Pelletteria Arno S.r.l.", "ITI14", "C", "50-249", ("sewing", "assembly")),
    Employer("Lanificio Bisenzio S.r.l.", "ITI15", "C", "50-249", ("sewing", "laundry")),
    Employer(
        "Agriturismo Poggio ai Cipressi", "ITI19", "A", "1-9", ("vineyard", "kitchen_assistant")
    ),
    Employer(
        "Cooperativa Sociale Assistenza Casa Toscana",
        "ITI17",
        "Q",
        "50-249",
        ("home_care", "care_worker"),
    ),
    Employer("Servizi Integrati Versilia S.r.l.", "ITI12", "N", "50-249", ("cleaner", "gardener")),
    # Marche
    Employer("Calzaturificio Fermano S.r.l.", "ITI35", "C", "50-249", ("assembly", "sewing")),
    Employer("Carpenterie Navali Adriatiche S.r.l.", "ITI32", "C", "50-249", ("welder", "painter")),
    Employer(
        "Ortofrutta Valle del Tronto Soc. Coop.",
        "ITI34",
        "A",
        "50-249",
        ("farm_worker", "food_packing"),
    ),
    Employer("Hotel Riviera del Conero", "ITI32", "I", "10-49", ("room_attendant", "cook")),
    # Abruzzo
    Employer("Pastificio Maiella S.r.l.", "ITF14", "C", "50-249", ("food_packing", "assembly")),
    Employer(
        "Trasporti Gran Sasso S.r.l.", "ITF11", "H", "10-49", ("delivery_driver", "warehouse")
    ),
    Employer(
        "Supermercati Adriatica S.r.l.", "ITF13", "G", "250+", ("cashier", "shelf_filler", "baker")
    ),
    Employer(
        "Centro Servizi Digitali Pescara S.r.l.", "ITF13", "J", "10-49", ("help_desk", "data_entry")
    ),
    # Île-de-France
    Employer(
        "Boulangerie du Marais SARL", "FR101", "C", "1-9", ("baker", "shop_assistant"), UNION_IDF
    ),
    Employer(
        "Brasserie des Canaux SAS",
        "FR101",
        "I",
        "10-49",
        ("kitchen_assistant", "waiter", "cook"),
        UNION_IDF,
    ),
    Employer(
        "Propreté Île-de-France Services SAS",
        "FR106",
        "N",
        "250+",
        ("cleaner", "laundry"),
        UNION_IDF,
    ),
    Employer(
        "Logistique Roissy Express SAS", "FR108", "H", "250+", ("warehouse", "delivery_driver")
    ),
    Employer(
        "EHPAD Les Tilleuls de Créteil", "FR107", "Q", "50-249", ("care_worker", "hospital_aide")
    ),
    Employer("Atelier Couture Belleville SARL", "FR101", "C", "1-9", ("sewing",), UNION_IDF),
    Employer(
        "Bâtiment Rénovation Seine-Saint-Denis SAS",
        "FR106",
        "F",
        "10-49",
        ("construction", "painter"),
        UNION_IDF,
    ),
    Employer("Hôtel Gare de l'Est", "FR101", "I", "10-49", ("room_attendant", "waiter"), UNION_IDF),
    Employer(
        "Numérique Solidaire Montreuil SCOP",
        "FR106",
        "J",
        "10-49",
        ("help_desk", "data_entry", "call_centre"),
    ),
    Employer(
        "Épicerie Bio de la Bastille SARL",
        "FR101",
        "G",
        "1-9",
        ("shop_assistant", "cashier"),
        UNION_IDF,
    ),
    Employer("Salon Coiffure Château-Rouge", "FR101", "S", "1-9", ("hairdresser",), UNION_IDF),
    # Provence-Alpes-Côte d'Azur
    Employer(
        "Restaurant Le Vieux-Port SARL",
        "FRL04",
        "I",
        "10-49",
        ("cook", "kitchen_assistant", "waiter"),
    ),
    Employer("Domaine Viticole des Alpilles", "FRL04", "A", "10-49", ("vineyard", "farm_worker")),
    Employer("Maraîchage du Comtat EARL", "FRL06", "A", "10-49", ("farm_worker", "food_packing")),
    Employer(
        "Hôtellerie Côte d'Azur Services SAS", "FRL03", "I", "50-249", ("room_attendant", "laundry")
    ),
    Employer("Aide à Domicile Var Solidarité", "FRL05", "Q", "50-249", ("home_care",)),
    # Bratislava
    Employer(
        "Reštaurácia Dunajská s.r.o.",
        "SK010",
        "I",
        "10-49",
        ("cook", "kitchen_assistant", "waiter"),
    ),
    Employer(
        "Logistické centrum Senec s.r.o.", "SK010", "H", "250+", ("warehouse", "delivery_driver")
    ),
    Employer("Čistiaca služba Bratislava s.r.o.", "SK010", "N", "50-249", ("cleaner", "laundry")),
    Employer(
        "IT Servis Petržalka s.r.o.",
        "SK010",
        "J",
        "10-49",
        ("help_desk", "call_centre", "data_entry"),
    ),
    Employer("Hotel Dunaj Bratislava a.s.", "SK010", "I", "50-249", ("room_attendant", "waiter")),
    # Košice
    Employer("Strojárne Šaca s.r.o.", "SK042", "C", "250+", ("welder", "assembly")),
    Employer(
        "Opatrovateľská služba Hornád n.o.", "SK042", "Q", "10-49", ("home_care", "care_worker")
    ),
    Employer("Poľnohospodárske družstvo Torysa", "SK041", "A", "50-249", ("farm_worker",)),
    Employer(
        "Obchodné centrum Východ s.r.o.",
        "SK042",
        "G",
        "250+",
        ("cashier", "shelf_filler", "shop_assistant"),
    ),
)

# Training centres post training offers; (name, NUTS-3 area).
TRAINING_CENTRES: tuple[tuple[str, str], ...] = (
    ("Ente Formazione Professionale San Donato", "ITC11"),
    ("Scuola di Mestieri Tirreno", "ITI14"),
    ("Centro Formazione Lavoro Adriatico", "ITI32"),
    ("Centre de formation Avenir Pro", "FR106"),
    ("Institut Méditerranéen des Métiers", "FRL04"),
    ("Vzdelávacie centrum Dunaj s.r.o.", "SK010"),
    ("Akadémia zručností Košice", "SK042"),
)


def create_employers(demo: Demo) -> None:
    """Associations first (companies point to them), then companies and training centres."""
    for name, area, size in ASSOCIATIONS:
        association = add_organisation(
            demo, name=name, kind=OrganisationKind.EMPLOYER_ASSOCIATION, area=area, size=size
        )
        region = region_of(area)
        join(demo, association, region.code, MembershipRole.EMPLOYER_ASSOCIATION)
        join(demo, association, region.country, MembershipRole.EMPLOYER_ASSOCIATION)
        add_staff(demo, association, Role.ASSOCIATION, 1)
    for employer in EMPLOYERS:
        member_of = demo.organisation(employer.association) if employer.association else None
        company = add_organisation(
            demo,
            name=employer.name,
            kind=OrganisationKind.EMPLOYER,
            area=employer.area,
            sector=employer.sector,
            size=employer.size,
            association=member_of,
        )
        join(demo, company, region_of(employer.area).code, MembershipRole.EMPLOYER)
        # Demo employers keep only their demo account; the others get one HR contact.
        has_demo_account = any(a.organisation == company.name for a in DEMO_ACCOUNTS)
        add_staff(demo, company, Role.EMPLOYER, 0 if has_demo_account else 1)
    for name, area in TRAINING_CENTRES:
        centre = add_organisation(
            demo, name=name, kind=OrganisationKind.EMPLOYER, area=area, sector="P", size="10-49"
        )
        join(demo, centre, region_of(area).code, MembershipRole.TRAINING_PROVIDER)
        add_staff(demo, centre, Role.EMPLOYER, 1)
    demo.session.flush()


def employers_by_region() -> dict[str, list[Employer]]:
    grouped: dict[str, list[Employer]] = {}
    for employer in EMPLOYERS:
        grouped.setdefault(region_of(employer.area).code, []).append(employer)
    return grouped


def posting_user(demo: Demo, organisation: Organisation) -> int | None:
    users = demo.staff.get(organisation.name, [])
    return users[0].id if users else None
