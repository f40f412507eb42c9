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

    /// A matrix name as a reader of `french` or English reports reads it: the French name of a
    /// matrix the vocabulary knows by its English name ("water" → "eau", "Surface water" → "eau
    /// de surface") in French reports; otherwise the name as stored.
    public static func display(_ name: String, french: Bool) -> String {
        // Only the vocabulary's own English words: a synonym ("acid mine drainage") may say more
        // than its canonical matrix and is kept as written.
        guard french, let known = frenchNames[fold(name)] else { return name }
        return known
    }

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

    /// Canonical English name, its French name as printed (with accents), and other spellings
    /// (folded: lower case, no diacritics). Plurals
    /// made with -s, -es or -x are derived automatically; irregular ones are listed.
    private static let synonyms: [(canonical: String, french: String, others: [String])] = [
        // aqueous
        ("water", "eau", ["eau"]),
        ("groundwater", "eau souterraine", ["ground water", "eau souterraine", "eau de nappe", "nappe", "nappe phreatique"]),
        ("surface water", "eau de surface", ["eau de surface", "eau superficielle"]),
        ("river water", "eau de rivière", ["stream water", "eau de riviere", "eau de fleuve", "eau de ruisseau"]),
        ("lake water", "eau de lac", ["eau de lac", "eau lacustre"]),
        ("seawater", "eau de mer", ["sea water", "marine water", "eau de mer", "eau marine"]),
        ("rainwater", "eau de pluie", ["rain water", "rain", "eau de pluie", "pluie"]),
        ("spring water", "eau de source", ["eau de source"]),
        ("drinking water", "eau potable", ["tap water", "eau potable", "eau du robinet", "eau de consommation"]),
        ("porewater", "eau interstitielle", ["pore water", "interstitial water", "eau interstitielle", "eau porale"]),
        ("wastewater", "eau usée", ["waste water", "effluent", "eau usee", "eau residuaire"]),
        ("leachate", "lixiviat", ["lixiviat"]),
        ("brine", "saumure", ["saumure"]),
        ("mine water", "eau de mine", ["mine drainage", "acid mine drainage", "eau de mine", "eau d'exhaure", "exhaure",
                        "drainage minier", "drainage minier acide"]),
        // solid
        ("soil", "sol", ["sol", "topsoil"]),
        ("sediment", "sédiment", ["sediment"]),
        ("suspended sediment", "sédiment en suspension", ["suspended particulate matter", "suspended matter", "sediment en suspension",
                                "matiere en suspension"]),
        ("rock", "roche", ["roche", "bedrock", "roche mere"]),
        ("sludge", "boue", ["boue", "sewage sludge", "boue de station d'epuration"]),
        ("dust", "poussière", ["poussiere", "atmospheric dust", "poussiere atmospherique"]),
        ("peat", "tourbe", ["tourbe"]),
        // ore and mineral
        ("ore", "minerai", ["minerai"]),
        ("mineral", "minéral", ["mineral", "mineraux"]),
        ("concentrate", "concentré", ["concentre", "ore concentrate", "concentre de minerai"]),
        ("tailings", "résidus miniers", ["tailing", "mine tailings", "residu minier"]),
        ("galena", "galène", ["galene"]),
        ("sphalerite", "blende", ["blende"]),
        ("pyrite", "pyrite", []),
        ("calcite", "calcite", []),
        // biota
        ("biota", "biote", ["biote"]),
        ("plant", "végétal", ["plante", "vegetal", "vegetaux", "vegetation"]),
        ("leaf", "feuille", ["leaves", "feuille"]),
        ("moss", "mousse", ["mousse"]),
        ("lichen", "lichen", []),
        ("tree ring", "cerne de croissance", ["cerne", "cerne de croissance"]),
        ("tissue", "tissu biologique", ["tissu", "tissus", "tissu biologique"]),
        ("blood", "sang", ["sang"]),
        ("urine", "urine", []),
        ("hair", "cheveux", ["cheveu", "cheveux", "poil"]),
        ("bone", "os", ["os"]),
        ("tooth", "dent", ["teeth", "dent", "tooth enamel", "email dentaire"]),
        ("shell", "coquille", ["coquille"]),
        ("fish", "poisson", ["poisson"]),
        // gas
        ("gas", "gaz", ["gaz", "gases"]),
        ("air", "air", ["ambient air", "air ambiant"]),
        ("soil gas", "gaz du sol", ["gaz du sol", "gaz de sol"]),
        ("natural gas", "gaz naturel", ["gaz naturel"]),
        ("biogas", "biogaz", ["biogaz"]),
        ("landfill gas", "gaz de décharge", ["gaz de decharge"]),
        // industrial product
        ("industrial product", "produit industriel", ["produit industriel"]),
        ("fertilizer", "engrais", ["fertiliser", "engrais", "fertilisant"]),
        ("fuel", "carburant", ["carburant", "combustible"]),
        ("gasoline", "essence", ["petrol", "essence"]),
        ("diesel", "gazole", ["gazole", "gasoil"]),
        ("crude oil", "pétrole brut", ["petrole brut", "petrole"]),
        ("solvent", "solvant", ["solvant"]),
        ("paint", "peinture", ["peinture"]),
        ("pesticide", "produit phytosanitaire", ["produit phytosanitaire"]),
        ("slag", "scorie", ["scorie", "laitier"]),
        ("fly ash", "cendre volante", ["cendre volante"]),
        ("cement", "ciment", ["ciment"]),
        ("alloy", "alliage", ["alliage"]),
    ]

    private static let vocabulary: [String: String] = {
        var map: [String: String] = [:]
        for (canonical, _, others) in synonyms {
            map[canonical] = canonical
            for other in others { map[fold(other)] = canonical }
        }
        return map
    }()

    private static let canonicalSet: Set<String> = Set(synonyms.map(\.canonical))

    /// Canonical English name → French name, from `synonyms`.
    private static let frenchNames: [String: String] = Dictionary(uniqueKeysWithValues: synonyms.map { ($0.canonical, $0.french) })
}
