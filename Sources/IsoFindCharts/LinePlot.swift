// Line plot: δ against remaining fraction (Rayleigh), reduced fraction against pe, value against depth.
import IsoFindDocument
import IsoFindFormat
import IsoFindLayout
import IsoFindRender

/// One curve. Points are joined in the order given (sort them: by f, by pe, by depth); a point
/// with a non-finite coordinate breaks the line. nil colour takes `Theme.series` by position.
public struct LineSeries: Sendable {
    public var name: String
    public var points: [(x: Double, y: Double)]
    public var color: Color?
    public var dashed: Bool
    /// Draws a small marker on every point (measured profiles); off for computed curves.
    public var showsMarkers: Bool

    public init(name: String, points: [(x: Double, y: Double)], color: Color? = nil, dashed: Bool = false,
                showsMarkers: Bool = false) {
        self.name = name
        self.points = points
        self.color = color
        self.dashed = dashed
        self.showsMarkers = showsMarkers
    }
}

/// A straight reference line across the plot: a redox boundary (vertical, at an x value), an
/// initial δ₀ (horizontal, at a y value). Its plain-text label is written inside the plot.
public struct ReferenceLine: Equatable, Sendable {
    public enum Orientation: Sendable, Equatable {
        /// At an x value, from bottom to top.
        case vertical
        /// At a y value, from left to right.
        case horizontal
    }

    public var orientation: Orientation
    public var value: Double
    public var label: String?

    public init(_ orientation: Orientation, at value: Double, label: String? = nil) {
        self.orientation = orientation
        self.value = value
        self.label = label
    }
}

/// A line plot with nice ticks on both axes (no padding: curves may start on the frame, e.g. at
/// f = 1; `NiceScale.fitted`: loose axes unless they would leave more than 15 % of the data
/// range empty on a side, as pe −6…14 → −10…15 would), a legend under the plot when there are two series or more, and optional reference
/// lines. `invertY` makes y grow downwards (depth profiles: 0 m at the top).
///
/// Axis titles are Pango markup (see `ScatterPlot`); title and series names are plain text.
public final class LinePlot: Drawable {
    public let title: String?
    public let xLabel: String
    public let yLabel: String
    public let series: [LineSeries]
    public let language: ReportLanguage
    public let invertY: Bool
    public let referenceLines: [ReferenceLine]
    public let aspectRatio: Double
    public let fixedHeight: Double?

    static let dash: [Double] = [4, 2.5]
    static let lineWidth = 1.4

    /// `height` fixes the chart's height; otherwise it is `aspectRatio` × the frame width.
    public init(title: String?, xLabel: String, yLabel: String, series: [LineSeries], language: ReportLanguage,
                invertY: Bool = false, referenceLines: [ReferenceLine] = [], aspectRatio: Double = 0.55,
                height: Double? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.language = language
        self.invertY = invertY
        self.referenceLines = referenceLines
        self.aspectRatio = aspectRatio > 0 && aspectRatio.isFinite ? aspectRatio : 0.55
        self.fixedHeight = height
    }

    /// `height`, else `aspectRatio` × width; without any point, just the title and the "No data" note.
    public func height(forWidth width: Double) -> Double {
        if let fixedHeight { return fixedHeight }
        if dataRanges() == nil { return ChartChrome.emptyChartHeight(title: title, width: width, language: language) }
        return (width * aspectRatio).rounded()
    }

    func color(_ index: Int) -> Color { series[index].color ?? Theme.series[index % Theme.series.count] }

    func dataRanges() -> (x: (Double, Double), y: (Double, Double))? {
        var xs: (Double, Double)?, ys: (Double, Double)?
        for s in series {
            for p in s.points where p.x.isFinite && p.y.isFinite {
                xs = (min(xs?.0 ?? .infinity, p.x), max(xs?.1 ?? -.infinity, p.x))
                ys = (min(ys?.0 ?? .infinity, p.y), max(ys?.1 ?? -.infinity, p.y))
            }
        }
        guard var xs, var ys else { return nil }
        for line in referenceLines where line.value.isFinite {
            switch line.orientation {
            case .vertical: xs = (min(xs.0, line.value), max(xs.1, line.value))
            case .horizontal: ys = (min(ys.0, line.value), max(ys.1, line.value))
            }
        }
        return (xs, ys)
    }

    func legendItems() -> [LegendItem] {
        let named = series.enumerated().filter { !$0.element.name.isEmpty }
        guard series.count >= 2 else { return [] }
        return named.map { i, s in
            LegendItem(name: s.name, swatch: .line(color(i), dashed: s.dashed, marker: s.showsMarkers ? .circle : nil))
        }
    }

    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        guard let ranges = dataRanges() else {
            ChartChrome.drawEmpty(on: canvas, in: rect, title: title, language: language)
            return
        }
        let frame = CartesianLayout(rect: rect, title: title, xLabel: xLabel, yLabel: yLabel,
                                    xRange: ranges.x, yRange: ranges.y, invertY: invertY, fitted: true,
                                    legendItems: legendItems(), language: language)
        frame.drawBackground(on: canvas)
        let plot = frame.plot
        canvas.withClip(plot) {
            for line in referenceLines where line.value.isFinite {
                switch line.orientation {
                case .vertical:
                    let px = frame.x.position(line.value)
                    canvas.line(from: (px, plot.y), to: (px, plot.maxY), Theme.muted, width: 0.8, dash: [2, 2])
                case .horizontal:
                    let py = frame.y.position(line.value)
                    canvas.line(from: (plot.x, py), to: (plot.maxX, py), Theme.muted, width: 0.8, dash: [2, 2])
                }
            }
            for (i, s) in series.enumerated() {
                var path = Path()
                var penDown = false
                for p in s.points {
                    guard p.x.isFinite, p.y.isFinite else { penDown = false; continue }
                    let px = frame.x.position(p.x), py = frame.y.position(p.y)
                    if penDown { path.line(to: px, py) } else { path.move(to: px, py) }
                    penDown = true
                }
                canvas.stroke(path, color(i), style: StrokeStyle(width: Self.lineWidth, dash: s.dashed ? Self.dash : [],
                                                                 cap: .round, join: .round))
            }
        }
        // Markers are not clipped: a measured point on the frame (the shallowest sample, the
        // largest value) stays whole.
        for (i, s) in series.enumerated() where s.showsMarkers {
            let style = MarkerStyle(shape: .circle, color: color(i), filled: true)
            for p in s.points where p.x.isFinite && p.y.isFinite {
                style.draw(on: canvas, x: frame.x.position(p.x), y: frame.y.position(p.y), radius: 2.2)
            }
        }
        // Reference-line labels inside the plot, next to their line.
        for line in referenceLines where line.value.isFinite {
            guard let text = line.label, !text.isEmpty else { continue }
            let layout = ChartText.plain(text, ChartStyle.tick, language: language)
            switch line.orientation {
            case .vertical:
                let px = frame.x.position(line.value)
                let fitsRight = px + 3 + layout.size.width <= plot.maxX - 2
                canvas.draw(layout, x: fitsRight ? px + 3 : px - 3 - layout.size.width, y: plot.y + 3, color: Theme.muted)
            case .horizontal:
                // At the right or left end, above or below the line: the first place no curve
                // crosses (a Rayleigh curve ends on its δ₀ line at f = 1).
                let py = frame.y.position(line.value)
                let size = layout.size
                let candidates = [(plot.maxX - 3 - size.width, py - 2 - size.height), (plot.maxX - 3 - size.width, py + 2),
                                  (plot.x + 3, py - 2 - size.height), (plot.x + 3, py + 2)]
                    .map { Rect(x: $0.0, y: $0.1, width: size.width, height: size.height) }
                    .filter { $0.y >= plot.y + 1 && $0.maxY <= plot.maxY - 1 }
                let free = candidates.first { !crossesCurve($0, frame) } ?? candidates.first
                    ?? Rect(x: plot.maxX - 3 - size.width, y: py + 2, width: size.width, height: size.height)
                canvas.draw(layout, x: free.x, y: free.y, color: Theme.muted)
            }
        }
        frame.drawLegend(on: canvas)
    }

    /// Whether a segment of any series passes through `box` (sampled along each segment).
    func crossesCurve(_ box: Rect, _ frame: CartesianLayout) -> Bool {
        let area = box.insetBy(-1.5)
        for s in series {
            let points = s.points.filter { $0.x.isFinite && $0.y.isFinite }
                .map { (x: frame.x.position($0.x), y: frame.y.position($0.y)) }
            for (a, b) in zip(points, points.dropFirst()) {
                for step in 0...24 {
                    let t = Double(step) / 24
                    let x = a.x + (b.x - a.x) * t, y = a.y + (b.y - a.y) * t
                    if x >= area.x, x <= area.maxX, y >= area.y, y <= area.maxY { return true }
                }
            }
        }
        return false
    }
}
