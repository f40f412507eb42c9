// Reading PDFs back in tests with poppler-utils (pdftotext, pdfinfo, pdffonts, pdfimages,
// pdftoppm): one implementation for every test target that renders documents.
import Foundation

public enum Poppler {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `/usr/bin/<tool>` with `arguments` and returns stdout; throws on a non-zero exit.
    public static func run(_ tool: String, _ arguments: [String], in directory: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) \(arguments) exited \(process.terminationStatus): "
                + String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes `pdf` to a fresh temporary folder and calls `body` with the file and the folder.
    public static func withFile<T>(_ pdf: [UInt8], _ body: (URL, URL) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("doc.pdf")
        try Data(pdf).write(to: file)
        return try body(file, directory)
    }

    /// `tool arguments… file` on `pdf`, stdout returned.
    public static func run(_ tool: String, _ arguments: [String] = [], on pdf: [UInt8]) throws -> String {
        try withFile(pdf) { file, directory in try run(tool, arguments + [file.path], in: directory) }
    }

    /// `pdftotext` (UTF-8; `-layout` unless other `arguments` are given) of the whole document or
    /// of one page; pages end with a form feed.
    public static func text(_ pdf: [UInt8], _ arguments: [String] = ["-layout"], page: Int? = nil) throws -> String {
        let pages = page.map { ["-f", "\($0)", "-l", "\($0)"] } ?? []
        return try withFile(pdf) { file, directory in
            try run("pdftotext", arguments + ["-enc", "UTF-8"] + pages + [file.path, "-"], in: directory)
        }
    }

    /// Keeps `pdf` as `<name>.pdf` in the folder `ISOFIND_TEST_ARTEFACTS` names, when it is set,
    /// for a look at the pages (`pdftoppm -r 70 -png`). Does nothing otherwise.
    public static func keepForALook(_ pdf: [UInt8], name: String) {
        guard let folder = ProcessInfo.processInfo.environment["ISOFIND_TEST_ARTEFACTS"] else { return }
        try? Data(pdf).write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(name).pdf"))
    }

    /// `pdfinfo` as key → value.
    public static func info(_ pdf: [UInt8]) throws -> [String: String] {
        var result: [String: String] = [:]
        for line in try run("pdfinfo", on: pdf).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    /// A word from `pdftotext -bbox`, coordinates in points from the page's top-left corner.
    public struct Word: Equatable {
        public let text: String
        public let xMin, yMin, xMax, yMax: Double
    }

    /// Every word with its box, all pages together.
    public static func words(_ pdf: [UInt8]) throws -> [Word] {
        let html = try text(pdf, ["-bbox"])
        let pattern = try NSRegularExpression(
            pattern: #"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#)
        let ns = html as NSString
        return pattern.matches(in: html, range: NSRange(location: 0, length: ns.length)).map { m in
            func group(_ i: Int) -> String { ns.substring(with: m.range(at: i)) }
            return Word(text: group(5), xMin: Double(group(1))!, yMin: Double(group(2))!,
                        xMax: Double(group(3))!, yMax: Double(group(4))!)
        }
    }
}
