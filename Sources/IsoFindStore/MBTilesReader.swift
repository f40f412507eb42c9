import Foundation
import GRDB

/// Reads an MBTiles file (SQLite: `metadata(name, value)` and `tiles(zoom_level, tile_column,
/// tile_row, tile_data)`, rows in TMS order), read-only. The service never writes it. The file
/// is opened once, by `init`, for all the reads of one map.
public struct MBTilesReader: Sendable {
    public let path: String
    let database: ReadOnlyDatabase

    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.failure("the MBTiles file \(path) does not exist")
        }
        self.path = path
        database = try ReadOnlyDatabase(path: path, subject: "the MBTiles file \(path)")
    }

    /// The `metadata` table as a dictionary (format, bounds, minzoom, maxzoom, attribution…).
    public func metadata() throws -> [String: String] {
        return try database.read { db in
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
        let bounds = try database.read { db in
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
        return try database.read { db in
            try Data.fetchOne(db, sql: "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                              arguments: [z, x, tmsY]).map { [UInt8]($0) }
        }
    }

    /// Several tiles read in one connection: `[(x, y)]` in XYZ order → bytes (missing tiles absent).
    public func tiles(z: Int, _ positions: [(x: Int, y: Int)]) throws -> [[UInt8]?] {
        guard z >= 0, z < 31 else { return positions.map { _ in nil } }
        return try database.read { db in
            try positions.map { position in
                try Data.fetchOne(db, sql: "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                                  arguments: [z, position.x, (1 << z) - 1 - position.y]).map { [UInt8]($0) }
            }
        }
    }
}
