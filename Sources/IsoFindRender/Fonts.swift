// Font set-up and queries on the thread's PangoCairo font map.
import CCairo

public enum Fonts {
    /// Pays fontconfig's and the font map's first-use cost (~16 ms) by rendering a tiny
    /// document. Font maps are per thread: call it once on each worker thread at start.
    public static func warmUp() {
        guard let canvas = try? PDFCanvas(pageSize: Size(width: 100, height: 100), metadata: PDFMetadata()) else { return }
        canvas.beginPage()
        let regular = TextLayout(text: "Warm-up δ¹³C ‰ ± ≤ é", font: FontSpec(size: 10), width: 90)
        let bold = TextLayout(text: "Warm-up", font: FontSpec(size: 10, weight: .bold, italic: true), width: nil)
        canvas.text(regular, at: (x: 5, y: 5))
        canvas.text(bold, at: (x: 5, y: 50))
        _ = try? canvas.finish()
    }

    /// The font families the thread's font map knows, sorted.
    public static func families() -> [String] {
        let fontMap = pango_cairo_font_map_get_default()
        var list: UnsafeMutablePointer<UnsafeMutablePointer<PangoFontFamily>?>?
        var count: Int32 = 0
        pango_font_map_list_families(fontMap, &list, &count)
        guard let list else { return [] }
        defer { g_free(list) }
        var names: [String] = []
        for i in 0..<Int(count) {
            if let family = list[i], let name = pango_font_family_get_name(family) {
                names.append(String(cString: name))
            }
        }
        return names.sorted()
    }

    /// Whether an installed family has exactly this name (case-insensitive, no fallback).
    public static func isAvailable(family: String) -> Bool {
        let wanted = family.lowercased()
        return families().contains { $0.lowercased() == wanted }
    }

    /// Characters of `text` that no installed font can show with `font` (fallback included).
    public static func unknownGlyphsCount(in text: String, font: FontSpec = FontSpec(size: 10)) -> Int {
        TextLayout(text: text, font: font, width: nil).unknownGlyphsCount
    }
}
