/// Pagination of a story whose page numbers are printed inside it (the table of contents).
///
/// One pass: the story is built once, paginated once, and `PageNumbers` is filled with the page
/// of each anchor. What prints page numbers keeps the `PageNumbers` it was built with and reads
/// it when drawn, which is after pagination. This is exact as long as nothing changes size with
/// the numbers: a contents line is one line whatever its number.
public enum DocumentLayout {
    public struct Result {
        public let pages: [PageLayout]
        /// Anchor id → 1-based page number.
        public let pageNumbers: [String: Int]
    }

    public static func layout(paginator: Paginator, story: [any Flowable], numbers: PageNumbers) -> Result {
        let pages = paginator.paginate(story)
        let found = pageNumbers(of: pages)
        numbers.byAnchor = found
        return Result(pages: pages, pageNumbers: found)
    }

    public static func pageNumbers(of pages: [PageLayout]) -> [String: Int] {
        var numbers: [String: Int] = [:]
        for page in pages {
            for (anchor, _) in page.anchors where numbers[anchor.id] == nil { numbers[anchor.id] = page.index + 1 }
        }
        return numbers
    }
}

/// The page of each anchor, filled by `DocumentLayout` once the story is paginated and read by
/// the flowables that print page numbers when they are drawn. Empty before pagination.
public final class PageNumbers {
    public internal(set) var byAnchor: [String: Int] = [:]

    public init() {}

    public subscript(id: String) -> Int? { byAnchor[id] }
}
