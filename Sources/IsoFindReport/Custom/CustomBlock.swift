import IsoFindCharts
import IsoFindDocument
import IsoFindDomain
import IsoFindFormat
import IsoFindRender

/// A laboratory's own block (`POST /api/reports/custom-blocks`), as an entry of the registry.
/// Its code runs in the gathering phase (`CustomBlockRunner`, out of process); here the block
/// only lays out what that produced: its story items, or an error box saying why there are none.
/// The composer gives it its heading (the block's name), FAIH badge and outline entry like any
/// built-in block.
public struct CustomBlock: ReportBlock {
    public let definition: BlockDefinition
    /// The store's id of the block.
    public let id: Int
    /// Two capitals or digits shown in the catalogue.
    public let icon: String
    /// The language the block's texts are written in.
    public let language: Language
    /// The data sections its code may see (`api_calls`); nil for all of them.
    public let dataSections: [String]?
    /// `code_python`, compiled when it was saved.
    public let code: String

    public init(id: Int, key: BlockKey, name: String, description: String, category: BlockCategory, nature: Nature,
                icon: String, licence: Licence, expert: Bool, language: Language, dataSections: [String]?, code: String) {
        definition = BlockDefinition(key: key, name: Localized(fr: name, en: name),
                                     description: Localized(fr: description, en: description), category: category,
                                     nature: nature, estPages: 1, licence: licence, expert: expert, needs: [])
        self.id = id
        self.icon = icon
        self.language = language
        self.dataSections = dataSections
        self.code = code
    }

    static let failed = Localized(fr: "Ce bloc personnalisé n'a pas pu être produit : %@.",
                                  en: "This custom block could not be produced: %@.")
    static let notRun = Localized(fr: "le bloc n'a pas été exécuté", en: "the block was not run")

    public func render(_ context: BlockContext) -> [any Drawable] {
        switch context.report.customBlocks[key] {
        case .story(let items, let warnings)?:
            for warning in warnings { context.warn(warning) }
            return StoryItemLayout.drawables(items, context)
        case .failed(let failure)?:
            return [errorBox(failure.description, context)]
        case nil:
            return [errorBox(Self.notRun[context.language], context)]
        }
    }

    /// The error box in the PDF and the same sentence as a warning naming the block.
    func errorBox(_ reason: String, _ context: BlockContext) -> Notice {
        let sentence = Strings.format(Self.failed, context.language, reason)
        context.warn(sentence)
        return Notice(markup: Markup.escape(sentence), kind: .error)
    }
}

/// Story items as the engine's own flowables.
enum StoryItemLayout {
    static let imageUnreadable = Localized(fr: "Une image produite par ce bloc n'a pas pu être lue ; elle est omise.",
                                           en: "An image produced by this block could not be read; it is left out.")

    static func drawables(_ items: [StoryItem], _ context: BlockContext) -> [any Drawable] {
        items.compactMap { drawable($0, context) }
    }

    static func drawable(_ item: StoryItem, _ context: BlockContext) -> (any Drawable)? {
        switch item {
        case .paragraph(let text, let style):
            let (font, color) = look(style)
            return Paragraph(markup: InlineMarkup.pango(text), font: font, color: color)
        case .heading(let text, let level):
            return Heading(markup: Markup.escape(text), level: min(max(level, 2), 3))
        case .spacer(let height):
            return Space(min(max(height, 0), 400))
        case .pageBreak:
            return NewPage()
        case .table(let rows, let header, let widths):
            let count = rows.map(\.count).max() ?? 0
            guard count > 0 else { return nil }
            let padded = rows.map { row in (row + Array(repeating: "", count: count - row.count)).map(InlineMarkup.pango) }
            let titles = header ? rows[0] + Array(repeating: "", count: count - rows[0].count) : Array(repeating: "", count: count)
            let columns = (0..<count).map { index in
                TableColumn(titles[index], weight: widths.flatMap { index < $0.count && $0[index] > 0 ? $0[index] : nil } ?? 1)
            }
            return Table(columns: columns, rows: header ? Array(padded.dropFirst()) : padded, showsHeader: header)
        case .keyValue(let pairs):
            return keyValueList(pairs.map { (Markup.escape($0.key), InlineMarkup.pango($0.value)) })
        case .note(let text, let kind):
            return Notice(markup: InlineMarkup.pango(text), kind: kind == .warning ? .warning : .info)
        case .image(let image, let width, let caption):
            do {
                let raster = image.kind == .png ? try RasterImage(png: image.bytes) : try RasterImage(jpeg: image.bytes)
                let natural = Double(image.pixelWidth) * 0.75
                let scale = width.map { $0 > 0 && natural > 0 ? min($0 / natural, 1) : 1 } ?? 1
                return Figure(.raster(raster), caption: caption.map(Markup.escape),
                              maxHeight: Double(image.pixelHeight) * 0.75 * scale)
            } catch {
                context.warn(imageUnreadable[context.language])
                return Notice(markup: Markup.escape(imageUnreadable[context.language]), kind: .warning)
            }
        case .barChart(let labels, let values, let title, let unit):
            return BarChart(title: title, labels: labels, values: values, unit: unit, language: context.format)
        case .scatterPlot(let points, let xLabel, let yLabel, let title):
            let series = ScatterSeries(name: "", points: points.map { ScatterPoint(x: $0.x, y: $0.y, label: $0.label) })
            return ScatterPlot(title: title, xLabel: xLabel, yLabel: yLabel, series: [series], language: context.format)
        }
    }

    static func look(_ style: StoryItem.TextStyle) -> (FontSpec, Color) {
        switch style {
        case .normal, .bodyText: (Theme.body, Theme.text)
        case .small: (Theme.small, Theme.text)
        case .italic: (FontSpec(size: Theme.bodySize, italic: true), Theme.text)
        case .caption: (Theme.caption, Theme.muted)
        case .code: (FontSpec(family: "DejaVu Sans Mono", size: Theme.smallSize), Theme.text)
        case .title: (FontSpec(size: 18, weight: .bold), Theme.accent)
        case .heading1: (Theme.heading(level: 1), Theme.accent)
        case .heading2: (Theme.heading(level: 2), Theme.text)
        case .heading3: (Theme.heading(level: 3), Theme.text)
        }
    }
}
