// The per-thread cache of laid-out text: what it shares, what it keeps apart, its bound.
import Foundation
import IsoFindRender
import Testing

/// Runs `body` on a new thread, whose text layout cache starts empty, and returns its result.
func onFreshThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.result = Result { try body() }
        done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    done.wait()
    return try box.result!.get()
}

private final class ResultBox<T>: @unchecked Sendable { var result: Result<T, any Error>? }

@Suite struct TextLayoutCacheTests {
    @Test func theSameRequestGetsTheSameLayoutAndADifferentOneAnother() throws {
        try onFreshThread {
            let font = FontSpec(size: 9)
            // Seen once: on probation. Seen again: found, and kept. Then found again.
            let first = TextLayout.cached(markup: "δ<sup>13</sup>C", font: font, width: 100)
            #expect(TextLayoutCache.threadStatistics == .init(hits: 0, misses: 1))
            #expect(TextLayout.cached(markup: "δ<sup>13</sup>C", font: font, width: 100) === first)
            #expect(TextLayout.cached(markup: "δ<sup>13</sup>C", font: font, width: 100) === first)
            #expect(TextLayoutCache.threadStatistics == .init(hits: 2, misses: 1))
            // Any difference in what decides the layout is another entry.
            let others = [
                TextLayout.cached(markup: "δ<sup>13</sup>C", font: font, width: 101),
                TextLayout.cached(markup: "δ<sup>13</sup>C", font: FontSpec(size: 9, weight: .bold), width: 100),
                TextLayout.cached(markup: "δ<sup>13</sup>C", font: font, width: 100, alignment: .right),
                TextLayout.cached(markup: "δ<sup>13</sup>C", font: font, width: 100, lineSpacing: 1.05),
                TextLayout.cached(markup: "δ<sup>13</sup>C", font: font, width: 100, language: "fr"),
                TextLayout.cached(markup: "δ<sup>13</sup>C", font: font, width: 100, breaksOnlyAtSpaces: true),
                TextLayout.cached(text: "δ<sup>13</sup>C", font: font, width: 100),
            ]
            #expect(others.allSatisfy { $0 !== first })
            #expect(TextLayoutCache.threadStatistics == .init(hits: 2, misses: 8))
            #expect(first.text == "δ13C")
            #expect(others.last?.text == "δ<sup>13</sup>C", "plain text keeps the characters of markup")
        }
    }

    @Test func invalidMarkupIsShownAsPlainText() throws {
        let layout = TextLayout.cached(markup: "a < b & <i>c", font: FontSpec(size: 9), width: nil)
        #expect(layout.text == "a < b & <i>c")
    }

    @Test func aLayoutMadeOnOneThreadIsNotHandedToAnother() throws {
        let here = TextLayout.cached(text: "Shared text", font: FontSpec(size: 9), width: nil)
        let there = try onFreshThread { ObjectIdentifier(TextLayout.cached(text: "Shared text", font: FontSpec(size: 9), width: nil)) }
        #expect(ObjectIdentifier(here) != there)
    }

    @Test func theCacheIsBounded() throws {
        try onFreshThread {
            let font = FontSpec(size: 9)
            /// Asked for by two documents: kept.
            func twice(_ text: String) -> TextLayout {
                _ = TextLayout.cached(text: text, font: font, width: nil)
                TextLayoutCache.beginDocument()
                return TextLayout.cached(text: text, font: font, width: nil)
            }
            let first = twice("entry 0")
            // Two generations of `capacity`: the first entry survives one turnover, not two.
            for index in 1..<TextLayoutCache.capacity { _ = twice("entry \(index)") }
            #expect(TextLayout.cached(text: "entry 0", font: font, width: nil) === first)
            for index in 0..<(2 * TextLayoutCache.capacity) { _ = twice("other \(index)") }
            #expect(TextLayout.cached(text: "entry 0", font: font, width: nil) !== first)
            // A long text is laid out but not kept.
            let long = String(repeating: "word ", count: TextLayoutCache.longestText / 5 + 1)
            #expect(twice(long) !== TextLayout.cached(text: long, font: font, width: 200))
        }
    }

    @Test func onlyWhatTwoDocumentsShareIsKept() throws {
        try onFreshThread {
            let font = FontSpec(size: 9)
            TextLayoutCache.beginDocument()
            let shared = TextLayout.cached(text: "Sample", font: font, width: nil)
            let ownOnly = TextLayout.cached(text: "IFR-2026-000042", font: font, width: nil)
            // Within its document, a text is found again (a column title on every page).
            #expect(TextLayout.cached(text: "IFR-2026-000042", font: font, width: nil) === ownOnly)
            TextLayoutCache.beginDocument()
            #expect(TextLayout.cached(text: "Sample", font: font, width: nil) === shared, "a second document: kept")
            // More one-off texts than probation holds: they push out only each other.
            for index in 0..<(3 * TextLayoutCache.probationCapacity) {
                _ = TextLayout.cached(text: "IFR-2026-\(index)", font: font, width: nil)
            }
            #expect(TextLayout.cached(text: "Sample", font: font, width: nil) === shared)
            // A text asked for again after it left probation repeats: laid out anew, then kept.
            let back = TextLayout.cached(text: "IFR-2026-000042", font: font, width: nil)
            #expect(back !== ownOnly, "it had left probation")
            for index in 0..<(3 * TextLayoutCache.probationCapacity) {
                _ = TextLayout.cached(text: "one-off \(index)", font: font, width: nil)
            }
            #expect(TextLayout.cached(text: "IFR-2026-000042", font: font, width: nil) === back)
            // The one-off texts took no room: the first of them is laid out again.
            let before = TextLayoutCache.threadStatistics
            _ = TextLayout.cached(text: "one-off 0", font: font, width: nil)
            #expect(TextLayoutCache.threadStatistics.misses == before.misses + 1)
        }
    }

    @Test func aDocumentDrawnFromAWarmCacheHasTheSameBytes() throws {
        let (cold, warm, reused) = try onFreshThread { () throws -> ([UInt8], [UInt8], Int) in
            let cold = try cachedDocument()
            let before = TextLayoutCache.threadStatistics
            let warm = try cachedDocument()
            return (cold, warm, TextLayoutCache.threadStatistics.hits - before.hits)
        }
        #expect(cold == warm)
        #expect(reused == 3, "every layout of the second document came from the cache")
        #expect(try cachedDocument() == cold, "and the same bytes on another thread")
    }
}

/// A page of cached layouts.
private func cachedDocument() throws -> [UInt8] {
    let canvas = try PDFCanvas(metadata: sampleMetadata)
    canvas.beginPage()
    canvas.text(TextLayout.cached(markup: SampleDocument.french, font: FontSpec(size: 11), width: 300, alignment: .justify,
                                  language: "fr"), at: (x: 50, y: 50))
    canvas.text(TextLayout.cached(markup: SampleDocument.english, font: FontSpec(size: 11), width: 300), at: (x: 50, y: 150))
    canvas.text(TextLayout.cached(text: "Page 1 / 1", font: FontSpec(size: 8), width: 100, alignment: .right), at: (x: 400, y: 800))
    return try canvas.finish()
}
