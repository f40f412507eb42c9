import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `elemental_data`: each concentration with its unit, uncertainty, method and LOD/LOQ.
struct ElementalData: ReportBlock {
    let definition = BlockDefinition(
        key: .elementalData,
        name: Localized(fr: "Données élémentaires", en: "Elemental data"),
        description: Localized(
            fr: "Concentrations avec unité, incertitude, méthode, limite de détection (LD) et de quantification (LQ).",
            en: "Concentrations with unit, uncertainty, method, limit of detection (LOD) and of quantification (LOQ)."),
        category: .geochem, nature: .factual, estPages: 2, licence: .research, needs: [.geochem])

    static let text = (
        element: Localized(fr: "Élément", en: "Element"),
        lodLoq: Localized(fr: "LD / LQ", en: "LOD / LOQ"),
        belowLOD: Localized(fr: "<\u{00A0}LD\u{00A0}(%@)", en: "<\u{00A0}LOD\u{00A0}(%@)")
    )
    static let noGeochem = Localized(fr: "Aucune concentration élémentaire n'est disponible pour les échantillons de ce rapport.",
                                     en: "No elemental concentration is available for the samples of this report.")
    static let geochemCaption = Localized(
        fr: "Incertitudes élargies (k = 2) ; LD : limite de détection, LQ : limite de quantification, dans l'unité de la valeur ; « < LD » : valeur inférieure à la limite de détection indiquée.",
        en: "Expanded uncertainties (k = 2); LOD: limit of detection, LOQ: limit of quantification, in the value's unit; “< LOD”: value below the stated limit of detection.")
    static let methodsTitle = Localized(fr: "Méthodes", en: "Methods")

    func render(_ context: BlockContext) -> [any Drawable] {
        let text = Self.text
        guard !context.samples.isEmpty else { return [context.noSamples()] }
        let language = context.language
        let missing = Strings.notProvided[language]
        var methods: [String] = []
        var rows: [[String]] = []
        let hasDepth = context.samples.contains { $0.geochem.contains { $0.depthM != nil } }
        for sample in context.samples {
            for m in sample.geochem {
                let unit = m.displayUnit ?? ""
                func withUnit(_ number: String) -> String {
                    unit.isEmpty ? number : number + (unit == "%" && language == .fr ? "\u{202F}" : "\u{00A0}") + unit
                }
                let value: String
                if let v = m.displayValue {
                    value = MeasurementFormat.quantity(v, m.displayUncertainty, unit: unit, context.format)
                } else if let lod = m.lod {
                    value = Strings.format(text.belowLOD, language, withUnit(NumberFormat.automatic(lod, context.format)))
                } else {
                    value = missing
                }
                var methodRef = missing
                if let method = m.method {
                    if !methods.contains(method) { methods.append(method) }
                    methodRef = "M\(methods.firstIndex(of: method)! + 1)"
                }
                let limits = [m.lod, m.loq].map { $0.map { NumberFormat.automatic($0, context.format) } ?? "—" }.joined(separator: " / ")
                var row = [sample.name, m.element ?? missing, value, methodRef,
                           m.lod == nil && m.loq == nil ? missing : (unit.isEmpty ? limits : limits + "\u{00A0}" + unit)]
                if hasDepth { row.append(m.depthM.map { NumberFormat.automatic($0, context.format) } ?? "—") }
                rows.append(row.map(Markup.escape))
            }
        }
        guard !rows.isEmpty else { return [context.noData(Self.noGeochem)] }
        var columns = [
            TableColumn(MeasurementColumns.sample[language], weight: 1.5), TableColumn(text.element[language], weight: 0.6),
            TableColumn(MeasurementColumns.value[language], weight: 1.6, alignment: .right), TableColumn(MeasurementColumns.method[language], weight: 0.75),
            TableColumn(text.lodLoq[language], weight: 1.2, alignment: .right),
        ]
        if hasDepth { columns.append(TableColumn(MeasurementColumns.depth[language], weight: 1.0, alignment: .right)) }
        // The key to the method codes first, then the values that use it.
        var story: [any Drawable] = []
        if !methods.isEmpty {
            story.append(Paragraph(markup: "<b>" + Markup.escape(Self.methodsTitle[language]) + "</b>", font: Theme.small, spaceAfter: 2,
                                   keepWithNext: true))
            story.append(Table(columns: [TableColumn("", weight: 0.3), TableColumn("", weight: 5)],
                               rows: methods.enumerated().map { ["M\($0.offset + 1)", Markup.escape($0.element)] }, showsHeader: false))
        }
        story.append(Table(columns: columns, rows: rows))
        story.append(context.samplesCaption(Self.geochemCaption[language]))
        return story
    }
}
