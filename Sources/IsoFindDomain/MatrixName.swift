// Matrix names: one canonical English spelling per matrix, so that "Eaux souterraines",
// "groundwater" and "Ground water" are the same matrix.

import Foundation

public enum MatrixName {
    /// The canonical form of a matrix name: trimmed, lower-cased, diacritics folded, spaces
    /// (and `-`, `_`) collapsed to one space, then French names, English variants and plurals
    /// mapped to one English name ("Eaux usées" → "wastewater", "Sols" → "soil",
    /// "SÉDIMENT" → "sediment"). Names the vocabulary does not know keep their folded form.
    public static func canonical(_ name: String) -> String {
        let folded = fold(name)
        if folded.isEmpty { return folded }
        if let known = vocabulary[folded] { return known }
        for candidate in singularCandidates(folded) {
            if let known = vocabulary[candidate] { return known }
        }
        return folded
    }

    /// Whether two names denote the same matrix.
    public static func same(_ a: String, _ b: String) -> Bool { canonical(a) == canonical(b) }

    /// Whether the vocabulary knows this name (in any language, singular or plural).
    public static func isKnown(_ name: String) -> Bool { canonicalNames.contains(canonical(name)) }

    /// Every canonical English name of the vocabulary.
    public static var canonicalNames: Set<String> { canonicalSet }

    // MARK: - Folding

    /// Lower-case, strip diacritics, unify apostrophes, collapse separators.
    static func fold(_ name: String) -> String {
        var out = ""
        out.reserveCapacity(name.utf8.count)
        var pendingSpace = false
        for scalar in name.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark:
                continue  // a combining accent left by the decomposition
            default:
                break
            }
            let piece: String
            switch scalar {
            case "œ": piece = "oe"
            case "æ": piece = "ae"
            case "ß": piece = "ss"
            case "\u{2019}", "\u{2018}", "\u{02BC}", "`": piece = "'"
            case "-", "_", "\u{2010}", "\u{2011}", "\u{2013}": piece = " "
            default:
                piece = scalar.properties.isWhitespace ? " " : String(scalar)
            }
            if piece == " " {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(piece)
        }
        return out
    }

    /// Singular readings of a folded name, word by word ("eaux usees" → "eau usee",
    /// "gases" → "gas"). Only words of four letters or more are reduced, so "gas" and "os" stay.
    static func singularCandidates(_ folded: String) -> [String] {
        let words = folded.split(separator: " ").map(String.init)
        guard words.count <= 6 else { return [] }
        let options: [[String]] = words.map { word in
            var forms = [word]
            guard word.count >= 4 else { return forms }
            if word.hasSuffix("es") { forms.append(String(word.dropLast(2))) }
            if word.hasSuffix("s") || word.hasSuffix("x") { forms.append(String(word.dropLast())) }
            return forms
        }
        var phrases: [[String]] = [[]]
        for forms in options {
            phrases = phrases.flatMap { prefix in forms.map { prefix + [$0] } }
        }
        return phrases.dropFirst().map { $0.joined(separator: " ") }  // the first is `folded` itself
    }

    // MARK: - Vocabulary

    /// Canonical English name → other spellings (folded: lower case, no diacritics). Plurals
    /// made with -s, -es or -x are derived automatically; irregular ones are listed.
    private static let synonyms: [(canonical: String, others: [String])] = [
        // aqueous
        ("water", ["eau"]),
        ("groundwater", ["ground water", "eau souterraine", "eau de nappe", "nappe", "nappe phreatique"]),
        ("surface water", ["eau de surface", "eau superficielle"]),
        ("river water", ["stream water", "eau de riviere", "eau de fleuve", "eau de ruisseau"]),
        ("lake water", ["eau de lac", "eau lacustre"]),
        ("seawater", ["sea water", "marine water", "eau de mer", "eau marine"]),
        ("rainwater", ["rain water", "rain", "eau de pluie", "pluie"]),
        ("spring water", ["eau de source"]),
        ("drinking water", ["tap water", "eau potable", "eau du robinet", "eau de consommation"]),
        ("porewater", ["pore water", "interstitial water", "eau interstitielle", "eau porale"]),
        ("wastewater", ["waste water", "effluent", "eau usee", "eau residuaire"]),
        ("leachate", ["lixiviat"]),
        ("brine", ["saumure"]),
        ("mine water", ["mine drainage", "acid mine drainage", "eau de mine", "eau d'exhaure", "exhaure",
                        "drainage minier", "drainage minier acide"]),
        // solid
        ("soil", ["sol", "topsoil"]),
        ("sediment", ["sediment"]),
        ("suspended sediment", ["suspended particulate matter", "suspended matter", "sediment en suspension",
                                "matiere en suspension"]),
        ("rock", ["roche", "bedrock", "roche mere"]),
        ("sludge", ["boue", "sewage sludge", "boue de station d'epuration"]),
        ("dust", ["poussiere", "atmospheric dust", "poussiere atmospherique"]),
        ("peat", ["tourbe"]),
        // ore and mineral
        ("ore", ["minerai"]),
        ("mineral", ["mineral", "mineraux"]),
        ("concentrate", ["concentre", "ore concentrate", "concentre de minerai"]),
        ("tailings", ["tailing", "mine tailings", "residu minier"]),
        ("galena", ["galene"]),
        ("sphalerite", ["blende"]),
        ("pyrite", []),
        ("calcite", []),
        // biota
        ("biota", ["biote"]),
        ("plant", ["plante", "vegetal", "vegetaux", "vegetation"]),
        ("leaf", ["leaves", "feuille"]),
        ("moss", ["mousse"]),
        ("lichen", []),
        ("tree ring", ["cerne", "cerne de croissance"]),
        ("tissue", ["tissu", "tissus", "tissu biologique"]),
        ("blood", ["sang"]),
        ("urine", []),
        ("hair", ["cheveu", "cheveux", "poil"]),
        ("bone", ["os"]),
        ("tooth", ["teeth", "dent", "tooth enamel", "email dentaire"]),
        ("shell", ["coquille"]),
        ("fish", ["poisson"]),
        // gas
        ("gas", ["gaz", "gases"]),
        ("air", ["ambient air", "air ambiant"]),
        ("soil gas", ["gaz du sol", "gaz de sol"]),
        ("natural gas", ["gaz naturel"]),
        ("biogas", ["biogaz"]),
        ("landfill gas", ["gaz de decharge"]),
        // industrial product
        ("industrial product", ["produit industriel"]),
        ("fertilizer", ["fertiliser", "engrais", "fertilisant"]),
        ("fuel", ["carburant", "combustible"]),
        ("gasoline", ["petrol", "essence"]),
        ("diesel", ["gazole", "gasoil"]),
        ("crude oil", ["petrole brut", "petrole"]),
        ("solvent", ["solvant"]),
        ("paint", ["peinture"]),
        ("pesticide", ["produit phytosanitaire"]),
        ("slag", ["scorie", "laitier"]),
        ("fly ash", ["cendre volante"]),
        ("cement", ["ciment"]),
        ("alloy", ["alliage"]),
    ]

    /// A matrix name as a reader of `french` or English reports reads it: the French name of a
    /// matrix the vocabulary knows by its English name ("water" → "eau", "Surface water" → "eau de
    /// surface") in French reports; otherwise the name as stored. The samples database keeps its own spelling.
    public static func display(_ name: String, french: Bool) -> String {
        // Only the vocabulary's own English words: a synonym ("acid mine drainage") may say more
        // than its canonical matrix and is kept as written.
        guard french, let known = frenchNames[fold(name)] else { return name }
        return known
    }

    /// The French name of each canonical matrix, with its accents.
    private static let frenchNames: [String: String] = [
        "water": "eau",
        "groundwater": "eau souterraine",
        "surface water": "eau de surface",
        "river water": "eau de rivière",
        "lake water": "eau de lac",
        "seawater": "eau de mer",
        "rainwater": "eau de pluie",
        "spring water": "eau de source",
        "drinking water": "eau potable",
        "porewater": "eau interstitielle",
        "wastewater": "eau usée",
        "leachate": "lixiviat",
        "brine": "saumure",
        "mine water": "eau de mine",
        "soil": "sol",
        "sediment": "sédiment",
        "suspended sediment": "sédiment en suspension",
        "rock": "roche",
        "sludge": "boue",
        "dust": "poussière",
        "peat": "tourbe",
        "ore": "minerai",
        "mineral": "minéral",
        "concentrate": "concentré",
        "tailings": "résidus miniers",
        "galena": "galène",
        "sphalerite": "blende",
        "pyrite": "pyrite",
        "calcite": "calcite",
        "biota": "biote",
        "plant": "végétal",
        "leaf": "feuille",
        "moss": "mousse",
        "lichen": "lichen",
        "tree ring": "cerne de croissance",
        "tissue": "tissu biologique",
        "blood": "sang",
        "urine": "urine",
        "hair": "cheveux",
        "bone": "os",
        "tooth": "dent",
        "shell": "coquille",
        "fish": "poisson",
        "gas": "gaz",
        "air": "air",
        "soil gas": "gaz du sol",
        "natural gas": "gaz naturel",
        "biogas": "biogaz",
        "landfill gas": "gaz de décharge",
        "industrial product": "produit industriel",
        "fertilizer": "engrais",
        "fuel": "carburant",
        "gasoline": "essence",
        "diesel": "gazole",
        "crude oil": "pétrole brut",
        "solvent": "solvant",
        "paint": "peinture",
        "pesticide": "produit phytosanitaire",
        "slag": "scorie",
        "fly ash": "cendre volante",
        "cement": "ciment",
        "alloy": "alliage"
    ]

    private static let vocabulary: [String: String] = {
        var map: [String: String] = [:]
        for (canonical, others) in synonyms {
            map[canonical] = canonical
            for other in others { map[fold(other)] = canonical }
        }
        return map
    }()

    private static let canonicalSet: Set<String> = Set(synonyms.map(\.canonical))
}
