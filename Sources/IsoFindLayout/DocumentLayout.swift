/// Pagination with a table of contents whose page numbers are right: lay out, read where each
/// anchor landed, give those pages to the contents, and lay out again until nothing moves (the
/// contents' own size may change the pages after it; three passes are plenty in practice).
public enum DocumentLayout {
    public struct Result {
        public let pages: [PageLayout]
        /// Anchor id → 1-based page number.
        public let pageNumbers: [String: Int]
        public let passes: Int
    }

    public static func layout(paginator: Paginator, maxPasses: Int = 4, story: ([String: Int]) -> [any Flowable]) -> Result {
        var numbers: [String: Int] = [:]
        var passes = 0
        while true {
            passes += 1
            let pages = paginator.paginate(story(numbers))
            let found = pageNumbers(of: pages)
            if found == numbers || passes >= maxPasses { return Result(pages: pages, pageNumbers: found, passes: passes) }
            numbers = found
        }
    }

    public static func pageNumbers(of pages: [PageLayout]) -> [String: Int] {
        var numbers: [String: Int] = [:]
        for page in pages {
            for (anchor, _) in page.anchors where numbers[anchor.id] == nil { numbers[anchor.id] = page.index + 1 }
        }
        return numbers
    }
}
