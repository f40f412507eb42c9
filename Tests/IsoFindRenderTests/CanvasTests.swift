// Canvas life cycle, error reporting, pages and navigation edge cases.
import IsoFindRender
import PDFTestSupport
import Testing

@Suite("Canvas")
struct CanvasTests {
    @Test func finishTwiceThrows() throws {
        let canvas = try PDFCanvas(metadata: PDFMetadata())
        canvas.beginPage()
        let pdf = try canvas.finish()
        #expect(pdf.starts(with: Array("%PDF-1.5".utf8)))
        #expect(throws: RenderError.alreadyFinished) { try canvas.finish() }
        canvas.fill(Rect(x: 0, y: 0, width: 10, height: 10), .black)   // ignored, no crash
        #expect(canvas.pageNumber == 1)
    }

    @Test func finishWithoutPagesThrows() throws {
        let canvas = try PDFCanvas(metadata: PDFMetadata())
        #expect(throws: RenderError.noPages) { try canvas.finish() }
    }

    @Test func invalidPageSizeThrows() {
        #expect(throws: RenderError.self) { try PDFCanvas(pageSize: Size(width: 0, height: 100), metadata: PDFMetadata()) }
        #expect(throws: RenderError.self) { try PDFCanvas(pageSize: Size(width: .nan, height: 100), metadata: PDFMetadata()) }
    }

    @Test func pagesWithNothingDrawnAreKeptWithTheirDestinations() throws {
        let canvas = try PDFCanvas(metadata: PDFMetadata())
        canvas.beginPage()
        #expect(canvas.pageNumber == 1)
        canvas.fill(Rect(x: 10, y: 10, width: 10, height: 10), .black)
        canvas.beginPage()
        canvas.beginPage()
        canvas.destination("last", at: 20)
        #expect(canvas.pageNumber == 3)
        let pdf = try canvas.finish()
        #expect(try Poppler.info(pdf)["Pages"] == "3")
        let dests = try Poppler.run("pdfinfo", ["-dests"], on: pdf)
        #expect(dests.contains(#"   3 [ XYZ    0  822 null      ] "last""#))
        // The blank pages stay white.
        let p = try Poppler.pixel(pdf, x: 0, y: 0)
        #expect(p.r == 255 && p.g == 255 && p.b == 255)
    }

    @Test func drawingBeforeBeginPageStartsPageOne() throws {
        let canvas = try PDFCanvas(metadata: PDFMetadata())
        canvas.fill(Rect(x: 10, y: 10, width: 10, height: 10), .black)
        #expect(canvas.pageNumber == 1)
        canvas.beginPage()
        #expect(try Poppler.info(try canvas.finish())["Pages"] == "2")
    }

    @Test func cairoErrorsSurfaceInFinishWithTheOperation() throws {
        let canvas = try PDFCanvas(metadata: PDFMetadata())
        canvas.beginPage()
        canvas.withSavedState {
            canvas.scale(x: 0, y: 0)
            canvas.fill(Rect(x: 0, y: 0, width: 10, height: 10), .black)
        }
        #expect(throws: RenderError.cairo(operation: "fill(rect)", status: "invalid matrix (not invertible)")) {
            try canvas.finish()
        }
    }

    @Test func linksToUndefinedOrDuplicateDestinationsThrow() throws {
        let missing = try PDFCanvas(metadata: PDFMetadata())
        missing.beginPage()
        missing.link(Rect(x: 0, y: 0, width: 10, height: 10), toDestination: "nowhere")
        #expect(throws: RenderError.undefinedDestination("nowhere")) { try missing.finish() }

        let outline = try PDFCanvas(metadata: PDFMetadata())
        outline.beginPage()
        outline.outline("Lost", destination: "lost")
        #expect(throws: RenderError.undefinedDestination("lost")) { try outline.finish() }

        let twice = try PDFCanvas(metadata: PDFMetadata())
        twice.beginPage()
        twice.destination("a", at: 0)
        twice.destination("a", at: 10)
        #expect(throws: RenderError.duplicateDestination("a")) { try twice.finish() }
    }

    @Test func awkwardDestinationNamesAndURIsWork() throws {
        let name = #"Résultats 'A' \ (1) "x" ~"#
        let key = PDFCanvas.destinationKey(name)
        #expect(key == "R~C3~A9sultats~20~27A~27~20~5C~20~281~29~20~22x~22~20~7E")
        let canvas = try PDFCanvas(metadata: PDFMetadata())
        canvas.beginPage()
        canvas.link(Rect(x: 10, y: 10, width: 50, height: 10), toDestination: name)
        canvas.link(Rect(x: 10, y: 30, width: 50, height: 10), toURI: #"https://example.org/é a?b='c'&d=\e(1)"#)
        canvas.outline(#"Titre « (entre) » \ 'q'"#, destination: name)
        canvas.beginPage()
        canvas.destination(name, at: 100)
        let pdf = try canvas.finish()
        #expect(pdf.count(ascii: "/Dest (\(key))") == 2)   // the link and the outline entry
        #expect(pdf.contains(ascii: "(\(key)) ["))          // the /Dests name tree
        #expect(pdf.contains(ascii: #"/URI (https://example.org/%C3%A9%20a?b='c'&d=%5Ce%281%29)"#))
        #expect(pdf.contains(ascii: "/Title \(pdfHexString(#"Titre « (entre) » \ 'q'"#))"))
        let dests = try Poppler.run("pdfinfo", ["-dests"], on: pdf)
        #expect(dests.contains(#"   2 [ XYZ    0  742 null      ] "\#(key)""#))
    }

    @Test func withClipRestoresEvenWhenTheBodyThrows() throws {
        struct Stop: Error {}
        let canvas = try PDFCanvas(metadata: PDFMetadata())
        canvas.beginPage()
        #expect(throws: Stop.self) {
            try canvas.withClip(Rect(x: 0, y: 0, width: 5, height: 5)) { throw Stop() }
        }
        canvas.fill(Rect(x: 0, y: 0, width: 100, height: 100), Color(hex: "#FF0000")!)
        let p = try Poppler.pixel(try canvas.finish(), x: 50, y: 50)
        #expect(p.r > 240 && p.g < 15 && p.b < 15)
    }
}
