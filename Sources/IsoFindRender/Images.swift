// Raster images (PNG decoded by Cairo, JPEG passed through untouched) and SVG drawn as vectors.
import CCairo
import CRsvg
#if canImport(Glibc)
import Glibc
#endif

/// A PNG or JPEG ready to draw. Holds a Cairo image surface; drawing the same value on several
/// pages embeds it once. Not `Sendable`: use it on the thread of the canvas that draws it.
public struct RasterImage {
    public enum Kind: Equatable, Sendable { case png, jpeg }

    final class Storage {
        let surface: OpaquePointer   // cairo_surface_t *
        init(_ surface: OpaquePointer) { self.surface = surface }
        deinit { cairo_surface_destroy(surface) }
    }

    let storage: Storage
    public let kind: Kind
    /// Width and height in pixels.
    public let pixelSize: Size

    /// Decodes a PNG with Cairo (it is re-encoded losslessly in the PDF).
    public init(png: [UInt8]) throws {
        let source = ByteSource(png)
        guard let surface = withExtendedLifetime(source, {
            cairo_image_surface_create_from_png_stream(ByteSource.read, source.opaque)
        }) else { throw RenderError.invalidImage("PNG: no surface") }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw RenderError.invalidImage("PNG: \(cairoStatusText(status))")
        }
        storage = Storage(surface)
        kind = .png
        pixelSize = Size(width: Double(cairo_image_surface_get_width(surface)),
                         height: Double(cairo_image_surface_get_height(surface)))
    }

    /// Wraps a JPEG without decoding it: the size comes from its SOF header and the original bytes
    /// are attached as `image/jpeg` MIME data, which Cairo's PDF backend embeds as-is (DCTDecode).
    public init(jpeg: [UInt8]) throws {
        let header = try JPEGHeader(jpeg)
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(header.width), Int32(header.height))
        else { throw RenderError.invalidImage("JPEG: no surface") }
        var status = cairo_surface_status(surface)
        if status == CAIRO_STATUS_SUCCESS {
            let copy = malloc(jpeg.count)!
            jpeg.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: jpeg.count) }
            status = cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_JPEG, copy.assumingMemoryBound(to: UInt8.self),
                                                 UInt(jpeg.count), { free($0) }, copy)
            if status != CAIRO_STATUS_SUCCESS { free(copy) }
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw RenderError.invalidImage("JPEG: \(cairoStatusText(status))")
        }
        storage = Storage(surface)
        kind = .jpeg
        pixelSize = Size(width: Double(header.width), height: Double(header.height))
    }
}

/// The frame header of a JPEG: enough to size it without decoding.
struct JPEGHeader: Equatable {
    let width: Int
    let height: Int
    let components: Int

    init(_ bytes: [UInt8]) throws {
        func fail(_ why: String) -> RenderError { .invalidImage("JPEG: \(why)") }
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw fail("no SOI marker") }
        var i = 2
        while i + 1 < bytes.count {
            guard bytes[i] == 0xFF else { throw fail("bad marker at byte \(i)") }
            var marker = bytes[i + 1]
            i += 2
            while marker == 0xFF, i < bytes.count { marker = bytes[i]; i += 1 }   // fill bytes
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { continue }       // no length
            guard marker != 0xD9, marker != 0xDA else { throw fail("no frame header before scan data") }
            guard i + 1 < bytes.count else { break }
            let length = Int(bytes[i]) << 8 | Int(bytes[i + 1])
            guard length >= 2, i + length <= bytes.count else { throw fail("truncated segment") }
            // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                guard length >= 8 else { throw fail("short frame header") }
                let height = Int(bytes[i + 3]) << 8 | Int(bytes[i + 4])
                let width = Int(bytes[i + 5]) << 8 | Int(bytes[i + 6])
                let components = Int(bytes[i + 7])
                guard width > 0, height > 0 else { throw fail("zero width or height") }
                guard [1, 3, 4].contains(components) else { throw fail("\(components) colour components") }
                self.width = width
                self.height = height
                self.components = components
                return
            }
            i += length
        }
        throw fail("no frame header")
    }
}

/// An SVG document parsed by librsvg; drawn as vector paths (text, gradients and shapes stay
/// vector; only filter effects would be rasterised by librsvg). Not `Sendable`.
public struct SVGImage {
    final class Storage {
        let handle: UnsafeMutablePointer<RsvgHandle>
        init(_ handle: UnsafeMutablePointer<RsvgHandle>) { self.handle = handle }
        deinit { g_object_unref(UnsafeMutableRawPointer(handle)) }
    }

    let storage: Storage
    /// Size in CSS pixels (96 per inch) from width/height, or the viewBox size when those are absent.
    public let intrinsicSize: Size

    /// Parses `data` and renders it once off-screen so broken documents fail here, not in a report.
    public init(data: [UInt8]) throws {
        var error: UnsafeMutablePointer<GError>?
        let parsed = data.withUnsafeBufferPointer { rsvg_handle_new_from_data($0.baseAddress, gsize($0.count), &error) }
        guard let handle = parsed else {
            throw RenderError.invalidSVG(SVGImage.consume(error) ?? "cannot parse")
        }
        storage = Storage(handle)

        var width = 0.0, height = 0.0
        if rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) == 0 {
            var hasViewBox: gboolean = 0
            var viewBox = RsvgRectangle()
            rsvg_handle_get_intrinsic_dimensions(handle, nil, nil, nil, nil, &hasViewBox, &viewBox)
            guard hasViewBox != 0 else { throw RenderError.invalidSVG("no width/height and no viewBox") }
            width = viewBox.width
            height = viewBox.height
        }
        guard width > 0, height > 0, width.isFinite, height.isFinite else {
            throw RenderError.invalidSVG("empty intrinsic size \(width) × \(height)")
        }
        intrinsicSize = Size(width: width, height: height)

        let probe = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nil)
        let cr = cairo_create(probe)
        defer { cairo_destroy(cr); cairo_surface_destroy(probe) }
        if let message = render(on: cr!, in: Rect(x: 0, y: 0, width: width, height: height)) {
            throw RenderError.invalidSVG(message)
        }
    }

    /// Renders into `rect` (aspect ratio kept per the SVG's preserveAspectRatio); nil or an error message.
    func render(on cr: OpaquePointer, in rect: Rect) -> String? {
        var viewport = RsvgRectangle(x: rect.x, y: rect.y, width: rect.width, height: rect.height)
        var error: UnsafeMutablePointer<GError>?
        if rsvg_handle_render_document(storage.handle, cr, &viewport, &error) == 0 {
            return SVGImage.consume(error) ?? "rendering failed"
        }
        return nil
    }

    private static func consume(_ error: UnsafeMutablePointer<GError>?) -> String? {
        guard let error else { return nil }
        defer { g_error_free(error) }
        return error.pointee.message.map { String(cString: $0) }
    }
}

extension PDFCanvas {
    /// Draws `image` stretched to `rect` (keep the aspect ratio by choosing `rect`).
    public func image(_ image: RasterImage, in rect: Rect) {
        guard ensurePage(), rect.width > 0, rect.height > 0 else { return }
        cairo_save(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / image.pixelSize.width, rect.height / image.pixelSize.height)
        cairo_set_source_surface(cr, image.storage.surface, 0, 0)
        cairo_new_path(cr)
        cairo_rectangle(cr, 0, 0, image.pixelSize.width, image.pixelSize.height)
        cairo_clip(cr)
        cairo_paint(cr)
        cairo_restore(cr)
        check("image")
    }

    /// Draws `svg` as vector graphics fitted into `rect` (aspect ratio preserved, centred).
    public func svg(_ svg: SVGImage, in rect: Rect) {
        guard ensurePage(), rect.width > 0, rect.height > 0 else { return }
        cairo_save(cr)
        let message = svg.render(on: cr, in: rect)
        cairo_restore(cr)
        if let message { record(.invalidSVG(message)) }
        check("svg")
    }
}
