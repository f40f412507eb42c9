// Helpers for the chart tests: rendering charts into a real PDF and reading it back with poppler-utils.
import Foundation
import IsoFindCharts
import IsoFindDocument
import IsoFindRender
import PDFTestSupport

extension Poppler.Word {
    /// The word's box as a rectangle (points, page top-left origin).
    var box: Rect { Rect(x: xMin, y: yMin, width: xMax - xMin, height: yMax - yMin) }
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
