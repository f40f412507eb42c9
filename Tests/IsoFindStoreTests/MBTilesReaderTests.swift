import Foundation
import GRDB
import Testing
@testable import IsoFindStore

/// A 1 × 1 RGB PNG: enough for the reader, which never decodes tiles.
let onePixelPNG: [UInt8] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41,
    0x54, 0x78, 0x9C, 0x63, 0x38, 0x71, 0xE3, 0x01, 0x00, 0x04, 0xEC, 0x02, 0x81, 0x0A, 0x33, 0x3E, 0xA9, 0x00, 0x00, 0x00,
    0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
]

@Suite struct MBTilesReaderTests {
    /// An MBTiles file with the given metadata and tiles (z, x, TMS row, bytes).
    static func make(metadata: [String: String], tiles: [(Int, Int, Int, [UInt8])]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tiles-\(UUID().uuidString).mbtiles").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE metadata (name TEXT, value TEXT)")
            try db.execute(sql: "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
            for (name, value) in metadata { try db.execute(sql: "INSERT INTO metadata VALUES (?, ?)", arguments: [name, value]) }
            for (z, x, row, bytes) in tiles {
                try db.execute(sql: "INSERT INTO tiles VALUES (?, ?, ?, ?)", arguments: [z, x, row, Data(bytes)])
            }
        }
        try queue.close()
        return path
    }

    @Test func readsMetadataZoomsAndTilesInXYZOrder() throws {
        let marked = onePixelPNG + [1]
        let path = try Self.make(metadata: ["format": "png", "minzoom": "1", "maxzoom": "3", "name": "Test"],
                                 tiles: [(1, 0, 1, onePixelPNG), (2, 1, 0, marked)])  // TMS row 0 at z=2 is XYZ row 3
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try MBTilesReader(path: path)
        #expect(try reader.metadata()["format"] == "png")
        #expect(try reader.zoomRange() == 1...3)
        #expect(try reader.tile(z: 1, x: 0, y: 0) == onePixelPNG)
        #expect(try reader.tile(z: 2, x: 1, y: 3) == marked)
        #expect(try reader.tile(z: 2, x: 1, y: 0) == nil)
        #expect(try reader.tiles(z: 2, [(1, 3), (0, 0)]) == [marked, nil])
    }

    @Test func theZoomRangeFallsBackOnTheTilesTable() throws {
        let path = try Self.make(metadata: ["format": "png"], tiles: [(4, 1, 1, onePixelPNG), (6, 2, 2, onePixelPNG)])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try MBTilesReader(path: path).zoomRange() == 4...6)
    }

    @Test func missingOrInvalidFilesAreClearErrors() throws {
        #expect { try MBTilesReader(path: "/nonexistent/a.mbtiles").metadata() } throws: { error in
            (error as? StoreError)?.description.contains("does not exist") == true
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).mbtiles").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("not really tiles".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try MBTilesReader(path: path).tile(z: 0, x: 0, y: 0) } throws: { error in
            (error as? StoreError)?.description.contains("MBTiles file") == true
        }
    }
}
