import Foundation
import IsoFindDomain
import IsoFindStore

/// Reads the offline basemap of `sample_map` from an MBTiles file.
enum BasemapLoader {
    static let maxBasemapTiles = 64

    /// The tiles of the MBTiles file `resolved` (already confined to the tiles folder) covering
    /// the samples, at the largest zoom that fits them in a 480 × 360 px map. Never fails the
    /// report: any problem gives nil and the reason (and the map is a plotted frame); no sample
    /// with coordinates gives nil and no reason (there is no map to draw under).
    static func basemap(_ resolved: URL, samples: [Sample]) -> (Basemap?, problem: String?) {
        let positions = samples.compactMap { sample -> (latitude: Double, longitude: Double)? in
            guard let c = sample.coordinates, abs(c.latitude) <= 90, abs(c.longitude) <= 180 else { return nil }
            return c
        }
        guard let box = WebMercator.paddedBox(positions) else { return (nil, nil) }
        let fileName = resolved.lastPathComponent
        do {
            let reader = try MBTilesReader(path: resolved.path)
            let metadata = try reader.metadata()
            let range = try reader.zoomRange()
            guard range.lowerBound >= 0, range.upperBound <= 30 else {
                return (nil, "\(fileName): its zoom levels \(range) are out of range")
            }
            let zoom = WebMercator.zoomToFit(south: box.south, west: box.west, north: box.north, east: box.east,
                                             widthPx: Basemap.mapWidthPx, heightPx: Basemap.mapHeightPx, range: range)
            let window = WebMercator.window(south: box.south, west: box.west, north: box.north, east: box.east, zoom: zoom,
                                            widthPx: Basemap.mapWidthPx, heightPx: Basemap.mapHeightPx)
            let tileSize = WebMercator.tileSize
            let x0 = Int(floor(window.x / tileSize)), x1 = Int(floor((window.x + window.width - 1e-9) / tileSize))
            let y0 = Int(floor(window.y / tileSize)), y1 = Int(floor((window.y + window.height - 1e-9) / tileSize))
            let count = (x1 - x0 + 1) * (y1 - y0 + 1)
            guard count <= maxBasemapTiles else {
                return (nil, "\(fileName): the samples need \(count) tiles at zoom \(zoom), more than \(maxBasemapTiles)")
            }
            let limit = 1 << zoom
            var positionsXY: [(x: Int, y: Int)] = []
            for y in y0...y1 { for x in x0...x1 { positionsXY.append((x, y)) } }
            let inside = positionsXY.filter { $0.x >= 0 && $0.x < limit && $0.y >= 0 && $0.y < limit }
            var bytes: [String: [UInt8]] = [:]
            for (position, data) in zip(inside, try reader.tiles(z: zoom, inside)) {
                if let data { bytes["\(position.x)/\(position.y)"] = data }
            }
            let tiles = (y0...y1).map { y in
                (x0...x1).map { x -> BasemapTile? in
                    guard let data = bytes["\(x)/\(y)"], let kind = BasemapTile.kind(of: data) else { return nil }
                    return BasemapTile(bytes: data, kind: kind)
                }
            }
            guard tiles.contains(where: { $0.contains { $0 != nil } }) else {
                return (nil, "\(fileName): it has no readable tile around the samples at zoom \(zoom)")
            }
            let attribution = metadata["attribution"].map(plainText).flatMap { $0.isEmpty ? nil : $0 } ?? fileName
            return (Basemap(zoom: zoom, originX: x0, originY: y0, tiles: tiles, attribution: attribution), nil)
        } catch let error as StoreError {
            return (nil, error.description)
        } catch {
            return (nil, "\(fileName): \(error)")
        }
    }

    /// An attribution without its HTML tags (MBTiles attributions are often links).
    static func plainText(_ html: String) -> String {
        html.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&copy;", with: "©").replacingOccurrences(of: "&amp;", with: "&")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
