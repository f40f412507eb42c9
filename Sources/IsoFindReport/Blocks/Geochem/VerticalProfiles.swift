import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat

/// `vertical_profiles`: one small plot per parameter measured at several depths, depth downwards.
struct VerticalProfiles: ReportBlock {
    let definition = BlockDefinition(
        key: .verticalProfiles,
        name: Localized(fr: "Profils verticaux", en: "Vertical profiles"),
        description: Localized(
            fr: "Chaque paramètre en fonction de la profondeur, un petit graphique par paramètre.",
            en: "Each parameter against depth, one small plot per parameter."),
        category: .geochem, nature: .analytical, estPages: 2, licence: .researchPlus, needs: [.depthData])

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

    static let maxProfileCurves = 6

    func render(_ context: BlockContext) -> [any Drawable] {
        guard !context.samples.isEmpty else { return [context.noSamples()] }
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
                add("physico:" + parameter, label: PhysicoParameters.label(parameter, language), sample: sample.name, x: value, depth: depth)
            }
        }
        var systemMeasurements: [String: [IsotopeMeasurement]] = [:]
        for sample in context.samples { for m in sample.isotopes { if let s = m.systemKey { systemMeasurements[s, default: []].append(m) } } }
        for sample in context.samples {
            for m in sample.isotopes {
                guard let system = m.systemKey, let v = m.measuredValue, let depth = m.depthM else { continue }
                let label = measuredSystemLabel(system, measurements: systemMeasurements[system]!) + (v.isDelta ? " (‰)" : "")
                add("isotope:" + system, label: label, sample: sample.name, x: v.value, depth: depth)
            }
        }
        // A profile needs a sample measured at two depths at least; parameters measured at one
        // depth per sample are named under the charts instead of plotted as scattered dots.
        let kept = order.filter { parameter in data[parameter]!.contains { Set($0.points.map(\.y)).count >= 2 } }
        let singleDepthOnly = order.filter { !kept.contains($0) }.map { labels[$0]! }
        guard !kept.isEmpty else { return [context.noData(Self.noDepth)] }
        let depthLabel = Markup.escape(MeasurementColumns.depth[language])
        var charts: [any Drawable] = []
        for parameter in kept {
            var curves: [LineSeries] = []
            var singles: [(x: Double, y: Double)] = []
            for entry in data[parameter]! {
                if entry.points.count >= 2, curves.count < Self.maxProfileCurves {
                    curves.append(LineSeries(name: entry.sample, points: entry.points.sorted { $0.y < $1.y }, showsMarkers: true))
                } else {
                    for point in entry.points {
                        if !singles.isEmpty { singles.append((.nan, .nan)) }
                        singles.append(point)
                    }
                }
            }
            if !singles.isEmpty {
                curves.append(LineSeries(name: Self.singleDepth[language], points: singles, color: Theme.muted, showsMarkers: true))
            }
            charts.append(LinePlot(title: labels[parameter]!, xLabel: Markup.escape(labels[parameter]!), yLabel: depthLabel,
                                   series: curves, language: context.format, invertY: true, aspectRatio: 1.0))
        }
        var story: [any Drawable] = [ChartGrid(charts: charts, columns: 2),
                                     context.samplesCaption(Strings.format(Self.profilesCaption, language, NumberFormat.integer(Self.maxProfileCurves, context.format)))]
        if !singleDepthOnly.isEmpty {
            story.append(Paragraph(markup: Markup.escape(Strings.format(Self.singleDepthNote, language, singleDepthOnly.joined(separator: ", "))),
                                   font: Theme.caption, color: Theme.muted))
        }
        return story
    }
}
