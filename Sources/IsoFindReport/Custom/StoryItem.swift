import IsoFindDomain

/// What a custom block's code produced, as plain data: the kinds of story items of the Python
/// block contract (`Paragraph`, `Heading`, `Spacer`, `PageBreak`, `Table`, `KeyValue`, `Note`,
/// `Image`, `BarChart`, `ScatterPlot`). The block runner returns them in the gathering phase;
/// the composer lays them out like any built-in block's content. Nothing here runs code.
public enum StoryItem: Sendable, Equatable {
    /// A paragraph; `text` may hold the contract's inline markup (`InlineMarkup`).
    case paragraph(text: String, style: TextStyle)
    /// A heading inside the block, level 2 or 3 (the block's own name is level 1).
    case heading(text: String, level: Int)
    case spacer(height: Double)
    case pageBreak
    /// Rows of cells; the first row is the header when `header` is true. `columnWidths` are
    /// relative weights.
    case table(rows: [[String]], header: Bool, columnWidths: [Double]?)
    case keyValue([KeyValuePair])
    case note(text: String, kind: NoteKind)
    /// A PNG or JPEG the block made, checked; drawn at `width` points when given (else the
    /// image's own size, within the column).
    case image(DecodedImage, width: Double?, caption: String?)
    case barChart(labels: [String], values: [Double], title: String?, unit: String?)
    case scatterPlot(points: [PlotPoint], xLabel: String, yLabel: String, title: String?)

    /// The named paragraph styles of the contract (`styles['Normal']`…).
    public enum TextStyle: String, Sendable, CaseIterable {
        case normal = "Normal", bodyText = "BodyText", small = "Small", title = "Title"
        case heading1 = "Heading1", heading2 = "Heading2", heading3 = "Heading3"
        case caption = "Caption", code = "Code", italic = "Italic"
    }

    public enum NoteKind: String, Sendable {
        case info, warning
    }

    public struct KeyValuePair: Sendable, Equatable {
        public var key: String
        public var value: String
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    public struct PlotPoint: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var label: String?
        public init(x: Double, y: Double, label: String? = nil) {
            self.x = x
            self.y = y
            self.label = label
        }
    }
}

/// What running a custom block gave: its story and the warnings its code raised (`warn()`), or
/// why it failed.
public enum CustomBlockOutcome: Sendable, Equatable {
    case story([StoryItem], warnings: [String])
    case failed(CustomBlockFailure)
}

/// Why a custom block produced no story, in terms fit for the report's reader: the exception's
/// type and message and the line of the block's code, never a path or a harness traceback.
public struct CustomBlockFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The exception type (`ZeroDivisionError`), or what stopped the block (`TimeoutError`,
    /// `MemoryError`, `WorkerCrashed`, `NotEnabled`).
    public var kind: String
    public var message: String
    /// The line of the block's code where it happened, when known.
    public var line: Int?

    public init(kind: String, message: String, line: Int? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
    }

    /// "ZeroDivisionError: division by zero (line 3)".
    public var description: String {
        "\(kind): \(message)" + (line.map { " (line \($0))" } ?? "")
    }
}
