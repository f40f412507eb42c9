import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `physicochemistry`: one row per sample (and depth), one column per field parameter; other
/// parameters in a table of their own.
struct Physicochemistry: ReportBlock {
    let definition = BlockDefinition(
        key: .physicochemistry,
        name: Localized(fr: "Paramètres physico-chimiques", en: "Physicochemical parameters"),
        description: Localized(
            fr: "pH, Eh, température, conductivité, oxygène dissous et autres paramètres de terrain.",
            en: "pH, Eh, temperature, conductivity, dissolved oxygen and other field parameters."),
        category: .geochem, nature: .factual, estPages: 1, licence: .research, needs: [.physico])

    static let text = (
        parameter: Localized(fr: "Paramètre", en: "Parameter"),
        notMeasured: Localized(fr: "—", en: "—")
    )
    static let noPhysico = Localized(fr: "Aucune mesure physico-chimique n'est disponible pour les échantillons de ce rapport.",
                                     en: "No physico-chemical measurement is available for the samples of this report.")
    static let physicoCaption = Localized(
        fr: "Incertitudes élargies (k = 2) ; Eh rapporté à l'électrode standard à hydrogène ; conductivité à 25 °C ; « — » : paramètre non mesuré.",
        en: "Expanded uncertainties (k = 2); Eh against the standard hydrogen electrode; conductivity at 25 °C; “—”: parameter not measured.")
    static let otherParameters = Localized(fr: "Autres paramètres", en: "Other parameters")

    func render(_ context: BlockContext) -> [any Drawable] {
        let text = Self.text
        guard !context.samples.isEmpty else { return [context.noSamples()] }
        let language = context.language
        let missing = Strings.notProvided[language]
        let known = PhysicoParameters.all.map(\.key)
        var present: Set<String> = []
        var otherRows: [[String]] = []
        var rows: [(sample: String, depth: Double?, cells: [String: String])] = []
        for sample in context.samples {
            let start = rows.count
            for m in sample.physico {
                let value = m.value.map { MeasurementFormat.valueWithUncertainty($0, m.uncertainty, context.format) } ?? missing
                guard let parameter = m.parameter, known.contains(parameter) else {
                    otherRows.append([sample.name, m.parameter ?? missing, value,
                                      m.depthM.map { NumberFormat.automatic($0, context.format) } ?? "—", m.method ?? missing])
                    continue
                }
                present.insert(parameter)
                if let at = rows[start...].firstIndex(where: { $0.depth == m.depthM && $0.cells[parameter] == nil }) {
                    rows[at].cells[parameter] = value
                } else {
                    rows.append((sample.name, m.depthM, [parameter: value]))
                }
            }
        }
        guard !rows.isEmpty || !otherRows.isEmpty else { return [context.noData(Self.noPhysico)] }
        var story: [any Drawable] = []
        let shown = PhysicoParameters.all.filter { present.contains($0.key) }
        let hasDepth = rows.contains { $0.depth != nil }
        if !rows.isEmpty {
            var columns = [TableColumn(MeasurementColumns.sample[language], weight: 1.5)]
            if hasDepth { columns.append(TableColumn(MeasurementColumns.depth[language], weight: 1.0, alignment: .right)) }
            columns += shown.map { TableColumn($0.label[language], weight: 1, alignment: .right) }
            story.append(Table(columns: columns, rows: rows.map { row in
                var cells = [row.sample]
                if hasDepth { cells.append(row.depth.map { NumberFormat.automatic($0, context.format) } ?? "—") }
                cells += shown.map { row.cells[$0.key] ?? text.notMeasured[language] }
                return cells.map(Markup.escape)
            }))
        }
        if !otherRows.isEmpty {
            story.append(Heading(markup: Markup.escape(Self.otherParameters[language]), level: 2))
            story.append(Table(columns: [
                TableColumn(MeasurementColumns.sample[language], weight: 1.4), TableColumn(text.parameter[language], weight: 1.1),
                TableColumn(MeasurementColumns.value[language], weight: 1.2, alignment: .right), TableColumn(MeasurementColumns.depth[language], weight: 0.8, alignment: .right),
                TableColumn(MeasurementColumns.method[language], weight: 1.8),
            ], rows: otherRows.map { $0.map(Markup.escape) }))
        }
        story.append(context.samplesCaption(Self.physicoCaption[language]))
        return story
    }
}
