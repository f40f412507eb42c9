import Foundation
import GRDB
import IsoFindDemoData
import IsoFindDomain
import IsoFindStore
import Testing
@testable import IsoFindAPI
@testable import IsoFindGeneration

@Suite struct BasemapTests {
    static let onePixelPNG: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41,
        0x54, 0x78, 0x9C, 0x63, 0x38, 0x71, 0xE3, 0x01, 0x00, 0x04, 0xEC, 0x02, 0x81, 0x0A, 0x33, 0x3E, 0xA9, 0x00, 0x00, 0x00,
        0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    /// Demo data, and a tiles folder with `region.mbtiles` holding every tile the demo samples'
    /// map needs at zoom `zoom` (the file's range is 0…18), and `empty.mbtiles` with no tile there.
    static let demo: (folder: URL, summary: DemoDataSummary, zoom: Int, tiles: Int) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-basemap-\(UUID().uuidString)")
        let tilesFolder = folder.appendingPathComponent("tiles")
        try! FileManager.default.createDirectory(at: tilesFolder, withIntermediateDirectories: true)
        let summary = try! DemoData.write(to: folder)
        let samples = try! SamplesReader(path: summary.samplesDatabase).samples(.all)
        let box = WebMercator.paddedBox(samples.compactMap(\.coordinates).filter { abs($0.latitude) <= 90 && abs($0.longitude) <= 180 })!
        let zoom = WebMercator.zoomToFit(south: box.south, west: box.west, north: box.north, east: box.east,
                                         widthPx: 480, heightPx: 360, range: 0...18)
        let window = WebMercator.window(south: box.south, west: box.west, north: box.north, east: box.east, zoom: zoom,
                                        widthPx: 480, heightPx: 360)
        var tiles: [(Int, Int)] = []
        for y in Int(window.y / 256)...Int((window.y + window.height) / 256) {
            for x in Int(window.x / 256)...Int((window.x + window.width) / 256) { tiles.append((x, y)) }
        }
        for (name, list) in [("region.mbtiles", tiles), ("empty.mbtiles", [])] {
            let queue = try! DatabaseQueue(path: tilesFolder.appendingPathComponent(name).path)
            try! queue.write { db in
                try db.execute(sql: "CREATE TABLE metadata (name TEXT, value TEXT)")
                try db.execute(sql: "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
                for (key, value) in ["format": "png", "minzoom": "0", "maxzoom": "18",
                                     "attribution": "<a href=\"https://example.org\">&copy; Test tiles</a>"] {
                    try db.execute(sql: "INSERT INTO metadata VALUES (?, ?)", arguments: [key, value])
                }
                for (x, y) in list {
                    try db.execute(sql: "INSERT INTO tiles VALUES (?, ?, ?, ?)",
                                   arguments: [zoom, x, (1 << zoom) - 1 - y, Data(onePixelPNG)])
                }
            }
            try! queue.close()
        }
        return (folder, summary, zoom, tiles.count)
    }()

    func api() throws -> TestAPI {
        try TestAPI(sessionsDB: Self.demo.summary.sessionsDatabase, samplesDB: Self.demo.summary.samplesDatabase,
                    tilesDir: Self.demo.folder.appendingPathComponent("tiles").path)
    }

    @Test func webMercatorKnownValues() {
        let origin = WebMercator.pixel(latitude: 0, longitude: 0, zoom: 0)
        #expect(abs(origin.x - 128) < 1e-9 && abs(origin.y - 128) < 1e-9)
        let corner = WebMercator.pixel(latitude: WebMercator.maxLatitude, longitude: -180, zoom: 1)
        #expect(abs(corner.x) < 1e-9 && abs(corner.y) < 1e-3)
        #expect(abs(WebMercator.latitude(pixelY: WebMercator.pixel(latitude: 45.5, longitude: 3, zoom: 12).y, zoom: 12) - 45.5) < 1e-9)
        #expect(abs(WebMercator.metresPerPixel(latitude: 0, zoom: 0) - 156_543.03) < 0.01)
    }

    @Test func zoomToFitShrinksAsTheBoxGrows() {
        var last = Int.max
        for span in [0.001, 0.01, 0.1, 1, 10, 100] {
            let zoom = WebMercator.zoomToFit(south: 45 - span / 2, west: 3 - span / 2, north: 45 + span / 2, east: 3 + span / 2,
                                             widthPx: 480, heightPx: 360, range: 0...18)
            #expect(zoom <= last)
            last = zoom
        }
        #expect(last < 5)
        #expect(WebMercator.zoomToFit(south: 45, west: 3, north: 45.001, east: 3.001, widthPx: 480, heightPx: 360, range: 2...9) == 9)
        #expect(WebMercator.zoomToFit(south: -60, west: -170, north: 60, east: 170, widthPx: 480, heightPx: 360, range: 4...9) == 4)
    }

    @Test func theModuleLoadsTheTilesAroundTheSamples() throws {
        let module = try #require(try api().api.service)
        let samples = try module.samples.samples(.all)
        func load(path: String, samples: [Sample]) -> (Basemap?, problem: String?) {
            switch TilesFolder(path: module.configuration.tilesDir).resolve(path) {
            case .success(let file): return BasemapLoader.basemap(file, samples: samples)
            case .failure(let refusal): return (nil, refusal.description)
            }
        }
        let (basemap, warning) = load(path: "region.mbtiles", samples: samples)
        #expect(warning == nil)
        let map = try #require(basemap)
        #expect(map.zoom == Self.demo.zoom)
        #expect(map.loadedCount == Self.demo.tiles)
        #expect(map.attribution == "© Test tiles")
        let (none, problem) = load(path: "empty.mbtiles", samples: samples)
        #expect(none == nil)
        #expect(problem?.contains("no readable tile") == true)
        #expect(load(path: "../escape.mbtiles", samples: samples).problem?.contains("tiles folder") == true)
    }

    @Test func thePreviewDrawsTheTilesUnderTheMap() throws {
        let api = try api()
        func preview(_ extra: String) -> (warnings: Int, images: Int) {
            let result = api.call("POST", "/api/reports/preview", role: .editor,
                                  body: #"{"blocks": ["sample_map"], "language": "fr"\#(extra)}"#)
            #expect(result.status == 200)
            let pdf = String(decoding: result.response.body, as: UTF8.self)
            return (Int(result.response.header("X-Report-Warnings") ?? "") ?? -1, pdf.components(separatedBy: "/Subtype /Image").count - 1)
        }
        let plain = preview("")
        let withTiles = preview(#", "mbtiles_path": "region.mbtiles""#)
        #expect(withTiles.warnings == plain.warnings)
        #expect(withTiles.images >= plain.images + Self.demo.tiles)
        let withoutTiles = preview(#", "mbtiles_path": "empty.mbtiles""#)
        #expect(withoutTiles.warnings == plain.warnings + 1)
        #expect(withoutTiles.images == plain.images)
    }
}
