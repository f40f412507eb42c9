import Foundation

/// One tile of an offline basemap: encoded image bytes and their kind.
public struct BasemapTile: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case png, jpeg }
    public let bytes: [UInt8]
    public let kind: Kind

    public init(bytes: [UInt8], kind: Kind) {
        self.bytes = bytes
        self.kind = kind
    }

    /// The kind from the bytes' magic number; nil when neither PNG nor JPEG.
    public static func kind(of bytes: [UInt8]) -> Kind? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }
}

/// A block of 256-px Web Mercator tiles read from an MBTiles file, covering the samples.
public struct Basemap: Sendable {
    public let zoom: Int
    /// Top-left tile, XYZ order (y = 0 at the north).
    public let originX: Int
    public let originY: Int
    /// Rows (north to south) of columns (west to east); nil where the file has no tile.
    public let tiles: [[BasemapTile?]]
    /// The file's attribution, or its name, for the caption.
    public let attribution: String?

    public init(zoom: Int, originX: Int, originY: Int, tiles: [[BasemapTile?]], attribution: String?) {
        self.zoom = zoom
        self.originX = originX
        self.originY = originY
        self.tiles = tiles
        self.attribution = attribution
    }

    public var rows: Int { tiles.count }
    public var columns: Int { tiles.first?.count ?? 0 }
    public var loadedCount: Int { tiles.reduce(0) { $0 + $1.compactMap { $0 }.count } }
}

/// Spherical Web Mercator (EPSG:3857) with 256-px tiles.
public enum WebMercator {
    public static let tileSize = 256.0
    public static let maxLatitude = 85.05112878
    /// Earth radius of the projection, metres.
    public static let radius = 6_378_137.0

    /// Global pixel coordinates at `zoom` (origin top-left, x east, y south).
    public static func pixel(latitude: Double, longitude: Double, zoom: Int) -> (x: Double, y: Double) {
        let size = tileSize * pow(2, Double(zoom))
        let lat = min(max(latitude, -maxLatitude), maxLatitude) * .pi / 180
        let x = (longitude + 180) / 360 * size
        let y = (1 - log(tan(lat) + 1 / cos(lat)) / .pi) / 2 * size
        return (x, y)
    }

    /// Ground metres per pixel at `latitude` and `zoom`.
    public static func metresPerPixel(latitude: Double, zoom: Int) -> Double {
        cos(latitude * .pi / 180) * 2 * .pi * radius / (tileSize * pow(2, Double(zoom)))
    }

    /// The largest zoom in `range` at which the box fits in `widthPx` × `heightPx` pixels
    /// (the lowest of the range when none does).
    public static func zoomToFit(south: Double, west: Double, north: Double, east: Double,
                                 widthPx: Double, heightPx: Double, range: ClosedRange<Int>) -> Int {
        for zoom in range.reversed() {
            let a = pixel(latitude: north, longitude: west, zoom: zoom)
            let b = pixel(latitude: south, longitude: east, zoom: zoom)
            if abs(b.x - a.x) <= widthPx, abs(b.y - a.y) <= heightPx { return zoom }
        }
        return range.lowerBound
    }
}

extension WebMercator {
    /// The longitude at global pixel column `x` of `zoom`.
    public static func longitude(pixelX x: Double, zoom: Int) -> Double {
        x / (tileSize * pow(2, Double(zoom))) * 360 - 180
    }

    /// The latitude at global pixel row `y` of `zoom`.
    public static func latitude(pixelY y: Double, zoom: Int) -> Double {
        let size = tileSize * pow(2, Double(zoom))
        let n = Double.pi * (1 - 2 * y / size)
        return atan(sinh(n)) * 180 / .pi
    }

    /// The map's window in global pixels at `zoom`: centred on the box, `widthPx` × `heightPx`,
    /// enlarged (same aspect ratio) when the box does not fit.
    public static func window(south: Double, west: Double, north: Double, east: Double, zoom: Int,
                              widthPx: Double, heightPx: Double) -> (x: Double, y: Double, width: Double, height: Double) {
        let a = pixel(latitude: north, longitude: west, zoom: zoom)
        let b = pixel(latitude: south, longitude: east, zoom: zoom)
        let boxWidth = abs(b.x - a.x), boxHeight = abs(b.y - a.y)
        let factor = max(1, boxWidth / widthPx, boxHeight / heightPx)
        let width = widthPx * factor, height = heightPx * factor
        let cx = (a.x + b.x) / 2, cy = (a.y + b.y) / 2
        return (cx - width / 2, cy - height / 2, width, height)
    }

    /// The samples' box (south, west, north, east) padded by `padding` of its span on each side,
    /// at least `minimumSpan` degrees across; nil when no position is given.
    public static func paddedBox(_ positions: [(latitude: Double, longitude: Double)], padding: Double = 0.10,
                                 minimumSpan: Double = 0.005) -> (south: Double, west: Double, north: Double, east: Double)? {
        guard !positions.isEmpty else { return nil }
        let lats = positions.map(\.latitude), lons = positions.map(\.longitude)
        let latSpan = max(lats.max()! - lats.min()!, minimumSpan), lonSpan = max(lons.max()! - lons.min()!, minimumSpan)
        let midLat = (lats.max()! + lats.min()!) / 2, midLon = (lons.max()! + lons.min()!) / 2
        let halfLat = latSpan * (0.5 + padding), halfLon = lonSpan * (0.5 + padding)
        return (max(midLat - halfLat, -maxLatitude), max(midLon - halfLon, -180),
                min(midLat + halfLat, maxLatitude), min(midLon + halfLon, 180))
    }
}

extension Basemap {
    /// The map's size in pixels (the window the tiles are loaded for).
    public static let mapWidthPx = 480.0
    public static let mapHeightPx = 360.0
}
