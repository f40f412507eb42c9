// A vector path for charts and decorations, built as a value and replayed onto the canvas.

/// A sequence of sub-paths in page coordinates (points, y down). Angles are radians, measured
/// from the positive x axis towards positive y (clockwise on the page), as in Cairo.
public struct Path: Equatable, Sendable {
    public enum Element: Equatable, Sendable {
        case move(x: Double, y: Double)
        case line(x: Double, y: Double)
        case curve(x1: Double, y1: Double, x2: Double, y2: Double, x: Double, y: Double)
        case arc(centerX: Double, centerY: Double, radius: Double, startAngle: Double, endAngle: Double)
        case rect(Rect)
        case close
    }

    public private(set) var elements: [Element] = []

    public init() {}

    public var isEmpty: Bool { elements.isEmpty }

    public mutating func move(to x: Double, _ y: Double) { elements.append(.move(x: x, y: y)) }
    public mutating func line(to x: Double, _ y: Double) { elements.append(.line(x: x, y: y)) }
    public mutating func curve(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double,
                               to x: Double, _ y: Double) {
        elements.append(.curve(x1: x1, y1: y1, x2: x2, y2: y2, x: x, y: y))
    }
    /// An arc (joined to the current point by a straight line, like `cairo_arc`).
    public mutating func arc(center x: Double, _ y: Double, radius: Double,
                             from startAngle: Double, to endAngle: Double) {
        elements.append(.arc(centerX: x, centerY: y, radius: radius, startAngle: startAngle, endAngle: endAngle))
    }
    public mutating func addRect(_ rect: Rect) { elements.append(.rect(rect)) }
    public mutating func close() { elements.append(.close) }

    /// An open polyline through `points` (empty path for no points).
    public static func polyline(_ points: [(Double, Double)]) -> Path {
        var p = Path()
        for (i, pt) in points.enumerated() {
            if i == 0 { p.move(to: pt.0, pt.1) } else { p.line(to: pt.0, pt.1) }
        }
        return p
    }

    /// A closed polygon through `points`.
    public static func polygon(_ points: [(Double, Double)]) -> Path {
        var p = polyline(points)
        if !points.isEmpty { p.close() }
        return p
    }

    /// A full circle as its own closed sub-path.
    public static func circle(center x: Double, _ y: Double, radius: Double) -> Path {
        var p = Path()
        p.move(to: x + radius, y)
        p.arc(center: x, y, radius: radius, from: 0, to: 2 * Double.pi)
        p.close()
        return p
    }
}

/// How a stroked path looks.
public struct StrokeStyle: Equatable, Sendable {
    public enum Cap: Sendable { case butt, round, square }
    public enum Join: Sendable { case miter, round, bevel }

    public var width: Double
    public var dash: [Double]
    public var cap: Cap
    public var join: Join

    public init(width: Double, dash: [Double] = [], cap: Cap = .butt, join: Join = .miter) {
        self.width = width
        self.dash = dash
        self.cap = cap
        self.join = join
    }
}
