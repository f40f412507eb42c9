import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// Blocks of the "samples" category built on the samples database.
enum SampleBlocks {
    static let columns = (
        name: Localized(fr: "Échantillon", en: "Sample"),
        role: Localized(fr: "Classification", en: "Classification"),
        matrix: Localized(fr: "Matrice / matériau", en: "Matrix / material"),
        sector: Localized(fr: "Secteur", en: "Sector"),
        date: Localized(fr: "Date", en: "Date"),
        coordinates: Localized(fr: "Coordonnées (WGS\u{00A0}84)", en: "Coordinates (WGS\u{00A0}84)"),
        value: Localized(fr: "Valeur ± incertitude", en: "Value ± uncertainty"),
        standard: Localized(fr: "Référence", en: "Standard"),
        instrument: Localized(fr: "Instrument", en: "Instrument"),
        session: Localized(fr: "Session", en: "Session")
    )
    static let sourceNote = Localized(
        fr: "Source : base d'échantillons IsoFind (%@), %@ échantillon(s).",
        en: "Source: IsoFind samples database (%@), %@ sample(s).")
    static let systemNote = Localized(
        fr: "%@ : incertitudes élargies (2SE pour les rapports, 2SD pour les δ en ‰). Source : base d'échantillons IsoFind.",
        en: "%@: expanded uncertainties (2SE for ratios, 2SD for δ values in ‰). Source: IsoFind samples database.")
    static let noIsotopes = Localized(fr: "Aucune mesure isotopique n'est disponible pour les échantillons de ce rapport.",
                                      en: "No isotope measurement is available for the samples of this report.")

    static func sourceLine(_ context: BlockContext) -> Caption {
        BlockSupport.caption(Strings.format(sourceNote, context.language, BlockSupport.databaseName(context),
                                            NumberFormat.integer(context.samples.count, context.format)))
    }

    static func noSamples(_ context: BlockContext) -> [any Drawable] {
        [BlockSupport.noData(context, Strings.noSamples)]
    }

    /// `sample_inventory`: one row per sample; the header row repeats on every page.
    static func inventory(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return noSamples(context) }
        let language = context.language
        let missing = Strings.notProvided[language]
        let rows = context.samples.map { sample -> [String] in
            let matrix = [sample.matrix, sample.materialType].compactMap { $0.map { BlockSupport.matrix($0, context) } }
                .joined(separator: " / ")
            let date = sample.collectionDate.flatMap { DateFormat.numeric(iso: $0, context.format) } ?? missing
            let coordinates = sample.coordinates.map {
                // French numbers use the comma as decimal mark: the pair is separated by a semicolon.
                NumberFormat.decimal($0.latitude, fractionDigits: 5, context.format) + (language == .fr ? " ; " : ", ")
                    + NumberFormat.decimal($0.longitude, fractionDigits: 5, context.format)
            } ?? missing
            return [sample.name, Strings.roleSingular[sample.classification]![language], matrix.isEmpty ? missing : matrix,
                    sample.sector ?? missing, date, coordinates].map(Markup.escape)
        }
        let table = Table(columns: [
            TableColumn(columns.name[language], weight: 1.75), TableColumn(columns.role[language], weight: 0.65),
            TableColumn(columns.matrix[language], weight: 1.6), TableColumn(columns.sector[language], weight: 1.3),
            TableColumn(columns.date[language], weight: 1.0), TableColumn(columns.coordinates[language], weight: 1.5),
        ], rows: rows)
        return [table, sourceLine(context)]
    }

    /// `isotope_signatures`: per isotope system, each sample's value with its uncertainty, standard,
    /// instrument and session.
    static func isotopeSignatures(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return noSamples(context) }
        let language = context.language
        let missing = Strings.notProvided[language]
        var systems: [String] = []
        var rowsBySystem: [String: [[String]]] = [:]
        var ratioSystems: Set<String> = []   // systems with at least one value given as a ratio
        for sample in context.samples {
            for measurement in sample.isotopes {
                let system = measurement.system ?? measurement.deltaNotation ?? missing
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
        guard !systems.isEmpty else {
            context.warn(noIsotopes[language])
            return [Notice(markup: Markup.escape(noIsotopes[language]), kind: .noData)]
        }
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
            story.append(BlockSupport.caption(Strings.format(systemNote, language, label)))
        }
        return story
    }
}
