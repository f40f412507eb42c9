/// A PDF file's cross-reference: where each object is, and the newest trailer. Reads classic
/// cross-reference tables (what Cairo writes, and what a signature appends), following `/Prev`
/// to the first revision; a newer revision's entry wins.
struct PDFFile {
    let bytes: [UInt8]
    /// The offset the last `startxref` names.
    let startXref: Int
    /// The newest trailer.
    let trailer: PDFDictionary
    /// Object number → (offset, generation), for objects in use.
    let objects: [Int: (offset: Int, generation: Int)]
    /// How many cross-reference sections (revisions) the file has.
    let revisions: Int

    init(_ bytes: [UInt8]) throws(PDFSyntaxError) {
        self.bytes = bytes
        startXref = try Self.lastStartXref(bytes)
        var objects: [Int: (offset: Int, generation: Int)] = [:]
        var trailer: PDFDictionary?
        var next: Int? = startXref
        var seen: Set<Int> = []
        var revisions = 0
        while let offset = next {
            guard seen.insert(offset).inserted, seen.count <= 1000 else {
                throw PDFSyntaxError("the cross-reference sections form a loop", at: offset)
            }
            let (entries, sectionTrailer) = try Self.section(bytes, at: offset)
            for (number, entry) in entries where objects[number] == nil { objects[number] = entry }
            trailer = trailer ?? sectionTrailer
            next = sectionTrailer["Prev"]?.integer
            revisions += 1
        }
        self.objects = objects.filter { $0.value.offset >= 0 }
        self.trailer = trailer ?? PDFDictionary()
        self.revisions = revisions
    }

    /// The number after the last `startxref`, looked for in the file's last 1 KiB.
    static func lastStartXref(_ bytes: [UInt8]) throws(PDFSyntaxError) -> Int {
        let keyword = Array("startxref".utf8)
        let tail = max(0, bytes.count - 1024)
        var index = bytes.count - keyword.count
        while index >= tail {
            if bytes[index] == keyword[0], bytes[index..<index + keyword.count].elementsEqual(keyword) {
                var parser = PDFParser(bytes, at: index + keyword.count)
                guard let offset = Int(parser.word()), offset >= 0, offset < bytes.count else {
                    throw PDFSyntaxError("startxref is not followed by an offset inside the file", at: index)
                }
                return offset
            }
            index -= 1
        }
        throw PDFSyntaxError("no startxref in the file's last 1 KiB: the file is not a complete PDF", at: bytes.count)
    }

    /// One `xref` table and the trailer after it. An entry freed (`f`) gets offset -1.
    static func section(_ bytes: [UInt8], at offset: Int) throws(PDFSyntaxError)
        -> (entries: [Int: (offset: Int, generation: Int)], trailer: PDFDictionary) {
        var parser = PDFParser(bytes, at: offset)
        let keyword = parser.word()
        guard keyword == "xref" else {
            if Int(keyword) != nil {
                throw PDFSyntaxError("the cross-reference is a stream (PDF 1.5 compressed form), which this reader does not follow", at: offset)
            }
            throw PDFSyntaxError("startxref does not point at a cross-reference table", at: offset)
        }
        var entries: [Int: (offset: Int, generation: Int)] = [:]
        let trailerKeyword = Array("trailer".utf8)
        while true {
            let mark = parser.position
            parser.skipSpace()
            if parser.isAt(trailerKeyword) {
                parser.position += trailerKeyword.count
                break
            }
            // Each entry takes at least 18 bytes: a count the rest of the file cannot hold is a lie.
            guard let start = parser.unsignedInteger(), let count = parser.unsignedInteger(),
                  count <= (bytes.count - parser.position) / 18 + 1 else {
                throw PDFSyntaxError("malformed cross-reference subsection", at: mark)
            }
            for number in start..<start + count {
                let entryStart = parser.position
                guard let location = parser.unsignedInteger(), let generation = parser.unsignedInteger() else {
                    throw PDFSyntaxError("malformed cross-reference entry", at: entryStart)
                }
                parser.skipSpace()
                switch parser.position < bytes.count ? bytes[parser.position] : 0 {
                case UInt8(ascii: "n"): entries[number] = (location, generation)
                case UInt8(ascii: "f"): entries[number] = (-1, generation)
                default: throw PDFSyntaxError("malformed cross-reference entry", at: entryStart)
                }
                parser.position += 1
            }
        }
        guard case .dictionary(let trailer) = try parser.value() else { throw PDFSyntaxError("the trailer is not a dictionary", at: parser.position) }
        return (entries, trailer)
    }

    /// The value of object `number`.
    func object(_ number: Int) throws(PDFSyntaxError) -> PDFValue {
        guard let entry = objects[number], entry.offset < bytes.count else {
            throw PDFSyntaxError("object \(number) is not in the cross-reference table", at: startXref)
        }
        var parser = PDFParser(bytes, at: entry.offset)
        return try parser.indirectObject(number)
    }

    /// `value`, or the object it refers to.
    func resolve(_ value: PDFValue?) throws(PDFSyntaxError) -> PDFValue? {
        if case .reference(let number, _)? = value { return try object(number) }
        return value
    }

    /// The dictionary `value` is or refers to.
    func dictionary(_ value: PDFValue?, _ what: String) throws(PDFSyntaxError) -> PDFDictionary {
        guard let dictionary = try resolve(value)?.dictionary else { throw PDFSyntaxError("\(what) is not a dictionary", at: startXref) }
        return dictionary
    }
}
