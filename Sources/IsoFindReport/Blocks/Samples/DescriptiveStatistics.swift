import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `descriptive_statistics`: n, mean, SD, median, minimum and maximum per isotope system and
/// classification.
struct DescriptiveStatistics: ReportBlock {
    let definition = BlockDefinition(
        key: .descriptiveStatistics,
        name: Localized(fr: "Statistiques descriptives", en: "Descriptive statistics"),
        description: Localized(
            fr: "Effectif, moyenne, écart-type, médiane, minimum et maximum par système isotopique et par classification.",
            en: "n, mean, standard deviation, median, minimum and maximum per isotope system and classification."),
        category: .samples, nature: .analytical, estPages: 1, licence: .research, needs: [.isotopeData])

    static let text = (
        system: Localized(fr: "Système", en: "System"),
        group: Localized(fr: "Classification", en: "Classification"),
        mean: Localized(fr: "Moyenne", en: "Mean"),
        sd: Localized(fr: "Écart-type", en: "SD"),
        median: Localized(fr: "Médiane", en: "Median"),
        min: Localized(fr: "Min", en: "Min"),
        max: Localized(fr: "Max", en: "Max")
    )
    static let statsCaption = Localized(
        fr: "n : nombre de mesures ; écart-type de l'échantillon (n − 1), « — » quand n = 1 ; rapports sans unité, δ en ‰ ; décimales de chaque système telles que mesurées.",
        en: "n: number of measurements; sample standard deviation (n − 1), “—” when n = 1; ratios without unit, δ in ‰; decimals of each system as measured.")

    /// The number of decimals of a stored value's shortest representation (0…8); nil for values
    /// written in exponent form.
    static func storedDecimals(_ value: Double) -> Int? {
        guard value.isFinite else { return nil }
        let text = "\(value)"
        if text.contains("e") { return nil }
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        let decimals = text[text.index(after: dot)...]
        return decimals == "0" ? 0 : min(decimals.count, 8)
    }

    func render(_ context: BlockContext) -> [any Drawable] {
        let text = Self.text
        guard !context.samples.isEmpty else { return [context.noSamples()] }
        let language = context.language
        var order: [String] = []
        var bySystem: [String: [IsotopeMeasurement]] = [:]
        var values: [String: [SampleRole: [Double]]] = [:]
        for sample in context.samples {
            for m in sample.isotopes {
                guard let system = m.systemKey, let v = m.measuredValue else { continue }
                if bySystem[system] == nil { order.append(system) }
                bySystem[system, default: []].append(m)
                values[system, default: [:]][sample.classification, default: []].append(v.value)
            }
        }
        guard !order.isEmpty else { return [context.noData(BlockSupport.noIsotopes)] }
        var rows: [[String]] = []
        for system in order {
            let measurements = bySystem[system]!
            let isDelta = measurements.allSatisfy { $0.ratio == nil }
            let all = values[system]!.values.flatMap { $0 }
            let decimals = all.compactMap(Self.storedDecimals).max() ?? 4
            func number(_ value: Double) -> String {
                let text = decimals > 0 || abs(value) < 1e7
                    ? NumberFormat.decimal(value, fractionDigits: decimals, context.format)
                    : NumberFormat.automatic(value, context.format)
                return isDelta ? text + (language == .fr ? "\u{202F}‰" : "\u{00A0}‰") : text
            }
            let label = measuredSystemLabel(system, measurements: measurements)
            var first = true
            for role in [SampleRole.source, .receptor, .unknown] {
                guard let list = values[system]?[role], !list.isEmpty else { continue }
                let n = Double(list.count)
                let mean = list.reduce(0, +) / n
                let sd = list.count > 1 ? (list.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot() : nil
                let sorted = list.sorted()
                let median = list.count % 2 == 1 ? sorted[list.count / 2] : (sorted[list.count / 2 - 1] + sorted[list.count / 2]) / 2
                rows.append([
                    first ? label : "", Strings.rolePlural[role]![language], NumberFormat.integer(list.count, context.format),
                    number(mean), sd.map(number) ?? "—", number(median), number(sorted.first!), number(sorted.last!),
                ].map(Markup.escape))
                first = false
            }
        }
        let table = Table(columns: [
            TableColumn(text.system[language], weight: 1.25), TableColumn(text.group[language], weight: 1.25),
            TableColumn("n", weight: 0.4, alignment: .right), TableColumn(text.mean[language], weight: 1, alignment: .right),
            TableColumn(text.sd[language], weight: 1, alignment: .right), TableColumn(text.median[language], weight: 1, alignment: .right),
            TableColumn(text.min[language], weight: 1, alignment: .right), TableColumn(text.max[language], weight: 1, alignment: .right),
        ], rows: rows)
        return [table, context.samplesCaption(Self.statsCaption[language])]
    }
}
