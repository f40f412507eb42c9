// Point markers and the legend that names series.
import IsoFindDocument
import IsoFindFormat
import IsoFindLayout
import IsoFindRender

/// The shape of a scatter marker. Shapes (with filled / open) keep series apart in grey print.
public enum MarkerShape: Sendable, CaseIterable, Equatable {
    case circle, square, triangle, diamond

    /// The closed path of a marker of nominal radius `r` centred on (`x`, `y`). Shapes are sized to
    /// look equally heavy (a square of side 2r looks bigger than a circle of radius r).
    public func path(x: Double, y: Double, radius r: Double) -> Path {
        switch self {
        case .circle:
            return Path.circle(center: x, y, radius: r)
        case .square:
            let h = r * 0.9
            var p = Path()
            p.addRect(Rect(x: x - h, y: y - h, width: 2 * h, height: 2 * h))
            return p
        case .triangle:
            let t = r * 1.3
            return Path.polygon([(x, y - t), (x + t * 0.866, y + t * 0.5), (x - t * 0.866, y + t * 0.5)])
        case .diamond:
            let d = r * 1.3
            return Path.polygon([(x, y - d), (x + d, y), (x, y + d), (x - d, y)])
        }
    }
}

/// How a marker is drawn: filled with its colour, or open (white inside, coloured outline).
struct MarkerStyle: Equatable {
    var shape: MarkerShape
    var color: Color
    var filled: Bool

    func draw(on canvas: PDFCanvas, x: Double, y: Double, radius: Double) {
        let path = shape.path(x: x, y: y, radius: radius)
        if filled {
            // A white hairline keeps overlapping markers apart.
            canvas.fillAndStroke(path, fill: color, stroke: .white, style: StrokeStyle(width: 0.4, join: .round))
        } else {
            canvas.fillAndStroke(path, fill: .white, stroke: color, style: StrokeStyle(width: 1.1, join: .round))
        }
    }
}

/// What a legend entry shows before its name.
public enum LegendSwatch: Equatable, Sendable {
    /// A scatter marker (filled or open).
    case marker(MarkerShape, Color, filled: Bool)
    /// A line sample (solid or dashed), optionally with a marker on it.
    case line(Color, dashed: Bool, marker: MarkerShape? = nil)
    /// A filled box (bars, areas).
    case box(Color)
    /// A ring: the outline that marks flagged points.
    case ring(Color)
}

/// One legend entry: a swatch and a plain-text name.
public struct LegendItem: Equatable, Sendable {
    public var name: String
    public var swatch: LegendSwatch

    public init(name: String, swatch: LegendSwatch) {
        self.name = name
        self.swatch = swatch
    }
}

/// A legend: entries flow left to right and wrap onto more rows when the width is too small.
/// Charts put it under the plot, never over the data. Usable on its own as a flowable.
public final class Legend: Drawable {
    public let items: [LegendItem]
    public let language: ReportLanguage

    static let swatchWidth = 16.0
    static let swatchGap = 4.0
    static let itemGap = 12.0
    static let rowGap = 2.0

    public init(items: [LegendItem], language: ReportLanguage) {
        self.items = items
        self.language = language
    }

    private struct Placed {
        let item: LegendItem
        let text: TextLayout
        let x: Double
        let y: Double
        let height: Double
    }

    private var cache: (width: Double, placed: [Placed], height: Double)?

    private func layout(width: Double) -> (placed: [Placed], height: Double) {
        if let cache, cache.width == width { return (cache.placed, cache.height) }
        var placed: [Placed] = []
        var x = 0.0, y = 0.0, rowHeight = 0.0
        let textRoom = max(width - Self.swatchWidth - Self.swatchGap, 20)
        for item in items {
            var text = ChartText.plain(item.name, ChartStyle.label, language: language)
            if text.size.width > textRoom {
                text = ChartText.plain(item.name, ChartStyle.label, width: textRoom, language: language)
            }
            let itemWidth = Self.swatchWidth + Self.swatchGap + text.size.width
            if x > 0, x + itemWidth > width {
                x = 0
                y += rowHeight + Self.rowGap
                rowHeight = 0
            }
            placed.append(Placed(item: item, text: text, x: x, y: y, height: text.size.height))
            x += itemWidth + Self.itemGap
            rowHeight = max(rowHeight, text.size.height)
        }
        let height = placed.isEmpty ? 0 : y + rowHeight
        cache = (width, placed, height)
        return (placed, height)
    }

    public func height(forWidth width: Double) -> Double { layout(width: width).height }

    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        for entry in layout(width: rect.width).placed {
            let x = rect.x + entry.x
            let y = rect.y + entry.y
            // The swatch sits on the middle of the first text line.
            let middle = y + (entry.text.lineCount > 0
                              ? (entry.text.lineTop(0) + entry.text.lineBottom(0)) / 2 : entry.height / 2)
            Self.drawSwatch(entry.item.swatch, on: canvas, x: x, middle: middle)
            canvas.draw(entry.text, x: x + Self.swatchWidth + Self.swatchGap, y: y)
        }
    }

    static func drawSwatch(_ swatch: LegendSwatch, on canvas: PDFCanvas, x: Double, middle: Double) {
        let cx = x + swatchWidth / 2
        switch swatch {
        case let .marker(shape, color, filled):
            MarkerStyle(shape: shape, color: color, filled: filled).draw(on: canvas, x: cx, y: middle, radius: 3)
        case let .line(color, dashed, marker):
            canvas.line(from: (x, middle), to: (x + swatchWidth, middle), color, width: 1.4,
                        dash: dashed ? LinePlot.dash : [])
            if let marker {
                MarkerStyle(shape: marker, color: color, filled: true).draw(on: canvas, x: cx, y: middle, radius: 2.2)
            }
        case let .box(color):
            canvas.fill(Rect(x: x + 2, y: middle - 4, width: swatchWidth - 4, height: 8), color)
        case let .ring(color):
            canvas.stroke(Path.circle(center: cx, middle, radius: 4.6), color, width: 1.2)
        }
    }
}
