import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `isotope_signatures`: per isotope system, each sample's value with its uncertainty, standard,
/// instrument and session.
struct IsotopeSignatures: ReportBlock {
    let definition = BlockDefinition(
        key: .isotopeSignatures,
        name: Localized(fr: "Signatures isotopiques", en: "Isotope signatures"),
        description: Localized(
            fr: "Par système isotopique et par échantillon\u{00A0}: rapport ± 2SE, δ ± 2SD, standard et instrument.",
            en: "For each isotope system and sample: ratio ± 2SE, δ ± 2SD, standard and instrument."),
        category: .samples, nature: .factual, estPages: 2, licence: .research, needs: [.isotopeData])

    static let columns = (
        name: Localized(fr: "Échantillon", en: "Sample"),
        value: Localized(fr: "Valeur ± incertitude", en: "Value ± uncertainty"),
        standard: Localized(fr: "Référence", en: "Standard"),
        instrument: Localized(fr: "Instrument", en: "Instrument"),
        session: Localized(fr: "Session", en: "Session")
    )
    static let systemNote = Localized(
        fr: "%@ : incertitudes élargies (2SE pour les rapports, 2SD pour les δ en ‰). Source : base d'échantillons IsoFind.",
        en: "%@: expanded uncertainties (2SE for ratios, 2SD for δ values in ‰). Source: IsoFind samples database.")

    func render(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return [context.noSamples()] }
        let columns = Self.columns
        let language = context.language
        let missing = Strings.notProvided[language]
        var systems: [String] = []
        var rowsBySystem: [String: [[String]]] = [:]
        var ratioSystems: Set<String> = []   // systems with at least one value given as a ratio
        for sample in context.samples {
            for measurement in sample.isotopes {
                let system = measurement.systemKey ?? missing
                if rowsBySystem[system] == nil { systems.append(system) }
                let value: String
                if let ratio = measurement.ratio {
                    ratioSystems.insert(system)
                    value = MeasurementFormat.valueWithUncertainty(ratio, measurement.ratio2SE, context.format)
                } else if let delta = measurement.deltaValue {
                    value = MeasurementFormat.delta(delta, measurement.delta2SD, context.format)
                } else {
                    value = missing
                }
                rowsBySystem[system, default: []].append([
                    sample.name, value, measurement.standard ?? missing, measurement.instrument ?? missing,
                    measurement.sessionDate.flatMap { DateFormat.numeric(iso: $0, context.format) } ?? missing,
                ].map(Markup.escape))
            }
        }
        guard !systems.isEmpty else { return [context.noData(BlockSupport.noIsotopes)] }
        var story: [any Drawable] = []
        for system in systems {
            // δ values are headed by their δ name (δ¹³C, ‰), ratios by the ratio (⁸⁷Sr/⁸⁶Sr).
            let delta = ratioSystems.contains(system) ? nil : IsotopeNotation.deltaLabel(system: system)
            let label = delta.map { "\($0) (‰)" } ?? IsotopeNotation.unicode(system)
            story.append(Heading(markup: Markup.escape(label), level: 2))
            story.append(Table(columns: [
                TableColumn(columns.name[language], weight: 1.3), TableColumn(columns.value[language], weight: 1.6, alignment: .right),
                TableColumn(columns.standard[language], weight: 1.2), TableColumn(columns.instrument[language], weight: 1.6),
                TableColumn(columns.session[language], weight: 0.8),
            ], rows: rowsBySystem[system]!))
            story.append(caption(Strings.format(Self.systemNote, language, label)))
        }
        return story
    }
}
