/// The names people in the dataset get: a good share with accents, other scripts, apostrophes
/// and quotes, so that every layer between the API and the store has to carry them intact.
enum PersonNames {
    /// A given name and its ASCII spelling for usernames.
    static let given: [(name: String, ascii: String)] = [
        ("Zoë", "zoe"), ("José", "jose"), ("Łukasz", "lukasz"), ("Søren", "soren"), ("Ana", "ana"),
        ("Amélie", "amelie"), ("Jürgen", "jurgen"), ("François", "francois"), ("Björn", "bjorn"),
        ("Chloé", "chloe"), ("Emma", "emma"), ("Liam", "liam"), ("Olivia", "olivia"), ("Noah", "noah"),
        ("Mia", "mia"), ("James", "james"), ("Sofia", "sofia"), ("Ahmed", "ahmed"), ("Yuki", "yuki"),
        ("Priya", "priya"), ("Ingrid", "ingrid"), ("Mateo", "mateo"), ("Dmitri", "dmitri"), ("Aoife", "aoife"),
        ("Kwame", "kwame"), ("Nguyễn", "nguyen"), ("Małgorzata", "malgorzata"), ("Renée", "renee"),
    ]

    /// A family name.
    static let family: [String] = [
        "Ångström", "Müller", "Żółć", "Kierkegård", "Núñez", "Smith", "Johnson", "Brown", "García",
        "Dubois", "Rossi", "Kowalski", "Nakamura", "Singh", "O'Brien", "Lee", "Østergaard", "Çelik",
        "Papadopoulos", "Novák", "Fernández", "Schäfer", "Ndiaye", "Walker", "Okafor", "Hernández",
    ]

    /// Whole names in scripts without a given/family split, with their ASCII spelling.
    static let whole: [(name: String, ascii: String)] = [
        ("李雷", "lilei"), ("王芳", "wangfang"), ("山田太郎", "yamada"), ("김민준", "minjun"),
        ("Дмитрий Иванов", "ivanov"), ("محمد علي", "mali"), ("Νίκος Παπάς", "nikos"), ("Maya 🌿", "maya"),
        ("Bob \"the Builder\" Stone", "bobstone"), ("Ana\\Núñez", "ananunez"),
    ]

    /// Profile descriptions; the empty one is common, as on the real service.
    static let descriptions: [String] = [
        "", "", "", "Coffee, code & cats ☕️", "Photographer. Traveller. 🇳🇴 → 🇯🇵",
        "Ingénieure logicielle à Lyon", "Opinions are my own.\nRetweets ≠ endorsements.",
        "\"Stay hungry, stay foolish\"", "数据科学 | 机器学习", "Gärtner aus Leidenschaft 🌱",
        "Tab\tseparated\tlife", "Building things on the web since 1999 <3", "Música, fútbol y más",
    ]

    /// Locations; nil is a profile without one.
    static let locations: [String?] = [
        nil, nil, nil, "Zürich, Schweiz", "São Paulo, Brasil", "Kraków", "東京", "London, UK",
        "Montréal, QC", "Reykjavík", "New York, NY", "Berlin", "Cape Town", "🌍 everywhere",
    ]
}
