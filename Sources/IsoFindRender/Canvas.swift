// The PDF canvas: one Cairo PDF surface writing into memory, its pages and its lifetime.
import CCairo

/// A PDF document being drawn, page after page, with Cairo 1.16.
///
/// Coordinates are points with the origin at the top-left corner of the page and y growing
/// downwards (Cairo's native user space on a PDF surface).
///
/// **Threading**: not `Sendable`. A canvas owns C pointers (`cairo_surface_t`, `cairo_t`) that
/// must be used by one thread at a time; create, draw and finish it on the same worker thread
/// (and likewise for the `TextLayout`, `RasterImage` and `SVGImage` values drawn on it).
/// Separate canvases on separate threads are independent.
///
/// **Errors**: drawing calls do not throw. The first Cairo/librsvg failure is remembered (with the
/// operation that caused it) and `finish()` throws it as a `RenderError`.
///
/// **Reproducibility**: the same calls with the same `PDFMetadata` give byte-identical output with
/// the same Cairo, Pango, HarfBuzz and font files (see `PDFMetadata` for dates).
public final class PDFCanvas {
    /// ISO A4 portrait (210 × 297 mm) in points.
    public static let a4 = Size(width: 595.2756, height: 841.8898)

    enum State { case open, finished }

    public let pageSize: Size
    public let metadata: PDFMetadata
    /// 0 before the first `beginPage()`, then the number of the current page (1-based).
    public private(set) var pageNumber = 0

    let surface: OpaquePointer   // cairo_surface_t *
    let cr: OpaquePointer        // cairo_t *
    private let sink = PDFByteSink()
    var state = State.open
    /// The first failure seen while drawing; thrown by `finish()`.
    var firstError: RenderError?
    /// Destination names created, and names links or outline entries point at (first use order).
    var definedDestinations: Set<String> = []
    var referencedDestinations: [String] = []
    /// Glyphs gathered for one text call into cairo (TextLayout.swift, `texts`); empty between calls.
    var glyphBatch = GlyphBatch()

    public init(pageSize: Size = PDFCanvas.a4, metadata: PDFMetadata) throws {
        guard pageSize.width > 0, pageSize.height > 0, pageSize.width.isFinite, pageSize.height.isFinite else {
            throw RenderError.invalidArgument("page size \(pageSize.width) × \(pageSize.height)")
        }
        self.pageSize = pageSize
        self.metadata = metadata
        guard let surface = cairo_pdf_surface_create_for_stream(
            PDFByteSink.write, sink.opaque, pageSize.width, pageSize.height) else {
            throw RenderError.cairo(operation: "cairo_pdf_surface_create_for_stream", status: "NULL surface")
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw RenderError.cairo(operation: "cairo_pdf_surface_create_for_stream", status: cairoStatusText(status))
        }
        self.surface = surface
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
        PDFCanvas.apply(metadata, to: surface)
        guard let cr = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw RenderError.cairo(operation: "cairo_create", status: "NULL context")
        }
        self.cr = cr
        let crStatus = cairo_status(cr)
        guard crStatus == CAIRO_STATUS_SUCCESS else {
            throw RenderError.cairo(operation: "cairo_create", status: cairoStatusText(crStatus))
        }
    }

    deinit {
        // Destroying an unfinished PDF surface finishes it, which still writes into `sink`:
        // both go before the stored `sink` is released.
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    private static func apply(_ metadata: PDFMetadata, to surface: OpaquePointer) {
        let fields: [(cairo_pdf_metadata_t, String)] = [
            (CAIRO_PDF_METADATA_TITLE, metadata.title),
            (CAIRO_PDF_METADATA_AUTHOR, metadata.author),
            (CAIRO_PDF_METADATA_SUBJECT, metadata.subject),
            (CAIRO_PDF_METADATA_KEYWORDS, metadata.keywords),
            (CAIRO_PDF_METADATA_CREATOR, metadata.creator),
        ]
        for (key, value) in fields where !value.isEmpty {
            cairo_pdf_surface_set_metadata(surface, key, value.withoutNUL)
        }
        // Cairo 1.16 stamps /CreationDate with time(NULL) unless told otherwise, and a value that
        // is not ISO 8601 (here the empty string) makes it write no date at all.
        let date = metadata.effectiveEpochSeconds.map { PDFMetadata.iso8601(epochSeconds: $0) } ?? ""
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)
    }

    /// Starts the next page: the first call starts page 1, later calls end the current page.
    /// Ignored once the document is finished.
    public func beginPage() {
        guard state == .open else { return }
        if pageNumber > 0 { cairo_show_page(cr) }
        pageNumber += 1
        markPageUsed()
        check("beginPage")
    }

    /// Cairo's paginated surface drops a final page on which nothing was drawn, and on a page
    /// without drawing operations it also loses the page's destinations (tags do not count). So
    /// every page starts with one recorded but invisible operation: a white 0.01 pt square in the
    /// top-left corner, drawn before anything else (on blank paper it changes nothing).
    private func markPageUsed() {
        cairo_save(cr)
        cairo_identity_matrix(cr)
        cairo_reset_clip(cr)
        cairo_new_path(cr)
        cairo_rectangle(cr, 0, 0, 0.01, 0.01)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_fill(cr)
        cairo_restore(cr)
    }

    /// Ends the document and returns the PDF bytes. Throws the first error met while drawing,
    /// `.undefinedDestination` when a link or outline entry names a destination never created,
    /// `.noPages` when no page was begun and `.alreadyFinished` on a second call.
    public func finish() throws -> [UInt8] {
        guard state == .open else { throw RenderError.alreadyFinished }
        state = .finished
        check("finish")
        if firstError == nil, let missing = referencedDestinations.first(where: { !definedDestinations.contains($0) }) {
            firstError = .undefinedDestination(missing)
        }
        cairo_surface_finish(surface)
        if firstError == nil {
            let status = cairo_surface_status(surface)
            if status == CAIRO_STATUS_WRITE_ERROR { firstError = .writeFailed }
            else if status != CAIRO_STATUS_SUCCESS {
                firstError = .cairo(operation: "cairo_surface_finish", status: cairoStatusText(status))
            }
        }
        if let firstError { throw firstError }
        guard pageNumber > 0 else { throw RenderError.noPages }
        let bytes = sink.bytes
        sink.bytes = []
        return bytes
    }

    /// Drawing is allowed while open; drawing before `beginPage()` begins page 1 implicitly.
    func ensurePage() -> Bool {
        guard state == .open else { return false }
        if pageNumber == 0 {
            pageNumber = 1
            markPageUsed()
        }
        return true
    }

    /// Records the first Cairo error of the context or surface, naming `operation`.
    func check(_ operation: @autoclosure () -> String) {
        guard firstError == nil else { return }
        var status = cairo_status(cr)
        if status == CAIRO_STATUS_SUCCESS { status = cairo_surface_status(surface) }
        if status != CAIRO_STATUS_SUCCESS {
            firstError = .cairo(operation: operation(), status: cairoStatusText(status))
        }
    }

    func record(_ error: RenderError) {
        if firstError == nil { firstError = error }
    }
}

extension String {
    /// The string cut at its first NUL: C APIs would stop there anyway.
    var withoutNUL: String {
        guard let nul = firstIndex(of: "\0") else { return self }
        return String(self[..<nul])
    }
}
