// Charts drawn with the real Cairo into a PDF and read back with pdftotext.
import Foundation
import IsoFindCharts
import IsoFindDocument
import IsoFindFormat
import IsoFindRender
import PDFTestSupport
import Testing

@Suite("Scatter plot")
struct ScatterPlotTests {
    @Test func englishTextLabelsTicksAndLegend() throws {
        let text = folded(try Poppler.text(try render(Fixtures.deltaDelta(.en))))
        #expect(text.contains("δ–δ plot"))
        #expect(text.contains("δ¹³C (‰ VPDB)"))          // x title, Unicode superscripts
        #expect(text.contains("⁸⁷Sr/⁸⁶Sr"))               // y title, horizontal above the axis
        for tick in ["0.708", "0.710", "0.712", "0.714", "0.716", "0.718", "\(MINUS)30", "\(MINUS)26", "\(MINUS)20"] {
            #expect(text.contains(tick), "tick \(tick)")
        }
        #expect(!text.contains("0,712"))
        #expect(text.contains("Sources"))
        #expect(text.contains("Daughters"))
        #expect(text.contains("Matrix mismatch"))       // the flagged ring's legend entry
        #expect(text.contains("SRC-01"))
        #expect(text.contains("GW-P03"))
    }

    @Test func frenchUsesDecimalCommas() throws {
        let text = folded(try Poppler.text(try render(Fixtures.deltaDelta(.fr))))
        #expect(text.contains("Diagramme δ–δ"))
        #expect(text.contains("0,712"))
        #expect(text.contains("0,708"))
        #expect(!text.contains("0.712"))
        #expect(text.contains("Filles"))
        #expect(text.contains("Matrice différente"))
    }

    /// Why the fixtures use `IsotopeNotation.unicode`: `<sup>` markup draws raised ordinary digits,
    /// which `pdftotext -layout` puts on a line of their own ("13" above "δ C (‰ VPDB)").
    @Test func markupSuperscriptsDoNotExtractAsIsotopeLabels() throws {
        let text = folded(try Poppler.text(try render(Fixtures.deltaDelta(.en, markupLabels: true))))
        #expect(text.contains("(‰ VPDB)"))
        #expect(text.contains("Sr/86Sr"))
        #expect(!text.contains("δ¹³C"))
        #expect(!text.contains("δ13C"))
        #expect(!text.contains("87Sr/86Sr"))
    }

    @Test func errorBarsAreDrawnOnlyWhenGiven() throws {
        let with = Fixtures.deltaDelta(.en, errors: true)
        let without = Fixtures.deltaDelta(.en, errors: false)
        let pdfWith = try render(with), pdfWithout = try render(without)
        // 8 points, each a vertical and a horizontal whisker with two caps.
        #expect(with.lastDrawSummary.errorBarSegments == 8 * 6)
        #expect(without.lastDrawSummary.errorBarSegments == 0)
        #expect(with.lastDrawSummary.markers == 8 && without.lastDrawSummary.markers == 8)
        #expect(with.lastDrawSummary.flaggedPoints == 1)
        // The content stream grows with the whiskers.
        #expect(pdfWith.count > pdfWithout.count + 150, "\(pdfWith.count) vs \(pdfWithout.count)")
    }

    @Test func crowdedLabelsAreOmittedNotOverlapped() throws {
        // 40 labelled points in a tight cluster (an outlier stretches the axes): some labels must
        // go, none may overlap.
        var points: [ScatterPoint] = [ScatterPoint(x: 10, y: 10, label: "Q99")]
        for i in 0..<40 {
            let angle = Double(i) * 2.4
            let radius = 0.1 + Double(i) * 0.03
            points.append(ScatterPoint(x: radius * cos(angle), y: radius * sin(angle), label: "Q" + String(i + 10)))
        }
        let chart = ScatterPlot(title: nil, xLabel: "x", yLabel: "y",
                                series: [ScatterSeries(name: "Cluster", points: points)], language: .en,
                                maxPointLabels: 40)
        let pdf = try render(chart)
        let summary = chart.lastDrawSummary
        #expect(summary.labelsDrawn + summary.labelsOmitted == 41)
        #expect(summary.labelsOmitted > 0)
        #expect(summary.labelsDrawn >= 5)
        let labels = try Poppler.words(pdf).filter { $0.text.hasPrefix("Q") }
        #expect(labels.count == summary.labelsDrawn)
        for (i, a) in labels.enumerated() {
            for b in labels[(i + 1)...] {
                let overlap = a.box.x < b.box.maxX - 0.5 && b.box.x < a.box.maxX - 0.5
                    && a.box.y < b.box.maxY - 0.5 && b.box.y < a.box.maxY - 0.5
                #expect(!overlap, "\(a.text) overlaps \(b.text)")
            }
        }
    }

    @Test func labelLimitIsRespected() throws {
        let points = (0..<12).map { ScatterPoint(x: Double($0), y: Double($0 * $0), label: "L\($0 + 10)") }
        let chart = ScatterPlot(title: nil, xLabel: "x", yLabel: "y", series: [ScatterSeries(name: "", points: points)],
                                language: .en, maxPointLabels: 3)
        _ = try render(chart)
        #expect(chart.lastDrawSummary.labelsDrawn == 3)
        #expect(chart.lastDrawSummary.labelsOmitted == 9)
    }

    @Test func heightFollowsWidthOrIsFixed() {
        let chart = Fixtures.deltaDelta(.en)
        #expect(chart.height(forWidth: 400) == 2 * chart.height(forWidth: 200))
        #expect(chart.height(forWidth: 400) == 248)
        let fixed = ScatterPlot(title: nil, xLabel: "x", yLabel: "y", series: [ScatterSeries(name: "a", points: [ScatterPoint(x: 1, y: 2)])],
                                language: .en, height: 180)
        #expect(fixed.height(forWidth: 300) == 180 && fixed.height(forWidth: 500) == 180)
        #expect(fixed.split(width: 300, height: 50) == nil)
        #expect(!fixed.keepWithNext)
    }

    @Test func singlePointAndNonFiniteValuesDoNotCrash() throws {
        let chart = ScatterPlot(title: nil, xLabel: "x", yLabel: "y", series: [ScatterSeries(name: "one", points: [
            ScatterPoint(x: 0.7123, y: -25.3, xError: .nan, yError: 0), ScatterPoint(x: .infinity, y: 1),
        ])], language: .fr)
        let text = folded(try Poppler.text(try render(chart)))
        #expect(text.contains("0,710"))                  // 0.7123 alone: axis 0.700…0.725
        #expect(text.contains("\(MINUS)25,0"))
        #expect(chart.lastDrawSummary.markers == 1)
        #expect(chart.lastDrawSummary.errorBarSegments == 0)
    }
}

@Suite("Empty charts")
struct EmptyChartTests {
    @Test func emptyChartsDrawAFramedNote() throws {
        let charts: [any Drawable] = [
            ScatterPlot(title: "Plot", xLabel: "x", yLabel: "y", series: [], language: .en),
            ScatterPlot(title: nil, xLabel: "x", yLabel: "y",
                        series: [ScatterSeries(name: "nan", points: [ScatterPoint(x: .nan, y: 1)])], language: .en),
            LinePlot(title: nil, xLabel: "x", yLabel: "y", series: [LineSeries(name: "a", points: [])], language: .en),
            BarChart(title: "Bars", labels: [], values: [], unit: nil, language: .en),
        ]
        for chart in charts { #expect(chart.height(forWidth: 480) < 80) }
        let text = try Poppler.text(try render(charts))
        #expect(text.components(separatedBy: "No data").count - 1 == 4)
        let french = try Poppler.text(try render(BarChart(title: nil, labels: ["a"], values: [], unit: nil, language: .fr)))
        #expect(french.contains("Aucune donnée"))
    }
}

@Suite("Bar chart")
struct BarChartTests {
    @Test func labelsValuesAndAxisInEnglishAndFrench() throws {
        let en = folded(try Poppler.text(try render(Fixtures.scores(.en))))
        #expect(en.contains("Best matches"))
        #expect(en.contains("Décharge de Saint-Fons (lixiviat)"))
        #expect(en.contains("Bruit de fond régional"))
        for value in ["0.87", "0.65", "0.41", "0.13"] { #expect(en.contains(value), "value \(value)") }
        for tick in ["0.0", "0.2", "0.4", "1.0"] { #expect(en.contains(tick), "tick \(tick)") }
        #expect(en.contains("Score"))
        let fr = folded(try Poppler.text(try render(Fixtures.scores(.fr))))
        #expect(fr.contains("Meilleures correspondances"))
        for value in ["0,87", "0,65", "0,41", "0,13", "0,2", "1,0"] { #expect(fr.contains(value), "value \(value)") }
        #expect(!fr.contains("0.87"))
    }

    @Test func automaticValueFormatAndNegativeValues() throws {
        let chart = BarChart(title: nil, labels: ["up", "down", "missing"], values: [1234.5, -0.25, .nan], unit: "mg/kg",
                             language: .fr)
        let text = folded(try Poppler.text(try render(chart)))
        // 4 significant digits by default; pdftotext turns the narrow no-break space into a space.
        #expect(text.contains("1 235"))
        #expect(text.contains("1 000"))                 // a tick label
        #expect(text.contains("\(MINUS)0,25"))
        #expect(text.contains("—"))
        #expect(text.contains("mg/kg"))
    }

    @Test func longLabelsAreCutWithAnEllipsis() throws {
        let long = String(repeating: "Station d'épuration très lointaine ", count: 8)
        let chart = BarChart(title: nil, labels: [long, "Court"], values: [3, 4], unit: nil, language: .en)
        let text = try Poppler.text(try render(chart))
        #expect(text.contains("…"))
        #expect(text.contains("Court"))
    }

    @Test func heightGrowsWithBarsAndVerticalBarsFollowWidth() {
        let four = BarChart(title: nil, labels: ["a", "b", "c", "d"], values: [1, 2, 3, 4], unit: nil, language: .en)
        let eight = BarChart(title: nil, labels: (0..<8).map { "s\($0)" }, values: (0..<8).map(Double.init), unit: nil,
                             language: .en)
        #expect(eight.height(forWidth: 400) > four.height(forWidth: 400) + 40)
        let vertical = BarChart(title: nil, labels: ["a", "b"], values: [1, 2], unit: nil, language: .en, horizontal: false)
        #expect(vertical.height(forWidth: 400) == 2 * vertical.height(forWidth: 200))
        #expect(BarChart(title: nil, labels: ["a"], values: [1], unit: nil, language: .en, height: 90).height(forWidth: 300) == 90)
    }

    @Test func verticalBarsPrintTheirValues() throws {
        let chart = BarChart(title: "Samples by class", labels: ["Sources", "Daughters"], values: [12, 27], unit: nil,
                             language: .en, horizontal: false, fractionDigits: 0)
        let text = folded(try Poppler.text(try render(chart)))
        #expect(text.contains("Samples by class"))
        #expect(text.contains("12") && text.contains("27"))
        #expect(text.contains("Sources") && text.contains("Daughters"))
    }
}

@Suite("Line plot")
struct LinePlotTests {
    @Test func rayleighInFrenchAndEnglish() throws {
        let fr = folded(try Poppler.text(try render(Fixtures.rayleigh(.fr))))
        #expect(fr.contains("Modèle de Rayleigh"))
        #expect(fr.contains("Fraction restante f"))
        #expect(fr.contains("δ¹³C-TCE (‰)"))
        for tick in ["0,0", "0,2", "0,4", "0,6", "0,8", "1,0", "\(MINUS)24"] { #expect(fr.contains(tick), "tick \(tick)") }
        #expect(fr.contains("ε = \(MINUS)2,1"))          // legend (‰ after a no-break space)
        #expect(fr.contains("δ₀"))                        // reference line label
        let en = folded(try Poppler.text(try render(Fixtures.rayleigh(.en))))
        #expect(en.contains("Remaining fraction f"))
        for tick in ["0.0", "0.2", "0.8", "1.0"] { #expect(en.contains(tick), "tick \(tick)") }
        #expect(!en.contains("0,2"))
    }

    @Test func redoxBoundaryLabel() throws {
        let text = folded(try Poppler.text(try render(Fixtures.redox(.en))))
        #expect(text.contains("boundary pe = 4.2"))
        #expect(text.contains("Reduced fraction"))
        #expect(text.contains("0.8"))
    }

    /// With `invertY` depth grows downwards: the "15" tick is below the "5" tick on the page.
    @Test func invertedDepthAxis() throws {
        func tickTops(_ invert: Bool) throws -> (five: Double, fifteen: Double) {
            let chart = LinePlot(title: nil, xLabel: "pH", yLabel: "Depth (m)",
                                 series: [LineSeries(name: "pH", points: [(x: 6.4, y: 0.0), (x: 7.2, y: 15.0)])],
                                 language: .en, invertY: invert)
            let words = try Poppler.words(try render(chart))
            let five = try #require(words.first { $0.text == "5" })
            let fifteen = try #require(words.first { $0.text == "15" })
            return (five.box.y, fifteen.box.y)
        }
        let inverted = try tickTops(true), normal = try tickTops(false)
        #expect(inverted.fifteen > inverted.five)
        #expect(normal.fifteen < normal.five)
    }

    @Test func heightScalesWithWidth() {
        let chart = Fixtures.rayleigh(.en)
        #expect(chart.height(forWidth: 480) == 264)
        #expect(chart.height(forWidth: 240) == 132)
    }
}

@Suite("Process chain")
struct ProcessChainTests {
    @Test func boxesValuesAndVerdict() throws {
        let text = folded(try Poppler.text(try render(Fixtures.chain(.fr))))
        for title in ["Signature initiale", "Déchloration réductrice", "Sorption", "Volatilisation", "Signature prédite"] {
            #expect(text.contains(title), "title \(title)")
        }
        #expect(text.contains("δ¹³C = \(MINUS)25,3"))
        #expect(text.contains("\(MINUS)23,1"))
        #expect(text.contains("Bilan de masse vérifié (résidu 0,4 ‰)."))
    }

    @Test func wrapsOntoMoreRowsWhenNarrow() {
        let chain = Fixtures.chain(.en)
        let wide = chain.height(forWidth: 900), normal = chain.height(forWidth: 480), narrow = chain.height(forWidth: 200)
        #expect(wide < normal)
        #expect(normal < narrow)
        #expect(chain.split(width: 200, height: 50) == nil)
    }
}

@Suite("Legend and grid")
struct LegendAndGridTests {
    @Test func legendWrapsOnNarrowWidths() {
        let items = (1...6).map { LegendItem(name: "Series number \($0)", swatch: .marker(.circle, Theme.series[0], filled: true)) }
        let legend = Legend(items: items, language: .en)
        #expect(legend.height(forWidth: 120) > 2 * legend.height(forWidth: 1000))
    }

    @Test func gridSplitsBetweenRows() throws {
        let profiles = (0..<5).map { i in
            LinePlot(title: "P\(i)", xLabel: "v", yLabel: "Depth (m)",
                     series: [LineSeries(name: "v", points: [(x: 1.0, y: 0.0), (x: 2.0, y: 10.0)])],
                     language: .en, invertY: true, height: 100)
        }
        let grid = ChartGrid(charts: profiles, columns: 2, spacing: 10)
        #expect(grid.height(forWidth: 480) == 320)
        let parts = try #require(grid.split(width: 480, height: 215))
        #expect(parts.head.height(forWidth: 480) == 210)
        #expect(parts.tail.height(forWidth: 480) == 100)
        #expect(grid.split(width: 480, height: 50) == nil)
        let text = try Poppler.text(try render(grid))
        for i in 0..<5 { #expect(text.contains("P\(i)")) }
    }
}
