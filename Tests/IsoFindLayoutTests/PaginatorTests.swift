import Testing
@testable import IsoFindLayout

/// Boxes of known height; a splittable box splits on a grid of `step` points (like text lines).
final class Box: Flowable, CustomStringConvertible {
    let name: String
    let height: Double
    let step: Double?
    let keepWithNext: Bool
    let anchor: Anchor?

    init(_ name: String, _ height: Double, splitStep: Double? = nil, keepWithNext: Bool = false, anchor: Anchor? = nil) {
        self.name = name
        self.height = height
        step = splitStep
        self.keepWithNext = keepWithNext
        self.anchor = anchor
    }

    func height(forWidth width: Double) -> Double { height }

    func split(width: Double, height available: Double) -> (head: any Flowable, tail: any Flowable)? {
        guard let step else { return nil }
        let head = (available / step).rounded(.down) * step
        guard head >= step, head < height else { return nil }
        return (Box(name + "a", head, splitStep: step), Box(name + "b", height - head, splitStep: step))
    }

    var description: String { "\(name)(\(Int(height)))" }
}

@Suite struct PaginatorTests {
    let paginator = Paginator { _ in Frame(x: 50, y: 100, width: 400, height: 600) }

    func summary(_ pages: [PageLayout]) -> [[String]] {
        pages.map { $0.placements.map { "\($0.flowable)" } }
    }

    @Test func fillsPagesInOrder() {
        let pages = paginator.paginate([Box("a", 300), Box("b", 300), Box("c", 100)])
        #expect(summary(pages) == [["a(300)", "b(300)"], ["c(100)"]])
        #expect(pages[0].placements[1].y == 400)
        #expect(pages[1].placements[0].y == 100)
    }

    @Test func splitsWhatCanSplitAtItsOwnBoundaries() {
        let pages = paginator.paginate([Box("a", 450), Box("text", 400, splitStep: 14)])
        // 150 points remain: 10 lines of 14 points fit (140), the other 260 go on.
        #expect(summary(pages) == [["a(450)", "texta(140)"], ["textb(260)"]])
    }

    @Test func movesWhatCannotSplit() {
        let pages = paginator.paginate([Box("a", 450), Box("chart", 200)])
        #expect(summary(pages) == [["a(450)"], ["chart(200)"]])
    }

    @Test func headingsNeverEndAPage() {
        let heading = Box("h", 30, keepWithNext: true)
        let pages = paginator.paginate([Box("a", 560), heading, Box("text", 300, splitStep: 14)])
        #expect(summary(pages) == [["a(560)"], ["h(30)", "text(300)"]])
        // With room for the heading and two lines, they stay together on the first page.
        let roomy = paginator.paginate([Box("a", 530), Box("h", 30, keepWithNext: true), Box("text", 300, splitStep: 14)])
        #expect(summary(roomy)[0] == ["a(530)", "h(30)", "texta(28)"])
    }

    @Test func spacersDisappearAtTheTopOfAFrame() {
        let pages = paginator.paginate([Box("a", 600), Spacer(20), Box("b", 100)])
        #expect(summary(pages) == [["a(600)"], ["b(100)"]])
    }

    @Test func pageBreaksStartANewPageButNotAnEmptyOne() {
        let pages = paginator.paginate([PageBreak(), Box("a", 100), PageBreak(), PageBreak(), Box("b", 100)])
        #expect(summary(pages) == [["a(100)"], ["b(100)"]])
    }

    @Test func somethingTooTallIsPlacedOnceAndReported() {
        let pages = paginator.paginate([Box("a", 100), Box("huge", 900), Box("b", 100)])
        #expect(summary(pages) == [["a(100)"], ["huge(900)"], ["b(100)"]])
        #expect(pages[1].overflows.count == 1)
    }

    @Test func theFirstPageMayHaveItsOwnFrame() {
        let cover = Paginator { $0 == 0 ? Frame(x: 0, y: 0, width: 595, height: 200) : Frame(x: 50, y: 100, width: 400, height: 600) }
        let pages = cover.paginate([Box("title", 150), Box("next", 100)])
        #expect(summary(pages) == [["title(150)"], ["next(100)"]])
        #expect(pages[1].placements[0].x == 50)
    }

    @Test func tableRowsFitUnderARepeatedHeader() {
        let rows = [20.0, 20, 40, 20, 20]
        #expect(TableRows.fitting(headerHeight: 25, rowHeights: rows, from: 0, available: 100) == 2)  // 25 + 20 + 20; the 40 does not fit
        #expect(TableRows.fitting(headerHeight: 25, rowHeights: rows, from: 3, available: 100) == 2)
        #expect(TableRows.fitting(headerHeight: 25, rowHeights: rows, from: 2, available: 60) == 0)
    }

    @Test func oneLayoutFillsThePageNumbersTheContentsRead() {
        // The contents take their full size from the start (one line per entry, whatever the
        // numbers), so one pass gives every anchor its final page.
        let numbers = PageNumbers()
        let story: [any Flowable] = [Box("toc", 590)] + (1...3).flatMap { index -> [any Flowable] in
            [Box("h\(index)", 30, keepWithNext: true, anchor: Anchor(id: "b\(index)", title: "Block \(index)")),
             Box("body\(index)", 500)]
        }
        #expect(numbers["b1"] == nil)
        let result = DocumentLayout.layout(paginator: paginator, story: story, numbers: numbers)
        #expect(result.pageNumbers == ["b1": 2, "b2": 3, "b3": 4])
        #expect(numbers.byAnchor == result.pageNumbers && numbers["b3"] == 4)
    }
}

@Suite struct LeadInTests {
    let paginator = Paginator { _ in Frame(x: 50, y: 100, width: 400, height: 600) }

    @Test func aHeadingKeepsAShortLeadInAndTheStartOfWhatFollows() {
        // Heading (30) + one-line lead-in (14) fit at the bottom, the table's first rows do not.
        let story: [any Flowable] = [Box("a", 540), Box("h", 30, keepWithNext: true), Box("lead", 14), Box("table", 200, splitStep: 20)]
        let pages = paginator.paginate(story)
        #expect(pages.map { $0.placements.map { "\($0.flowable)" } }.first == ["a(540)"])
        #expect(pages[1].placements.first.map { "\($0.flowable)" } == "h(30)")
    }

    @Test func aLongFirstParagraphIsAStartOnItsOwn() {
        // The text after the heading is long and splits: two of its lines are enough.
        let story: [any Flowable] = [Box("a", 520), Box("h", 30, keepWithNext: true), Box("text", 300, splitStep: 14)]
        #expect(paginator.paginate(story)[0].placements.count == 3)
    }
}

@Suite struct NestedHeadingTests {
    let paginator = Paginator { _ in Frame(x: 50, y: 100, width: 400, height: 600) }

    @Test func aHeadingLeadInAndSubheadingMoveTogether() {
        // H1, its lead-in, H2 and a short item under H2, then another H2 and text: when the
        // subheading cannot stay, neither does the heading above it.
        let story: [any Flowable] = [Box("a", 500), Box("h1", 36, keepWithNext: true), Box("lead", 14),
                                     Box("h2", 25, keepWithNext: true), Box("item", 30), Box("h2b", 25, keepWithNext: true),
                                     Box("text", 200, splitStep: 14)]
        let pages = paginator.paginate(story)
        #expect(pages[0].placements.map { "\($0.flowable)" } == ["a(500)"])
        #expect(pages[1].placements.first.map { "\($0.flowable)" } == "h1(36)")
    }
}

@Suite struct LeadInStopsAtTheNextBlockTests {
    let paginator = Paginator { _ in Frame(x: 50, y: 100, width: 400, height: 600) }

    @Test func aSectionWithOneShortLineDoesNotPullTheNextBlock() {
        // "Main warnings" and its one line fit; the next block's heading and table start the next page.
        let story: [any Flowable] = [Box("a", 520), Box("h2", 25, keepWithNext: true), Box("line", 14),
                                     Box("block", 36, keepWithNext: true, anchor: Anchor(id: "next", title: "Next block")),
                                     Box("table", 300, splitStep: 20)]
        let pages = paginator.paginate(story)
        #expect(pages[0].placements.map { "\($0.flowable)" } == ["a(520)", "h2(25)", "line(14)"])
        #expect(pages[1].placements.first.map { "\($0.flowable)" } == "block(36)")
    }
}
