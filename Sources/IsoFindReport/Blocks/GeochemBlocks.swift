import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat
import IsoFindRender

/// Blocks built on the measurements of the samples database: the δ–δ plot, descriptive
/// statistics, elemental data, physico-chemistry, vertical profiles and the raw-data annex.
enum GeochemBlocks {
    // MARK: - Strings

    static let text = (
        sample: Localized(fr: "Échantillon", en: "Sample"),
        element: Localized(fr: "Élément", en: "Element"),
        value: Localized(fr: "Valeur ± incertitude", en: "Value ± uncertainty"),
        method: Localized(fr: "Méthode", en: "Method"),
        lodLoq: Localized(fr: "LD / LQ", en: "LOD / LOQ"),
        depth: Localized(fr: "Profondeur (m)", en: "Depth (m)"),
        system: Localized(fr: "Système", en: "System"),
        group: Localized(fr: "Classification", en: "Classification"),
        mean: Localized(fr: "Moyenne", en: "Mean"),
        sd: Localized(fr: "Écart-type", en: "SD"),
        median: Localized(fr: "Médiane", en: "Median"),
        min: Localized(fr: "Min", en: "Min"),
        max: Localized(fr: "Max", en: "Max"),
        parameter: Localized(fr: "Paramètre", en: "Parameter"),
        belowLOD: Localized(fr: "<\u{00A0}LD\u{00A0}(%@)", en: "<\u{00A0}LOD\u{00A0}(%@)"),
        notMeasured: Localized(fr: "—", en: "—")
    )
    static let sourceCaption = Localized(fr: "Source : base d'échantillons IsoFind (%@)", en: "Source: IsoFind samples database (%@)")
    static let noSamples = Strings.noSamples

    static let deltaTooFew = Localized(
        fr: "Le diagramme δ–δ demande au moins deux systèmes isotopiques mesurés sur un même échantillon ; les données de ce rapport n'en fournissent pas.",
        en: "The δ–δ plot needs at least two isotope systems measured on the same sample; the data of this report do not provide them.")
    static let deltaCaption = Localized(
        fr: "%@ en abscisse, %@ en ordonnée : %@ échantillon(s) mesurés dans les deux systèmes (première mesure de chaque échantillon), valeurs telles que mesurées, barres d'erreur 2SE (rapports) ou 2SD (δ). Les noms qui se chevaucheraient sont omis ; le bloc « Signatures isotopiques » donne chaque valeur.",
        en: "%@ on the x axis, %@ on the y axis: %@ sample(s) measured in both systems (first measurement of each sample), values as measured, error bars 2SE (ratios) or 2SD (δ). Names that would overlap are omitted; the “Isotope signatures” block lists every value.")
    static let mismatchLabel = Localized(fr: "Matrice non comparable", en: "Matrix mismatch")
    static let mismatchWarning = Localized(
        fr: "Diagramme δ–δ : la matrice « %@ » de %@ n'est pas comparable (règles de matrices) avec la ou les matrices %@ de sources représentées ; point(s) signalé(s).",
        en: "δ–δ plot: matrix “%@” of %@ is not comparable (matrix rules) with matrix(es) %@ of sources shown; point(s) flagged.")
    static let mismatchNote = Localized(
        fr: "Points cerclés de rouge : filles dont la matrice n'est pas comparable avec celle d'au moins une source représentée (voir « Pertinence des matrices » et « Limites »).",
        en: "Points ringed in red: receptors whose matrix is not comparable with that of at least one source shown (see “Matrix relevance” and “Limitations”).")
    static let unspecifiedMatrix = Localized(fr: "non renseignée", en: "not provided")

    static let noIsotopes = Localized(fr: "Aucune mesure isotopique n'est disponible pour les échantillons de ce rapport.",
                                      en: "No isotope measurement is available for the samples of this report.")
    static let statsCaption = Localized(
        fr: "n : nombre de mesures ; écart-type de l'échantillon (n − 1), « — » quand n = 1 ; rapports sans unité, δ en ‰ ; décimales de chaque système telles que mesurées.",
        en: "n: number of measurements; sample standard deviation (n − 1), “—” when n = 1; ratios without unit, δ in ‰; decimals of each system as measured.")

    static let noGeochem = Localized(fr: "Aucune concentration élémentaire n'est disponible pour les échantillons de ce rapport.",
                                     en: "No elemental concentration is available for the samples of this report.")
    static let geochemCaption = Localized(
        fr: "Incertitudes élargies (k = 2) ; LD : limite de détection, LQ : limite de quantification, dans l'unité de la valeur ; « < LD » : valeur inférieure à la limite de détection indiquée.",
        en: "Expanded uncertainties (k = 2); LOD: limit of detection, LOQ: limit of quantification, in the value's unit; “< LOD”: value below the stated limit of detection.")
    static let methodsTitle = Localized(fr: "Méthodes", en: "Methods")

    static let noPhysico = Localized(fr: "Aucune mesure physico-chimique n'est disponible pour les échantillons de ce rapport.",
                                     en: "No physico-chemical measurement is available for the samples of this report.")
    static let physicoCaption = Localized(
        fr: "Incertitudes élargies (k = 2) ; Eh rapporté à l'électrode standard à hydrogène ; conductivité à 25 °C ; « — » : paramètre non mesuré.",
        en: "Expanded uncertainties (k = 2); Eh against the standard hydrogen electrode; conductivity at 25 °C; “—”: parameter not measured.")
    static let otherParameters = Localized(fr: "Autres paramètres", en: "Other parameters")

    static let noDepth = Localized(
        fr: "Aucune mesure physico-chimique ou isotopique n'est associée à une profondeur pour les échantillons de ce rapport.",
        en: "No physico-chemical or isotope measurement of this report's samples has a depth.")
    static let singleDepthNote = Localized(
        fr: "Mesurés à une seule profondeur par échantillon, donc sans profil : %@.",
        en: "Measured at a single depth per sample, hence no profile: %@.")
    static let profilesCaption = Localized(
        fr: "Profondeur sous la surface du sol (ou du sédiment), vers le bas. Une courbe par échantillon mesuré à plusieurs profondeurs (au plus %@ par graphique) ; les autres échantillons sont des points isolés.",
        en: "Depth below the ground (or sediment) surface, downwards. One curve per sample measured at several depths (at most %@ per chart); other samples are single points.")
    static let singleDepth = Localized(fr: "Autres échantillons (une profondeur)", en: "Other samples (one depth)")

    static let annexIntro = Localized(
        fr: "Chaque mesure utilisée par ce rapport, telle que stockée, sans mise en forme (point décimal, NULL = valeur absente ; pour une concentration, NULL = inférieure à la LD), pour une réanalyse. Noms de colonnes de la base IsoFind.",
        en: "Every measurement this report uses, as stored, unformatted (decimal point, NULL = missing value; for a concentration, NULL = below the LOD), for re-analysis. Column names are those of the IsoFind database.")
    static let annexTables = (
        samples: Localized(fr: "Échantillons (table samples)", en: "Samples (table samples)"),
        isotopes: Localized(fr: "Isotopes (table sample_isotope)", en: "Isotopes (table sample_isotope)"),
        geochem: Localized(fr: "Concentrations élémentaires (table sample_geochem)", en: "Elemental concentrations (table sample_geochem)"),
        physico: Localized(fr: "Physico-chimie (table sample_physicochemistry)", en: "Physico-chemistry (table sample_physicochemistry)"),
        molecules: Localized(fr: "Molécules (table sample_molecules)", en: "Molecules (table sample_molecules)")
    )
    static let annexEmpty = Localized(fr: "Aucune mesure n'est disponible pour les échantillons de ce rapport.",
                                      en: "No measurement is available for the samples of this report.")

    /// Localized names (with unit) of the documented physico-chemical parameters, in table order.
    static let physicoParameters: [(key: String, label: Localized)] = [
        ("pH", Localized(fr: "pH", en: "pH")),
        ("Eh_mV", Localized(fr: "Eh (mV)", en: "Eh (mV)")),
        ("temperature_c", Localized(fr: "Température (°C)", en: "Temperature (°C)")),
        ("conductivity", Localized(fr: "Conductivité (µS/cm)", en: "Conductivity (µS/cm)")),
        ("dissolved_oxygen", Localized(fr: "Oxygène dissous (mg/L)", en: "Dissolved oxygen (mg/L)")),
    ]

    // MARK: - Shared helpers

    static func databaseName(_ context: BlockContext) -> String { BlockSupport.databaseName(context) }

    /// "Source : base d'échantillons IsoFind (isofind.db)." followed by `detail`.
    static func caption(_ context: BlockContext, _ detail: String? = nil) -> Caption {
        let source = Strings.format(sourceCaption, context.language, databaseName(context)) + "."
        return BlockSupport.caption([detail, source].compactMap { $0 }.joined(separator: " "))
    }

    static func noData(_ context: BlockContext, _ message: Localized) -> [any Drawable] {
        [BlockSupport.noData(context, message)]
    }

    static func physicoLabel(_ parameter: String, _ language: Language) -> String {
        physicoParameters.first { $0.key == parameter }?.label[language] ?? parameter
    }

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

    /// A system's label: `⁸⁷Sr/⁸⁶Sr` for ratio systems, `δ¹³C` for δ systems.
    static func systemLabel(_ system: String, measurements: [IsotopeMeasurement]) -> String {
        if measurements.contains(where: { $0.ratio != nil }) { return IsotopeNotation.unicode(system) }
        if let notation = measurements.lazy.compactMap(\.deltaNotation).first { return IsotopeNotation.unicode(notation) }
        return IsotopeNotation.deltaLabel(system: system) ?? IsotopeNotation.unicode(system)
    }

    /// The value a measurement carries: its ratio (± 2SE), else its δ (± 2SD).
    static func isotopeValue(_ m: IsotopeMeasurement) -> (value: Double, error: Double?, isDelta: Bool)? {
        if let ratio = m.ratio, ratio.isFinite { return (ratio, m.ratio2SE, false) }
        if let delta = m.deltaValue, delta.isFinite { return (delta, m.delta2SD, true) }
        return nil
    }

    static func systemName(_ m: IsotopeMeasurement) -> String? { m.system ?? m.deltaNotation }

    // MARK: - delta_delta_plot

    /// `delta_delta_plot`: the two systems measured together on the most samples, sources and
    /// receptors apart, receptors whose matrix does not compare with a source's flagged.
    static func deltaDeltaPlot(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return noData(context, noSamples) }
        let language = context.language
        // The first measurement with a value of each sample and system.
        var firstBySample: [[String: IsotopeMeasurement]] = []
        var systemOrder: [String] = []
        var measurementsBySystem: [String: [IsotopeMeasurement]] = [:]
        for sample in context.samples {
            var first: [String: IsotopeMeasurement] = [:]
            for m in sample.isotopes {
                guard let system = systemName(m), isotopeValue(m) != nil else { continue }
                if measurementsBySystem[system] == nil { systemOrder.append(system) }
                measurementsBySystem[system, default: []].append(m)
                if first[system] == nil { first[system] = m }
            }
            firstBySample.append(first)
        }
        var best: (x: String, y: String, count: Int, total: Int)?
        for (i, a) in systemOrder.enumerated() {
            for b in systemOrder[(i + 1)...] {
                let count = firstBySample.reduce(0) { $0 + ($1[a] != nil && $1[b] != nil ? 1 : 0) }
                guard count > 0 else { continue }
                let total = measurementsBySystem[a]!.count + measurementsBySystem[b]!.count
                if best == nil || count > best!.count || (count == best!.count && total > best!.total) {
                    best = (a, b, count, total)
                }
            }
        }
        guard let best else { return noData(context, deltaTooFew) }
        let xLabel = systemLabel(best.x, measurements: measurementsBySystem[best.x]!)
        let yLabel = systemLabel(best.y, measurements: measurementsBySystem[best.y]!)
        func axisTitle(_ label: String, _ system: String) -> String {
            let isDelta = measurementsBySystem[system]!.allSatisfy { $0.ratio == nil }
            return Markup.escape(isDelta ? label + " (‰)" : label)
        }

        // Matrices of the sources shown.
        let shown = context.samples.indices.filter { firstBySample[$0][best.x] != nil && firstBySample[$0][best.y] != nil }
        var sourceMatrices: [String] = []
        for index in shown where context.samples[index].isSource {
            let matrix = context.samples[index].matrix ?? ""
            if !sourceMatrices.contains(matrix) { sourceMatrices.append(matrix) }
        }
        var verdicts: [String: Bool] = [:]   // "receptor|source" → comparable
        func comparable(_ receptor: String, _ source: String) -> Bool {
            let pair = receptor + "\u{1}" + source
            if let known = verdicts[pair] { return known }
            let ok = !receptor.isEmpty && !source.isEmpty && context.matrices.check(receptor, source).relevant == true
            verdicts[pair] = ok
            return ok
        }
        var mismatches: [(receptor: String, sources: [String], samples: [String])] = []
        var points: [SampleRole: [ScatterPoint]] = [:]
        for index in shown {
            let sample = context.samples[index]
            let x = isotopeValue(firstBySample[index][best.x]!)!
            let y = isotopeValue(firstBySample[index][best.y]!)!
            var flagged = false
            if sample.isReceptor {
                let matrix = sample.matrix ?? ""
                let incomparable = sourceMatrices.filter { !comparable(matrix, $0) }
                if !incomparable.isEmpty {
                    flagged = true
                    let at = mismatches.firstIndex { $0.receptor == matrix } ?? {
                        mismatches.append((matrix, [], []))
                        return mismatches.count - 1
                    }()
                    mismatches[at].samples.append(sample.name)
                    for source in incomparable where !mismatches[at].sources.contains(source) { mismatches[at].sources.append(source) }
                }
            }
            points[sample.classification, default: []].append(
                ScatterPoint(x: x.value, y: y.value, xError: x.error, yError: y.error, label: sample.name, flagged: flagged))
        }
        // The map's markers: one look per classification in every figure.
        let series = [SampleRole.source, .receptor, .unknown].compactMap { role -> ScatterSeries? in
            guard let list = points[role], !list.isEmpty else { return nil }
            let style = MapFrame.style(role)
            return ScatterSeries(name: Strings.rolePluralCapitalized(role, language), points: list, marker: style.shape,
                                 color: style.color, filled: style.filled)
        }
        let plot = ScatterPlot(title: nil, xLabel: axisTitle(xLabel, best.x), yLabel: axisTitle(yLabel, best.y), series: series,
                               language: context.format, aspectRatio: 0.68, maxPointLabels: 24,
                               flaggedLabel: mismatches.isEmpty ? nil : mismatchLabel[language])
        var story: [any Drawable] = [plot]
        story.append(caption(context, Strings.format(deltaCaption, language, xLabel, yLabel,
                                                     NumberFormat.integer(shown.count, context.format))))
        if !mismatches.isEmpty {
            story.append(Notice(markup: Markup.escape(mismatchNote[language]), kind: .warning))
            for mismatch in mismatches {
                let names = mismatch.samples.prefix(10).joined(separator: ", ") + (mismatch.samples.count > 10 ? "…" : "")
                let quoted = mismatch.sources.map { source -> String in
                    let name = source.isEmpty ? unspecifiedMatrix[language] : source
                    return language == .fr ? "« \(name) »" : "“\(name)”"
                }.joined(separator: ", ")
                context.warn(Strings.format(mismatchWarning, language,
                                            mismatch.receptor.isEmpty ? unspecifiedMatrix[language] : mismatch.receptor, names, quoted))
            }
        }
        return story
    }

    // MARK: - descriptive_statistics

    /// `descriptive_statistics`: n, mean, SD, median, min, max per system and classification.
    static func descriptiveStatistics(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return noData(context, noSamples) }
        let language = context.language
        var order: [String] = []
        var bySystem: [String: [IsotopeMeasurement]] = [:]
        var values: [String: [SampleRole: [Double]]] = [:]
        for sample in context.samples {
            for m in sample.isotopes {
                guard let system = systemName(m), let v = isotopeValue(m) else { continue }
                if bySystem[system] == nil { order.append(system) }
                bySystem[system, default: []].append(m)
                values[system, default: [:]][sample.classification, default: []].append(v.value)
            }
        }
        guard !order.isEmpty else { return noData(context, noIsotopes) }
        var rows: [[String]] = []
        for system in order {
            let measurements = bySystem[system]!
            let isDelta = measurements.allSatisfy { $0.ratio == nil }
            let all = values[system]!.values.flatMap { $0 }
            let decimals = all.compactMap(storedDecimals).max() ?? 4
            func number(_ value: Double) -> String {
                let text = decimals > 0 || abs(value) < 1e7
                    ? NumberFormat.decimal(value, fractionDigits: decimals, context.format)
                    : NumberFormat.automatic(value, context.format)
                return isDelta ? text + (language == .fr ? "\u{202F}‰" : "\u{00A0}‰") : text
            }
            let label = systemLabel(system, measurements: measurements)
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
        return [table, caption(context, statsCaption[language])]
    }

    // MARK: - elemental_data

    /// `elemental_data`: each concentration with its unit, uncertainty, method and LOD/LOQ.
    static func elementalData(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return noData(context, noSamples) }
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
        guard !rows.isEmpty else { return noData(context, noGeochem) }
        var columns = [
            TableColumn(text.sample[language], weight: 1.5), TableColumn(text.element[language], weight: 0.6),
            TableColumn(text.value[language], weight: 1.6, alignment: .right), TableColumn(text.method[language], weight: 0.75),
            TableColumn(text.lodLoq[language], weight: 1.2, alignment: .right),
        ]
        if hasDepth { columns.append(TableColumn(text.depth[language], weight: 1.0, alignment: .right)) }
        // The key to the method codes first, then the values that use it.
        var story: [any Drawable] = []
        if !methods.isEmpty {
            story.append(Paragraph(markup: "<b>" + Markup.escape(methodsTitle[language]) + "</b>", font: Theme.small, spaceAfter: 2,
                                   keepWithNext: true))
            story.append(Table(columns: [TableColumn("", weight: 0.3), TableColumn("", weight: 5)],
                               rows: methods.enumerated().map { ["M\($0.offset + 1)", Markup.escape($0.element)] }, showsHeader: false))
        }
        story.append(Table(columns: columns, rows: rows))
        story.append(caption(context, geochemCaption[language]))
        return story
    }

    // MARK: - physicochemistry

    /// `physicochemistry`: one row per sample (and depth), one column per field parameter.
    static func physicochemistry(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return noData(context, noSamples) }
        let language = context.language
        let missing = Strings.notProvided[language]
        let known = physicoParameters.map(\.key)
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
        guard !rows.isEmpty || !otherRows.isEmpty else { return noData(context, noPhysico) }
        var story: [any Drawable] = []
        let shown = physicoParameters.filter { present.contains($0.key) }
        let hasDepth = rows.contains { $0.depth != nil }
        if !rows.isEmpty {
            var columns = [TableColumn(text.sample[language], weight: 1.5)]
            if hasDepth { columns.append(TableColumn(text.depth[language], weight: 1.0, alignment: .right)) }
            columns += shown.map { TableColumn($0.label[language], weight: 1, alignment: .right) }
            story.append(Table(columns: columns, rows: rows.map { row in
                var cells = [row.sample]
                if hasDepth { cells.append(row.depth.map { NumberFormat.automatic($0, context.format) } ?? "—") }
                cells += shown.map { row.cells[$0.key] ?? text.notMeasured[language] }
                return cells.map(Markup.escape)
            }))
        }
        if !otherRows.isEmpty {
            story.append(Heading(markup: Markup.escape(otherParameters[language]), level: 2))
            story.append(Table(columns: [
                TableColumn(text.sample[language], weight: 1.4), TableColumn(text.parameter[language], weight: 1.1),
                TableColumn(text.value[language], weight: 1.2, alignment: .right), TableColumn(text.depth[language], weight: 0.8, alignment: .right),
                TableColumn(text.method[language], weight: 1.8),
            ], rows: otherRows.map { $0.map(Markup.escape) }))
        }
        story.append(caption(context, physicoCaption[language]))
        return story
    }

    // MARK: - vertical_profiles

    static let maxProfileCurves = 6

    /// `vertical_profiles`: one small plot per parameter measured with a depth, depth downwards.
    static func verticalProfiles(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return noData(context, noSamples) }
        let language = context.language
        // parameter → (axis label, points per sample in sample order)
        var order: [String] = []
        var labels: [String: String] = [:]
        var data: [String: [(sample: String, points: [(x: Double, y: Double)])]] = [:]
        func add(_ parameter: String, label: String, sample: String, x: Double, depth: Double) {
            guard x.isFinite, depth.isFinite else { return }
            if data[parameter] == nil { order.append(parameter); labels[parameter] = label; data[parameter] = [] }
            if let last = data[parameter]!.indices.last, data[parameter]![last].sample == sample {
                data[parameter]![last].points.append((x, depth))
            } else {
                data[parameter]!.append((sample, [(x, depth)]))
            }
        }
        for sample in context.samples {
            for m in sample.physico {
                guard let parameter = m.parameter, let value = m.value, let depth = m.depthM else { continue }
                add("physico:" + parameter, label: physicoLabel(parameter, language), sample: sample.name, x: value, depth: depth)
            }
        }
        var systemMeasurements: [String: [IsotopeMeasurement]] = [:]
        for sample in context.samples { for m in sample.isotopes { if let s = systemName(m) { systemMeasurements[s, default: []].append(m) } } }
        for sample in context.samples {
            for m in sample.isotopes {
                guard let system = systemName(m), let v = isotopeValue(m), let depth = m.depthM else { continue }
                let label = systemLabel(system, measurements: systemMeasurements[system]!) + (v.isDelta ? " (‰)" : "")
                add("isotope:" + system, label: label, sample: sample.name, x: v.value, depth: depth)
            }
        }
        // A profile needs a sample measured at two depths at least; parameters measured at one
        // depth per sample are named under the charts instead of plotted as scattered dots.
        let kept = order.filter { parameter in data[parameter]!.contains { Set($0.points.map(\.y)).count >= 2 } }
        let singleDepthOnly = order.filter { !kept.contains($0) }.map { labels[$0]! }
        guard !kept.isEmpty else { return noData(context, noDepth) }
        let depthLabel = Markup.escape(text.depth[language])
        var charts: [any Drawable] = []
        for parameter in kept {
            var curves: [LineSeries] = []
            var singles: [(x: Double, y: Double)] = []
            for entry in data[parameter]! {
                if entry.points.count >= 2, curves.count < maxProfileCurves {
                    curves.append(LineSeries(name: entry.sample, points: entry.points.sorted { $0.y < $1.y }, showsMarkers: true))
                } else {
                    for point in entry.points {
                        if !singles.isEmpty { singles.append((.nan, .nan)) }
                        singles.append(point)
                    }
                }
            }
            if !singles.isEmpty {
                curves.append(LineSeries(name: singleDepth[language], points: singles, color: Theme.muted, showsMarkers: true))
            }
            charts.append(LinePlot(title: labels[parameter]!, xLabel: Markup.escape(labels[parameter]!), yLabel: depthLabel,
                                   series: curves, language: context.format, invertY: true, aspectRatio: 1.0))
        }
        var story: [any Drawable] = [ChartGrid(charts: charts, columns: 2),
                                     caption(context, Strings.format(profilesCaption, language, NumberFormat.integer(maxProfileCurves, context.format)))]
        if !singleDepthOnly.isEmpty {
            story.append(Paragraph(markup: Markup.escape(Strings.format(singleDepthNote, language, singleDepthOnly.joined(separator: ", "))),
                                   font: Theme.caption, color: Theme.muted))
        }
        return story
    }

    // MARK: - annex_raw_data

    static func raw(_ value: Double?) -> String { value.map { "\($0)" } ?? "NULL" }
    static func raw(_ value: String?) -> String { value ?? "NULL" }
    static func raw(_ value: Bool?) -> String { value.map { $0 ? "1" : "0" } ?? "NULL" }
    static let annexFont = FontSpec(size: 6.5)
    static let annexHeaderFont = FontSpec(size: 6.5, weight: .bold)

    /// `annex_raw_data`: every measurement as stored, one table per database table.
    static func annexRawData(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return noData(context, noSamples) }
        let language = context.language
        var story: [any Drawable] = [Paragraph(markup: Markup.escape(annexIntro[language]))]
        func table(_ title: Localized, _ names: [(String, Double)], _ rows: [[String]]) {
            guard !rows.isEmpty else { return }
            story.append(Heading(markup: Markup.escape(title[language]) + " — " + NumberFormat.integer(rows.count, context.format)
                                 + (language == .fr ? " lignes" : " rows"), level: 2))
            // The columns size themselves to their content, the table's type shrinking a little when
            // a dozen columns do not fit: column names and values stay whole.
            story.append(Table(columns: names.map { TableColumn($0.0, weight: $0.1) }, rows: rows.map { $0.map(Markup.escape) },
                               font: annexFont, headerFont: annexHeaderFont))
        }
        let samples = context.samples
        table(annexTables.samples, [("id", 0.4), ("name", 1.6), ("classification", 0.9), ("matrix", 0.8), ("material_type", 1.3),
                                    ("latitude", 0.9), ("longitude", 0.9), ("altitude_m", 0.7), ("collection_date", 0.9)],
              samples.map { s in [String(s.id), s.name, raw(s.classificationRaw), raw(s.matrix), raw(s.materialType), raw(s.latitude),
                                  raw(s.longitude), raw(s.altitudeM), raw(s.collectionDate)] })
        let measurementCount = samples.reduce(0) { $0 + $1.measurementCount }
        guard measurementCount > 0 else {
            story += noData(context, annexEmpty)
            return story
        }
        table(annexTables.isotopes, [("id", 0.4), ("sample", 1.5), ("system", 1.1), ("ratio", 0.9), ("ratio_2se", 0.8),
                                     ("delta_notation", 0.9), ("delta_value", 0.8), ("delta_2sd", 0.7), ("standard", 1.1), ("depth_m", 0.6)],
              samples.flatMap { s in s.isotopes.map { m in
                  [String(m.id), s.name, raw(m.system), raw(m.ratio), raw(m.ratio2SE), raw(m.deltaNotation), raw(m.deltaValue),
                   raw(m.delta2SD), raw(m.standard), raw(m.depthM)] } })
        table(annexTables.geochem, [("id", 0.4), ("sample", 1.5), ("element", 0.6), ("display_value", 0.9), ("display_unit", 0.7),
                                    ("value_normalized", 1), ("display_uncertainty", 1), ("lod", 0.6), ("loq", 0.6), ("depth_m", 0.6)],
              samples.flatMap { s in s.geochem.map { m in
                  [String(m.id), s.name, raw(m.element), raw(m.displayValue), raw(m.displayUnit), raw(m.valueNormalized),
                   raw(m.displayUncertainty), raw(m.lod), raw(m.loq), raw(m.depthM)] } })
        table(annexTables.physico, [("id", 0.4), ("sample", 1.5), ("parameter", 1.1), ("value", 0.8), ("uncertainty", 0.8),
                                    ("measured_at", 1.3), ("depth_m", 0.6)],
              samples.flatMap { s in s.physico.map { m in
                  [String(m.id), s.name, raw(m.parameter), raw(m.value), raw(m.uncertainty), raw(m.measuredAt), raw(m.depthM)] } })
        table(annexTables.molecules, [("id", 0.4), ("sample", 1.4), ("nom", 1.6), ("cas", 0.8), ("valeur", 0.7), ("unite", 0.5),
                                      ("incertitude", 0.7), ("lod", 0.5), ("loq", 0.5), ("detecte", 0.5), ("seuil_ref", 0.6), ("depth_m", 0.6)],
              samples.flatMap { s in s.molecules.map { m in
                  [String(m.id), s.name, raw(m.nom), raw(m.cas), raw(m.valeur), raw(m.unite), raw(m.incertitude), raw(m.lod),
                   raw(m.loq), raw(m.detecte), raw(m.seuilRef), raw(m.depthM)] } })
        story.append(caption(context))
        return story
    }
}
