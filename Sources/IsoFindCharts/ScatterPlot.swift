// Scatter plot with 2σ error bars: δ–δ plots of sources and daughters.
import IsoFindDocument
import IsoFindFormat
import IsoFindLayout
import IsoFindRender

/// One point. Errors are half-widths drawn as given: pass the 2σ (2SD or 2SE) values.
public struct ScatterPoint: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var xError: Double?
    public var yError: Double?
    /// Plain text shown next to the point when room allows (see `ScatterPlot`).
    public var label: String?
    /// Outlined with a `Theme.alert` ring (for example a matrix mismatch).
    public var flagged: Bool

    public init(x: Double, y: Double, xError: Double? = nil, yError: Double? = nil, label: String? = nil,
                flagged: Bool = false) {
        self.x = x
        self.y = y
        self.xError = xError
        self.yError = yError
        self.label = label
        self.flagged = flagged
    }
}

/// A named group of points with its marker. nil marker / colour take the series' defaults by
/// position: circle, square, triangle, diamond (filled), then the same shapes open; colours from
/// `Theme.series`.
public struct ScatterSeries: Equatable, Sendable {
    public var name: String
    public var points: [ScatterPoint]
    public var marker: MarkerShape?
    public var color: Color?
    public var filled: Bool?

    public init(name: String, points: [ScatterPoint], marker: MarkerShape? = nil, color: Color? = nil,
                filled: Bool? = nil) {
        self.name = name
        self.points = points
        self.marker = marker
        self.color = color
        self.filled = filled
    }
}

/// What the last `draw` did, for callers that want to mention omitted labels and for tests.
public struct ScatterDrawSummary: Equatable, Sendable {
    public var markers = 0
    /// Stroked error-bar segments: one whisker and its two caps count 3.
    public var errorBarSegments = 0
    public var labelsDrawn = 0
    public var labelsOmitted = 0
    public var flaggedPoints = 0
}

/// A scatter plot with error bars (whiskers with caps), one marker shape and colour per series
/// (sources and daughters stay apart in grey print), flagged points ringed in `Theme.alert`, a
/// legend under the plot and nice ticks on both axes with 5 % padding around the data and its
/// error bars.
///
/// **Point labels.** Labels are placed greedily, flagged points first and then in the order
/// given, at most `maxPointLabels` of them. Each label tries eight positions around its point
/// (right, left, above, below, then the diagonals) and takes the first that stays inside the plot
/// and overlaps no other label, no marker and no error bar (its own included); a label with no
/// free position is omitted. So
/// crowded clusters lose labels instead of becoming unreadable; the block's table lists every
/// sample. `lastDrawSummary` tells how many were omitted.
///
/// Axis titles accept Pango markup, but pass `IsotopeNotation.unicode` text (`δ¹³C (‰)`): it
/// extracts from the PDF exactly, whereas `<sup>` digits (`IsotopeNotation.markup`) come out of
/// `pdftotext -layout` on a line of their own ("13" above "δ C"). Title, series names and point
/// labels are plain text.
public final class ScatterPlot: Drawable {
    public let title: String?
    public let xLabel: String
    public let yLabel: String
    public let series: [ScatterSeries]
    public let language: ReportLanguage
    public let aspectRatio: Double
    public let fixedHeight: Double?
    public let maxPointLabels: Int
    public let flaggedLabel: String?
    public private(set) var lastDrawSummary = ScatterDrawSummary()

    static let markerRadius = 3.2
    static let capHalfWidth = 2.4
    static let padding = 0.05

    /// `height` fixes the chart's height; otherwise it is `aspectRatio` × the frame width.
    /// `flaggedLabel` names the ring in the legend (default "Flagged point" / "Point signalé").
    public init(title: String?, xLabel: String, yLabel: String, series: [ScatterSeries], language: ReportLanguage,
                aspectRatio: Double = 0.62, height: Double? = nil, maxPointLabels: Int = 20,
                flaggedLabel: String? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.language = language
        self.aspectRatio = aspectRatio > 0 && aspectRatio.isFinite ? aspectRatio : 0.62
        self.fixedHeight = height
        self.maxPointLabels = max(0, maxPointLabels)
        self.flaggedLabel = flaggedLabel
    }

    /// `height`, else `aspectRatio` × width; without any point, just the title and the "No data" note.
    public func height(forWidth width: Double) -> Double {
        if let fixedHeight { return fixedHeight }
        if dataRanges() == nil { return ChartChrome.emptyChartHeight(title: title, width: width, language: language) }
        return (width * aspectRatio).rounded()
    }

    // MARK: - Styles and data

    func style(_ index: Int) -> MarkerStyle {
        let s = series[index]
        let shapes = MarkerShape.allCases
        let shape = s.marker ?? shapes[index % shapes.count]
        let color = s.color ?? Theme.series[index % Theme.series.count]
        let filled = s.filled ?? ((index / shapes.count) % 2 == 0)
        return MarkerStyle(shape: shape, color: color, filled: filled)
    }

    private static func isDrawable(_ p: ScatterPoint) -> Bool { p.x.isFinite && p.y.isFinite }

    private static func error(_ e: Double?) -> Double? {
        guard let e, e.isFinite, e != 0 else { return nil }
        return abs(e)
    }

    /// Data extents including error bars, nil without any finite point.
    func dataRanges() -> (x: (Double, Double), y: (Double, Double))? {
        var xs: (Double, Double)?, ys: (Double, Double)?
        for s in series {
            for p in s.points where Self.isDrawable(p) {
                let ex = Self.error(p.xError) ?? 0, ey = Self.error(p.yError) ?? 0
                xs = (min(xs?.0 ?? .infinity, p.x - ex), max(xs?.1 ?? -.infinity, p.x + ex))
                ys = (min(ys?.0 ?? .infinity, p.y - ey), max(ys?.1 ?? -.infinity, p.y + ey))
            }
        }
        guard let xs, let ys else { return nil }
        func pad(_ r: (Double, Double)) -> (Double, Double) {
            let d = (r.1 - r.0) * Self.padding
            return (r.0 - d, r.1 + d)
        }
        return (pad(xs), pad(ys))
    }

    func legendItems() -> [LegendItem] {
        var items: [LegendItem] = []
        for (i, s) in series.enumerated() where !s.name.isEmpty {
            let st = style(i)
            items.append(LegendItem(name: s.name, swatch: .marker(st.shape, st.color, filled: st.filled)))
        }
        if series.contains(where: { $0.points.contains { $0.flagged && Self.isDrawable($0) } }) {
            items.append(LegendItem(name: flaggedLabel ?? ChartStrings.flagged(language), swatch: .ring(Theme.alert)))
        }
        return items
    }

    // MARK: - Drawing

    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        var summary = ScatterDrawSummary()
        defer { lastDrawSummary = summary }
        guard let ranges = dataRanges() else {
            ChartChrome.drawEmpty(on: canvas, in: rect, title: title, language: language)
            return
        }
        let frame = CartesianLayout(rect: rect, title: title, xLabel: xLabel, yLabel: yLabel,
                                    xRange: ranges.x, yRange: ranges.y, invertY: false, fitted: false,
                                    legendItems: legendItems(), language: language)
        frame.drawBackground(on: canvas)
        let r = Self.markerRadius

        struct Mark {
            let x: Double, y: Double
            let point: ScatterPoint
            let style: MarkerStyle
        }
        var marks: [Mark] = []
        // The first series is drawn last, on top: a report's few sources stay visible over a
        // cloud of receptors.
        for (i, s) in series.enumerated().reversed() {
            let st = style(i)
            for p in s.points where Self.isDrawable(p) {
                marks.append(Mark(x: frame.x.position(p.x), y: frame.y.position(p.y), point: p, style: st))
            }
        }

        canvas.withClip(frame.plot.insetBy(-1)) {
            // Error bars first, so that markers sit on top of every whisker.
            for m in marks {
                var path = Path()
                var segments = 0
                if let e = Self.error(m.point.yError) {
                    let y0 = frame.y.position(m.point.y - e), y1 = frame.y.position(m.point.y + e)
                    path.move(to: m.x, y0); path.line(to: m.x, y1)
                    path.move(to: m.x - Self.capHalfWidth, y0); path.line(to: m.x + Self.capHalfWidth, y0)
                    path.move(to: m.x - Self.capHalfWidth, y1); path.line(to: m.x + Self.capHalfWidth, y1)
                    segments += 3
                }
                if let e = Self.error(m.point.xError) {
                    let x0 = frame.x.position(m.point.x - e), x1 = frame.x.position(m.point.x + e)
                    path.move(to: x0, m.y); path.line(to: x1, m.y)
                    path.move(to: x0, m.y - Self.capHalfWidth); path.line(to: x0, m.y + Self.capHalfWidth)
                    path.move(to: x1, m.y - Self.capHalfWidth); path.line(to: x1, m.y + Self.capHalfWidth)
                    segments += 3
                }
                if segments > 0 {
                    canvas.stroke(path, m.style.color, width: 0.7)
                    summary.errorBarSegments += segments
                }
            }
            for m in marks {
                m.style.draw(on: canvas, x: m.x, y: m.y, radius: r)
                summary.markers += 1
            }
            for m in marks where m.point.flagged {
                canvas.stroke(Path.circle(center: m.x, m.y, radius: r + 2.4), Theme.alert, width: 1.2)
                summary.flaggedPoints += 1
            }
        }

        // Point labels: greedy, flagged first, never over another label or a marker.
        // What a label must not cover: every marker but its own point's, and every error bar.
        var obstacles: [(owner: Int, box: Rect, isMarker: Bool)] = []
        for (i, m) in marks.enumerated() {
            let h = r + (m.point.flagged ? 3.6 : 1)
            obstacles.append((i, Rect(x: m.x - h, y: m.y - h, width: 2 * h, height: 2 * h), true))
            let c = Self.capHalfWidth
            if let e = Self.error(m.point.yError) {
                let y0 = frame.y.position(m.point.y + e), y1 = frame.y.position(m.point.y - e)
                obstacles.append((i, Rect(x: m.x - c, y: min(y0, y1), width: 2 * c, height: abs(y1 - y0)), false))
            }
            if let e = Self.error(m.point.xError) {
                let x0 = frame.x.position(m.point.x - e), x1 = frame.x.position(m.point.x + e)
                obstacles.append((i, Rect(x: min(x0, x1), y: m.y - c, width: abs(x1 - x0), height: 2 * c), false))
            }
        }
        let order = marks.indices.filter { marks[$0].point.label.map { !$0.isEmpty } ?? false }
            .sorted { a, b in
                let fa = marks[a].point.flagged, fb = marks[b].point.flagged
                return fa != fb ? fa : a < b
            }
        var taken: [Rect] = []
        for index in order {
            let m = marks[index]
            guard summary.labelsDrawn < maxPointLabels else { summary.labelsOmitted += 1; continue }
            let layout = ChartText.plain(m.point.label!, ChartStyle.pointLabel, language: language)
            let w = layout.size.width, h = layout.size.height
            let d = r + (m.point.flagged ? 3.6 : 1.5)
            let candidates: [(Double, Double)] = [
                (m.x + d, m.y - h / 2), (m.x - d - w, m.y - h / 2),
                (m.x - w / 2, m.y - d - h), (m.x - w / 2, m.y + d),
                (m.x + d * 0.7, m.y - d * 0.7 - h), (m.x + d * 0.7, m.y + d * 0.7),
                (m.x - d * 0.7 - w, m.y - d * 0.7 - h), (m.x - d * 0.7 - w, m.y + d * 0.7),
            ]
            let spot = candidates.lazy.map { Rect(x: $0.0, y: $0.1, width: w, height: h) }.first { box in
                box.x >= frame.plot.x + 1 && box.maxX <= frame.plot.maxX - 1
                    && box.y >= frame.plot.y + 1 && box.maxY <= frame.plot.maxY - 1
                    && !taken.contains { $0.intersects(box) }
                    && !obstacles.contains { ($0.owner != index || !$0.isMarker) && $0.box.intersects(box.insetBy(-0.8)) }
            }
            if let spot {
                canvas.draw(layout, x: spot.x, y: spot.y, color: Theme.muted)
                taken.append(spot)
                summary.labelsDrawn += 1
            } else {
                summary.labelsOmitted += 1
            }
        }
        frame.drawLegend(on: canvas)
    }
}

extension Rect {
    func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
}
