//! Names, companies and numbers the demo draws from: Greek and English, with a few US, UK and
//! German contacts.

/// (first name, surname, Latin spelling for the email address)
pub const GREEK_PEOPLE: &[(&str, &str, &str)] = &[
    ("Μαρία", "Παπαδοπούλου", "maria.papadopoulou"),
    ("Γιώργος", "Παπαδόπουλος", "giorgos.papadopoulos"),
    ("Ελένη", "Γεωργίου", "eleni.georgiou"),
    ("Νίκος", "Οικονόμου", "nikos.oikonomou"),
    ("Κατερίνα", "Νικολάου", "katerina.nikolaou"),
    ("Δημήτρης", "Καραγιάννης", "dimitris.karagiannis"),
    ("Σοφία", "Βλάχου", "sofia.vlachou"),
    ("Κώστας", "Αλεξίου", "kostas.alexiou"),
    ("Άννα", "Ιωάννου", "anna.ioannou"),
    ("Γιάννης", "Μακρής", "giannis.makris"),
    ("Βασιλική", "Σταματοπούλου", "vasiliki.stamatopoulou"),
    ("Παναγιώτης", "Χριστοδούλου", "panagiotis.christodoulou"),
    ("Αθηνά", "Δημητρίου", "athina.dimitriou"),
    ("Σπύρος", "Λαμπρόπουλος", "spyros.lampropoulos"),
    ("Ειρήνη", "Κωνσταντίνου", "eirini.konstantinou"),
    ("Θανάσης", "Ζαχαρίου", "thanasis.zachariou"),
];

pub const ENGLISH_PEOPLE: &[(&str, &str)] = &[
    ("Emma", "Wilson"),
    ("James", "Carter"),
    ("Olivia", "Bennett"),
    ("Liam", "Hughes"),
    ("Sophie", "Turner"),
    ("Daniel", "Brooks"),
    ("Grace", "Mitchell"),
    ("Henry", "Walsh"),
    ("Chloe", "Adams"),
    ("Noah", "Fisher"),
];

pub const GERMAN_PEOPLE: &[(&str, &str)] = &[
    ("Lukas", "Schmidt"),
    ("Anna", "Müller"),
    ("Felix", "Weber"),
    ("Lena", "Schäfer"),
];

/// (company, email domain)
pub const GREEK_COMPANIES: &[(&str, &str)] = &[
    ("Αιγαίο Ενέργεια Α.Ε.", "aigaio-energy.gr"),
    ("Όλυμπος Τρόφιμα", "olympos-foods.gr"),
    ("Θερμαϊκός Logistics", "thermaikos.gr"),
    ("Ακρόπολις Software", "acropolis-soft.gr"),
    ("Ερμής Μεταφορές", "ermis-transport.gr"),
    ("Κρήτη Τουρισμός", "crete-tourism.gr"),
    ("Πήγασος Κατασκευές", "pegasus-build.gr"),
    ("Ιόνιο Φαρμακευτική", "ionio-pharma.gr"),
];

pub const ENGLISH_COMPANIES: &[(&str, &str)] = &[
    ("Northwind Traders", "northwind.com"),
    ("Contoso Ltd", "contoso.com"),
    ("Fabrikam Inc", "fabrikam.com"),
    ("Adventure Works", "adventure-works.com"),
    ("Tailspin Toys", "tailspintoys.com"),
    ("Litware", "litware.com"),
    ("Wide World Importers", "wideworldimporters.com"),
];

pub const GERMAN_COMPANIES: &[(&str, &str)] = &[
    ("Blau Maschinenbau GmbH", "blau-maschinenbau.de"),
    ("Nordlicht Software AG", "nordlicht.de"),
];

pub const GREEK_LEAD_TOPICS: &[&str] = &[
    "Προσφορά φωτοβολταϊκών",
    "Αναβάθμιση CRM",
    "Νέα σύμβαση συντήρησης",
    "Ενδιαφέρον για cloud τηλεφωνία",
];

pub const ENGLISH_LEAD_TOPICS: &[&str] = &[
    "Rooftop solar enquiry",
    "CRM rollout",
    "Fleet telematics trial",
    "Cloud telephony interest",
];

pub const OPPORTUNITY_TOPICS: &[&str] = &["licences", "support renewal", "expansion", "pilot"];

/// US area codes and their time zones.
pub const US_AREAS: &[(&str, &str)] = &[
    ("212", "America/New_York"),
    ("617", "America/New_York"),
    ("312", "America/Chicago"),
    ("415", "America/Los_Angeles"),
];
