// The byte sink behind cairo_pdf_surface_create_for_stream and the C callbacks that feed it.
import CCairo

/// Collects what Cairo writes. Owned by one `PDFCanvas`; handed to Cairo as an unretained
/// pointer, so it must outlive the surface (the canvas destroys the surface first).
final class PDFByteSink {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(64 * 1024) }

    /// The `closure` argument for Cairo.
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Cairo's `cairo_write_func_t`: appends `length` bytes to the sink behind `closure`.
    static let write: cairo_write_func_t = { closure, data, length in
        guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<PDFByteSink>.fromOpaque(closure).takeUnretainedValue()
        if length > 0 {
            guard let data else { return CAIRO_STATUS_WRITE_ERROR }
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        }
        return CAIRO_STATUS_SUCCESS
    }
}

/// A read cursor over bytes in memory, for `cairo_image_surface_create_from_png_stream`.
final class ByteSource {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Cairo's `cairo_read_func_t`: fills exactly `length` bytes or fails.
    static let read: cairo_read_func_t = { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
        let source = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
        let count = Int(length)
        if count == 0 { return CAIRO_STATUS_SUCCESS }
        guard count <= source.bytes.count - source.offset else { return CAIRO_STATUS_READ_ERROR }
        source.bytes.withUnsafeBufferPointer { buffer in
            data.update(from: buffer.baseAddress! + source.offset, count: count)
        }
        source.offset += count
        return CAIRO_STATUS_SUCCESS
    }
}

/// Cairo's message for a status code.
func cairoStatusText(_ status: cairo_status_t) -> String {
    String(cString: cairo_status_to_string(status))
}
