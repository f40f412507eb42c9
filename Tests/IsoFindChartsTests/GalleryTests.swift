// A gallery of every chart, written to $CHARTS_LOOK_DIR (when set) for looking at them.
import Foundation
import IsoFindCharts
import IsoFindDocument
import IsoFindFormat
import IsoFindRender
import Testing

@Suite("Gallery")
struct GalleryTests {
    static func gallery(_ language: ReportLanguage) -> [any Drawable] {
        let depths = [0.5, 2.0, 4.5, 7.0, 10.0, 14.5]
        return [
            Fixtures.deltaDelta(language),
            Fixtures.scores(language),
            Fixtures.rayleigh(language),
            Fixtures.redox(language),
            ChartGrid(charts: [
                Fixtures.profile("pH", values: [7.2, 7.0, 6.8, 6.9, 6.5, 6.4], depths: depths, language),
                Fixtures.profile("Eh (mV)", values: [180, 120, 40, -60, -110, -150], depths: depths, language),
                Fixtures.profile(language == .fr ? "Fe (mg/L)" : "Fe (mg/L)", values: [0.02, 0.05, 0.4, 1.2, 2.8, 3.1], depths: depths, language),
            ], columns: 3),
            Fixtures.chain(language),
            BarChart(title: language == .fr ? "Échantillons par classe" : "Samples by class",
                     labels: ["Sources", language == .fr ? "Filles" : "Daughters", language == .fr ? "Non classés" : "Unclassified"],
                     values: [12, 27, 3], unit: nil, language: language, horizontal: false, fractionDigits: 0),
            ScatterPlot(title: language == .fr ? "Vide" : "Empty", xLabel: "x", yLabel: "y", series: [], language: language),
        ]
    }

    /// Harder cases: crowded labels, negative bars, many series, a small summary chart, a long chain.
    static func stress(_ language: ReportLanguage) -> [any Drawable] {
        var cluster: [ScatterPoint] = [ScatterPoint(x: 3.2, y: 2.5, xError: 0.3, yError: 0.2, label: "OUTLIER-1", flagged: true)]
        for i in 0..<30 {
            let a = Double(i) * 2.4, r = 0.1 + Double(i) * 0.03
            cluster.append(ScatterPoint(x: r * cos(a), y: r * sin(a), xError: 0.05, yError: 0.05, label: "GW-\(i + 10)"))
        }
        let many = (0..<7).map { k in
            ScatterSeries(name: "Series \(k + 1) — " + (k % 2 == 0 ? "sources" : "daughters"),
                          points: (0..<4).map { j in ScatterPoint(x: Double(j) + Double(k) * 0.2, y: Double(k) - Double(j) * 0.3) })
        }
        return [
            ScatterPlot(title: "Crowded", xLabel: IsotopeNotation.unicode("d18O (‰)"), yLabel: IsotopeNotation.unicode("d2H (‰)"),
                        series: [ScatterSeries(name: "Cluster", points: cluster)], language: language),
            ScatterPlot(title: nil, xLabel: "x", yLabel: "y", series: many, language: language, aspectRatio: 0.5),
            BarChart(title: "Δ", labels: ["Gain", "Perte nette sur l'ensemble de la période", "Stable"], values: [12.5, -8.25, 0],
                     unit: "‰", language: language, highlight: [1]),
            BarChart(title: nil, labels: (1...14).map { "REF-\($0) matrix \($0 % 3 == 0 ? "soil" : "groundwater")" },
                     values: (1...14).map { 1 / Double($0) }, unit: "Score", language: language, highlight: [0, 1], fractionDigits: 3),
            ProcessChainDiagram(initial: ChainNode(title: "Initial", value: "δ³⁴S = +4,1 ± 0,3 ‰"),
                                steps: (1...6).map { ChainNode(title: "Process \($0) with a rather long name", value: "ε = −\($0),0 ‰", detail: "Rayleigh") },
                                predicted: ChainNode(title: "Predicted", value: "δ³⁴S = +21,3 ± 1,2 ‰"),
                                verdict: "Mass balance not verified: residual 2.4 ‰ exceeds the combined uncertainty.",
                                language: language, verdictIsWarning: true),
        ]
    }

    @Test func writeGallery() throws {
        guard let directory = ProcessInfo.processInfo.environment["CHARTS_LOOK_DIR"] else { return }
        for language in ReportLanguage.allCases {
            let canvas = try PDFCanvas(metadata: PDFMetadata(title: "Charts", createdEpochSeconds: 1_700_000_000))
            canvas.beginPage()
            var y = 40.0
            for chart in Self.gallery(language) {
                let h = chart.height(forWidth: 483)
                if y + h > 800 { canvas.beginPage(); y = 40 }
                chart.draw(on: canvas, in: Rect(x: 56, y: y, width: 483, height: h))
                y += h + 24
            }
            // The chain at a narrow width, to see it wrap.
            let chain = Fixtures.chain(language)
            let h = chain.height(forWidth: 260)
            if y + h > 800 { canvas.beginPage(); y = 40 }
            chain.draw(on: canvas, in: Rect(x: 56, y: y, width: 260, height: h))
            canvas.beginPage()
            y = 40
            for chart in Self.stress(language) {
                let h = chart.height(forWidth: 483)
                if y + h > 800 { canvas.beginPage(); y = 40 }
                chart.draw(on: canvas, in: Rect(x: 56, y: y, width: 483, height: h))
                y += h + 24
            }
            // A small summary chart next to text, as the executive summary would place it.
            let small = Fixtures.deltaDelta(language)
            canvas.beginPage()
            small.draw(on: canvas, in: Rect(x: 56, y: 40, width: 230, height: small.height(forWidth: 230)))
            let smallBars = Fixtures.scores(language)
            smallBars.draw(on: canvas, in: Rect(x: 300, y: 40, width: 239, height: smallBars.height(forWidth: 239)))
            let pdf = try canvas.finish()
            try Data(pdf).write(to: URL(fileURLWithPath: directory).appendingPathComponent("gallery-\(language.rawValue).pdf"))
        }
    }
}
