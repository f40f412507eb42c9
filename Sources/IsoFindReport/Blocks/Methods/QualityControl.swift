import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `quality_control`: the spread of the isotope uncertainties, the outlying values (median ± 3 ×
/// scaled MAD per system and classification) and the reference materials used.
struct QualityControl: ReportBlock {
    let definition = BlockDefinition(
        key: .qualityControl,
        name: Localized(fr: "Contrôle qualité", en: "Quality control"),
        description: Localized(
            fr: "Distribution des incertitudes, valeurs aberrantes signalées et standards utilisés.",
            en: "Distribution of uncertainties, flagged outliers and the standards used."),
        category: .methods, nature: .analytical, estPages: 2, licence: .researchPlus, expert: true,
        needs: [.isotopeData])

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

    /// The median of sorted values.
    static func median(_ sorted: [Double]) -> Double {
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    func render(_ context: BlockContext) -> [any Drawable] {
        let quality = Self.quality
        guard !context.samples.isEmpty else { return [context.noSamples()] }
        let language = context.language
        let missing = Strings.notProvided[language]
        let db = context.databaseName
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
                let system = m.systemKey ?? missing
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
        guard !systems.isEmpty else { return [context.noData(BlockSupport.noIsotopes)] }

        var story: [any Drawable] = [Paragraph(markup: Markup.escape(quality.intro[language])),
                                     Heading(markup: Markup.escape(quality.uncertaintyTitle[language]), level: 2),
                                     Paragraph(markup: Markup.escape(quality.uncertaintyIntro[language]))]
        var rows: [[String]] = []
        let stat = { (x: Double) in NumberFormat.significant(x, digits: 2, context.format) }
        for system in systems {
            let label = Markup.escape(IsotopeNotation.unicode(system))
            if let values = ratioRel[system]?.sorted() {
                rows.append([label, Markup.escape(quality.ratioMeasure[language]), context.integer(values.count),
                             context.integer(ratioNoU[system] ?? 0), stat(Self.median(values)), stat(values.last!)])
            } else if let n = ratioNoU[system] {
                rows.append([label, Markup.escape(quality.ratioMeasure[language]), "0", context.integer(n), "—", "—"])
            }
            if let values = deltaSD[system]?.sorted() {
                rows.append([label, Markup.escape(quality.deltaMeasure[language]), context.integer(values.count),
                             context.integer(deltaNoU[system] ?? 0), stat(Self.median(values)), stat(values.last!)])
            } else if let n = deltaNoU[system] {
                rows.append([label, Markup.escape(quality.deltaMeasure[language]), "0", context.integer(n), "—", "—"])
            }
        }
        story.append(Table(columns: [
            TableColumn(quality.system[language], weight: 1.3), TableColumn(quality.measure[language], weight: 1.3),
            TableColumn(quality.n[language], weight: 0.5, alignment: .right),
            TableColumn(quality.withoutUncertainty[language], weight: 0.9, alignment: .right),
            TableColumn(quality.median[language], weight: 0.8, alignment: .right),
            TableColumn(quality.maximum[language], weight: 0.8, alignment: .right),
        ], rows: rows))
        story.append(caption(context.text(quality.uncertaintyCaption, db)))

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
                let center = Self.median(sorted)
                let mad = 1.4826 * Self.median(entries.map { abs($0.value - center) }.sorted())
                guard mad > 0 else { continue }
                for entry in entries where abs(entry.value - center) > 3 * mad {
                    outlierRows.append([Markup.escape(entry.sample), Markup.escape(IsotopeNotation.unicode(system)),
                                        Markup.escape(Strings.roleSingular[role]![language]),
                                        Markup.escape(Self.isotopeValueText(entry.value, isDelta: entry.isDelta, context)),
                                        Markup.escape(Self.isotopeValueText(center, isDelta: entry.isDelta, context)),
                                        NumberFormat.decimal((entry.value - center) / mad, fractionDigits: 1, context.format)])
                }
            }
        }
        if outlierRows.isEmpty {
            story.append(Paragraph(markup: "<i>" + Markup.escape(context.text(quality.noOutliers, context.integer(examined))) + "</i>"))
        } else {
            story.append(Paragraph(markup: Markup.escape(context.text(quality.outliersCount, context.integer(outlierRows.count),
                                                              context.integer(examined)))))
            story.append(Table(columns: [
                TableColumn(quality.sample[language], weight: 1.4), TableColumn(quality.system[language], weight: 1.0),
                TableColumn(quality.group[language], weight: 1.1), TableColumn(quality.value[language], weight: 1.1, alignment: .right),
                TableColumn(quality.groupMedian[language], weight: 1.1, alignment: .right),
                TableColumn(quality.deviation[language], weight: 0.8, alignment: .right),
            ], rows: outlierRows))
        }
        story.append(caption(context.text(quality.outliersCaption, db)))

        story.append(Heading(markup: Markup.escape(quality.standardsTitle[language]), level: 2))
        story.append(Table(columns: [
            TableColumn(quality.standard[language], weight: 1.8), TableColumn(quality.systems[language], weight: 2.2),
            TableColumn(quality.measurements[language], weight: 0.8, alignment: .right),
        ], rows: standards.keys.map { standard in
            [Markup.escape(standard), Markup.escape(standardSystems[standard]!.keys.joined(separator: ", ")),
             context.integer(standards.counts[standard]!)]
        }))
        story.append(caption(context.text(quality.standardsCaption, db)))
        return story
    }
}
