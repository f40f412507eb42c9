import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `delta_delta_plot`: the two systems measured together on the most samples, sources and
/// receptors apart, receptors whose matrix does not compare with a source's flagged.
struct DeltaDeltaPlot: ReportBlock {
    let definition = BlockDefinition(
        key: .deltaDeltaPlot,
        name: Localized(fr: "Diagramme δ–δ", en: "δ–δ plot"),
        description: Localized(
            fr: "Nuage de points des deux systèmes les plus mesurés, barres d’erreur à 2σ, sources et filles distinguées, écarts de matrice signalés.",
            en: "Scatter plot of the two most measured systems with 2σ error bars, sources and daughters told apart, matrix mismatches flagged."),
        category: .samples, nature: .analytical, estPages: 1, licence: .research, needs: [.twoIsotopeSystems])

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

    func render(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return [context.noSamples()] }
        let language = context.language
        // The first measurement with a value of each sample and system.
        var firstBySample: [[String: IsotopeMeasurement]] = []
        var systemOrder: [String] = []
        var measurementsBySystem: [String: [IsotopeMeasurement]] = [:]
        for sample in context.samples {
            var first: [String: IsotopeMeasurement] = [:]
            for m in sample.isotopes {
                guard let system = m.systemKey, m.measuredValue != nil else { continue }
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
        guard let best else { return [context.noData(Self.deltaTooFew)] }
        let xLabel = measuredSystemLabel(best.x, measurements: measurementsBySystem[best.x]!)
        let yLabel = measuredSystemLabel(best.y, measurements: measurementsBySystem[best.y]!)
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
            let x = firstBySample[index][best.x]!.measuredValue!
            let y = firstBySample[index][best.y]!.measuredValue!
            var flagged = false
            // Without the matrix rules (they could not be read, `context.matrices` is empty) no
            // pair is comparable: no receptor is flagged, and the limitations say why.
            if sample.isReceptor, context.unavailable(.matrixRules) == nil {
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
                               flaggedLabel: mismatches.isEmpty ? nil : Self.mismatchLabel[language])
        var story: [any Drawable] = [plot]
        story.append(context.samplesCaption(Strings.format(Self.deltaCaption, language, xLabel, yLabel,
                                                     NumberFormat.integer(shown.count, context.format))))
        if !mismatches.isEmpty {
            story.append(Notice(markup: Markup.escape(Self.mismatchNote[language]), kind: .warning))
            for mismatch in mismatches {
                let names = mismatch.samples.prefix(10).joined(separator: ", ") + (mismatch.samples.count > 10 ? "…" : "")
                let quoted = mismatch.sources.map { source -> String in
                    let name = source.isEmpty ? Self.unspecifiedMatrix[language] : source
                    return language == .fr ? "« \(name) »" : "“\(name)”"
                }.joined(separator: ", ")
                context.warn(Strings.format(Self.mismatchWarning, language,
                                            mismatch.receptor.isEmpty ? Self.unspecifiedMatrix[language] : mismatch.receptor, names, quoted))
            }
        }
        return story
    }
}
