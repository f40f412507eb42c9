/// Where a flowable goes: page, frame position and width.
public struct Placement {
    public let flowable: any Flowable
    public let x: Double
    public let y: Double
    public let width: Double
    public let height: Double
}

/// The rectangle of a page that content flows into (points, origin top-left).
public struct Frame: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// One laid-out page.
public struct PageLayout {
    public let index: Int
    public internal(set) var placements: [Placement] = []
    /// Anchors that start on this page, with their vertical position.
    public internal(set) var anchors: [(anchor: Anchor, y: Double)] = []
    /// Flowables too tall for an empty frame that could not split: drawn clipped, and reported.
    public internal(set) var overflows: [any Flowable] = []
}

/// Flows a story into frames, page after page: splits what can be split, keeps headings with
/// what follows, drops spacers at the top of a frame, and never loops on something that cannot
/// fit (it is placed on its own page and reported as an overflow).
public struct Paginator {
    /// The frame of page `index` (0-based): the cover can differ from the other pages.
    public let frame: (Int) -> Frame

    public init(frame: @escaping (Int) -> Frame) { self.frame = frame }

    public func paginate(_ story: [any Flowable]) -> [PageLayout] {
        var pages = [PageLayout(index: 0)]
        var queue = story[...]
        var current = frame(0)
        var cursor = current.y

        func remaining() -> Double { current.y + current.height - cursor }
        func isPageEmpty() -> Bool { pages[pages.count - 1].placements.isEmpty }
        func newPage() {
            pages.append(PageLayout(index: pages.count))
            current = frame(pages.count - 1)
            cursor = current.y
        }
        func place(_ flowable: any Flowable, height: Double) {
            pages[pages.count - 1].placements.append(Placement(flowable: flowable, x: current.x, y: cursor, width: current.width, height: height))
            if let anchor = flowable.anchor { pages[pages.count - 1].anchors.append((anchor, cursor)) }
            cursor += height
        }

        while let flowable = queue.popFirst() {
            if flowable.breaksPageBefore {
                if !isPageEmpty() { newPage() }
                if flowable.height(forWidth: current.width) == 0 { continue }  // a pure page break
            }
            if flowable.isDiscardableAtFrameTop, isPageEmpty() || cursor == current.y { continue }
            let height = flowable.height(forWidth: current.width)
            // A heading needs room for itself and the start of what follows.
            if flowable.keepWithNext, !queue.isEmpty, !isPageEmpty() {
                var needed = height + Self.leadHeight(queue, width: current.width)
                if needed > current.height {   // the chain cannot share a page: the next start will do
                    needed = height + Self.minimumStart(of: queue[queue.startIndex], width: current.width)
                }
                if needed > remaining() {
                    newPage()
                    queue.insert(flowable, at: queue.startIndex)
                    continue
                }
            }
            if height <= remaining() + 1e-6 {
                place(flowable, height: height)
            } else if let (head, tail) = flowable.split(width: current.width, height: remaining()) {
                place(head, height: head.height(forWidth: current.width))
                newPage()
                queue.insert(tail, at: queue.startIndex)
            } else if isPageEmpty() {
                place(flowable, height: height)
                pages[pages.count - 1].overflows.append(flowable)
            } else {
                newPage()
                queue.insert(flowable, at: queue.startIndex)
            }
        }
        return pages
    }

    /// Text shorter than this (up to three lines of body text, which cannot split) is a lead-in
    /// ("What this report cannot establish…"): a heading keeps them and the start of what follows.
    static let shortLead = 56.0

    /// What must follow a heading on its page: the start of the next flowable. A subheading counts
    /// with what it needs in turn, and a short lead-in with what follows it, the same way, so a
    /// heading and the subheadings under it agree (at most four levels deep, never into the next
    /// anchored block).
    static func leadHeight(_ queue: ArraySlice<any Flowable>, width: Double, depth: Int = 0) -> Double {
        guard let next = queue.first else { return 0 }
        // The next block's heading (an anchor) starts its own section: a lead-in does not pull it.
        if depth > 0, next.anchor != nil { return 0 }
        let rest = queue.dropFirst()
        let whole = next.height(forWidth: width)
        guard depth < 4, !rest.isEmpty else { return minimumStart(of: next, width: width) }
        if next.keepWithNext {
            return whole + leadHeight(rest, width: width, depth: depth + 1)
        }
        if whole <= shortLead, next.split(width: width, height: whole / 2) == nil {
            return whole + leadHeight(rest, width: width, depth: depth + 1)
        }
        return minimumStart(of: next, width: width)
    }

    /// The least of `flowable` that must follow a heading on the same page: its first split part
    /// when it can split in a small height, else all of it.
    static func minimumStart(of flowable: any Flowable, width: Double) -> Double {
        let whole = flowable.height(forWidth: width)
        // A few probes over the first lines are enough: a heading wants its first lines of text
        // or rows under it, not the whole of a long table.
        for probe in stride(from: 12.0, to: min(whole, 240), by: 12.0) {
            if let (head, _) = flowable.split(width: width, height: probe) { return head.height(forWidth: width) }
        }
        return whole
    }
}
