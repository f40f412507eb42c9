import Foundation
import IsoFindDomain
import IsoFindFormat

/// What the blocks built on the request's result dicts (scoring, automatic context, Nexus,
/// interpretation, simulations) share: the names of the match classes and of the speciation
/// methods, the simulation's source and no-data sentences, and how a provided value is printed.
enum ResultText {
    static let noSimulation = Localized(fr: "Aucun résultat de simulation n'a été fourni pour ce rapport.",
                                        en: "No simulation result was provided for this report.")
    static let simulationSource = Localized(fr: "Source : résultat de simulation fourni avec la requête (simulation_result).",
                                            en: "Source: simulation result provided with the request (simulation_result).")
    static let classNames = (
        full: Localized(fr: "complète", en: "full"),
        partial: Localized(fr: "partielle", en: "partial"),
        incompatible: Localized(fr: "incompatible", en: "incompatible")
    )
    static let speciationSources = (
        ml: Localized(fr: "spéciation par apprentissage automatique (ML)", en: "machine-learning (ML) speciation"),
        thermodynamic: Localized(fr: "calcul thermodynamique", en: "thermodynamic calculation")
    )
    /// The most bars a chart of matches or species shows; the table lists them all.
    static let chartCap = 30
}

extension BlockContext {
    /// The text as provided, or "not provided" when it is missing or blank.
    func orNotProvided(_ value: String?) -> String {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return Strings.notProvided[language] }
        return value
    }

    /// A number as stored (up to `digits` significant digits), or "not provided".
    func number(_ value: Double?, digits: Int = 6) -> String {
        value.map { NumberFormat.automatic($0, maxSignificantDigits: digits, format) } ?? Strings.notProvided[language]
    }

    /// A fraction as a percentage with one decimal, or "not provided".
    func percent(_ fraction: Double?) -> String {
        fraction.map { NumberFormat.percent($0, fractionDigits: 1, format) } ?? Strings.notProvided[language]
    }

    /// A unit after a number: U+202F before ‰ and % in French, U+00A0 otherwise; "ratio" and
    /// empty units add nothing.
    func withUnit(_ number: String, _ unit: String?) -> String {
        guard let unit = unit?.trimmingCharacters(in: .whitespaces), !unit.isEmpty, unit.lowercased() != "ratio" else { return number }
        let space = unit.hasPrefix("‰") ? Typography.spaceBeforePermille(format)
            : unit.hasPrefix("%") ? Typography.spaceBeforePercent(format) : Typography.noBreakSpace
        return number + space + unit
    }

    /// A match class in the report's language; an unknown class as provided.
    func className(_ matchClass: MatchClass?) -> String {
        switch matchClass {
        case .full: ResultText.classNames.full[language]
        case .partial: ResultText.classNames.partial[language]
        case .incompatible: ResultText.classNames.incompatible[language]
        case .unknown(let raw): raw
        case nil: Strings.notProvided[language]
        }
    }

    /// The receptor of a scoring match: its name, else the name of the report's sample with its
    /// id, else `#id`.
    func receptorName(_ match: ScoringMatch) -> String {
        if let name = match.sampleName, !name.isEmpty { return name }
        if let id = match.sampleID {
            return samples.first { $0.id == id }?.name ?? "#\(id)"
        }
        return Strings.notProvided[language]
    }

    /// How an automatic context was obtained, in the report's language.
    func speciationSource(_ source: SpeciationSource?) -> String {
        switch source {
        case .mlSpeciation: ResultText.speciationSources.ml[language]
        case .thermodynamic: ResultText.speciationSources.thermodynamic[language]
        case .unknown(let raw): raw
        case nil: Strings.notProvided[language]
        }
    }
}
