import IsoFindLayout
import IsoFindRender

/// What every page carries besides its content (domain.md, "The PDF"): the organisation, its
/// logo and the report title in the header; "page x / y", the report reference and the date in
/// the footer; on a preview, a visible mark on every page. The cover page has no header.
public struct PageFurniture {
    public var organization: String
    public var title: String
    /// The report id ("Report 42") or the preview mark ("PREVIEW").
    public var reference: String
    public var date: String
    /// "page 3 / 12", in the report's language.
    public var pageLabel: (_ page: Int, _ of: Int) -> String
    public var logo: Figure.Content?
    /// Drawn diagonally across every page (previews).
    public var watermark: String?
    public var hasCover: Bool

    public init(organization: String, title: String, reference: String, date: String,
                pageLabel: @escaping (Int, Int) -> String, logo: Figure.Content? = nil, watermark: String? = nil,
                hasCover: Bool) {
        self.organization = organization
        self.title = title
        self.reference = reference
        self.date = date
        self.pageLabel = pageLabel
        self.logo = logo
        self.watermark = watermark
        self.hasCover = hasCover
    }
}

/// Lays out a story once and draws it page by page with the furniture, the outline (one entry per
/// anchored heading) and the link targets. The story builder gets the `PageNumbers` that the
/// layout fills; a table of contents holds it and reads its numbers when drawn.
public enum DocumentRenderer {
    public struct Output {
        public let bytes: [UInt8]
        public let pageCount: Int
        /// Anchor id → page number (1-based).
        public let pageNumbers: [String: Int]
        /// Flowables that did not fit even an empty page (drawn clipped).
        public let overflowCount: Int
    }

    public static func frames(pageSize: Size, hasCover: Bool) -> (Int) -> Frame {
        let margin = Theme.pageMargin
        return { index in
            if hasCover, index == 0 {
                return Frame(x: margin, y: margin, width: pageSize.width - 2 * margin, height: pageSize.height - 2 * margin)
            }
            return Frame(x: margin, y: margin + Theme.headerHeight, width: pageSize.width - 2 * margin,
                         height: pageSize.height - 2 * margin - Theme.headerHeight - Theme.footerHeight)
        }
    }

    public static func render(metadata: PDFMetadata, furniture: PageFurniture,
                              story: (PageNumbers) -> [any Drawable]) throws -> Output {
        let canvas = try PDFCanvas(metadata: metadata)
        TextLayoutCache.beginDocument()
        let paginator = Paginator(frame: frames(pageSize: canvas.pageSize, hasCover: furniture.hasCover))
        let numbers = PageNumbers()
        let layout = DocumentLayout.layout(paginator: paginator, story: story(numbers).map { $0 as any Flowable }, numbers: numbers)
        let pageCount = layout.pages.count
        var parents: [Int: Int] = [:]  // level → outline id of the latest entry at that level
        let reference = footerReference(furniture, pageSize: canvas.pageSize)
        for page in layout.pages {
            canvas.beginPage()
            if !(furniture.hasCover && page.index == 0) { drawHeader(furniture, on: canvas) }
            drawFooter(furniture, reference: reference, page: page.index + 1, of: pageCount, on: canvas)
            for placement in page.placements {
                let rect = Rect(x: placement.x, y: placement.y, width: placement.width, height: placement.height)
                if let anchor = placement.flowable.anchor {
                    canvas.destination(anchor.id, at: placement.y)
                    let parent = anchor.level > 1 ? parents[anchor.level - 1] ?? PDFCanvas.outlineRoot : PDFCanvas.outlineRoot
                    parents[anchor.level] = canvas.outline(anchor.title, destination: anchor.id, parent: parent)
                }
                if page.overflows.contains(where: { $0 === placement.flowable }) {
                    canvas.withClip(Rect(x: 0, y: 0, width: canvas.pageSize.width, height: canvas.pageSize.height - Theme.pageMargin)) {
                        (placement.flowable as? any Drawable)?.draw(on: canvas, in: rect)
                    }
                } else {
                    (placement.flowable as? any Drawable)?.draw(on: canvas, in: rect)
                }
            }
            if let watermark = furniture.watermark { drawWatermark(watermark, on: canvas) }
        }
        let bytes = try canvas.finish()
        return Output(bytes: bytes, pageCount: pageCount, pageNumbers: layout.pageNumbers,
                      overflowCount: layout.pages.reduce(0) { $0 + $1.overflows.count })
    }

    static func drawHeader(_ furniture: PageFurniture, on canvas: PDFCanvas) {
        let margin = Theme.pageMargin
        let width = canvas.pageSize.width - 2 * margin
        var left = margin
        if let logo = furniture.logo {
            let figure = Figure(logo, maxHeight: 20)
            let size = figure.imageSize(60)
            let box = Rect(x: margin, y: margin - 4, width: size.width, height: size.height)
            switch logo {
            case .raster(let image): canvas.image(image, in: box)
            case .vector(let image): canvas.svg(image, in: box)
            }
            left += size.width + 8
        }
        // The organisation keeps its name (up to 45 % of the line); the title takes the rest and
        // ends in "…" when longer (the cover shows it whole).
        let natural = TextLayout.cached(text: furniture.organization, font: Theme.smallBold, width: nil).size.width
        let organizationWidth = min(natural + 1, width * 0.45 - (left - margin))
        let organization = TextLayout.cached(text: furniture.organization, font: Theme.smallBold, width: organizationWidth, singleLine: true)
        canvas.text(organization, at: (left, margin), color: Theme.accent)
        let titleWidth = margin + width - (left + organizationWidth + 16)
        let title = TextLayout.cached(text: furniture.title, font: Theme.small, width: titleWidth, alignment: .right, singleLine: true)
        canvas.text(title, at: (margin + width - titleWidth, margin), color: Theme.muted)
        let y = margin + 20
        canvas.line(from: (margin, y), to: (margin + width, y), Theme.rule, width: 0.6)
    }

    /// The footer's reference and date: the same on every page of one report and on no page of
    /// another, so laid out once per report rather than kept in the thread's text layout cache.
    static func footerReference(_ furniture: PageFurniture, pageSize: Size) -> TextLayout {
        TextLayout(text: "\(furniture.reference) · \(furniture.date)", font: Theme.small,
                   width: (pageSize.width - 2 * Theme.pageMargin) * 0.7, singleLine: true)
    }

    static func drawFooter(_ furniture: PageFurniture, reference: TextLayout, page: Int, of total: Int, on canvas: PDFCanvas) {
        let margin = Theme.pageMargin
        let width = canvas.pageSize.width - 2 * margin
        let y = canvas.pageSize.height - margin - 10
        canvas.line(from: (margin, y - 6), to: (margin + width, y - 6), Theme.rule, width: 0.6)
        canvas.text(reference, at: (margin, y), color: Theme.muted)
        let number = TextLayout.cached(text: furniture.pageLabel(page, total), font: Theme.small, width: width * 0.3, alignment: .right)
        canvas.text(number, at: (margin + width * 0.7, y), color: Theme.muted)
    }

    static func drawWatermark(_ text: String, on canvas: PDFCanvas) {
        let size = canvas.pageSize
        let mark = TextLayout.cached(text: text, font: FontSpec(size: 80, weight: .bold), width: nil)
        canvas.withSavedState {
            canvas.translate(x: size.width / 2, y: size.height / 2)
            canvas.rotate(radians: -0.9)
            canvas.text(mark, at: (-mark.size.width / 2, -mark.size.height / 2), color: Color(red: 0.85, green: 0.2, blue: 0.15, alpha: 0.13))
        }
    }
}
