// Errors of the canvas, text, image and SVG layers.

/// Every failure the render layer reports. `description` is a sentence fit for a log line.
public enum RenderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A Cairo call failed; `status` is `cairo_status_to_string`'s text.
    case cairo(operation: String, status: String)
    /// The PDF write callback could not store bytes.
    case writeFailed
    /// `finish()` was called on a canvas that is already finished.
    case alreadyFinished
    /// `finish()` was called before any page was begun.
    case noPages
    /// Pango could not parse the markup (message from GLib).
    case invalidMarkup(String)
    /// A PNG or JPEG could not be read.
    case invalidImage(String)
    /// librsvg could not load or render the SVG.
    case invalidSVG(String)
    /// A link or outline entry points at a destination that was never created.
    case undefinedDestination(String)
    /// `destination(_:at:)` was called twice with the same name.
    case duplicateDestination(String)
    /// An argument outside what the canvas accepts (for example a non-positive page size).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .cairo(operation, status): "Cairo failed in \(operation): \(status)"
        case .writeFailed: "writing the PDF stream failed"
        case .alreadyFinished: "the PDF document is already finished"
        case .noPages: "the PDF document has no page: call beginPage() before finish()"
        case let .invalidMarkup(message): "invalid Pango markup: \(message)"
        case let .invalidImage(message): "invalid image: \(message)"
        case let .invalidSVG(message): "invalid SVG: \(message)"
        case let .undefinedDestination(name): "link or outline entry to undefined destination \"\(name)\""
        case let .duplicateDestination(name): "destination \"\(name)\" is defined twice"
        case let .invalidArgument(message): "invalid argument: \(message)"
        }
    }
}
