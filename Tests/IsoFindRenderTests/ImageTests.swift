// PNG, JPEG and SVG on the canvas: sizes, embedding (pdfimages, raw bytes) and what gets drawn.
import CCairo
import IsoFindRender
import PDFTestSupport
import Testing

/// A `width` × `height` PNG of one colour, encoded by Cairo.
func makePNG(width: Int32, height: Int32, red: Double, green: Double, blue: Double) -> [UInt8] {
    final class Buffer { var bytes: [UInt8] = [] }
    let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height)
    let cr = cairo_create(surface)
    cairo_set_source_rgb(cr, red, green, blue)
    cairo_paint(cr)
    cairo_destroy(cr)
    let buffer = Buffer()
    let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
        let buffer = Unmanaged<Buffer>.fromOpaque(closure!).takeUnretainedValue()
        buffer.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }, Unmanaged.passUnretained(buffer).toOpaque())
    cairo_surface_destroy(surface)
    precondition(status == CAIRO_STATUS_SUCCESS)
    return buffer.bytes
}

let redAndBlueSVG = """
    <svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">
      <rect width="40" height="20" fill="#ff0000"/>
      <circle cx="20" cy="10" r="6" fill="#0000ff"/>
    </svg>
    """

@Suite("Images")
struct ImageTests {
    private func document(_ draw: (PDFCanvas) throws -> Void) throws -> [UInt8] {
        let canvas = try PDFCanvas(metadata: PDFMetadata())
        canvas.beginPage()
        try draw(canvas)
        return try canvas.finish()
    }

    @Test func pngIsDecodedAndDrawn() throws {
        let image = try RasterImage(png: makePNG(width: 20, height: 10, red: 1, green: 0, blue: 0))
        #expect(image.pixelSize == Size(width: 20, height: 10))
        #expect(image.kind == .png)
        let pdf = try document { $0.image(image, in: Rect(x: 100, y: 100, width: 40, height: 20)) }
        let images = try Poppler.images(pdf)
        #expect(images.count == 1)
        #expect(images.first.map { [$0.width, $0.height] } == [20, 10])
        #expect(images.first?.encoding == "image")
        let p = try Poppler.pixel(pdf, x: 120, y: 110)
        #expect(p.r > 240 && p.g < 15 && p.b < 15, "\(p)")
        let outside = try Poppler.pixel(pdf, x: 150, y: 110)
        #expect(outside.r > 240 && outside.g > 240 && outside.b > 240, "\(outside)")
    }

    @Test func jpegBytesAreEmbeddedUntouched() throws {
        let image = try RasterImage(jpeg: tinyJPEG)
        #expect(image.pixelSize == Size(width: 16, height: 8))
        #expect(image.kind == .jpeg)
        let pdf = try document { $0.image(image, in: Rect(x: 100, y: 100, width: 160, height: 80)) }
        #expect(pdf.contains(bytes: tinyJPEG))
        #expect(pdf.contains(ascii: "/Filter /DCTDecode"))
        let images = try Poppler.images(pdf)
        #expect(images.count == 1)
        #expect(images.first?.encoding == "jpeg")
        #expect(images.first.map { [$0.width, $0.height] } == [16, 8])
        let p = try Poppler.pixel(pdf, x: 180, y: 140)   // the JPEG is mid-grey
        #expect(abs(Int(p.r) - 128) < 8 && p.r == p.g && p.g == p.b, "\(p)")
    }

    @Test func theSameImageOnEveryPageIsEmbeddedOnce() throws {
        let logo = try RasterImage(png: makePNG(width: 8, height: 8, red: 0, green: 0.5, blue: 0))
        let canvas = try PDFCanvas(metadata: PDFMetadata())
        for _ in 0..<3 {
            canvas.beginPage()
            canvas.image(logo, in: Rect(x: 20, y: 20, width: 16, height: 16))
        }
        let images = try Poppler.images(try canvas.finish())
        #expect(images.map(\.page) == [1, 2, 3])
        #expect(Set(images.map(\.object)).count == 1)
    }

    @Test func svgStaysVector() throws {
        let svg = try SVGImage(data: Array(redAndBlueSVG.utf8))
        #expect(svg.intrinsicSize == Size(width: 40, height: 20))
        let pdf = try document { $0.svg(svg, in: Rect(x: 100, y: 100, width: 80, height: 40)) }
        #expect(try Poppler.images(pdf).isEmpty)
        #expect(!pdf.contains(ascii: "/Subtype /Image"))
        let red = try Poppler.pixel(pdf, x: 105, y: 105)
        #expect(red.r > 240 && red.g < 15 && red.b < 15, "\(red)")
        let blue = try Poppler.pixel(pdf, x: 140, y: 120)
        #expect(blue.b > 240 && blue.r < 15 && blue.g < 15, "\(blue)")
    }

    @Test func svgWithOnlyAViewBoxUsesItsSize() throws {
        let svg = try SVGImage(data: Array(#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><path d="M0 0L300 100"/></svg>"#.utf8))
        #expect(svg.intrinsicSize == Size(width: 300, height: 100))
    }

    @Test func invalidImagesThrow() {
        #expect(throws: RenderError.self) { try RasterImage(png: [1, 2, 3]) }
        #expect(throws: RenderError.self) { try RasterImage(png: tinyJPEG) }
        #expect(throws: RenderError.self) { try RasterImage(jpeg: [0xFF, 0xD8, 0xFF, 0xD9]) }
        #expect(throws: RenderError.self) { try RasterImage(jpeg: Array(tinyJPEG.prefix(80))) }
        #expect(throws: RenderError.self) { try RasterImage(jpeg: makePNG(width: 2, height: 2, red: 0, green: 0, blue: 0)) }
        #expect(throws: RenderError.self) { try SVGImage(data: Array("<svg><rect".utf8)) }
        #expect(throws: RenderError.self) { try SVGImage(data: Array("not xml at all".utf8)) }
        #expect(throws: RenderError.self) { try SVGImage(data: Array(#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.utf8)) }
        #expect(throws: RenderError.self) { try SVGImage(data: []) }
    }
}
