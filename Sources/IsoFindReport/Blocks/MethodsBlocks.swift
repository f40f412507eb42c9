import Foundation
import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// Blocks about the project, the methods behind the data, molecules and thresholds, matrix
/// relevance, the glossary and the provenance of the data: `project_context`,
/// `executive_summary`, `analytical_methods`, `quality_control`, `pollutant_inventory`,
/// `regulatory_compliance`, `glossary`, `data_provenance`, `matrix_relevance`.
enum MethodsBlocks {
    // MARK: - Shared

    static let notProvided = Strings.notProvided
    static let sourceDatabase = Localized(fr: "Source : base d'échantillons IsoFind (%@).",
                                          en: "Source: IsoFind samples database (%@).")
    static let nexusFromSession = Localized(fr: "session Nexus n° %@ de workflows.db", en: "Nexus session %@ of workflows.db")
    static let nexusFromRequest = Localized(fr: "résultat Nexus fourni avec la requête", en: "Nexus result provided with the request")
    static let noIsotopes = Localized(fr: "Aucune mesure isotopique n'est disponible pour les échantillons de ce rapport.",
                                      en: "No isotope measurement is available for the samples of this report.")

    static func databaseName(_ context: BlockContext) -> String { BlockSupport.databaseName(context) }

    static func caption(_ text: String) -> Caption { BlockSupport.caption(text) }

    static func databaseCaption(_ context: BlockContext) -> Caption {
        caption(Strings.format(sourceDatabase, context.language, databaseName(context)))
    }

    static func noData(_ context: BlockContext, _ message: Localized) -> Notice {
        BlockSupport.noData(context, message)
    }

    static func text(_ context: BlockContext, _ localized: Localized, _ arguments: String...) -> String {
        Strings.format(localized[context.language], context.language, arguments)
    }

    static func integer(_ value: Int, _ context: BlockContext) -> String { NumberFormat.integer(value, context.format) }

    /// The Nexus result's origin, as printed after "Source:".
    static func nexusSource(_ context: BlockContext) -> String {
        if let id = context.sources.nexusSessionID {
            return text(context, nexusFromSession, integer(id, context))
        }
        return nexusFromRequest[context.language]
    }

    /// Values kept in first-seen order, counted.
    struct OrderedCounter {
        var keys: [String] = []
        var counts: [String: Int] = [:]
        mutating func add(_ key: String, _ amount: Int = 1) {
            if counts[key] == nil { keys.append(key) }
            counts[key, default: 0] += amount
        }
        var byCountDescending: [(String, Int)] {
            keys.enumerated().sorted { a, b in
                let ca = counts[a.element]!, cb = counts[b.element]!
                return ca != cb ? ca > cb : a.offset < b.offset
            }.map { ($0.element, counts[$0.element]!) }
        }
    }

    static func summaryLabel(_ system: String, delta: Bool) -> String {
        (delta ? IsotopeNotation.deltaLabel(system: system) : nil) ?? IsotopeNotation.unicode(system)
    }

    static func systemKey(_ measurement: IsotopeMeasurement) -> String? {
        measurement.system ?? measurement.deltaNotation
    }

    static func dateList(_ isoDates: [String], _ context: BlockContext) -> String {
        let unique = Array(Set(isoDates)).sorted()
        let formatted = unique.map { DateFormat.numeric(iso: $0, context.format) ?? $0 }
        guard !formatted.isEmpty else { return notProvided[context.language] }
        if formatted.count <= 3 { return formatted.joined(separator: ", ") }
        return text(context, sessionsRange, formatted.first!, formatted.last!, integer(formatted.count, context))
    }
    static let sessionsRange = Localized(fr: "%@ – %@ (%@ dates)", en: "%@ – %@ (%@ dates)")

    static func median(_ sorted: [Double]) -> Double {
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    // MARK: - project_context

    static let project = (
        name: Localized(fr: "Projet", en: "Project"),
        objective: Localized(fr: "Objectif", en: "Objective"),
        constraints: Localized(fr: "Contraintes", en: "Constraints"),
        client: Localized(fr: "Client", en: "Client"),
        reference: Localized(fr: "Référence", en: "Reference"),
        source: Localized(fr: "Source : données de projet fournies avec la requête (project_data).",
                          en: "Source: project data provided with the request (project_data)."),
        nameOnlySource: Localized(fr: "Source : nom de projet fourni avec la requête (project).",
                                  en: "Source: project name provided with the request (project)."),
        missing: Localized(fr: "Aucune donnée de projet (project_data) n'a été fournie pour ce rapport : objectif, contraintes, client et référence ne sont pas renseignés.",
                           en: "No project data (project_data) was provided for this report: objective, constraints, client and reference are not given."),
        siteTitle: Localized(fr: "Site et secteurs", en: "Site and sectors"),
        extent: Localized(fr: "Emprise des prélèvements (rectangle englobant les coordonnées de %@ échantillon(s) sur %@) : latitude %@ à %@, longitude %@ à %@, soit environ %@ km (est–ouest) × %@ km (nord–sud).",
                          en: "Sampling extent (bounding box of the coordinates of %@ of %@ sample(s)): latitude %@ to %@, longitude %@ to %@, i.e. about %@ km (east–west) × %@ km (north–south)."),
        noCoordinates: Localized(fr: "Aucun échantillon de ce rapport n'a de coordonnées : l'emprise du site ne peut pas être donnée.",
                                 en: "No sample of this report has coordinates: the site extent cannot be given."),
        sector: Localized(fr: "Secteur", en: "Sector"),
        samples: Localized(fr: "Échantillons", en: "Samples"),
        matrices: Localized(fr: "Matrices", en: "Matrices"),
        extentNote: Localized(fr: "Source : coordonnées WGS 84 et secteurs des échantillons, base d'échantillons IsoFind (%@). Distances approchées (1° de latitude ≈ 111,32 km).",
                              en: "Source: WGS 84 coordinates and sectors of the samples, IsoFind samples database (%@). Approximate distances (1° of latitude ≈ 111.32 km).")
    )

    static func degrees(_ value: Double, positive: String, negative: String, _ context: BlockContext) -> String {
        NumberFormat.decimal(abs(value), fractionDigits: 4, context.format) + "° " + (value < 0 ? negative : positive)
    }

    static func projectContext(_ context: BlockContext) -> [any Drawable] {
        let language = context.language
        let missing = notProvided[language]
        var story: [any Drawable] = []
        if let data = context.inputs.projectData {
            let constraints = (data.constraints ?? []).map { "• " + Markup.escape($0) }.joined(separator: "\n")
            func value(_ text: String?) -> String {
                guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return Markup.escape(missing) }
                return Markup.escape(text)
            }
            story.append(keyValueList([
                (project.name[language], value(context.inputs.projectName)),
                (project.objective[language], value(data.objective)),
                (project.constraints[language], constraints.isEmpty ? Markup.escape(missing) : constraints),
                (project.client[language], value(data.client)),
                (project.reference[language], value(data.reference)),
            ], labelWeight: 1, valueWeight: 3.2))
            story.append(caption(project.source[language]))
        } else {
            if let name = context.inputs.projectName {
                story.append(keyValueList([(project.name[language], Markup.escape(name))], labelWeight: 1, valueWeight: 3.2))
                story.append(caption(project.nameOnlySource[language]))
            }
            story.append(noData(context, project.missing))
        }
        story.append(Heading(markup: Markup.escape(project.siteTitle[language]), level: 2))
        guard !context.samples.isEmpty else { return story + SampleBlocks.noSamples(context) }
        let located = context.samples.compactMap(\.coordinates)
        if located.isEmpty {
            story.append(noData(context, project.noCoordinates))
        } else {
            let lats = located.map(\.latitude), lons = located.map(\.longitude)
            let (minLat, maxLat, minLon, maxLon) = (lats.min()!, lats.max()!, lons.min()!, lons.max()!)
            let kmPerDegree = 111.32
            let north = (maxLat - minLat) * kmPerDegree
            let east = (maxLon - minLon) * kmPerDegree * cos((minLat + maxLat) / 2 * Double.pi / 180)
            let km = { NumberFormat.decimal($0, fractionDigits: 1, context.format) }
            story.append(Paragraph(markup: Markup.escape(text(context, project.extent,
                integer(located.count, context), integer(context.samples.count, context),
                degrees(minLat, positive: "N", negative: "S", context), degrees(maxLat, positive: "N", negative: "S", context),
                degrees(minLon, positive: "E", negative: language == .fr ? "O" : "W", context),
                degrees(maxLon, positive: "E", negative: language == .fr ? "O" : "W", context),
                km(east), km(north)))))
        }
        var sectors = OrderedCounter()
        var matricesBySector: [String: OrderedCounter] = [:]
        for sample in context.samples {
            let sector = sample.sector.flatMap { $0.isEmpty ? nil : $0 } ?? missing
            sectors.add(sector)
            if let matrix = sample.matrix, !matrix.isEmpty {
                matricesBySector[sector, default: OrderedCounter()].add(BlockSupport.matrix(matrix, context))
            }
        }
        let rows = sectors.keys.map { sector -> [String] in
            let matrices = matricesBySector[sector]?.byCountDescending.map { "\($0.0) (\(integer($0.1, context)))" }.joined(separator: ", ")
            return [Markup.escape(sector), integer(sectors.counts[sector]!, context), Markup.escape(matrices ?? missing)]
        }
        story.append(Table(columns: [
            TableColumn(project.sector[language], weight: 2.0),
            TableColumn(project.samples[language], weight: 0.8, alignment: .right),
            TableColumn(project.matrices[language], weight: 2.2),
        ], rows: rows))
        story.append(caption(text(context, project.extentNote, databaseName(context))))
        return story
    }

    // MARK: - executive_summary

    static let summary = (
        intro: Localized(fr: "Cette synthèse rassemble les principaux chiffres du rapport. Elle suggère des pistes de lecture ; elle ne prouve à elle seule aucune origine.",
                         en: "This summary gathers the report's main figures. It suggests lines of reading; on its own it proves no origin."),
        samples: Localized(fr: "Le rapport porte sur %@ échantillon(s) : %@ (source : base d'échantillons IsoFind, %@).",
                           en: "The report covers %@ sample(s): %@ (source: IsoFind samples database, %@)."),
        matrices: Localized(fr: "Par matrice : %@ (source : colonne « matrix » de la base d'échantillons).",
                            en: "By matrix: %@ (source: the “matrix” column of the samples database)."),
        noMatrix: Localized(fr: "sans matrice", en: "no matrix"),
        isotopes: Localized(fr: "Systèmes isotopiques mesurés : %@ (source : table sample_isotope de la base d'échantillons).",
                            en: "Isotope systems measured: %@ (source: sample_isotope table of the samples database)."),
        noIsotope: Localized(fr: "Aucune mesure isotopique ne figure pour ces échantillons (source : base d'échantillons).",
                             en: "No isotope measurement is recorded for these samples (source: samples database)."),
        elements: Localized(fr: "Concentrations élémentaires : %@ valeur(s) pour %@ (source : table sample_geochem).",
                            en: "Elemental concentrations: %@ value(s) for %@ (source: sample_geochem table)."),
        molecules: Localized(fr: "Molécules et ions dissous : %@ résultat(s), dont %@ au-dessus de leur seuil de référence (source : table sample_molecules).",
                             en: "Dissolved molecules and ions: %@ result(s), %@ of them above their reference threshold (source: sample_molecules table)."),
        matchesTitle: Localized(fr: "Meilleures correspondances", en: "Best matches"),
        matchesIntro: Localized(fr: "Le résultat de scoring fourni avec la requête (algorithme : %@) suggère les rapprochements suivants ; un score élevé est compatible avec une origine commune, il ne la prouve pas :",
                                en: "The scoring result provided with the request (algorithm: %@) suggests the following pairings; a high score is compatible with a common origin, it does not prove it:"),
        match: Localized(fr: "%@ ↔ %@ : score %@ (%@)", en: "%@ ↔ %@: score %@ (%@)"),
        noScoring: Localized(fr: "Aucun résultat de scoring n'a été fourni : aucune correspondance n'est proposée.",
                             en: "No scoring result was provided: no match is suggested."),
        nexusTitle: Localized(fr: "Signature prédite par Nexus", en: "Nexus predicted signature"),
        nexus: Localized(fr: "Le modèle Nexus prédit pour %@ une signature de %@ (2σ) à partir de %@ ; une mesure compatible avec cette valeur, aux incertitudes près, suggère les processus modélisés sans les démontrer (source : %@).",
                         en: "The Nexus model predicts for %@ a signature of %@ (2σ) starting from %@; a measurement compatible with this value within uncertainties suggests the modelled processes without demonstrating them (source: %@)."),
        nexusInitialUnknown: Localized(fr: "une signature initiale non renseignée", en: "an initial signature not given"),
        noNexus: Localized(fr: "Aucun résultat Nexus n'a été fourni : aucune signature prédite n'est présentée.",
                           en: "No Nexus result was provided: no predicted signature is shown."),
        nexusNoPrediction: Localized(fr: "Le résultat Nexus (%@) ne contient pas de signature prédite.",
                                     en: "The Nexus result (%@) holds no predicted signature."),
        warningsTitle: Localized(fr: "Principaux avertissements", en: "Main warnings"),
        warningsIntro: Localized(fr: "%@ avertissement(s) relevé(s) lors de la génération de ce rapport (source : contrôles des blocs du rapport) ; les %@ premiers ci-dessous, tous dans le bloc « Limites » :",
                                 en: "%@ warning(s) recorded while generating this report (source: the checks of the report's blocks); the first %@ below, all of them in the “Limitations” block:"),
        warningsIntroAll: Localized(fr: "%@ avertissement(s) relevé(s) lors de la génération de ce rapport (source : contrôles des blocs du rapport), repris dans le bloc « Limites » :",
                                    en: "%@ warning(s) recorded while generating this report (source: the checks of the report's blocks), also listed in the “Limitations” block:"),
        noWarnings: Localized(fr: "Aucun avertissement n'a été relevé lors de la génération de ce rapport (source : contrôles des blocs du rapport).",
                              en: "No warning was recorded while generating this report (source: the checks of the report's blocks)."),
        chartTitle: Localized(fr: "Échantillons par matrice", en: "Samples per matrix"),
        chartCaption: Localized(fr: "Nombre d'échantillons par matrice. Source : base d'échantillons IsoFind (%@).",
                                en: "Number of samples per matrix. Source: IsoFind samples database (%@)."),
        others: Localized(fr: "autres (%@ matrices)", en: "others (%@ matrices)")
    )
    static let matchClassNames: [String: Localized] = [
        "full": Localized(fr: "compatibilité complète", en: "full compatibility"),
        "partial": Localized(fr: "compatibilité partielle", en: "partial compatibility"),
        "incompatible": Localized(fr: "incompatible", en: "incompatible"),
    ]

    static func matrixCounts(_ context: BlockContext) -> [(String, Int)] {
        var counter = OrderedCounter()
        for sample in context.samples {
            counter.add(sample.matrix.flatMap { $0.isEmpty ? nil : BlockSupport.matrix($0, context) } ?? summary.noMatrix[context.language])
        }
        return counter.byCountDescending
    }

    /// A signature value as printed: δ values in ‰ (with the scale of `unit` after it), ratios plain.
    static func signature(_ value: Double, _ uncertainty: Double?, system: String?, unit: String?, _ context: BlockContext) -> String {
        let isDelta = (unit?.contains("‰") ?? false) || (system.map { $0.hasPrefix("δ") || IsotopeNotation.deltaLabel(system: $0) != nil } ?? false)
        guard isDelta else { return MeasurementFormat.valueWithUncertainty(value, uncertainty, context.format) }
        let scale = unit.map { $0.replacingOccurrences(of: "‰", with: "").trimmingCharacters(in: .whitespaces) } ?? ""
        return MeasurementFormat.delta(value, uncertainty, context.format) + (scale.isEmpty ? "" : " " + scale)
    }

    static func systemLabel(_ system: String?, _ context: BlockContext) -> String {
        guard let system else { return notProvided[context.language] }
        return IsotopeNotation.deltaLabel(system: system) ?? IsotopeNotation.unicode(system)
    }

    static func executiveSummary(_ context: BlockContext) -> [any Drawable] {
        let language = context.language
        let missing = notProvided[language]
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(summary.intro[language]))]
        if context.samples.isEmpty {
            story += SampleBlocks.noSamples(context)
        } else {
            var roles: [String] = []
            for role in SampleRole.allCases {
                let n = context.samples.filter { $0.classification == role }.count
                let singular = language == .fr ? n < 2 : n == 1
                let name = (singular ? Strings.roleSingular : Strings.rolePlural)[role]![language]
                    + (role == .receptor ? " " + Strings.receptorGloss[language] : "")
                if n > 0 { roles.append("\(integer(n, context)) \(name)") }
            }
            story.append(Paragraph(markup: Markup.escape(text(context, summary.samples, integer(context.samples.count, context),
                                                              roles.joined(separator: ", "), databaseName(context)))))
            let matrices = matrixCounts(context)
            story.append(Paragraph(markup: Markup.escape(text(context, summary.matrices,
                matrices.map { "\($0.0) \(integer($0.1, context))" }.joined(separator: ", ")))))
            var systems = OrderedCounter()
            var elements = OrderedCounter()
            var geochemCount = 0, moleculeCount = 0, exceedances = 0
            for sample in context.samples {
                // As the isotope tables name them: δ¹³C-TCE for δ values, ⁸⁷Sr/⁸⁶Sr for ratios.
                for m in sample.isotopes { systems.add(systemKey(m).map { summaryLabel($0, delta: m.ratio == nil) } ?? missing) }
                for g in sample.geochem {
                    geochemCount += 1
                    elements.add(g.element ?? missing)
                }
                moleculeCount += sample.molecules.count
                exceedances += sample.molecules.filter(\.isNonCompliant).count
            }
            if systems.keys.isEmpty {
                story.append(Paragraph(markup: Markup.escape(summary.noIsotope[language])))
            } else {
                story.append(Paragraph(markup: Markup.escape(text(context, summary.isotopes,
                    systems.keys.map { "\($0) (n\u{00A0}=\u{00A0}\(integer(systems.counts[$0]!, context)))" }.joined(separator: ", ")))))
            }
            if geochemCount > 0 {
                story.append(Paragraph(markup: Markup.escape(text(context, summary.elements, integer(geochemCount, context),
                                                                  elements.keys.joined(separator: ", ")))))
            }
            if moleculeCount > 0 {
                story.append(Paragraph(markup: Markup.escape(text(context, summary.molecules, integer(moleculeCount, context),
                                                                  integer(exceedances, context)))))
            }
            // One small chart: samples per matrix (at most 8 bars, the rest grouped); with a single
            // matrix the sentence above says it all.
            if matrices.count >= 2 {
                var labels = matrices.prefix(8).map(\.0)
                var values = matrices.prefix(8).map { Double($0.1) }
                if matrices.count > 8 {
                    labels.append(text(context, summary.others, integer(matrices.count - 8, context)))
                    values.append(Double(matrices.dropFirst(8).reduce(0) { $0 + $1.1 }))
                }
                story.append(BarChart(title: summary.chartTitle[language], labels: labels, values: values, unit: nil,
                                      language: context.format, fractionDigits: 0))
                story.append(caption(text(context, summary.chartCaption, databaseName(context))))
            }
        }

        story.append(Heading(markup: Markup.escape(summary.matchesTitle[language]), level: 2))
        let ranked = context.inputs.scoringResult?.ranked ?? []
        if ranked.isEmpty {
            story.append(Paragraph(markup: "<i>" + Markup.escape(summary.noScoring[language]) + "</i>"))
        } else {
            story.append(Paragraph(markup: Markup.escape(text(context, summary.matchesIntro,
                                                              context.inputs.scoringResult?.algorithm ?? missing))))
            for (rank, match) in ranked.prefix(3).enumerated() {
                let receptor = match.sampleName ?? match.sampleID.map { integer($0, context) } ?? missing
                let score = match.score.map { NumberFormat.decimal($0, fractionDigits: 3, context.format) } ?? missing
                let matchClass = match.matchClass.map { matchClassNames[$0.rawValue]?[language] ?? $0.rawValue } ?? missing
                story.append(Paragraph(markup: "\(rank + 1). " + Markup.escape(text(context, summary.match, receptor,
                                                                                     match.reference ?? missing, score, matchClass)),
                                       spaceAfter: 2))
            }
            story.append(Space(4))
        }

        story.append(Heading(markup: Markup.escape(summary.nexusTitle[language]), level: 2))
        if let nexus = context.inputs.nexusResult {
            if let predicted = nexus.predicted, let value = predicted.value {
                let initial: String
                if let start = nexus.initial, let v = start.value {
                    initial = signature(v, start.uncertainty, system: nexus.system, unit: start.unit, context)
                        + (start.sample.map { " (\($0))" } ?? "")
                } else {
                    initial = summary.nexusInitialUnknown[language]
                }
                let system = systemLabel(nexus.system, context)
                story.append(Paragraph(markup: Markup.escape(text(context, summary.nexus, system,
                    signature(value, predicted.uncertainty, system: nexus.system, unit: nexus.initial?.unit, context),
                    initial, nexusSource(context)))))
            } else {
                story.append(Paragraph(markup: "<i>" + Markup.escape(text(context, summary.nexusNoPrediction, nexusSource(context))) + "</i>"))
            }
        } else {
            story.append(Paragraph(markup: "<i>" + Markup.escape(summary.noNexus[language]) + "</i>"))
        }

        story.append(Heading(markup: Markup.escape(summary.warningsTitle[language]), level: 2))
        let warnings = context.warnings
        if warnings.isEmpty {
            story.append(Paragraph(markup: Markup.escape(summary.noWarnings[language])))
        } else {
            let intro = warnings.count <= 5 ? text(context, summary.warningsIntroAll, integer(warnings.count, context))
                : text(context, summary.warningsIntro, integer(warnings.count, context), integer(5, context))
            story.append(Paragraph(markup: Markup.escape(intro)))
            for warning in warnings.prefix(5) {
                let block = warning.block.flatMap(context.name(of:)).map { "<b>\(Markup.escape($0))</b> — " } ?? ""
                story.append(Paragraph(markup: "• " + block + Markup.escape(warning.message), spaceAfter: 3))
            }
        }
        return story
    }

    // MARK: - analytical_methods

    static let methods = (
        intro: Localized(fr: "Instruments, matériaux de référence, sessions analytiques et méthodes à l'origine des données de ce rapport, avec le nombre de mesures de chacun.",
                         en: "The instruments, reference materials, analytical sessions and methods behind the data of this report, with the number of measurements of each."),
        isotopesTitle: Localized(fr: "Mesures isotopiques", en: "Isotope measurements"),
        geochemTitle: Localized(fr: "Concentrations élémentaires", en: "Elemental concentrations"),
        physicoTitle: Localized(fr: "Paramètres physico-chimiques", en: "Physico-chemical parameters"),
        moleculesTitle: Localized(fr: "Molécules et ions dissous", en: "Dissolved molecules and ions"),
        system: Localized(fr: "Système", en: "System"),
        instrument: Localized(fr: "Instrument", en: "Instrument"),
        standard: Localized(fr: "Matériau de référence / échelle", en: "Reference material / scale"),
        sessions: Localized(fr: "Sessions analytiques", en: "Analytical sessions"),
        count: Localized(fr: "Mesures", en: "Measurements"),
        method: Localized(fr: "Méthode", en: "Method"),
        elements: Localized(fr: "Éléments", en: "Elements"),
        parameters: Localized(fr: "Paramètres", en: "Parameters"),
        laboratory: Localized(fr: "Laboratoire", en: "Laboratory"),
        dates: Localized(fr: "Dates d'analyse", en: "Analysis dates"),
        isotopeCaption: Localized(fr: "Source : table sample_isotope de la base d'échantillons IsoFind (%@) ; colonnes instrument, standard et session_date. Un instrument non renseigné correspond en général à une donnée de littérature.",
                                  en: "Source: sample_isotope table of the IsoFind samples database (%@); columns instrument, standard and session_date. A missing instrument usually denotes a literature value."),
        geochemCaption: Localized(fr: "Source : table sample_geochem de la base d'échantillons IsoFind (%@), colonne method.",
                                  en: "Source: sample_geochem table of the IsoFind samples database (%@), column method."),
        physicoCaption: Localized(fr: "Source : table sample_physicochemistry de la base d'échantillons IsoFind (%@), colonne method.",
                                  en: "Source: sample_physicochemistry table of the IsoFind samples database (%@), column method."),
        moleculesCaption: Localized(fr: "Source : table sample_molecules de la base d'échantillons IsoFind (%@), colonnes methode, laboratoire et date_analyse.",
                                    en: "Source: sample_molecules table of the IsoFind samples database (%@), columns methode, laboratoire and date_analyse."),
        none: Localized(fr: "Aucune donnée de ce type pour les échantillons de ce rapport.",
                        en: "No data of this kind for the samples of this report.")
    )

    static func analyticalMethods(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return SampleBlocks.noSamples(context) }
        let language = context.language
        let missing = notProvided[language]
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(methods.intro[language]))]
        let db = databaseName(context)

        // Isotopes: one row per system, instrument and standard.
        struct IsotopeKey: Hashable { var system, instrument, standard: String }
        var isoKeys: [IsotopeKey] = []
        var isoCounts: [IsotopeKey: Int] = [:]
        var isoDates: [IsotopeKey: [String]] = [:]
        var geoKeys = OrderedCounter(), geoElements: [String: OrderedCounter] = [:]
        var phyKeys = OrderedCounter(), phyParameters: [String: OrderedCounter] = [:]
        struct MoleculeKey: Hashable { var method, laboratory: String }
        var molKeys: [MoleculeKey] = []
        var molCounts: [MoleculeKey: Int] = [:]
        var molDates: [MoleculeKey: [String]] = [:]
        for sample in context.samples {
            for m in sample.isotopes {
                let key = IsotopeKey(system: systemKey(m) ?? missing, instrument: m.instrument ?? missing, standard: m.standard ?? missing)
                if isoCounts[key] == nil { isoKeys.append(key) }
                isoCounts[key, default: 0] += 1
                if let date = m.sessionDate { isoDates[key, default: []].append(date) }
            }
            for g in sample.geochem {
                let method = g.method ?? missing
                geoKeys.add(method)
                geoElements[method, default: OrderedCounter()].add(g.element ?? missing)
            }
            for p in sample.physico {
                let method = p.method ?? missing
                phyKeys.add(method)
                phyParameters[method, default: OrderedCounter()].add(p.parameter.map { GeochemBlocks.physicoLabel($0, language) } ?? missing)
            }
            for m in sample.molecules {
                let key = MoleculeKey(method: m.methode ?? missing, laboratory: m.laboratoire ?? missing)
                if molCounts[key] == nil { molKeys.append(key) }
                molCounts[key, default: 0] += 1
                if let date = m.dateAnalyse { molDates[key, default: []].append(date) }
            }
        }

        story.append(Heading(markup: Markup.escape(methods.isotopesTitle[language]), level: 2))
        if isoKeys.isEmpty {
            story.append(noData(context, noIsotopes))
        } else {
            // Grouped by system (first-seen order), then by instrument.
            var systemOrder: [String] = []
            for key in isoKeys where !systemOrder.contains(key.system) { systemOrder.append(key.system) }
            let ordered = systemOrder.flatMap { system in isoKeys.filter { $0.system == system } }
            story.append(Table(columns: [
                TableColumn(methods.system[language], weight: 1.1), TableColumn(methods.instrument[language], weight: 1.8),
                TableColumn(methods.standard[language], weight: 1.3), TableColumn(methods.sessions[language], weight: 1.4),
                TableColumn(methods.count[language], weight: 0.8, alignment: .right),
            ], rows: ordered.map { key in
                [Markup.escape(IsotopeNotation.unicode(key.system)), Markup.escape(key.instrument), Markup.escape(key.standard),
                 Markup.escape(dateList(isoDates[key] ?? [], context)), integer(isoCounts[key]!, context)]
            }))
            story.append(caption(text(context, methods.isotopeCaption, db)))
        }

        // Geochemistry and physico-chemistry: one table per kind, a row per method with what it measured.
        for (title, what, counts, measured, sourceCaption) in [
            (methods.geochemTitle, methods.elements, geoKeys, geoElements, methods.geochemCaption),
            (methods.physicoTitle, methods.parameters, phyKeys, phyParameters, methods.physicoCaption),
        ] {
            story.append(Heading(markup: Markup.escape(title[language]), level: 2))
            if counts.keys.isEmpty {
                story.append(Paragraph(markup: "<i>" + Markup.escape(methods.none[language]) + "</i>"))
                continue
            }
            story.append(Table(columns: [
                TableColumn(methods.method[language], weight: 2.6), TableColumn(what[language], weight: 2.0),
                TableColumn(methods.count[language], weight: 0.8, alignment: .right),
            ], rows: counts.keys.map { method in
                [Markup.escape(method), Markup.escape(measured[method]!.keys.joined(separator: ", ")), integer(counts.counts[method]!, context)]
            }))
            story.append(caption(text(context, sourceCaption, db)))
        }

        story.append(Heading(markup: Markup.escape(methods.moleculesTitle[language]), level: 2))
        if molKeys.isEmpty {
            story.append(Paragraph(markup: "<i>" + Markup.escape(methods.none[language]) + "</i>"))
        } else {
            story.append(Table(columns: [
                TableColumn(methods.method[language], weight: 2.2), TableColumn(methods.laboratory[language], weight: 1.6),
                TableColumn(methods.dates[language], weight: 1.4), TableColumn(methods.count[language], weight: 0.8, alignment: .right),
            ], rows: molKeys.map { key in
                [Markup.escape(key.method), Markup.escape(key.laboratory), Markup.escape(dateList(molDates[key] ?? [], context)),
                 integer(molCounts[key]!, context)]
            }))
            story.append(caption(text(context, methods.moleculesCaption, db)))
        }
        return story
    }

    // MARK: - quality_control

    static let quality = (
        intro: Localized(fr: "Dispersion des incertitudes de mesure, valeurs atypiques et matériaux de référence des données isotopiques de ce rapport.",
                         en: "The spread of measurement uncertainties, the outlying values and the reference materials of this report's isotope data."),
        uncertaintyTitle: Localized(fr: "Incertitudes par système isotopique", en: "Uncertainties per isotope system"),
        uncertaintyIntro: Localized(fr: "Pour les rapports isotopiques, incertitude relative 2SE / rapport en ppm (parties par million) ; pour les valeurs δ, 2SD en ‰. Les incertitudes sont élargies (k = 2) telles que publiées par le laboratoire.",
                                    en: "For isotope ratios, the relative uncertainty 2SE / ratio in ppm (parts per million); for δ values, 2SD in ‰. Uncertainties are expanded (k = 2) as published by the laboratory."),
        system: Localized(fr: "Système", en: "System"),
        measure: Localized(fr: "Grandeur", en: "Quantity"),
        ratioMeasure: Localized(fr: "2SE / rapport (ppm)", en: "2SE / ratio (ppm)"),
        deltaMeasure: Localized(fr: "2SD (‰)", en: "2SD (‰)"),
        n: Localized(fr: "n", en: "n"),
        withoutUncertainty: Localized(fr: "Sans incertitude", en: "Without uncertainty"),
        median: Localized(fr: "Médiane", en: "Median"),
        maximum: Localized(fr: "Maximum", en: "Maximum"),
        uncertaintyCaption: Localized(fr: "Source : colonnes ratio_2se et delta_2sd de la table sample_isotope, base d'échantillons IsoFind (%@). « Sans incertitude » compte les valeurs publiées sans incertitude (souvent des données de littérature).",
                                      en: "Source: columns ratio_2se and delta_2sd of the sample_isotope table, IsoFind samples database (%@). “Without uncertainty” counts values published without one (often literature data)."),
        outliersTitle: Localized(fr: "Valeurs atypiques", en: "Outlying values"),
        outliersRule: Localized(fr: "Règle appliquée : pour chaque système isotopique et chaque classification (sources, filles, non classés) comptant au moins 5 valeurs, une valeur est signalée lorsqu'elle s'écarte de la médiane du groupe de plus de 3 × MAD, où MAD est la médiane des écarts absolus à la médiane multipliée par 1,4826 (estimateur robuste de l'écart-type). Une valeur signalée n'est pas une erreur : elle peut représenter un pôle réellement distinct ; elle mérite d'être vérifiée avant d'être utilisée.",
                            en: "Rule applied: for each isotope system and each classification (sources, receptors, unclassified) with at least 5 values, a value is flagged when it lies further than 3 × MAD from the group's median, where MAD is the median of the absolute deviations from the median multiplied by 1.4826 (a robust estimate of the standard deviation). A flagged value is not an error: it may be a genuinely distinct end-member; it deserves checking before use."),
        noOutliers: Localized(fr: "Aucune valeur n'est signalée par cette règle (%@ groupe(s) examiné(s)).",
                              en: "No value is flagged by this rule (%@ group(s) examined)."),
        outliersCount: Localized(fr: "%@ valeur(s) signalée(s) sur %@ groupe(s) examiné(s).",
                                 en: "%@ value(s) flagged in %@ group(s) examined."),
        sample: Localized(fr: "Échantillon", en: "Sample"),
        group: Localized(fr: "Classification", en: "Classification"),
        value: Localized(fr: "Valeur", en: "Value"),
        groupMedian: Localized(fr: "Médiane du groupe", en: "Group median"),
        deviation: Localized(fr: "Écart / MAD", en: "Deviation / MAD"),
        outliersCaption: Localized(fr: "Source : valeurs ratio et delta_value de la table sample_isotope, base d'échantillons IsoFind (%@) ; calcul effectué par IsoFind Reports.",
                                   en: "Source: ratio and delta_value of the sample_isotope table, IsoFind samples database (%@); computed by IsoFind Reports."),
        standardsTitle: Localized(fr: "Matériaux de référence utilisés", en: "Reference materials used"),
        standard: Localized(fr: "Matériau de référence / échelle", en: "Reference material / scale"),
        systems: Localized(fr: "Systèmes", en: "Systems"),
        measurements: Localized(fr: "Mesures", en: "Measurements"),
        standardsCaption: Localized(fr: "Source : colonne standard de la table sample_isotope, base d'échantillons IsoFind (%@).",
                                    en: "Source: column standard of the sample_isotope table, IsoFind samples database (%@).")
    )

    static func isotopeValueText(_ value: Double, isDelta: Bool, _ context: BlockContext) -> String {
        isDelta ? MeasurementFormat.delta(value, nil, context.format) : NumberFormat.automatic(value, context.format)
    }

    static func qualityControl(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return SampleBlocks.noSamples(context) }
        let language = context.language
        let missing = notProvided[language]
        let db = databaseName(context)
        var systems: [String] = []
        var ratioRel: [String: [Double]] = [:], deltaSD: [String: [Double]] = [:]
        var ratioNoU: [String: Int] = [:], deltaNoU: [String: Int] = [:]
        struct GroupKey: Hashable { var system: String; var role: SampleRole }
        struct Entry { var sample: String; var value: Double; var isDelta: Bool }
        var groups: [GroupKey: [Entry]] = [:]
        var standards = OrderedCounter()
        var standardSystems: [String: OrderedCounter] = [:]
        for sample in context.samples {
            for m in sample.isotopes {
                let system = systemKey(m) ?? missing
                if !systems.contains(system) { systems.append(system) }
                if let ratio = m.ratio {
                    if let u = m.ratio2SE, ratio != 0 { ratioRel[system, default: []].append(abs(u / ratio) * 1e6) } else { ratioNoU[system, default: 0] += 1 }
                    groups[GroupKey(system: system, role: sample.classification), default: []].append(Entry(sample: sample.name, value: ratio, isDelta: false))
                } else if let delta = m.deltaValue {
                    if let u = m.delta2SD { deltaSD[system, default: []].append(abs(u)) } else { deltaNoU[system, default: 0] += 1 }
                    groups[GroupKey(system: system, role: sample.classification), default: []].append(Entry(sample: sample.name, value: delta, isDelta: true))
                }
                let standard = m.standard ?? missing
                standards.add(standard)
                standardSystems[standard, default: OrderedCounter()].add(IsotopeNotation.unicode(system))
            }
        }
        guard !systems.isEmpty else { return [noData(context, noIsotopes)] }

        var story: [any Drawable] = [Paragraph(markup: Markup.escape(quality.intro[language])),
                                     Heading(markup: Markup.escape(quality.uncertaintyTitle[language]), level: 2),
                                     Paragraph(markup: Markup.escape(quality.uncertaintyIntro[language]))]
        var rows: [[String]] = []
        let stat = { (x: Double) in NumberFormat.significant(x, digits: 2, context.format) }
        for system in systems {
            let label = Markup.escape(IsotopeNotation.unicode(system))
            if let values = ratioRel[system]?.sorted() {
                rows.append([label, Markup.escape(quality.ratioMeasure[language]), integer(values.count, context),
                             integer(ratioNoU[system] ?? 0, context), stat(median(values)), stat(values.last!)])
            } else if let n = ratioNoU[system] {
                rows.append([label, Markup.escape(quality.ratioMeasure[language]), "0", integer(n, context), "—", "—"])
            }
            if let values = deltaSD[system]?.sorted() {
                rows.append([label, Markup.escape(quality.deltaMeasure[language]), integer(values.count, context),
                             integer(deltaNoU[system] ?? 0, context), stat(median(values)), stat(values.last!)])
            } else if let n = deltaNoU[system] {
                rows.append([label, Markup.escape(quality.deltaMeasure[language]), "0", integer(n, context), "—", "—"])
            }
        }
        story.append(Table(columns: [
            TableColumn(quality.system[language], weight: 1.3), TableColumn(quality.measure[language], weight: 1.3),
            TableColumn(quality.n[language], weight: 0.5, alignment: .right),
            TableColumn(quality.withoutUncertainty[language], weight: 0.9, alignment: .right),
            TableColumn(quality.median[language], weight: 0.8, alignment: .right),
            TableColumn(quality.maximum[language], weight: 0.8, alignment: .right),
        ], rows: rows))
        story.append(caption(text(context, quality.uncertaintyCaption, db)))

        // Outliers: median ± 3 × scaled MAD per system and classification.
        story.append(Heading(markup: Markup.escape(quality.outliersTitle[language]), level: 2))
        story.append(Paragraph(markup: Markup.escape(quality.outliersRule[language])))
        var outlierRows: [[String]] = []
        var examined = 0
        for system in systems {
            for role in SampleRole.allCases {
                guard let entries = groups[GroupKey(system: system, role: role)], entries.count >= 5 else { continue }
                examined += 1
                let sorted = entries.map(\.value).sorted()
                let center = median(sorted)
                let mad = 1.4826 * median(entries.map { abs($0.value - center) }.sorted())
                guard mad > 0 else { continue }
                for entry in entries where abs(entry.value - center) > 3 * mad {
                    outlierRows.append([Markup.escape(entry.sample), Markup.escape(IsotopeNotation.unicode(system)),
                                        Markup.escape(Strings.roleSingular[role]![language]),
                                        Markup.escape(isotopeValueText(entry.value, isDelta: entry.isDelta, context)),
                                        Markup.escape(isotopeValueText(center, isDelta: entry.isDelta, context)),
                                        NumberFormat.decimal((entry.value - center) / mad, fractionDigits: 1, context.format)])
                }
            }
        }
        if outlierRows.isEmpty {
            story.append(Paragraph(markup: "<i>" + Markup.escape(text(context, quality.noOutliers, integer(examined, context))) + "</i>"))
        } else {
            story.append(Paragraph(markup: Markup.escape(text(context, quality.outliersCount, integer(outlierRows.count, context),
                                                              integer(examined, context)))))
            story.append(Table(columns: [
                TableColumn(quality.sample[language], weight: 1.4), TableColumn(quality.system[language], weight: 1.0),
                TableColumn(quality.group[language], weight: 1.1), TableColumn(quality.value[language], weight: 1.1, alignment: .right),
                TableColumn(quality.groupMedian[language], weight: 1.1, alignment: .right),
                TableColumn(quality.deviation[language], weight: 0.8, alignment: .right),
            ], rows: outlierRows))
        }
        story.append(caption(text(context, quality.outliersCaption, db)))

        story.append(Heading(markup: Markup.escape(quality.standardsTitle[language]), level: 2))
        story.append(Table(columns: [
            TableColumn(quality.standard[language], weight: 1.8), TableColumn(quality.systems[language], weight: 2.2),
            TableColumn(quality.measurements[language], weight: 0.8, alignment: .right),
        ], rows: standards.keys.map { standard in
            [Markup.escape(standard), Markup.escape(standardSystems[standard]!.keys.joined(separator: ", ")),
             integer(standards.counts[standard]!, context)]
        }))
        story.append(caption(text(context, quality.standardsCaption, db)))
        return story
    }

    // MARK: - pollutant_inventory

    static let pollutants = (
        intro: Localized(fr: "Molécules et ions dissous mesurés, par échantillon : %@ résultat(s) pour %@ échantillon(s). Les valeurs sont données avec leur incertitude élargie (k = 2) ; un résultat non détecté est donné avec sa limite de détection (LD). La colonne « Réf. » renvoie au tableau des méthodes et laboratoires.",
                         en: "Dissolved molecules and ions measured, per sample: %@ result(s) for %@ sample(s). Values are given with their expanded uncertainty (k = 2); a non-detect is given with its limit of detection (LOD). The “Ref.” column refers to the table of methods and laboratories."),
        missing: Localized(fr: "Aucun résultat de molécule ou d'ion dissous n'est disponible pour les échantillons de ce rapport.",
                           en: "No result for dissolved molecules or ions is available for the samples of this report."),
        name: Localized(fr: "Nom", en: "Name"),
        family: Localized(fr: "Famille", en: "Family"),
        value: Localized(fr: "Valeur", en: "Value"),
        cas: Localized(fr: "N° CAS", en: "CAS No."),
        method: Localized(fr: "Méthode", en: "Method"),
        laboratory: Localized(fr: "Laboratoire", en: "Laboratory"),
        methodsTitle: Localized(fr: "Méthodes et laboratoires", en: "Methods and laboratories"),
        reference: Localized(fr: "Réf.", en: "Ref."),
        results: Localized(fr: "Résultats", en: "Results"),
        resultsTitle: Localized(fr: "Résultats par échantillon", en: "Results per sample"),
        sample: Localized(fr: "Échantillon", en: "Sample"),
        notDetected: Localized(fr: "non détecté (<\u{00A0}LD\u{00A0}%@)", en: "not detected (<\u{00A0}LOD\u{00A0}%@)"),
        notDetectedNoLOD: Localized(fr: "non détecté (LD non renseignée)", en: "not detected (LOD not provided)"),
        caption: Localized(fr: "Source : table sample_molecules de la base d'échantillons IsoFind (%@).",
                           en: "Source: sample_molecules table of the IsoFind samples database (%@).")
    )

    static func moleculeValue(_ m: MoleculeMeasurement, _ context: BlockContext) -> String {
        let unit = m.unite ?? ""
        if let value = m.valeur { return MeasurementFormat.quantity(value, m.incertitude, unit: unit, context.format) }
        if m.detecte != true, let lod = m.lod {
            let limit = NumberFormat.automatic(lod, context.format) + (unit.isEmpty ? "" : Typography.noBreakSpace + unit)
            return text(context, pollutants.notDetected, limit)
        }
        if m.detecte == false { return pollutants.notDetectedNoLOD[context.language] }
        return notProvided[context.language]
    }

    static func pollutantInventory(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return SampleBlocks.noSamples(context) }
        let language = context.language
        let missing = notProvided[language]
        let withMolecules = context.samples.filter { !$0.molecules.isEmpty }
        guard !withMolecules.isEmpty else { return [noData(context, pollutants.missing)] }
        let total = withMolecules.reduce(0) { $0 + $1.molecules.count }
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(text(context, pollutants.intro, integer(total, context),
                                                                            integer(withMolecules.count, context))))]
        // Methods and laboratories are long: the rows refer to them by a short key (M1, M2…).
        struct MethodKey: Hashable { var method, laboratory: String }
        var keys: [MethodKey] = []
        var counts: [MethodKey: Int] = [:]
        for sample in withMolecules {
            for m in sample.molecules {
                let key = MethodKey(method: m.methode ?? missing, laboratory: m.laboratoire ?? missing)
                if counts[key] == nil { keys.append(key) }
                counts[key, default: 0] += 1
            }
        }
        // "P" codes, so that they are not confused with the "M" codes of the elemental data.
        let reference = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, "P\($0 + 1)") })
        story.append(Heading(markup: Markup.escape(pollutants.methodsTitle[language]), level: 2))
        story.append(Table(columns: [
            TableColumn(pollutants.reference[language], weight: 0.5), TableColumn(pollutants.method[language], weight: 2.6),
            TableColumn(pollutants.laboratory[language], weight: 2.0), TableColumn(pollutants.results[language], weight: 0.8, alignment: .right),
        ], rows: keys.map { key in
            ["<b>\(reference[key]!)</b>", Markup.escape(key.method), Markup.escape(key.laboratory), integer(counts[key]!, context)]
        }))
        // One table, one row per result, grouped by sample: the sample's name is on every row so that
        // a page break never leaves rows without their sample.
        story.append(Heading(markup: Markup.escape(pollutants.resultsTitle[language]), level: 2))
        var rows: [[String]] = []
        for sample in withMolecules {
            for m in sample.molecules {
                rows.append([sample.name, m.nom ?? missing, m.famille ?? missing, moleculeValue(m, context), m.cas ?? missing].map(Markup.escape)
                            + [reference[MethodKey(method: m.methode ?? missing, laboratory: m.laboratoire ?? missing)]!])
            }
        }
        story.append(Table(columns: [
            TableColumn(pollutants.sample[language], weight: 1.4), TableColumn(pollutants.name[language], weight: 2.0),
            TableColumn(pollutants.family[language], weight: 1.9), TableColumn(pollutants.value[language], weight: 1.5, alignment: .right),
            TableColumn(pollutants.cas[language], weight: 1.0), TableColumn(pollutants.reference[language], weight: 0.45),
        ], rows: rows))
        story.append(caption(text(context, pollutants.caption, databaseName(context))))
        return story
    }

    // MARK: - regulatory_compliance

    static let compliance = (
        missing: Localized(fr: "Aucun résultat de molécule assorti d'un seuil réglementaire (seuil_ref) n'est disponible pour les échantillons de ce rapport.",
                           en: "No molecule result with a regulatory threshold (seuil_ref) is available for the samples of this report."),
        intro: Localized(fr: "%@ résultat(s) assorti(s) d'un seuil de référence ; %@ dépasse(nt) leur seuil (lignes surlignées en rouge).",
                         en: "%@ result(s) with a reference threshold; %@ above it (rows highlighted in red)."),
        perMoleculeTitle: Localized(fr: "Dépassements par molécule", en: "Exceedances per molecule"),
        detailTitle: Localized(fr: "Résultats comparés aux seuils", en: "Results against thresholds"),
        molecule: Localized(fr: "Molécule / ion", en: "Molecule / ion"),
        thresholds: Localized(fr: "Seuils", en: "Thresholds"),
        results: Localized(fr: "Résultats", en: "Results"),
        exceedances: Localized(fr: "Dépassements", en: "Exceedances"),
        sample: Localized(fr: "Échantillon", en: "Sample"),
        value: Localized(fr: "Valeur", en: "Value"),
        threshold: Localized(fr: "Seuil", en: "Threshold"),
        verdict: Localized(fr: "Conformité", en: "Compliance"),
        compliant: Localized(fr: "conforme", en: "compliant"),
        nonCompliant: Localized(fr: "NON CONFORME", en: "NON-COMPLIANT"),
        caption: Localized(fr: "Source : table sample_molecules de la base d'échantillons IsoFind (%@) ; seuils (seuil_ref, seuil_ref_unit) et conformité (conforme) tels qu'enregistrés dans la base, non recalculés par ce rapport.",
                           en: "Source: sample_molecules table of the IsoFind samples database (%@); thresholds (seuil_ref, seuil_ref_unit) and compliance (conforme) as stored in the database, not recomputed by this report.")
    )

    static func regulatoryCompliance(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return SampleBlocks.noSamples(context) }
        let language = context.language
        let missing = notProvided[language]
        var rows: [[String]] = []
        var highlighted: Set<Int> = []
        var molecules = OrderedCounter()
        var exceedances: [String: Int] = [:]
        var thresholds: [String: [String]] = [:]
        for sample in context.samples {
            for m in sample.molecules {
                guard let limit = m.seuilRef else { continue }
                let name = m.nom ?? missing
                let thresholdText = NumberFormat.automatic(limit, context.format)
                    + ((m.seuilRefUnit ?? m.unite).map { Typography.noBreakSpace + $0 } ?? "")
                let verdict: String
                switch m.conforme {
                case true?: verdict = compliance.compliant[language]
                case false?:
                    verdict = "<b>" + Markup.escape(compliance.nonCompliant[language]) + "</b>"
                    highlighted.insert(rows.count)
                    exceedances[name, default: 0] += 1
                case nil: verdict = Markup.escape(missing)
                }
                molecules.add(name)
                if !(thresholds[name]?.contains(thresholdText) ?? false) { thresholds[name, default: []].append(thresholdText) }
                rows.append([Markup.escape(sample.name), Markup.escape(name), Markup.escape(moleculeValue(m, context)),
                             Markup.escape(thresholdText), verdict])
            }
        }
        guard !rows.isEmpty else { return [noData(context, compliance.missing)] }
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(text(context, compliance.intro, integer(rows.count, context),
                                                                            integer(highlighted.count, context))))]
        story.append(Heading(markup: Markup.escape(compliance.perMoleculeTitle[language]), level: 2))
        let ordered = molecules.keys.enumerated().sorted { a, b in
            let ea = exceedances[a.element] ?? 0, eb = exceedances[b.element] ?? 0
            return ea != eb ? ea > eb : a.offset < b.offset
        }.map(\.element)
        var summaryHighlight: Set<Int> = []
        let summaryRows = ordered.enumerated().map { index, name -> [String] in
            let n = exceedances[name] ?? 0
            if n > 0 { summaryHighlight.insert(index) }
            return [Markup.escape(name), Markup.escape(thresholds[name]!.joined(separator: " ; ")),
                    integer(molecules.counts[name]!, context), n > 0 ? "<b>\(integer(n, context))</b>" : "0"]
        }
        story.append(Table(columns: [
            TableColumn(compliance.molecule[language], weight: 2.4), TableColumn(compliance.thresholds[language], weight: 1.6),
            TableColumn(compliance.results[language], weight: 0.8, alignment: .right),
            TableColumn(compliance.exceedances[language], weight: 0.9, alignment: .right),
        ], rows: summaryRows, highlighted: summaryHighlight))
        story.append(Heading(markup: Markup.escape(compliance.detailTitle[language]), level: 2))
        story.append(Table(columns: [
            TableColumn(compliance.sample[language], weight: 1.4), TableColumn(compliance.molecule[language], weight: 1.9),
            TableColumn(compliance.value[language], weight: 1.5, alignment: .right),
            TableColumn(compliance.threshold[language], weight: 0.9, alignment: .right),
            TableColumn(compliance.verdict[language], weight: 1.25),
        ], rows: rows, highlighted: highlighted))
        story.append(caption(text(context, compliance.caption, databaseName(context))))
        return story
    }

    // MARK: - glossary

    struct GlossaryEntry {
        let term: Localized
        let definition: Localized

        init(term: String, definition: Localized) {
            self.term = Localized(fr: term, en: term)
            self.definition = definition
        }

        init(term: Localized, definition: Localized) {
            self.term = term
            self.definition = definition
        }
    }

    static let glossaryText = (
        intro: Localized(fr: "Les termes et symboles employés dans ce rapport, retenus d'après ses données.",
                         en: "The terms and symbols used in this report, selected from its data."),
        term: Localized(fr: "Terme", en: "Term"),
        definition: Localized(fr: "Définition", en: "Definition"),
        caption: Localized(fr: "Liste établie à partir des données de ce rapport : échantillons et mesures (%@)%@.",
                           en: "List drawn from the data of this report: samples and measurements (%@)%@."),
        nexus: Localized(fr: ", résultat Nexus", en: ", Nexus result"),
        simulation: Localized(fr: ", résultat de simulation", en: ", simulation result")
    )

    static let terms = (
        faih: GlossaryEntry(term: "FAIH", definition: Localized(
            fr: "Nature de chaque bloc, portée en pastille sur son titre. F (factuel) : données telles que mesurées ou fournies. A (analytique) : calculs et représentations tirés des données. I (interprété) : hypothèses compatibles avec les données, jamais des preuves. H (honnêteté) : limites, réserves et avertissements.",
            en: "The nature of each block, shown as a badge on its heading. F (factual): data as measured or provided. A (analytical): calculations and plots derived from the data. I (interpreted): hypotheses consistent with the data, never proofs. H (honest): limits, reservations and warnings.")),
        delta: GlossaryEntry(term: "δ (delta)", definition: Localized(
            fr: "Écart relatif du rapport isotopique d'un échantillon à celui d'un matériau de référence : δ = (R échantillon / R référence − 1) × 1000, exprimé en ‰. Exemple : δ¹³C rapporté à VPDB.",
            en: "Relative deviation of a sample's isotope ratio from that of a reference material: δ = (R sample / R reference − 1) × 1000, expressed in ‰. Example: δ¹³C relative to VPDB.")),
        permille: GlossaryEntry(term: "‰", definition: Localized(
            fr: "Pour mille (10⁻³) : unité des valeurs δ et des facteurs d'enrichissement ε.",
            en: "Per mil (parts per thousand, 10⁻³): the unit of δ values and of enrichment factors ε.")),
        twoSigma: GlossaryEntry(term: "2σ", definition: Localized(
            fr: "Incertitude élargie correspondant à deux écarts-types (environ 95 % de confiance) ; barres d'erreur des graphiques et incertitudes des résultats Nexus.",
            en: "Expanded uncertainty of two standard deviations (about 95% confidence); error bars of the plots and uncertainties of Nexus results.")),
        twoSE: GlossaryEntry(term: "2SE", definition: Localized(
            fr: "Deux erreurs-types de la moyenne des cycles de mesure : incertitude donnée pour les rapports isotopiques (ex. ⁸⁷Sr/⁸⁶Sr).",
            en: "Two standard errors of the mean of the measurement cycles: the uncertainty given for isotope ratios (e.g. ⁸⁷Sr/⁸⁶Sr).")),
        twoSD: GlossaryEntry(term: "2SD", definition: Localized(
            fr: "Deux écarts-types de mesures répétées : incertitude donnée pour les valeurs δ, en ‰.",
            en: "Two standard deviations of replicate measurements: the uncertainty given for δ values, in ‰.")),
        k2: GlossaryEntry(term: "k = 2", definition: Localized(
            fr: "Facteur d'élargissement de l'incertitude (GUM) : l'incertitude élargie couvre environ 95 % des valeurs plausibles. Concentrations et paramètres physico-chimiques.",
            en: "Coverage factor of the uncertainty (GUM): the expanded uncertainty covers about 95% of plausible values. Concentrations and physico-chemical parameters.")),
        epsilon: GlossaryEntry(term: "ε (epsilon)", definition: Localized(
            fr: "Facteur d'enrichissement isotopique d'un processus, en ‰ : écart de composition entre le produit formé et le réactif restant. Négatif lorsque le produit est appauvri en isotope lourd.",
            en: "Isotope enrichment factor of a process, in ‰: the composition difference between the product formed and the remaining reactant. Negative when the product is depleted in the heavy isotope.")),
        rayleigh: GlossaryEntry(term: "Rayleigh", definition: Localized(
            fr: "Modèle de fractionnement d'un réactif qui se consomme sans retour : δ = δ₀ + ε · ln f, où f est la fraction restante du réactif et δ₀ sa composition initiale.",
            en: "Fractionation model of a reactant consumed irreversibly: δ = δ₀ + ε · ln f, where f is the remaining fraction of the reactant and δ₀ its initial composition.")),
        lod: GlossaryEntry(term: Localized(fr: "LD / LQ", en: "LOD / LOQ"), definition: Localized(
            fr: "Limite de détection (LD) : plus petite valeur distinguée du blanc ; en dessous, le résultat est « non détecté » ou « < LD ». Limite de quantification (LQ) : plus petite valeur mesurée avec une incertitude acceptable.",
            en: "Limit of detection (LOD): the smallest value distinguished from the blank; below it, the result is “not detected” or “< LOD”. Limit of quantification (LOQ): the smallest value measured with an acceptable uncertainty.")),
        cas: GlossaryEntry(term: "CAS", definition: Localized(
            fr: "Numéro d'enregistrement du Chemical Abstracts Service, identifiant unique d'une substance chimique.",
            en: "Chemical Abstracts Service registry number, a unique identifier of a chemical substance.")),
        vpdb: GlossaryEntry(term: "VPDB", definition: Localized(
            fr: "Vienna Pee Dee Belemnite : échelle de référence des δ¹³C (réalisée par des matériaux tels que IAEA-603).",
            en: "Vienna Pee Dee Belemnite: the reference scale of δ¹³C (realised by materials such as IAEA-603).")),
        vcdt: GlossaryEntry(term: "V-CDT", definition: Localized(
            fr: "Vienna Cañon Diablo Troilite : échelle de référence des δ³⁴S (réalisée par des matériaux tels que IAEA-S-1).",
            en: "Vienna Cañon Diablo Troilite: the reference scale of δ³⁴S (realised by materials such as IAEA-S-1).")),
        srm987: GlossaryEntry(term: "NIST SRM 987", definition: Localized(
            fr: "Carbonate de strontium de référence du NIST, utilisé pour contrôler et normaliser les mesures de ⁸⁷Sr/⁸⁶Sr (valeur usuelle ≈ 0,71025).",
            en: "NIST strontium carbonate reference material, used to check and normalise ⁸⁷Sr/⁸⁶Sr measurements (usual value ≈ 0.71025).")),
        nbs981: GlossaryEntry(term: "NBS 981", definition: Localized(
            fr: "Plomb métallique de référence (NIST SRM 981), utilisé pour corriger le biais de masse des rapports isotopiques du plomb.",
            en: "Reference lead metal (NIST SRM 981), used to correct the mass bias of lead isotope ratios.")),
        jmc: GlossaryEntry(term: "JMC-Lyon", definition: Localized(
            fr: "Solution de zinc de référence à laquelle les δ⁶⁶Zn sont rapportés.",
            en: "Reference zinc solution relative to which δ⁶⁶Zn values are reported.")),
        mcicpms: GlossaryEntry(term: "MC-ICP-MS", definition: Localized(
            fr: "Spectromètre de masse à plasma à couplage inductif et multicollection : mesure précise des rapports isotopiques (Pb, Sr, Zn…).",
            en: "Multi-collector inductively coupled plasma mass spectrometer: precise measurement of isotope ratios (Pb, Sr, Zn…).")),
        tims: GlossaryEntry(term: "TIMS", definition: Localized(
            fr: "Spectromètre de masse à thermo-ionisation : référence pour les rapports isotopiques du strontium et du plomb.",
            en: "Thermal ionisation mass spectrometer: the reference technique for strontium and lead isotope ratios.")),
        irms: GlossaryEntry(term: "IRMS", definition: Localized(
            fr: "Spectromètre de masse de rapports isotopiques (gaz) : mesure des δ¹³C, δ³⁴S, δ¹⁵N… ; couplé à un chromatographe (GC-IRMS) pour l'analyse isotopique spécifique de composés (CSIA).",
            en: "Isotope ratio mass spectrometer (gas source): measures δ¹³C, δ³⁴S, δ¹⁵N…; coupled with a gas chromatograph (GC-IRMS) for compound-specific isotope analysis (CSIA).")),
        icpms: GlossaryEntry(term: "ICP-MS / ICP-OES", definition: Localized(
            fr: "Spectrométrie de masse / d'émission optique à plasma à couplage inductif : dosage des éléments en traces et majeurs.",
            en: "Inductively coupled plasma mass spectrometry / optical emission spectrometry: determination of trace and major elements.")),
        chromatography: GlossaryEntry(term: "GC-MS / LC-MS/MS", definition: Localized(
            fr: "Chromatographie en phase gazeuse ou liquide couplée à la spectrométrie de masse : dosage des molécules organiques (solvants chlorés, PFAS…).",
            en: "Gas or liquid chromatography coupled with mass spectrometry: determination of organic molecules (chlorinated solvents, PFAS…)."))
    )

    static func glossary(_ context: BlockContext) -> [any Drawable] {
        let language = context.language
        let isotopes = context.samples.flatMap(\.isotopes)
        let hasRatio = isotopes.contains { $0.ratio != nil }
        let hasDelta = isotopes.contains { $0.deltaValue != nil || $0.deltaNotation != nil }
        let nexus = context.inputs.nexusResult
        let simulation = context.inputs.simulationResult
        let nexusDelta = nexus.map { ($0.initial?.unit?.contains("‰") ?? false) || $0.system.map { IsotopeNotation.deltaLabel(system: $0) != nil } ?? false } ?? false
        let hasGeochem = context.samples.contains { !$0.geochem.isEmpty }
        let hasMolecules = context.samples.contains { !$0.molecules.isEmpty }
        let hasPhysico = context.samples.contains { !$0.physico.isEmpty }
        let standards = Set(isotopes.compactMap(\.standard))
        let instruments = Set(isotopes.compactMap(\.instrument))
        let methods = context.samples.flatMap { $0.geochem.compactMap(\.method) + $0.molecules.compactMap(\.methode) }
        func anyContains(_ texts: Set<String>, _ word: String) -> Bool { texts.contains { $0.uppercased().contains(word) } }
        let methodSet = Set(methods)

        var entries: [GlossaryEntry] = []
        if hasDelta || nexusDelta || simulation != nil { entries += [terms.delta, terms.permille] }
        if !isotopes.isEmpty || nexus != nil || simulation != nil { entries.append(terms.twoSigma) }
        if hasRatio { entries.append(terms.twoSE) }
        if hasDelta { entries.append(terms.twoSD) }
        if hasGeochem || hasMolecules || hasPhysico { entries.append(terms.k2) }
        if nexus != nil || simulation != nil { entries += [terms.epsilon, terms.rayleigh] }
        entries.append(terms.faih)
        if hasGeochem || hasMolecules { entries.append(terms.lod) }
        if hasMolecules { entries.append(terms.cas) }
        if anyContains(standards, "VPDB") || (nexus?.initial?.unit?.uppercased().contains("VPDB") ?? false) { entries.append(terms.vpdb) }
        if anyContains(standards, "V-CDT") || anyContains(standards, "VCDT") || (nexus?.initial?.unit?.uppercased().contains("V-CDT") ?? false) {
            entries.append(terms.vcdt)
        }
        if anyContains(standards, "SRM 987") || anyContains(standards, "NBS 987") { entries.append(terms.srm987) }
        if anyContains(standards, "981") { entries.append(terms.nbs981) }
        if anyContains(standards, "JMC") { entries.append(terms.jmc) }
        if anyContains(instruments, "MC-ICP-MS") { entries.append(terms.mcicpms) }
        if anyContains(instruments, "TIMS") { entries.append(terms.tims) }
        if anyContains(instruments, "IRMS") { entries.append(terms.irms) }
        if methodSet.contains(where: { m in let u = m.uppercased(); return (u.contains("ICP-MS") && !u.contains("MC-ICP-MS")) || u.contains("ICP-OES") }) {
            entries.append(terms.icpms)
        }
        if anyContains(methodSet, "GC-MS") || anyContains(methodSet, "LC-MS") { entries.append(terms.chromatography) }

        var story: [any Drawable] = [Paragraph(markup: Markup.escape(glossaryText.intro[language]))]
        story.append(Table(columns: [
            TableColumn(glossaryText.term[language], weight: 1.25), TableColumn(glossaryText.definition[language], weight: 4.0),
        ], rows: entries.map { ["<b>" + Markup.escape($0.term[language]) + "</b>", Markup.escape($0.definition[language])] }, font: Theme.body))
        let extra = (nexus != nil ? glossaryText.nexus[language] : "") + (simulation != nil ? glossaryText.simulation[language] : "")
        story.append(caption(text(context, glossaryText.caption, databaseName(context), extra)))
        return story
    }

    // MARK: - data_provenance

    static let provenance = (
        intro: Localized(fr: "Toutes les sources de données utilisées pour produire ce rapport.",
                         en: "Every data source used to produce this report."),
        database: Localized(fr: "Base d'échantillons", en: "Samples database"),
        databaseValue: Localized(fr: "%@ (base IsoFind, lecture seule) : %@ échantillon(s)", en: "%@ (IsoFind database, read only): %@ sample(s)"),
        noDatabase: Localized(fr: "aucune base d'échantillons n'a été lue", en: "no samples database was read"),
        measurements: Localized(fr: "Mesures lues", en: "Measurements read"),
        measurementsValue: Localized(fr: "%@ isotopiques, %@ concentrations élémentaires, %@ physico-chimiques, %@ molécules et ions",
                                     en: "%@ isotope, %@ elemental concentrations, %@ physico-chemical, %@ molecules and ions"),
        nexus: Localized(fr: "Résultat Nexus", en: "Nexus result"),
        noNexus: Localized(fr: "aucun", en: "none"),
        requestDicts: Localized(fr: "Données fournies avec la requête", en: "Data provided with the request"),
        noDicts: Localized(fr: "aucune", en: "none"),
        scenarios: Localized(fr: "scenarios (%@)", en: "scenarios (%@)"),
        snapshots: Localized(fr: "Instantanés (snapshots)", en: "Snapshots"),
        snapshotsValue: Localized(fr: "%@ carte(s) (map), %@ coupe(s) (section)", en: "%@ map image(s), %@ section image(s)"),
        matrixRules: Localized(fr: "Règles de matrices", en: "Matrix rules"),
        matrixRulesValue: Localized(fr: "%@ groupe(s), %@ règle(s) (configuration de cette installation)",
                                    en: "%@ group(s), %@ rule(s) (configuration of this installation)"),
        fingerprint: Localized(fr: "Empreinte des entrées", en: "Input fingerprint"),
        fingerprintValue: Localized(fr: "FNV-1a 64 bits : %@", en: "FNV-1a 64-bit: %@"),
        generated: Localized(fr: "Date de génération", en: "Generated"),
        software: Localized(fr: "Logiciel", en: "Software"),
        reference: Localized(fr: "Référence du rapport", en: "Report reference"),
        fingerprintNote: Localized(fr: "L'empreinte des entrées est un condensé FNV-1a 64 bits des identifiants des échantillons et de leurs mesures, dans l'ordre du rapport : elle permet de vérifier qu'un autre rapport repose sur la même sélection de données. Ce n'est pas une signature ni un condensé cryptographique : elle ne protège pas le document contre une modification.",
                                 en: "The input fingerprint is an FNV-1a 64-bit digest of the ids of the samples and of their measurements, in report order: it lets one check that another report rests on the same selection of data. It is not a signature nor a cryptographic digest: it does not protect the document against alteration.")
    )

    /// FNV-1a, 64 bits.
    static func fnv1a64(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The canonical text fingerprinted: `s<id>;` for each sample, then `i`, `g`, `p`, `m` and the
    /// id of each of its isotope, geochem, physico-chemical and molecule rows.
    static func inputFingerprint(_ samples: [Sample]) -> String {
        var canonical = ""
        for sample in samples {
            canonical += "s\(sample.id);"
            for m in sample.isotopes { canonical += "i\(m.id);" }
            for m in sample.geochem { canonical += "g\(m.id);" }
            for m in sample.physico { canonical += "p\(m.id);" }
            for m in sample.molecules { canonical += "m\(m.id);" }
        }
        let hex = String(fnv1a64(canonical.utf8), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func dataProvenance(_ context: BlockContext) -> [any Drawable] {
        let language = context.language
        let inputs = context.inputs
        var pairs: [(String, String)] = []
        let database = context.sources.samplesDatabase != nil
            ? text(context, provenance.databaseValue, databaseName(context), integer(context.samples.count, context))
            : provenance.noDatabase[language]
        pairs.append((provenance.database[language], Markup.escape(database)))
        let count = { (path: KeyPath<Sample, Int>) in integer(context.samples.reduce(0) { $0 + $1[keyPath: path] }, context) }
        pairs.append((provenance.measurements[language], Markup.escape(text(context, provenance.measurementsValue,
            count(\.isotopes.count), count(\.geochem.count), count(\.physico.count), count(\.molecules.count)))))
        let nexus: String
        if context.sources.nexusSessionID != nil { nexus = nexusSource(context) }
        else if inputs.nexusResult != nil { nexus = nexusFromRequest[language] }
        else { nexus = provenance.noNexus[language] }
        pairs.append((provenance.nexus[language], Markup.escape(nexus)))
        var dicts: [String] = []
        if inputs.projectData != nil { dicts.append("project_data") }
        if inputs.project != nil { dicts.append("project") }
        if inputs.nexusResult != nil, context.sources.nexusSessionID == nil { dicts.append("nexus_result") }
        if inputs.autoContextResult != nil { dicts.append("auto_context_result") }
        if inputs.scoringResult != nil { dicts.append("scoring_result") }
        if inputs.simulationResult != nil { dicts.append("simulation_result") }
        if let scenarios = inputs.scenarios { dicts.append(text(context, provenance.scenarios, integer(scenarios.count, context))) }
        if inputs.snapshots != nil { dicts.append("snapshots") }
        if inputs.licenceData != nil { dicts.append("licence_data") }
        pairs.append((provenance.requestDicts[language], Markup.escape(dicts.isEmpty ? provenance.noDicts[language] : dicts.joined(separator: ", "))))
        pairs.append((provenance.snapshots[language], Markup.escape(text(context, provenance.snapshotsValue,
            integer(inputs.snapshots?.map?.count ?? 0, context), integer(inputs.snapshots?.section?.count ?? 0, context)))))
        pairs.append((provenance.matrixRules[language], Markup.escape(text(context, provenance.matrixRulesValue,
            integer(context.matrices.groups.count, context), integer(context.matrices.rules.count, context)))))
        pairs.append((provenance.fingerprint[language],
                       Markup.escape(text(context, provenance.fingerprintValue, inputFingerprint(context.samples)))))
        pairs.append((provenance.generated[language], Markup.escape(DateFormat.instant(epochSeconds: context.generatedAt, context.format)
            + " (" + DateFormat.iso8601(epochSeconds: context.generatedAt) + ")")))
        pairs.append((provenance.software[language], Markup.escape("\(ReportRenderer.softwareName) \(context.sources.softwareVersion)")))
        let reference: String
        switch context.reference {
        case .report(let id): reference = Strings.format(Strings.reportReference, language, integers: id)
        case .preview: reference = Strings.preview[language]
        }
        pairs.append((provenance.reference[language], Markup.escape(reference)))
        return [Paragraph(markup: Markup.escape(provenance.intro[language])),
                keyValueList(pairs, labelWeight: 1.2, valueWeight: 3.0),
                caption(provenance.fingerprintNote[language])]
    }

    // MARK: - matrix_relevance

    static let relevance = (
        introPairs: Localized(fr: "Chaque couple de matrices comparé dans ce rapport (matrices des sources × matrices des filles), avec le verdict des règles de matrices de cette installation.",
                              en: "Every pair of matrices this report compares (source matrices × receptor matrices), with the verdict of this installation's matrix rules."),
        introAll: Localized(fr: "Les échantillons ne sont pas classés à la fois en sources et en filles : tous les couples de matrices présentes sont examinés, avec le verdict des règles de matrices de cette installation.",
                            en: "The samples are not classified into both sources and receptors: every pair of the matrices present is examined, with the verdict of this installation's matrix rules."),
        noMatrix: Localized(fr: "Aucun échantillon de ce rapport n'a de matrice renseignée : la pertinence des comparaisons ne peut pas être évaluée.",
                            en: "No sample of this report has a matrix: the relevance of comparisons cannot be assessed."),
        singleMatrix: Localized(fr: "Tous les échantillons relèvent d'une seule matrice (%@) : aucune comparaison entre matrices différentes.",
                                en: "All samples share one matrix (%@): no comparison between different matrices."),
        unmatrixed: Localized(fr: "%@ échantillon(s) sans matrice renseignée, exclu(s) de l'examen de pertinence.",
                              en: "%@ sample(s) without a matrix, left out of the relevance check."),
        matrixA: Localized(fr: "Matrice A", en: "Matrix A"),
        matrixB: Localized(fr: "Matrice B", en: "Matrix B"),
        sourceMatrix: Localized(fr: "Matrice source", en: "Source matrix"),
        receptorMatrix: Localized(fr: "Matrice fille", en: "Receptor matrix"),
        groups: Localized(fr: "Groupes", en: "Groups"),
        verdict: Localized(fr: "Verdict", en: "Verdict"),
        note: Localized(fr: "Note de la règle", en: "Rule note"),
        relevant: Localized(fr: "pertinente", en: "relevant"),
        notRelevant: Localized(fr: "non pertinente", en: "not relevant"),
        undefined: Localized(fr: "non définie", en: "not defined"),
        noGroup: Localized(fr: "aucun groupe", en: "no group"),
        warnNotRelevant: Localized(fr: "La comparaison des matrices « %@ » et « %@ » n'est pas pertinente selon les règles de matrices : %@",
                                   en: "Comparing the matrices “%@” and “%@” is not relevant under the matrix rules: %@"),
        warnUndefined: Localized(fr: "Aucun verdict de pertinence n'est défini pour les matrices « %@ » et « %@ » : %@",
                                 en: "No relevance verdict is defined for the matrices “%@” and “%@”: %@"),
        summary: Localized(fr: "%@ couple(s) examiné(s) : %@ pertinent(s), %@ non pertinent(s), %@ sans verdict défini (lignes surlignées).",
                           en: "%@ pair(s) examined: %@ relevant, %@ not relevant, %@ without a defined verdict (highlighted rows)."),
        caption: Localized(fr: "Source : colonnes matrix et classification des échantillons, base d'échantillons IsoFind (%@) ; verdicts et notes : groupes et règles de matrices de cette installation (notes telles que saisies dans la configuration).",
                           en: "Source: matrix and classification of the samples, IsoFind samples database (%@); verdicts and notes: this installation's matrix groups and rules (notes as entered in the configuration).")
    )

    static func matrixRelevance(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return SampleBlocks.noSamples(context) }
        let language = context.language
        // Distinct matrices by canonical name, first-seen spelling kept, per role.
        var all: [String] = [], sources: [String] = [], receptors: [String] = []
        var seen: Set<String> = [], seenSources: Set<String> = [], seenReceptors: Set<String> = []
        var unmatrixed = 0
        for sample in context.samples {
            guard let raw = sample.matrix?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else {
                unmatrixed += 1
                continue
            }
            let canonical = MatrixName.canonical(raw)
            if seen.insert(canonical).inserted { all.append(raw) }
            if sample.isSource, seenSources.insert(canonical).inserted { sources.append(raw) }
            if sample.isReceptor, seenReceptors.insert(canonical).inserted { receptors.append(raw) }
        }
        guard !all.isEmpty else { return [noData(context, relevance.noMatrix)] }
        var story: [any Drawable] = []
        let crossed = !sources.isEmpty && !receptors.isEmpty
        var pairs: [(String, String)] = []
        if crossed {
            for s in sources { for r in receptors { pairs.append((s, r)) } }
        } else {
            for i in all.indices { for j in all.indices where j > i { pairs.append((all[i], all[j])) } }
        }
        story.append(Paragraph(markup: Markup.escape((crossed ? relevance.introPairs : relevance.introAll)[language])))
        if unmatrixed > 0 {
            let message = text(context, relevance.unmatrixed, integer(unmatrixed, context))
            context.warn(message)
            story.append(Notice(markup: Markup.escape(message), kind: .warning))
        }
        guard !pairs.isEmpty else {
            story.append(Notice(markup: Markup.escape(text(context, relevance.singleMatrix, all[0])), kind: .info))
            story.append(caption(text(context, relevance.caption, databaseName(context))))
            return story
        }
        var rows: [[String]] = []
        var highlighted: Set<Int> = []
        var counts = (relevant: 0, notRelevant: 0, undefined: 0)
        func groupName(_ id: String?) -> String {
            id.flatMap { context.matrices.group(id: $0)?.name } ?? relevance.noGroup[language]
        }
        for (a, b) in pairs {
            let check = context.matrices.check(a, b)
            let note = check.note ?? notProvided[language]
            let verdict: String
            switch check.relevant {
            case true?:
                verdict = Markup.escape(relevance.relevant[language])
                counts.relevant += 1
            case false?:
                verdict = "<b>" + Markup.escape(relevance.notRelevant[language]) + "</b>"
                counts.notRelevant += 1
                highlighted.insert(rows.count)
                context.warn(text(context, relevance.warnNotRelevant, a, b, note))
            case nil:
                verdict = "<b>" + Markup.escape(relevance.undefined[language]) + "</b>"
                counts.undefined += 1
                highlighted.insert(rows.count)
                context.warn(text(context, relevance.warnUndefined, a, b, note))
            }
            rows.append([Markup.escape(BlockSupport.matrix(a, context)), Markup.escape(BlockSupport.matrix(b, context)),
                         Markup.escape(groupName(check.groupA) + " / " + groupName(check.groupB)),
                         verdict, Markup.escape(note)])
        }
        story.append(Paragraph(markup: Markup.escape(text(context, relevance.summary, integer(pairs.count, context),
            integer(counts.relevant, context), integer(counts.notRelevant, context), integer(counts.undefined, context)))))
        story.append(Table(columns: [
            TableColumn((crossed ? relevance.sourceMatrix : relevance.matrixA)[language], weight: 0.9),
            TableColumn((crossed ? relevance.receptorMatrix : relevance.matrixB)[language], weight: 0.9),
            TableColumn(relevance.groups[language], weight: 1.2), TableColumn(relevance.verdict[language], weight: 0.8),
            TableColumn(relevance.note[language], weight: 3.2),
        ], rows: rows, highlighted: highlighted))
        story.append(caption(text(context, relevance.caption, databaseName(context))))
        return story
    }
}
