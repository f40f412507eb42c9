import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `sample_inventory`: one row per sample; the header row repeats on every page.
struct SampleInventory: ReportBlock {
    let definition = BlockDefinition(
        key: .sampleInventory,
        name: Localized(fr: "Inventaire des échantillons", en: "Sample inventory"),
        description: Localized(
            fr: "Une ligne par échantillon\u{00A0}: nom, classification, matrice ou matériau, secteur, date et coordonnées.",
            en: "One row per sample: name, classification, matrix or material, sector, date and coordinates."),
        category: .samples, nature: .factual, estPages: 3, licence: .research, needs: [.samples])

    static let columns = (
        name: Localized(fr: "Échantillon", en: "Sample"),
        role: Localized(fr: "Classification", en: "Classification"),
        matrix: Localized(fr: "Matrice / matériau", en: "Matrix / material"),
        sector: Localized(fr: "Secteur", en: "Sector"),
        date: Localized(fr: "Date", en: "Date"),
        coordinates: Localized(fr: "Coordonnées (WGS\u{00A0}84)", en: "Coordinates (WGS\u{00A0}84)")
    )
    static let sourceNote = Localized(
        fr: "Source : base d'échantillons IsoFind (%@), %@ échantillon(s).",
        en: "Source: IsoFind samples database (%@), %@ sample(s).")

    func render(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return [context.noSamples()] }
        let columns = Self.columns
        let language = context.language
        let missing = Strings.notProvided[language]
        let rows = context.samples.map { sample -> [String] in
            let matrix = [sample.matrix, sample.materialType].compactMap { $0.map { context.matrix($0) } }
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
        return [table, caption(Strings.format(Self.sourceNote, language, context.databaseName, context.integer(context.samples.count)))]
    }
}
