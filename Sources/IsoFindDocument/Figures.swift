import IsoFindLayout
import IsoFindRender

/// A raster (PNG, JPEG) or vector (SVG) image scaled to the frame width, at most `maxHeight`
/// tall and a raster at no less than 96 dpi, with an optional caption. Never splits.
public final class Figure: Drawable {
    public enum Content {
        case raster(RasterImage)
        case vector(SVGImage)
    }

    let content: Content
    let caption: MeasuredText?
    let maxHeight: Double

    public init(_ content: Content, caption: String? = nil, maxHeight: Double = 360) {
        self.content = content
        self.caption = caption.map { MeasuredText(markup: $0, font: Theme.caption) }
        self.maxHeight = maxHeight
    }

    var intrinsic: Size {
        switch content {
        // A pixel is at most 1/96 inch: a small image is not blown up past what a screen shows.
        case .raster(let image): return Size(width: image.pixelSize.width * 0.75, height: image.pixelSize.height * 0.75)
        case .vector(let image): return image.intrinsicSize
        }
    }

    func imageSize(_ width: Double) -> Size {
        let natural = intrinsic
        guard natural.width > 0, natural.height > 0 else { return Size(width: width, height: 0) }
        var scale = min(width / natural.width, maxHeight / natural.height)
        if case .raster = content { scale = min(scale, 1) }
        return Size(width: natural.width * scale, height: natural.height * scale)
    }

    public func height(forWidth width: Double) -> Double {
        imageSize(width).height + (caption.map { $0.layout(width: width).size.height + 4 } ?? 0) + 10
    }

    public func draw(on canvas: PDFCanvas, in rect: Rect) {
        let size = imageSize(rect.width)
        let box = Rect(x: rect.x + (rect.width - size.width) / 2, y: rect.y, width: size.width, height: size.height)
        switch content {
        case .raster(let image): canvas.image(image, in: box)
        case .vector(let image): canvas.svg(image, in: box)
        }
        if let caption {
            canvas.text(caption.layout(width: rect.width), at: (rect.x, box.maxY + 4), color: Theme.muted)
        }
    }
}
