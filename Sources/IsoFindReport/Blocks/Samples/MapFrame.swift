import Foundation
import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat
import IsoFindLayout
import IsoFindRender

/// A plotted map frame: sample positions (equirectangular, x scaled by cos φ₀), a graticule with
/// degree labels, a scale bar in km, a north arrow, one marker per role, and sample names where
/// they fit without overlapping.
final class MapFrame: Drawable {
    struct Point {
        var latitude: Double
        var longitude: Double
        var name: String
        var role: SampleRole
    }

    let points: [Point]
    let language: ReportLanguage
    let basemap: Basemap?
    static let maxLabels = 80
    static let markerRadius = 3.2
    static let labelFont = FontSpec(size: 6.3)
    static let tickFont = FontSpec(size: 6.8)
    static let margin = (left: 44.0, right: 6.0, top: 6.0, bottom: 16.0)
    static let kmPerDegree = 111.32

    init(points: [Point], language: ReportLanguage, basemap: Basemap? = nil) {
        self.points = points
        self.language = language
        self.basemap = basemap
    }

    /// Room for the coordinate labels on the left and below, as in the plotted frame.
    static let basemapMargin = margin

    /// With a basemap: the map window in global pixels at the basemap's zoom, and its plot.
    struct MercatorView {
        var zoom: Int
        var window: (x: Double, y: Double, width: Double, height: Double)
        var plot: Rect
        var scale: Double { plot.width / window.width }
        func xy(_ point: Point) -> (x: Double, y: Double) {
            let p = WebMercator.pixel(latitude: point.latitude, longitude: point.longitude, zoom: zoom)
            return (plot.x + (p.x - window.x) * scale, plot.y + (p.y - window.y) * scale)
        }
    }

    func mercatorView(_ basemap: Basemap, in rect: Rect) -> MercatorView {
        let box = WebMercator.paddedBox(points.map { (latitude: $0.latitude, longitude: $0.longitude) })!
        let window = WebMercator.window(south: box.south, west: box.west, north: box.north, east: box.east, zoom: basemap.zoom,
                                        widthPx: Basemap.mapWidthPx, heightPx: Basemap.mapHeightPx)
        let m = Self.basemapMargin
        let plotWidth = max(rect.width - m.left - m.right, 50)
        let plotHeight = plotWidth * window.height / window.width
        return MercatorView(zoom: basemap.zoom, window: window,
                            plot: Rect(x: rect.x + m.left, y: rect.y + m.top, width: plotWidth, height: plotHeight))
    }

    static func style(_ role: SampleRole) -> (shape: MarkerShape, color: Color, filled: Bool) {
        switch role {
        case .source: return (.triangle, Theme.series[1], true)
        case .receptor: return (.circle, Theme.series[0], true)
        case .unknown: return (.square, Theme.muted, false)
        }
    }

    /// Projected extent (x = λ·cos φ₀, y = φ, degrees) fitted to a plot of `width`: equal scale on
    /// both axes, 8 % padding, at least ~1 km across, height between 0.5 and 1 × width.
    struct Projection {
        var cosine: Double
        var minX: Double, maxX: Double, minY: Double, maxY: Double
        var plot: Rect
        var scale: Double { plot.width / (maxX - minX) }
        func x(_ longitude: Double) -> Double { plot.x + (longitude * cosine - minX) * scale }
        func y(_ latitude: Double) -> Double { plot.maxY - (latitude - minY) * scale }
    }

    func projection(in rect: Rect) -> Projection {
        let lats = points.map(\.latitude), lons = points.map(\.longitude)
        let centre = (lats.min()! + lats.max()!) / 2
        let cosine = max(cos(centre * .pi / 180), 0.05)
        var minX = lons.min()! * cosine, maxX = lons.max()! * cosine
        var minY = lats.min()!, maxY = lats.max()!
        let minimumSpan = 0.01
        func widen(_ low: inout Double, _ high: inout Double, to span: Double) {
            let middle = (low + high) / 2
            low = middle - span / 2
            high = middle + span / 2
        }
        let padX = max(maxX - minX, minimumSpan) * 0.08, padY = max(maxY - minY, minimumSpan) * 0.08
        widen(&minX, &maxX, to: max(maxX - minX, minimumSpan) + 2 * padX)
        widen(&minY, &maxY, to: max(maxY - minY, minimumSpan) + 2 * padY)
        let plotWidth = max(rect.width - Self.margin.left - Self.margin.right, 50)
        var plotHeight = plotWidth * (maxY - minY) / (maxX - minX)
        let clamped = min(max(plotHeight, plotWidth * 0.5), min(plotWidth, 460))
        if clamped > plotHeight {
            widen(&minY, &maxY, to: (maxX - minX) * clamped / plotWidth)
        } else if clamped < plotHeight {
            widen(&minX, &maxX, to: (maxY - minY) * plotWidth / clamped)
        }
        plotHeight = clamped
        return Projection(cosine: cosine, minX: minX, maxX: maxX, minY: minY, maxY: maxY,
                          plot: Rect(x: rect.x + Self.margin.left, y: rect.y + Self.margin.top, width: plotWidth, height: plotHeight))
    }

    func height(forWidth width: Double) -> Double {
        if let basemap {
            return mercatorView(basemap, in: Rect(x: 0, y: 0, width: width, height: 0)).plot.height
                + Self.basemapMargin.top + Self.basemapMargin.bottom + 4
        }
        return projection(in: Rect(x: 0, y: 0, width: width, height: 0)).plot.height + Self.margin.top + Self.margin.bottom + 4
    }

    /// A step of 1, 2 or 5 × 10ⁿ degrees giving about four to six lines over `span`.
    static func step(_ span: Double) -> Double {
        let raw = span / 5
        let magnitude = pow(10, floor(log10(raw)))
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= raw { return factor * magnitude }
        return 10 * magnitude
    }

    func degrees(_ value: Double, step: Double, positive: String, negative: String) -> String {
        let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        let number = NumberFormat.decimal(abs(value), fractionDigits: decimals, language)
        let hemisphere = value < 0 ? negative : (value > 0 ? positive : "")
        return number + "°" + (hemisphere.isEmpty ? "" : "\u{00A0}" + hemisphere)
    }

    func layout(_ text: String, _ font: FontSpec) -> TextLayout {
        TextLayout.cached(text: text, font: font, width: nil, language: language.rawValue)
    }

    static func intersects(_ a: Rect, _ b: Rect) -> Bool {
        a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY
    }

    func draw(on canvas: PDFCanvas, in rect: Rect) {
        if let basemap {
            let view = mercatorView(basemap, in: rect)
            let plot = view.plot
            canvas.fill(plot, Color(hex: "#F7F9FA")!)
            let missing = Color(hex: "#E3E6E8")!
            let tilePoints = WebMercator.tileSize * view.scale
            canvas.withClip(plot) {
                for (row, columns) in basemap.tiles.enumerated() {
                    for (column, tile) in columns.enumerated() {
                        let x = plot.x + (Double(basemap.originX + column) * WebMercator.tileSize - view.window.x) * view.scale
                        let y = plot.y + (Double(basemap.originY + row) * WebMercator.tileSize - view.window.y) * view.scale
                        let cell = Rect(x: x, y: y, width: tilePoints, height: tilePoints)
                        let image = tile.flatMap { tile in
                            try? (tile.kind == .png ? RasterImage(png: tile.bytes) : RasterImage(jpeg: tile.bytes))
                        }
                        if let image { canvas.image(image, in: cell) } else { canvas.fill(cell, missing) }
                    }
                }
            }
            canvas.stroke(plot, Theme.muted, width: 0.8)
            // Coordinates on the frame: ticks and labels (no graticule over the basemap).
            let north = WebMercator.latitude(pixelY: view.window.y, zoom: view.zoom)
            let south = WebMercator.latitude(pixelY: view.window.y + view.window.height, zoom: view.zoom)
            let west = WebMercator.longitude(pixelX: view.window.x, zoom: view.zoom)
            let east = WebMercator.longitude(pixelX: view.window.x + view.window.width, zoom: view.zoom)
            let latStep = Self.step(north - south), lonStep = Self.step(east - west)
            let lats = Self.values(from: south, to: north, step: latStep).map {
                (value: $0, y: view.xy(Point(latitude: $0, longitude: west, name: "", role: .unknown)).y)
            }
            let lons = Self.values(from: west, to: east, step: lonStep).map {
                (value: $0, x: view.xy(Point(latitude: south, longitude: $0, name: "", role: .unknown)).x)
            }
            for (_, y) in lats { canvas.line(from: (plot.x - 3, y), to: (plot.x, y), Theme.muted, width: 0.6) }
            for (_, x) in lons { canvas.line(from: (x, plot.maxY), to: (x, plot.maxY + 3), Theme.muted, width: 0.6) }
            drawCoordinateLabels(on: canvas, plot: plot, lats: lats, latStep: latStep, lons: lons, lonStep: lonStep)
            let centreLatitude = WebMercator.latitude(pixelY: view.window.y + view.window.height / 2, zoom: view.zoom)
            let kmPerPoint = WebMercator.metresPerPixel(latitude: centreLatitude, zoom: view.zoom) / 1000 / view.scale
            drawOverlay(on: canvas, plot: plot, kmPerPoint: kmPerPoint, xy: points.map(view.xy))
            return
        }
        let p = projection(in: rect)
        let plot = p.plot
        canvas.fill(plot, Color(hex: "#F7F9FA")!)
        let grid = Color(hex: "#D5DCE3")!
        // Graticule: parallels (labels left) and meridians (labels below).
        let latStep = Self.step(p.maxY - p.minY)
        let lonMin = p.minX / p.cosine, lonMax = p.maxX / p.cosine
        let lonStep = Self.step(lonMax - lonMin)
        canvas.withClip(plot) {
            var lat = (p.minY / latStep).rounded(.up) * latStep
            while lat <= p.maxY {
                canvas.line(from: (plot.x, p.y(lat)), to: (plot.maxX, p.y(lat)), grid, width: 0.5)
                lat += latStep
            }
            var lon = (lonMin / lonStep).rounded(.up) * lonStep
            while lon <= lonMax {
                canvas.line(from: (p.x(lon), plot.y), to: (p.x(lon), plot.maxY), grid, width: 0.5)
                lon += lonStep
            }
        }
        drawCoordinateLabels(on: canvas, plot: plot,
                             lats: Self.values(from: p.minY, to: p.maxY, step: latStep).map { (value: $0, y: p.y($0)) },
                             latStep: latStep,
                             lons: Self.values(from: lonMin, to: lonMax, step: lonStep).map { (value: $0, x: p.x($0)) },
                             lonStep: lonStep)
        canvas.stroke(plot, Theme.muted, width: 0.8)
        drawOverlay(on: canvas, plot: plot, kmPerPoint: Self.kmPerDegree / p.scale,
                    xy: points.map { (x: p.x($0.longitude), y: p.y($0.latitude)) })
    }

    /// The multiples of `step` from `low` to `high`.
    static func values(from low: Double, to high: Double, step: Double) -> [Double] {
        guard step > 0, high >= low else { return [] }
        var out: [Double] = []
        var value = (low / step).rounded(.up) * step
        while value <= high + step * 1e-9, out.count < 50 {
            out.append(value)
            value += step
        }
        return out
    }

    /// Latitudes left of the frame, longitudes under it; labels that would collide are skipped.
    func drawCoordinateLabels(on canvas: PDFCanvas, plot: Rect, lats: [(value: Double, y: Double)], latStep: Double,
                              lons: [(value: Double, x: Double)], lonStep: Double) {
        for (value, y) in lats {
            let label = layout(degrees(value, step: latStep, positive: "N", negative: "S"), Self.tickFont)
            let top = y - label.size.height / 2
            if top >= plot.y - 2, top + label.size.height <= plot.maxY + 2 {
                canvas.text(label, at: (plot.x - 4 - label.size.width, top), color: Theme.muted)
            }
        }
        let west = language == .fr ? "O" : "W"
        var lastRight = -Double.infinity
        for (value, x) in lons {
            let label = layout(degrees(value, step: lonStep, positive: "E", negative: west), Self.tickFont)
            let left = x - label.size.width / 2
            if left > lastRight + 4, left >= plot.x - 2, left + label.size.width <= plot.maxX + Self.margin.right {
                canvas.text(label, at: (left, plot.maxY + 4), color: Theme.muted)
                lastRight = left + label.size.width
            }
        }
    }

    /// Scale bar, north arrow, markers and labels, over either frame.
    func drawOverlay(on canvas: PDFCanvas, plot: Rect, kmPerPoint: Double, xy: [(x: Double, y: Double)]) {
        // Scale bar (bottom left) and north arrow (top right), on white boxes kept free of labels.
        let target = plot.width * 0.22 * kmPerPoint
        let niceKm = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000]
            .last { $0 <= target } ?? 0.01
        let barLength = niceKm / kmPerPoint
        let barText = niceKm < 1 ? NumberFormat.automatic(niceKm * 1000, language) + "\u{00A0}m"
                                 : NumberFormat.automatic(niceKm, language) + "\u{00A0}km"
        let barLabel = layout(barText, Self.tickFont)
        let scaleBox = Rect(x: plot.x + 6, y: plot.maxY - 24, width: max(barLength, barLabel.size.width) + 10, height: 18)
        canvas.fill(scaleBox, Color(red: 1, green: 1, blue: 1, alpha: 0.85))
        let barY = scaleBox.maxY - 5
        let barX = scaleBox.x + 5
        canvas.fill(Rect(x: barX, y: barY - 2.5, width: barLength / 2, height: 2.5), Theme.text)
        canvas.fill(Rect(x: barX + barLength / 2, y: barY - 2.5, width: barLength / 2, height: 2.5), .white)
        canvas.stroke(Rect(x: barX, y: barY - 2.5, width: barLength, height: 2.5), Theme.text, width: 0.6)
        canvas.text(barLabel, at: (barX, scaleBox.y + 1.5), color: Theme.text)

        let northBox = Rect(x: plot.maxX - 24, y: plot.y + 4, width: 20, height: 28)
        canvas.fill(northBox, Color(red: 1, green: 1, blue: 1, alpha: 0.85))
        let n = layout("N", FontSpec(size: 8, weight: .bold))
        canvas.text(n, at: (northBox.x + (northBox.width - n.size.width) / 2, northBox.y + 1), color: Theme.text)
        let ax = northBox.x + northBox.width / 2, top = northBox.y + 3 + n.size.height, bottom = northBox.maxY - 3
        canvas.fill(Path.polygon([(ax, top), (ax + 5, bottom), (ax, bottom - 4)]), Theme.text)
        canvas.fillAndStroke(Path.polygon([(ax, top), (ax - 5, bottom), (ax, bottom - 4)]), fill: .white, stroke: Theme.text,
                             style: StrokeStyle(width: 0.6, join: .round))

        // Markers: receptors first, sources on top.
        let r = Self.markerRadius
        let drawOrder = points.indices.sorted { (points[$0].role == .source ? 1 : 0, $0) < (points[$1].role == .source ? 1 : 0, $1) }
        canvas.withClip(plot) {
            for i in drawOrder {
                let s = Self.style(points[i].role)
                let path = s.shape.path(x: xy[i].x, y: xy[i].y, radius: r)
                if s.filled {
                    canvas.fillAndStroke(path, fill: s.color, stroke: .white, style: StrokeStyle(width: 0.4, join: .round))
                } else {
                    canvas.fillAndStroke(path, fill: .white, stroke: s.color, style: StrokeStyle(width: 1.1, join: .round))
                }
            }
        }

        // Labels: greedy, sources first, each at the first free position around its marker.
        var taken: [Rect] = [scaleBox, northBox]
        let markerBoxes = xy.map { Rect(x: $0.x - r - 0.5, y: $0.y - r - 0.5, width: 2 * r + 1, height: 2 * r + 1) }
        let labelOrder = points.indices.sorted { (points[$0].role == .source ? 0 : 1, $0) < (points[$1].role == .source ? 0 : 1, $1) }
        var drawn = 0, attempts = 0
        for i in labelOrder where drawn < Self.maxLabels && attempts < 4 * Self.maxLabels {
            attempts += 1
            let label = layout(points[i].name, Self.labelFont)
            let w = label.size.width, h = label.size.height
            let (x, y) = xy[i]
            let candidates = [
                Rect(x: x + r + 1.5, y: y - h / 2, width: w, height: h), Rect(x: x - r - 1.5 - w, y: y - h / 2, width: w, height: h),
                Rect(x: x - w / 2, y: y - r - 1 - h, width: w, height: h), Rect(x: x - w / 2, y: y + r + 1, width: w, height: h),
                Rect(x: x + r, y: y - r - h, width: w, height: h), Rect(x: x - r - w, y: y - r - h, width: w, height: h),
                Rect(x: x + r, y: y + r, width: w, height: h), Rect(x: x - r - w, y: y + r, width: w, height: h),
            ]
            let inside = { (c: Rect) in c.x >= plot.x + 1 && c.maxX <= plot.maxX - 1 && c.y >= plot.y + 1 && c.maxY <= plot.maxY - 1 }
            guard let spot = candidates.first(where: { c in
                inside(c) && !taken.contains { Self.intersects($0, c) } && !markerBoxes.contains { Self.intersects($0, c) }
            }) else { continue }
            taken.append(spot)
            canvas.text(label, at: (spot.x, spot.y), color: Theme.text)
            drawn += 1
        }
    }
}
