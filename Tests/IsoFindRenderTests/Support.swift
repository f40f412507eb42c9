// Helpers for the render tests: running poppler-utils on a PDF and searching its raw bytes.
import Foundation
import IsoFindRender
import PDFTestSupport

extension Poppler {
    struct FontRow: Equatable {
        let name: String
        let embedded: Bool
        let subset: Bool
        let unicode: Bool
    }

    /// `pdffonts` rows: the last five columns are emb, sub, uni, object, generation.
    static func fonts(_ pdf: [UInt8]) throws -> [FontRow] {
        let lines = try run("pdffonts", on: pdf).split(separator: "\n").dropFirst(2)
        return lines.map { line in
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            let n = columns.count
            return FontRow(name: String(columns[0]), embedded: columns[n - 5] == "yes",
                           subset: columns[n - 4] == "yes", unicode: columns[n - 3] == "yes")
        }
    }

    /// `pdfimages -list` rows as (page, width, height, encoding, object id).
    static func images(_ pdf: [UInt8]) throws -> [(page: Int, width: Int, height: Int, encoding: String, object: Int)] {
        let lines = try run("pdfimages", ["-list"], on: pdf).split(separator: "\n").dropFirst(2)
        return lines.map { line in
            let c = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            // page num type width height color comp bpc enc interp object ID …
            return (Int(c[0])!, Int(c[3])!, Int(c[4])!, c[8], Int(c[10])!)
        }
    }
}

extension Poppler {
    /// Renders page 1 at 72 dpi with pdftoppm and returns the RGB of pixel (x, y).
    static func pixel(_ pdf: [UInt8], x: Int, y: Int) throws -> (r: UInt8, g: UInt8, b: UInt8) {
        let ppm = try withFile(pdf) { file, directory in
            _ = try run("pdftoppm", ["-r", "72", "-f", "1", "-l", "1", "-singlefile", file.path,
                                     directory.appendingPathComponent("page").path], in: directory)
            return [UInt8](try Data(contentsOf: directory.appendingPathComponent("page.ppm")))
        }
        // P6\n<w> <h>\n255\n<rgb…>: skip three whitespace-terminated header tokens after "P6".
        var index = 0, tokens = 0, width = 0
        var current = ""
        while tokens < 4 {
            let ch = ppm[index]
            index += 1
            if ch == 0x20 || ch == 0x0A {
                if !current.isEmpty {
                    if tokens == 1 { width = Int(current)! }
                    tokens += 1
                    current = ""
                }
            } else {
                current.append(Character(Unicode.Scalar(ch)))
            }
        }
        let offset = index + (y * width + x) * 3
        return (ppm[offset], ppm[offset + 1], ppm[offset + 2])
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes.
    func contains(bytes needle: [UInt8]) -> Bool { firstRange(of: needle) != nil }

    /// Whether the ASCII/Latin-1 string occurs in these bytes.
    func contains(ascii needle: String) -> Bool { contains(bytes: Array(needle.utf8)) }

    /// Occurrences of `needle`.
    func count(ascii needle: String) -> Int {
        let n = Array(needle.utf8)
        var count = 0, start = startIndex
        while let r = self[start...].firstRange(of: n) {
            count += 1
            start = r.upperBound
        }
        return count
    }
}

/// A PDF text string as Cairo writes non-ASCII text: `<FEFF…>` UTF-16BE hex.
func pdfHexString(_ text: String) -> String {
    "<FEFF" + text.utf16.map { unit in
        let s = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - s.count) + s
    }.joined() + ">"
}

/// A 16 × 8 grey baseline JPEG (one component, two blocks, DC only), built by hand.
let tinyJPEG: [UInt8] = {
    var b: [UInt8] = [0xFF, 0xD8]
    b += [0xFF, 0xDB, 0x00, 0x43, 0x00] + [UInt8](repeating: 1, count: 64)          // DQT
    b += [0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00] // SOF0 8 high, 16 wide
    b += [0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01] + [UInt8](repeating: 0, count: 15) + [0x00] // DHT DC
    b += [0xFF, 0xC4, 0x00, 0x14, 0x10, 0x01] + [UInt8](repeating: 0, count: 15) + [0x00] // DHT AC
    b += [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]                     // SOS
    b += [0x0F, 0xFF, 0xD9]                                                                // 2 × (DC 0, EOB), EOI
    return b
}()

let sampleMetadata = PDFMetadata(
    title: "Rapport isotopique — δ¹³C", author: "Laboratoire d'Écologie (Lyon)", subject: "Isotope forensics",
    keywords: "isotopes, δ13C, δ15N", creator: "IsoFind Reports 0.1 (tests)", createdEpochSeconds: 1_700_000_000)

/// A word from `pdftotext -bbox` with its box.
typealias BoxedWord = Poppler.Word
