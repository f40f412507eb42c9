// Realistic chart inputs shared by the tests and the gallery.
import Foundation
import IsoFindCharts
import IsoFindDocument
import IsoFindFormat
import IsoFindRender

enum Fixtures {
    /// δ¹³C against ⁸⁷Sr/⁸⁶Sr: three sources, five daughters, one flagged (matrix mismatch).
    static func deltaDelta(_ language: ReportLanguage, errors: Bool = true, markupLabels: Bool = false) -> ScatterPlot {
        func p(_ x: Double, _ y: Double, _ name: String, flagged: Bool = false) -> ScatterPoint {
            ScatterPoint(x: x, y: y, xError: errors ? 0.4 : nil, yError: errors ? 0.00035 : nil, label: name, flagged: flagged)
        }
        let sources = ScatterSeries(name: language == .fr ? "Sources" : "Sources", points: [
            p(-27.9, 0.71052, "SRC-01"), p(-24.6, 0.71388, "SRC-02"), p(-21.4, 0.71571, "SRC-03"),
        ], marker: .square, color: Theme.series[0])
        let daughters = ScatterSeries(name: language == .fr ? "Filles" : "Daughters", points: [
            p(-26.8, 0.71120, "GW-P01"), p(-25.9, 0.71190, "GW-P02"), p(-25.1, 0.71260, "GW-P03", flagged: true),
            p(-23.2, 0.71430, "GW-P04"), p(-22.7, 0.71480, "SOIL-07"),
        ], marker: .circle, color: Theme.series[1], filled: false)
        let x = markupLabels ? IsotopeNotation.markup("d13C (‰ VPDB)") : IsotopeNotation.unicode("d13C (‰ VPDB)")
        let y = markupLabels ? IsotopeNotation.markup("87Sr/86Sr") : IsotopeNotation.unicode("87Sr/86Sr")
        return ScatterPlot(title: language == .fr ? "Diagramme δ–δ" : "δ–δ plot", xLabel: x, yLabel: y,
                           series: [sources, daughters], language: language,
                           flaggedLabel: language == .fr ? "Matrice différente" : "Matrix mismatch")
    }

    static func scores(_ language: ReportLanguage) -> BarChart {
        BarChart(title: language == .fr ? "Meilleures correspondances" : "Best matches",
                 labels: ["Décharge de Saint-Fons (lixiviat)", "Site industriel Pierre-Bénite — fosse nord",
                          "Station d'épuration de Feyzin, rejet principal après traitement tertiaire", "Bruit de fond régional"],
                 values: [0.873, 0.652, 0.41, 0.128], unit: "Score", language: language, highlight: [0], fractionDigits: 2)
    }

    static func rayleigh(_ language: ReportLanguage) -> LinePlot {
        let epsilon = -2.1, delta0 = -27.5
        let fs = stride(from: 1.0, through: 0.05, by: -0.05).map { $0 }
        let curve = fs.map { (x: $0, y: delta0 + epsilon * Foundation.log($0)) }
        let upper = fs.map { (x: $0, y: delta0 + (epsilon - 0.3) * Foundation.log($0)) }
        return LinePlot(title: language == .fr ? "Modèle de Rayleigh" : "Rayleigh model",
                        xLabel: language == .fr ? "Fraction restante f" : "Remaining fraction f",
                        yLabel: IsotopeNotation.unicode("d13C-TCE (‰)"),
                        series: [LineSeries(name: "ε = " + MeasurementFormat.delta(epsilon, nil, language), points: curve),
                                 LineSeries(name: "ε − u", points: upper, dashed: true)],
                        language: language,
                        referenceLines: [ReferenceLine(.horizontal, at: delta0, label: "δ₀")])
    }

    static func redox(_ language: ReportLanguage) -> LinePlot {
        let points = stride(from: -6.0, through: 14.0, by: 0.5).map { pe in (x: pe, y: 1 / (1 + Foundation.exp(2.3 * (pe - 4.2)))) }
        return LinePlot(title: nil, xLabel: "pe", yLabel: language == .fr ? "Fraction réduite" : "Reduced fraction",
                        series: [LineSeries(name: "Fe(II)", points: points)], language: language,
                        referenceLines: [ReferenceLine(.vertical, at: 4.2, label: language == .fr ? "limite pe = 4,2" : "boundary pe = 4.2")])
    }

    static func profile(_ name: String, values: [Double], depths: [Double], _ language: ReportLanguage) -> LinePlot {
        LinePlot(title: name, xLabel: name, yLabel: language == .fr ? "Profondeur (m)" : "Depth (m)",
                 series: [LineSeries(name: name, points: zip(values, depths).map { (x: $0, y: $1) }, showsMarkers: true)],
                 language: language, invertY: true, aspectRatio: 1.3)
    }

    static func chain(_ language: ReportLanguage) -> ProcessChainDiagram {
        let fr = language == .fr
        return ProcessChainDiagram(
            initial: ChainNode(title: fr ? "Signature initiale" : "Initial signature",
                               value: "δ¹³C = " + MeasurementFormat.delta(-25.3, 0.4, language), detail: "SRC-02"),
            steps: [
                ChainNode(title: fr ? "Déchloration réductrice" : "Reductive dechlorination",
                          value: "ε = " + MeasurementFormat.delta(-2.1, 0.3, language), detail: "Rayleigh · f = " + NumberFormat.decimal(0.45, fractionDigits: 2, language)),
                ChainNode(title: fr ? "Sorption" : "Sorption", value: "ε = " + MeasurementFormat.delta(-0.3, 0.2, language)),
                ChainNode(title: fr ? "Volatilisation" : "Volatilisation", value: "ε = " + MeasurementFormat.delta(-0.5, 0.2, language)),
            ],
            predicted: ChainNode(title: fr ? "Signature prédite" : "Predicted signature",
                                 value: "δ¹³C = " + MeasurementFormat.delta(-23.1, 0.6, language)),
            verdict: fr ? "Bilan de masse vérifié (résidu 0,4 ‰)." : "Mass balance verified (residual 0.4 ‰).",
            language: language)
    }
}
