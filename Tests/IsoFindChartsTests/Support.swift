// Helpers for the chart tests: rendering charts into a real PDF and reading it back with poppler-utils.
import Foundation
import IsoFindCharts
import IsoFindDocument
import IsoFindRender

enum Poppler {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `/usr/bin/<tool>` with `arguments` and returns stdout; throws on a non-zero exit.
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) exited \(process.terminationStatus): " + String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func withFile<T>(_ pdf: [UInt8], _ body: (URL) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-charts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("chart.pdf")
        try Data(pdf).write(to: file)
        return try body(file)
    }

    /// `pdftotext -layout` of the document.
    static func text(_ pdf: [UInt8]) throws -> String {
        try withFile(pdf) { try run("pdftotext", ["-layout", $0.path, "-"]) }
    }

    /// Words with their boxes (points, page top-left origin), from `pdftotext -bbox`.
    static func words(_ pdf: [UInt8]) throws -> [(text: String, box: Rect)] {
        let html = try withFile(pdf) { try run("pdftotext", ["-bbox", $0.path, "-"]) }
        let pattern = try NSRegularExpression(
            pattern: #"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#)
        let ns = html as NSString
        return pattern.matches(in: html, range: NSRange(location: 0, length: ns.length)).map { m in
            func group(_ i: Int) -> String { ns.substring(with: m.range(at: i)) }
            let x0 = Double(group(1))!, y0 = Double(group(2))!, x1 = Double(group(3))!, y1 = Double(group(4))!
            return (group(5), Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0))
        }
    }
}

/// Draws each chart at `width` on its own A4 page, 56 pt from the top-left corner, and returns the PDF.
func render(_ charts: [any Drawable], width: Double = 480) throws -> [UInt8] {
    let canvas = try PDFCanvas(metadata: PDFMetadata(title: "Charts", createdEpochSeconds: 1_700_000_000))
    for chart in charts {
        canvas.beginPage()
        let height = chart.height(forWidth: width)
        chart.draw(on: canvas, in: Rect(x: 56, y: 56, width: width, height: height))
    }
    return try canvas.finish()
}

func render(_ chart: any Drawable, width: Double = 480) throws -> [UInt8] { try render([chart], width: width) }

/// pdftotext output with runs of spaces folded to one, for assertions that do not care about columns.
func folded(_ text: String) -> String {
    text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        .joined(separator: "\n")
}

let NNBSP = "\u{202F}"
let NBSP = "\u{00A0}"
let MINUS = "\u{2212}"
