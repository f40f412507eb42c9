// Same calls and metadata → same bytes; only the metadata dates vary with createdEpochSeconds.
import Foundation
import IsoFindRender
import PDFTestSupport
import Testing

/// Everything the canvas can draw, on two pages.
func kitchenSink(metadata: PDFMetadata) throws -> [UInt8] {
    let png = try RasterImage(png: makePNG(width: 12, height: 6, red: 0.2, green: 0.4, blue: 0.6))
    let jpeg = try RasterImage(jpeg: tinyJPEG)
    let svg = try SVGImage(data: Array(redAndBlueSVG.utf8))
    let canvas = try PDFCanvas(metadata: metadata)
    canvas.beginPage()
    canvas.destination("top", at: 0)
    canvas.text(try TextLayout(markup: SampleDocument.french, font: FontSpec(size: 11), width: 300, alignment: .justify),
                at: (x: 50, y: 50))
    canvas.text(TextLayout(text: SampleDocument.scripts, font: FontSpec(size: 9, italic: true), width: nil), at: (x: 50, y: 120))
    canvas.image(png, in: Rect(x: 50, y: 200, width: 120, height: 60))
    canvas.image(jpeg, in: Rect(x: 200, y: 200, width: 32, height: 16))
    canvas.svg(svg, in: Rect(x: 300, y: 200, width: 80, height: 40))
    canvas.fill(Path.polygon([(50, 300), (100, 350), (0, 350)]), Color(red: 0.1, green: 0.2, blue: 0.3, alpha: 0.5))
    canvas.link(Rect(x: 50, y: 400, width: 100, height: 12), toDestination: "end")
    canvas.link(Rect(x: 50, y: 420, width: 100, height: 12), toURI: "https://example.org/?q='x'")
    canvas.beginPage()
    canvas.destination("end", at: 100)
    canvas.withClip(Rect(x: 0, y: 0, width: 200, height: 200)) {
        canvas.stroke(Path.circle(center: 100, 100, radius: 150), .black, width: 2, dash: [3, 2])
    }
    canvas.outline("Début", destination: "top")
    canvas.outline("Fin", destination: "end")
    return try canvas.finish()
}

@Suite("Reproducibility")
struct ReproducibilityTests {
    @Test func sameCallsGiveIdenticalBytes() throws {
        let a = try kitchenSink(metadata: sampleMetadata)
        let b = try kitchenSink(metadata: sampleMetadata)
        #expect(a == b)
        let c = try SampleDocument.render().pdf
        let d = try SampleDocument.render().pdf
        #expect(c == d)
    }

    @Test func identicalBytesFromTwoThreads() throws {
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var pdfs: [[UInt8]] = []
            func add(_ pdf: [UInt8]) { lock.lock(); pdfs.append(pdf); lock.unlock() }
        }
        let results = Results()
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            let thread = Thread {
                Fonts.warmUp()
                if let pdf = try? kitchenSink(metadata: sampleMetadata) { results.add(pdf) }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        #expect(results.pdfs.count == 2)
        #expect(results.pdfs.first == results.pdfs.last)
        #expect(results.pdfs.first == (try kitchenSink(metadata: sampleMetadata)))
    }

    @Test func onlyTheDatesFollowCreatedEpochSeconds() throws {
        var later = sampleMetadata
        later.createdEpochSeconds = 1_800_000_000
        let a = try kitchenSink(metadata: sampleMetadata)
        let b = try kitchenSink(metadata: later)
        #expect(a != b)
        #expect(a.count == b.count)
        #expect(b.contains(ascii: "/CreationDate (20270115080000Z)"))
        #expect(b.contains(ascii: "/ModDate (20270115080000Z)"))
        let normalised = String(decoding: b, as: Unicode.ASCII.self)
            .replacingOccurrences(of: "20270115080000Z", with: "20231114221320Z")
        #expect(normalised == String(decoding: a, as: Unicode.ASCII.self))
        #expect(try Poppler.info(b)["CreationDate"] == "Fri Jan 15 08:00:00 2027 UTC")
    }

    @Test func withoutAnEpochThereIsNoClockDate() throws {
        var undated = sampleMetadata
        undated.createdEpochSeconds = nil
        let pdf = try kitchenSink(metadata: undated)
        if let epoch = PDFMetadata.environmentSourceDateEpoch {
            // SOURCE_DATE_EPOCH stands in for a missing createdEpochSeconds (Cairo 1.16 ignores it).
            let expected = try kitchenSink(metadata: PDFMetadata(
                title: undated.title, author: undated.author, subject: undated.subject,
                keywords: undated.keywords, creator: undated.creator, createdEpochSeconds: epoch))
            #expect(pdf == expected)
        } else {
            #expect(!pdf.contains(ascii: "/CreationDate"))
            #expect(!pdf.contains(ascii: "/ModDate"))
            #expect(try Poppler.info(pdf)["CreationDate"] == nil)
            #expect(pdf == (try kitchenSink(metadata: undated)))
        }
    }
}
