// Colours, dates and paths: the plain values of the render module.
import IsoFindRender
import Testing

@Suite("Values")
struct ValueTests {
    @Test func hexColours() {
        #expect(Color(hex: "#1F4E79") == Color(red: 31 / 255, green: 78 / 255, blue: 121 / 255))
        #expect(Color(hex: "1f4e79") == Color(hex: "#1F4E79"))
        #expect(Color(hex: "#fff") == .white)
        #expect(Color(hex: "#00000080")?.alpha == 128.0 / 255)
        for bad in ["", "#", "#12", "#12345", "#GGGGGG", "#1234567", "red", "# 123456"] {
            #expect(Color(hex: bad) == nil, "\(bad)")
        }
        #expect(Color(hex: "#1F4E79")?.hexString == "#1F4E79")
        #expect(Color(hex: "#1F4E7980")?.hexString == "#1F4E7980")
    }

    @Test func iso8601Dates() {
        #expect(PDFMetadata.iso8601(epochSeconds: 0) == "1970-01-01T00:00:00Z")
        #expect(PDFMetadata.iso8601(epochSeconds: 1_700_000_000) == "2023-11-14T22:13:20Z")
        #expect(PDFMetadata.iso8601(epochSeconds: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(PDFMetadata.iso8601(epochSeconds: 4_102_444_799) == "2099-12-31T23:59:59Z")
        #expect(PDFMetadata.iso8601(epochSeconds: -1) == "1969-12-31T23:59:59Z")
    }

    @Test func sourceDateEpochParsing() {
        #expect(PDFMetadata.parseSourceDateEpoch("1700000000") == 1_700_000_000)
        #expect(PDFMetadata.parseSourceDateEpoch(" 42\n") == 42)
        #expect(PDFMetadata.parseSourceDateEpoch("-5") == nil)
        #expect(PDFMetadata.parseSourceDateEpoch("12a") == nil)
        #expect(PDFMetadata.parseSourceDateEpoch("") == nil)
    }

    @Test func pathBuilders() {
        let polygon = Path.polygon([(0, 0), (10, 0), (5, 5)])
        #expect(polygon.elements == [.move(x: 0, y: 0), .line(x: 10, y: 0), .line(x: 5, y: 5), .close])
        #expect(Path.polyline([]).isEmpty)
        #expect(Path.circle(center: 1, 2, radius: 3).elements.count == 3)
    }
}
