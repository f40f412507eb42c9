import IsoFindDomain

/// Every string the engine itself prints, in French and English. Blocks never hard-code text.
enum Strings {
    static let page = Localized(fr: "page %d / %d", en: "page %d / %d")
    static let reportReference = Localized(fr: "Rapport n° %d", en: "Report %d")
    static let preview = Localized(fr: "APERÇU", en: "PREVIEW")
    static let previewNotSigned = Localized(
        fr: "Ce document est un aperçu : il n'est ni enregistré ni signé.",
        en: "This document is a preview: it is neither recorded nor signed.")
    static let contents = Localized(fr: "Sommaire", en: "Contents")
    /// Above the header row of a table continued on a new page: the heading it belongs to.
    static let continued = Localized(fr: "%@ (suite)", en: "%@ (continued)")
    static let notProvided = Localized(fr: "non renseigné", en: "not provided")
    /// A sample's classification, as every block names it (IsoFind's own word "fille" in French).
    static let roleSingular: [SampleRole: Localized] = [
        .source: Localized(fr: "source", en: "source"),
        .receptor: Localized(fr: "fille", en: "receptor"),
        .unknown: Localized(fr: "non classé", en: "unclassified"),
    ]
    static let rolePlural: [SampleRole: Localized] = [
        .source: Localized(fr: "sources", en: "sources"),
        .receptor: Localized(fr: "filles", en: "receptors"),
        .unknown: Localized(fr: "non classés", en: "unclassified"),
    ]
    /// After the receptors' name where the classifications are first counted (executive summary).
    static let receptorGloss = Localized(fr: "(récepteurs)", en: "(daughters)")

    /// "Sources", "Filles": a plural classification name as a legend or heading starts.
    static func rolePluralCapitalized(_ role: SampleRole, _ language: Language) -> String {
        let name = rolePlural[role]![language]
        return name.prefix(1).uppercased() + name.dropFirst()
    }
    static let noSamples = Localized(fr: "Aucun échantillon ne correspond à la sélection de ce rapport.",
                                     en: "No sample matches this report's selection.")
    static let expertInConcise = Localized(
        fr: "Ce bloc s'adresse à des spécialistes ; ce rapport concis le reprend sans le simplifier.",
        en: "This block is written for specialists; this concise report includes it without simplifying it.")

    /// A source that could not be read, with the technical reason (ReportContext's degrading rule).
    static let unavailable: [ReportContext.DataSource: Localized] = [
        .samples: Localized(fr: "La base d'échantillons n'a pas pu être lue (%@) : aucun échantillon ne peut être présenté.",
                            en: "The samples database could not be read (%@): no sample can be shown."),
        .nexusSession: Localized(fr: "La session Nexus demandée n'a pas pu être lue (%@).",
                                 en: "The requested Nexus session could not be read (%@)."),
        .branding: Localized(fr: "L'identité de l'organisation n'a pas pu être lue (%@) : le rapport porte le nom par défaut.",
                             en: "The organisation's branding could not be read (%@): the report carries the default name."),
        .logo: Localized(fr: "Le logo de l'organisation n'a pas pu être lu (%@) : il est omis.",
                         en: "The organisation's logo could not be read (%@): it is left out."),
        .matrixRules: Localized(fr: "Les règles de matrices n'ont pas pu être lues (%@) : aucun verdict de pertinence n'est donné.",
                                en: "The matrix rules could not be read (%@): no relevance verdict is given."),
        .basemap: Localized(fr: "Le fond de carte n'a pas été dessiné (%@) : la carte est un cadre tracé.",
                            en: "The basemap was not drawn (%@): the map is a plotted frame."),
    ]

    /// One warning per source that could not be read, in the order of the sources; the
    /// basemap's belongs to `sample_map`.
    static func unavailableWarnings(_ sources: [ReportContext.DataSource: String], _ language: Language,
                                    blocks: [BlockKey]) -> [ReportWarning] {
        ReportContext.DataSource.allCases.compactMap { source in
            sources[source].map { reason in
                ReportWarning(block: source == .basemap && blocks.contains(.sampleMap) ? .sampleMap : nil,
                              message: format(unavailable[source]!, language, reason))
            }
        }
    }

    static func format(_ localized: Localized, _ language: Language, _ arguments: String...) -> String {
        format(localized[language], language, arguments)
    }

    /// Fills each `%@` of `template` with the next argument, in order (an argument's own text is
    /// never searched). The plural marks of the template, "(s)", "(nt)", "(es)", agree with
    /// the count printed just before them: "%@ échantillon(s) positionné(s)" gives "1 échantillon
    /// positionné" and "3 échantillons positionnés"; French takes the singular for 0 and 1,
    /// English for 1 only. Marks after an argument that is not a count stay as written.
    static func format(_ template: String, _ language: Language, _ arguments: [String]) -> String {
        let segments = template.components(separatedBy: "%@")
        var out = ""
        var count: Int?
        for (index, segment) in segments.enumerated() {
            out += agree(segment, count: count, language)
            guard index < segments.count - 1 else { break }
            let argument = index < arguments.count ? arguments[index] : "%@"
            out += argument
            count = Int(String(argument.filter { !$0.isWhitespace }))
        }
        return out
    }

    static func agree(_ text: String, count: Int?, _ language: Language) -> String {
        guard let count, text.contains(")") else { return text }
        let plural = language == .fr ? abs(count) >= 2 : count != 1
        var result = text
        for mark in ["(s)", "(nt)", "(es)"] {
            result = result.replacingOccurrences(of: mark, with: plural ? String(mark.dropFirst().dropLast()) : "")
        }
        return result
    }

    static func format(_ localized: Localized, _ language: Language, integers: Int...) -> String {
        var text = localized[language]
        for integer in integers {
            if let range = text.range(of: "%d") { text.replaceSubrange(range, with: String(integer)) }
        }
        return text
    }
}
