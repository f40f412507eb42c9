import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `executive_summary`: samples by classification and matrix, what was measured, the best
/// matches, the Nexus predicted signature and the main warnings, in hedged wording. Built after
/// every other block, so that its warnings are those of the whole report.
struct ExecutiveSummary: ReportBlock {
    let definition = BlockDefinition(
        key: .executiveSummary,
        name: Localized(fr: "Synthèse", en: "Executive summary"),
        description: Localized(
            fr: "Échantillons par classification et par matrice, éléments mesurés, meilleures correspondances, signature prédite par Nexus et principales alertes, avec un petit graphique, en termes prudents.",
            en: "Samples by classification and matrix, elements measured, best matches, Nexus predicted signature and main warnings, with one small chart, in hedged wording."),
        category: .header, nature: .interpreted, estPages: 1, licence: .research, needs: [.anyData])

    var summarisesOthers: Bool { true }

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
        nexusUnreadable: Localized(fr: "La session Nexus demandée n'a pas pu être lue : aucune signature prédite n'est présentée.",
                                   en: "The requested Nexus session could not be read: no predicted signature is shown."),
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

    /// The samples per matrix (in the report's language), most frequent first.
    static func matrixCounts(_ context: BlockContext) -> [(String, Int)] {
        var counter = OrderedCounter()
        for sample in context.samples {
            counter.add(sample.matrix.flatMap { $0.isEmpty ? nil : context.matrix($0) } ?? summary.noMatrix[context.language])
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

    func render(_ context: BlockContext) -> [any Drawable] {
        let summary = Self.summary
        let language = context.language
        let missing = Strings.notProvided[language]
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(summary.intro[language]))]
        if context.samples.isEmpty {
            story.append(context.noSamples())
        } else {
            var roles: [String] = []
            for role in SampleRole.allCases {
                let n = context.samples.filter { $0.classification == role }.count
                let singular = language == .fr ? n < 2 : n == 1
                let name = (singular ? Strings.roleSingular : Strings.rolePlural)[role]![language]
                    + (role == .receptor ? " " + Strings.receptorGloss[language] : "")
                if n > 0 { roles.append("\(context.integer(n)) \(name)") }
            }
            story.append(Paragraph(markup: Markup.escape(context.text(summary.samples, context.integer(context.samples.count),
                                                                      roles.joined(separator: ", "), context.databaseName))))
            let matrices = Self.matrixCounts(context)
            story.append(Paragraph(markup: Markup.escape(context.text(summary.matrices,
                matrices.map { "\($0.0) \(context.integer($0.1))" }.joined(separator: ", ")))))
            var systems = OrderedCounter()
            var elements = OrderedCounter()
            var geochemCount = 0, moleculeCount = 0, exceedances = 0
            // As the isotope tables name them: δ¹³C-TCE for δ values, ⁸⁷Sr/⁸⁶Sr for ratios. A few
            // systems recur over hundreds of measurements: each label is typeset once.
            var labels: [String: String] = [:]
            func label(_ system: String, isRatio: Bool) -> String {
                let key = (isRatio ? "r" : "d") + system
                if let known = labels[key] { return known }
                let label = (isRatio ? nil : systemLabel(system)) ?? IsotopeNotation.unicode(system)
                labels[key] = label
                return label
            }
            for sample in context.samples {
                for m in sample.isotopes {
                    systems.add(m.systemKey.map { label($0, isRatio: m.ratio != nil) } ?? missing)
                }
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
                story.append(Paragraph(markup: Markup.escape(context.text(summary.isotopes,
                    systems.keys.map { "\($0) (n\u{00A0}=\u{00A0}\(context.integer(systems.counts[$0]!)))" }.joined(separator: ", ")))))
            }
            if geochemCount > 0 {
                story.append(Paragraph(markup: Markup.escape(context.text(summary.elements, context.integer(geochemCount),
                                                                          elements.keys.joined(separator: ", ")))))
            }
            if moleculeCount > 0 {
                story.append(Paragraph(markup: Markup.escape(context.text(summary.molecules, context.integer(moleculeCount),
                                                                          context.integer(exceedances)))))
            }
            // One small chart: samples per matrix (at most 8 bars, the rest grouped); with a single
            // matrix the sentence above says it all.
            if matrices.count >= 2 {
                var labels = matrices.prefix(8).map(\.0)
                var values = matrices.prefix(8).map { Double($0.1) }
                if matrices.count > 8 {
                    labels.append(context.text(summary.others, context.integer(matrices.count - 8)))
                    values.append(Double(matrices.dropFirst(8).reduce(0) { $0 + $1.1 }))
                }
                story.append(BarChart(title: summary.chartTitle[language], labels: labels, values: values, unit: nil,
                                      language: context.format, fractionDigits: 0))
                story.append(caption(context.text(summary.chartCaption, context.databaseName)))
            }
        }

        story.append(Heading(markup: Markup.escape(summary.matchesTitle[language]), level: 2))
        let ranked = context.inputs.scoringResult?.ranked ?? []
        if ranked.isEmpty {
            story.append(Paragraph(markup: "<i>" + Markup.escape(summary.noScoring[language]) + "</i>"))
        } else {
            story.append(Paragraph(markup: Markup.escape(context.text(summary.matchesIntro,
                                                                      context.inputs.scoringResult?.algorithm ?? missing))))
            for (rank, match) in ranked.prefix(3).enumerated() {
                let receptor = match.sampleName ?? match.sampleID.map { context.integer($0) } ?? missing
                let score = match.score.map { NumberFormat.decimal($0, fractionDigits: 3, context.format) } ?? missing
                let matchClass = match.matchClass.map { Self.matchClassNames[$0.rawValue]?[language] ?? $0.rawValue } ?? missing
                story.append(Paragraph(markup: "\(rank + 1). " + Markup.escape(context.text(summary.match, receptor,
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
                    initial = Self.signature(v, start.uncertainty, system: nexus.system, unit: start.unit, context)
                        + (start.sample.map { " (\($0))" } ?? "")
                } else {
                    initial = summary.nexusInitialUnknown[language]
                }
                let system = systemLabel(nexus.system) ?? missing
                story.append(Paragraph(markup: Markup.escape(context.text(summary.nexus, system,
                    Self.signature(value, predicted.uncertainty, system: nexus.system, unit: nexus.initial?.unit, context),
                    initial, context.nexusSource))))
            } else {
                story.append(Paragraph(markup: "<i>" + Markup.escape(context.text(summary.nexusNoPrediction, context.nexusSource)) + "</i>"))
            }
        } else {
            let none = context.unavailable(.nexusSession) == nil ? summary.noNexus : summary.nexusUnreadable
            story.append(Paragraph(markup: "<i>" + Markup.escape(none[language]) + "</i>"))
        }

        story.append(Heading(markup: Markup.escape(summary.warningsTitle[language]), level: 2))
        let warnings = context.warnings
        if warnings.isEmpty {
            story.append(Paragraph(markup: Markup.escape(summary.noWarnings[language])))
        } else {
            let intro = warnings.count <= 5 ? context.text(summary.warningsIntroAll, context.integer(warnings.count))
                : context.text(summary.warningsIntro, context.integer(warnings.count), context.integer(5))
            story.append(Paragraph(markup: Markup.escape(intro)))
            for warning in warnings.prefix(5) {
                let block = warning.block.flatMap(context.name(of:)).map { "<b>\(Markup.escape($0))</b> — " } ?? ""
                story.append(Paragraph(markup: "• " + block + Markup.escape(warning.message), spaceAfter: 3))
            }
        }
        return story
    }
}
