import IsoFindDocument
import IsoFindDomain
import IsoFindFormat
import IsoFindLayout
import IsoFindRender

/// Turns the report's blocks into a story: each block's heading (with its FAIH badge and its
/// anchor for the outline and the contents), then what the block renders. The structural blocks
/// (cover, contents) draw their own opening.
enum ReportComposer {
    static func story(_ blocks: [any ReportBlock], context: ReportContext, logo: Figure.Content?, log: WarningLog,
                      pageNumbers: PageNumbers) -> [any Drawable] {
        var parts = [[any Drawable]](repeating: [], count: blocks.count)
        for summarising in [false, true] {
            for (position, block) in blocks.enumerated() where block.summarisesOthers == summarising {
                let blockContext = BlockContext(report: context, key: block.key, blocks: blocks, position: position,
                                                pageNumbers: pageNumbers, logo: logo, log: log)
                parts[position] = compose(block, blockContext)
            }
        }
        return parts.flatMap { $0 }
    }

    static func compose(_ block: any ReportBlock, _ context: BlockContext) -> [any Drawable] {
        let definition = block.definition
        if context.mode == .concis, definition.expert {
            context.warn(Strings.expertInConcise[context.language])
        }
        if block.drawsOwnHeading { return block.render(context) }
        let heading = Markup.escape(definition.name[context.language])
        return [Heading(markup: heading, badge: definition.nature.badge, anchor: anchor(definition, context.language))]
            + bind(block.render(context), heading: heading, language: context.language)
    }

    /// A block's story made ready for pagination: each table says, when it continues on a new
    /// page, which heading it belongs to; each caption is bound to what it describes.
    static func bind(_ story: [any Drawable], heading: String, language: Language) -> [any Drawable] {
        var current = heading
        for drawable in story {
            if let subheading = drawable as? Heading {
                current = subheading.markup
            } else if let table = drawable as? Table, table.continuation == nil {
                table.continuation = Strings.format(Strings.continued, language, current)
            }
        }
        return Captioned.attach(story)
    }

    /// The outline entry and link target of a block.
    static func anchor(_ block: BlockDefinition, _ language: Language) -> Anchor {
        Anchor(id: block.key.rawValue, title: block.name[language])
    }
}

/// Renders a report: the story, the page furniture and the document metadata.
public enum ReportRenderer {
    public static let softwareName = "IsoFind Reports"

    /// A rendered report: the PDF and what the client is told about it.
    public struct Output {
        public let bytes: [UInt8]
        public let pageCount: Int
        /// Anchor id (a block key) → page number (1-based).
        public let pageNumbers: [String: Int]
        /// Flowables that did not fit even an empty page (drawn clipped).
        public let overflowCount: Int
        /// The unreadable sources' and the blocks' warnings, in block order (warnings of no block
        /// last).
        public let warnings: [ReportWarning]
    }

    public static func render(_ blocks: [any ReportBlock], context: ReportContext) throws -> Output {
        let language = context.language
        let reference = referenceText(context)
        // The logo is decoded once, for the headers and the cover. One that its library refuses
        // is left out and said, like any source that cannot be read: a report never fails for it.
        var unavailable = context.unavailable
        var logo: Figure.Content?
        if let data = context.branding.logo {
            do { logo = try figureContent(data) } catch { unavailable[.logo] = String(describing: error) }
        }
        let furniture = PageFurniture(
            organization: context.branding.organizationName, title: context.title, reference: reference,
            date: DateFormat.day(epochSeconds: context.generatedAt, context.format),
            pageLabel: { Strings.format(Strings.page, language, integers: $0, $1) },
            logo: logo,
            watermark: context.reference == .preview ? Strings.preview[language] : nil,
            hasCover: blocks.first?.key == .coverPage)
        let metadata = PDFMetadata(
            title: context.title, author: context.branding.organizationName,
            subject: reference, keywords: blocks.map(\.key.rawValue).joined(separator: ", "),
            creator: "\(softwareName) \(context.sources.softwareVersion)", createdEpochSeconds: context.generatedAt)
        let log = WarningLog(Strings.unavailableWarnings(unavailable, language, blocks: blocks.map(\.key)))
        let output = try DocumentRenderer.render(metadata: metadata, furniture: furniture) { numbers in
            ReportComposer.story(blocks, context: context, logo: logo, log: log, pageNumbers: numbers)
        }
        return Output(bytes: output.bytes, pageCount: output.pageCount, pageNumbers: output.pageNumbers,
                      overflowCount: output.overflowCount, warnings: log.ordered(by: blocks.map(\.key)))
    }

    /// "Report 42", or the preview mark, in the report's language.
    static func referenceText(_ context: ReportContext) -> String {
        switch context.reference {
        case .report(let id): Strings.format(Strings.reportReference, context.language, integers: id)
        case .preview: Strings.preview[context.language]
        }
    }

    static func figureContent(_ logo: ReportContext.LogoData) throws -> Figure.Content {
        switch logo.kind {
        case .png: return .raster(try RasterImage(png: logo.bytes))
        case .jpeg: return .raster(try RasterImage(jpeg: logo.bytes))
        case .svg: return .vector(try SVGImage(data: logo.bytes))
        }
    }
}
