"""Realistic training data: Canadian English and French names, addresses and the course catalogue."""

from __future__ import annotations

FIRST_NAMES_EN = (
    "Olivia", "Emma", "Charlotte", "Amelia", "Sophia", "Ava", "Harper", "Chloe", "Abigail", "Hannah",
    "Megan", "Jessica", "Priya", "Aisha", "Mei", "Grace", "Zoë", "Naomi", "Rachel", "Sarah",
    "Liam", "Noah", "Ethan", "Owen", "Lucas", "Daniel", "Arjun", "Omar", "Kenji", "Ryan",
)
FIRST_NAMES_FR = (
    "Émilie", "Chloé", "Léa", "Camille", "Océane", "Maëlle", "Gabrielle", "Noémie", "Sarah-Ève",
    "Marie-Ève", "Élodie", "Geneviève", "Andréanne", "Béatrice", "Rosalie", "Josée", "Hélène",
    "François", "Jérôme", "Benoît", "Mathéo", "Zoé", "Anaïs", "Frédérique", "Cédric",
)
LAST_NAMES_EN = (
    "Smith", "Brown", "Tremblay", "Martin", "Roy", "Wilson", "MacDonald", "Taylor", "Campbell",
    "Anderson", "Patel", "Singh", "Nguyen", "Chen", "Wong", "O'Brien", "Fraser", "Kowalski",
    "Ahmed", "Kim", "Thompson", "Murphy", "Stewart", "Clarke",
)
LAST_NAMES_FR = (
    "Gagnon", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné", "Ouellet",
    "Pelletier", "Bélanger", "Lévesque", "Bérubé", "Bergeron", "Leblanc", "Paquette", "Girard",
    "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Bérubé-Lévesque",
)
EMAIL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.ca", "videotron.ca", "rogers.com", "bell.net", "icloud.com")

# (city, province, postal code prefix, area code, streets)
CITIES = (
    ("Toronto", "ON", "M5V", "416", ("Queen Street West", "Spadina Avenue", "Bloor Street East")),
    ("Mississauga", "ON", "L5B", "905", ("Hurontario Street", "Burnhamthorpe Road West")),
    ("Ottawa", "ON", "K1P", "613", ("Bank Street", "Elgin Street", "Rideau Street")),
    ("Hamilton", "ON", "L8P", "289", ("King Street West", "James Street North")),
    ("Montréal", "QC", "H2X", "514", ("rue Saint-Denis", "boulevard Saint-Laurent", "rue Sherbrooke Est")),
    ("Québec", "QC", "G1R", "418", ("rue Saint-Jean", "Grande Allée Est")),
    ("Gatineau", "QC", "J8X", "819", ("rue Laval", "boulevard Maloney Ouest")),
    ("Halifax", "NS", "B3J", "902", ("Barrington Street", "Spring Garden Road")),
    ("Moncton", "NB", "E1C", "506", ("Main Street", "Mountain Road")),
    ("Vancouver", "BC", "V6B", "604", ("Granville Street", "West Hastings Street")),
    ("Calgary", "AB", "T2P", "403", ("Stephen Avenue SW", "17 Avenue SW")),
    ("Winnipeg", "MB", "R3C", "204", ("Portage Avenue", "Main Street")),
)

EXEMPT_BASIS = (
    "ETA Schedule V, Part III, s. 8: vocational school course leading to a certificate attesting "
    "competence in a trade or vocation"
)

# code, name, description, kind, price in cents, supply kind, treatment, delivery province,
# minimum first payment in cents
COURSES = (
    ("OAP-100", "Oncology Aesthetics Practitioner Program",
     "A 12-week certificate program: skin care for clients in and after cancer treatment, with a practical assessment.",
     "program", 650000, "service", "exempt", None, 100000),
    ("OSC-200", "Advanced Oncology Skin Care Certificate",
     "Advanced protocols for radiation-affected skin, scar care and lymphatic considerations; certificate on assessment.",
     "program", 320000, "service", "exempt", None, 50000),
    ("OMT-150", "Oncology Massage Certificate",
     "Massage adapted to clients with cancer, from intake to contraindications; supervised clinic hours.",
     "program", 480000, "service", "exempt", "QC", 75000),
    ("WS-SCALP", "Scalp Care and Cold Capping Workshop",
     "One-day workshop on scalp care during chemotherapy and working with cold-capping systems.",
     "workshop", 39500, "service", "taxable", None, None),
    ("WS-BROW", "Brow and Lash Restoration Workshop",
     "Hands-on techniques to restore the look of brows and lashes after treatment.",
     "workshop", 45000, "service", "taxable", None, None),
    ("WS-LYMPH", "Lymphedema Awareness for Estheticians",
     "Half-day workshop in Montréal: recognising lymphedema and adapting treatments.",
     "workshop", 29500, "service", "taxable", "QC", None),
    ("KIT-START", "Practitioner Starter Kit",
     "Gentle cleansers, barrier creams, SPF and single-use tools for the practical sessions.",
     "kit", 28900, "goods", "taxable", None, None),
    ("KIT-SAMPLE", "Fragrance-Free Sample Kit",
     "Fragrance-free product samples for client consultations.",
     "kit", 8995, "goods", "taxable", None, None),
)

LOCATIONS = {
    None: "OncoOne Toronto campus, 100 King Street West",
    "QC": "Campus OncoOne Montréal, 1200 rue Peel",
}
