import Foundation
import GRDB

/// Reads an MBTiles file (SQLite: `metadata(name, value)` and `tiles(zoom_level, tile_column,
/// tile_row, tile_data)`, rows in TMS order), read-only. The service never writes it.
public struct MBTilesReader: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The `metadata` table as a dictionary (format, bounds, minzoom, maxzoom, attribution…).
    public func metadata() throws -> [String: String] {
        let queue = try open()
        return try query(queue) { db in
            var result: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, value FROM metadata") {
                if let name: String = row["name"], let value: String = row["value"] { result[name] = value }
            }
            return result
        }
    }

    /// The zoom levels present: `minzoom`…`maxzoom` from the metadata, else those of the `tiles` table.
    public func zoomRange() throws -> ClosedRange<Int> {
        let meta = try metadata()
        if let low = meta["minzoom"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
           let high = meta["maxzoom"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), low <= high {
            return low...high
        }
        let queue = try open()
        let bounds = try query(queue) { db in
            try Row.fetchOne(db, sql: "SELECT MIN(zoom_level) AS low, MAX(zoom_level) AS high FROM tiles")
                .map { (low: $0["low"] as Int?, high: $0["high"] as Int?) }
        }
        guard let low = bounds?.low, let high = bounds?.high, low <= high else {
            throw StoreError.failure("the MBTiles file \(path) holds no tiles")
        }
        return low...high
    }

    /// The tile at zoom `z`, column `x` and row `y` in XYZ order (y = 0 at the north), converted
    /// to the file's TMS rows; nil when the file has no such tile.
    public func tile(z: Int, x: Int, y: Int) throws -> [UInt8]? {
        guard z >= 0, z < 31 else { return nil }
        let tmsY = (1 << z) - 1 - y
        let queue = try open()
        return try query(queue) { db in
            try Data.fetchOne(db, sql: "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                              arguments: [z, x, tmsY]).map { [UInt8]($0) }
        }
    }

    /// Several tiles read in one connection: `[(x, y)]` in XYZ order → bytes (missing tiles absent).
    public func tiles(z: Int, _ positions: [(x: Int, y: Int)]) throws -> [[UInt8]?] {
        guard z >= 0, z < 31 else { return positions.map { _ in nil } }
        let queue = try open()
        return try query(queue) { db in
            try positions.map { position in
                try Data.fetchOne(db, sql: "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                                  arguments: [z, position.x, (1 << z) - 1 - position.y]).map { [UInt8]($0) }
            }
        }
    }

    private func open() throws -> DatabaseQueue {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.failure("the MBTiles file \(path) does not exist")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(2)
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError.failure("the MBTiles file \(path) cannot be opened: \(ReportsStore.describe(error))")
        }
    }

    private func query<T>(_ queue: DatabaseQueue, _ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch let error as StoreError { throw error } catch {
            throw StoreError.failure("the MBTiles file \(path) cannot be read: \(ReportsStore.describe(error))")
        }
    }
}
