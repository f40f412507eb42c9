/// The few PDF objects a signature touches, read and written exactly (ISO 32000-1, 7.2–7.3):
/// enough to copy a catalogue and a page dictionary, read a trailer and a signature dictionary.
/// Streams are never parsed: nothing here needs their content.
enum PDFValue: Equatable {
    case null
    case boolean(Bool)
    case integer(Int)
    /// A real number, kept as written.
    case real(String)
    /// A name without its slash, kept as written (with any #xx escapes).
    case name(String)
    /// A literal string's bytes (escapes decoded).
    case string([UInt8])
    /// A hexadecimal string's bytes (decoded).
    case hexString([UInt8])
    case array([PDFValue])
    case dictionary(PDFDictionary)
    case reference(number: Int, generation: Int)

    var integer: Int? { if case .integer(let value) = self { value } else { nil } }
    var name: String? { if case .name(let value) = self { value } else { nil } }
    var array: [PDFValue]? { if case .array(let value) = self { value } else { nil } }
    var dictionary: PDFDictionary? { if case .dictionary(let value) = self { value } else { nil } }
    var reference: Int? { if case .reference(let number, _) = self { number } else { nil } }
    /// A literal or hexadecimal string's bytes.
    var stringBytes: [UInt8]? {
        switch self {
        case .string(let bytes), .hexString(let bytes): bytes
        default: nil
        }
    }
}

/// A dictionary, its entries in the order they were written. Read from a file, each entry also
/// knows the byte range its value occupied (the signature's `/Contents` hole is checked so).
struct PDFDictionary: Equatable {
    struct Entry: Equatable {
        var key: String
        var value: PDFValue
        /// Where the value was in the bytes it was read from; nil when made here.
        var span: Range<Int>?
    }

    var entries: [Entry] = []

    init(_ pairs: KeyValuePairs<String, PDFValue> = [:]) {
        entries = pairs.map { Entry(key: $0.key, value: $0.value, span: nil) }
    }

    subscript(key: String) -> PDFValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index] = Entry(key: key, value: newValue, span: nil) } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(Entry(key: key, value: newValue, span: nil))
            }
        }
    }

    func span(of key: String) -> Range<Int>? { entries.first { $0.key == key }?.span }
}

struct PDFSyntaxError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String, at offset: Int) { self.description = "\(description) at byte \(offset)" }
}

/// Reads PDF objects from bytes, from a position.
struct PDFParser {
    let bytes: [UInt8]
    var position: Int

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0 || byte == 9 || byte == 10 || byte == 12 || byte == 13 || byte == 32
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"): true
        default: false
        }
    }

    var atEnd: Bool { position >= bytes.count }

    /// Skips white space and comments.
    mutating func skipSpace() {
        while position < bytes.count {
            if Self.isWhitespace(bytes[position]) {
                position += 1
            } else if bytes[position] == UInt8(ascii: "%") {
                while position < bytes.count, bytes[position] != 10, bytes[position] != 13 { position += 1 }
            } else {
                return
            }
        }
    }

    /// A run of regular characters (a number or a keyword), after white space.
    mutating func word() -> String {
        skipSpace()
        let start = position
        while position < bytes.count, !Self.isWhitespace(bytes[position]), !Self.isDelimiter(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// A non-negative integer written in decimal, after white space; nil (and the position
    /// unchanged) when the next token is not one. Reads the bytes directly: the cross-reference
    /// table has three numbers per object.
    mutating func unsignedInteger() -> Int? {
        skipSpace()
        var end = position
        var value = 0
        while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9"), end - position < 18 {
            value = value * 10 + Int(bytes[end] - UInt8(ascii: "0"))
            end += 1
        }
        guard end > position, end == bytes.count || Self.isWhitespace(bytes[end]) || Self.isDelimiter(bytes[end]) else { return nil }
        position = end
        return value
    }

    /// Whether the bytes at the position are `keyword`, followed by a delimiter or white space.
    func isAt(_ keyword: [UInt8]) -> Bool {
        let end = position + keyword.count
        guard end <= bytes.count, bytes[position..<end].elementsEqual(keyword) else { return false }
        return end == bytes.count || Self.isWhitespace(bytes[end]) || Self.isDelimiter(bytes[end])
    }

    /// Expects the keyword `keyword` next.
    mutating func expect(_ keyword: String) throws(PDFSyntaxError) {
        let start = position
        guard word() == keyword else { throw PDFSyntaxError("expected '\(keyword)'", at: start) }
    }

    /// `number generation obj`, then the object's value.
    mutating func indirectObject(_ number: Int) throws(PDFSyntaxError) -> PDFValue {
        let start = position
        guard Int(word()) == number, Int(word()) != nil, word() == "obj" else {
            throw PDFSyntaxError("object \(number) is not where the cross-reference table says", at: start)
        }
        return try value()
    }

    mutating func value(depth: Int = 0) throws(PDFSyntaxError) -> PDFValue {
        guard depth < 64 else { throw PDFSyntaxError("objects nested too deeply", at: position) }
        skipSpace()
        guard position < bytes.count else { throw PDFSyntaxError("unexpected end of file", at: position) }
        let start = position
        switch bytes[position] {
        case UInt8(ascii: "/"):
            position += 1
            let nameStart = position
            while position < bytes.count, !Self.isWhitespace(bytes[position]), !Self.isDelimiter(bytes[position]) { position += 1 }
            return .name(String(decoding: bytes[nameStart..<position], as: UTF8.self))
        case UInt8(ascii: "("):
            return .string(try literalString())
        case UInt8(ascii: "<"):
            if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "<") {
                return .dictionary(try dictionary(depth: depth))
            }
            return .hexString(try hexString())
        case UInt8(ascii: "["):
            position += 1
            var items: [PDFValue] = []
            while true {
                skipSpace()
                guard position < bytes.count else { throw PDFSyntaxError("unterminated array", at: start) }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                items.append(try value(depth: depth + 1))
            }
        default:
            let token = word()
            switch token {
            case "null": return .null
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "": throw PDFSyntaxError("unexpected '\(Character(Unicode.Scalar(bytes[position])))'", at: position)
            default: break
            }
            if let integer = Int(token) {
                // `n g R` is a reference: look ahead, and step back when it is not one.
                let after = position
                if integer >= 0, let generation = Int(word()), generation >= 0, word() == "R" {
                    return .reference(number: integer, generation: generation)
                }
                position = after
                return .integer(integer)
            }
            if token.allSatisfy({ "0123456789.+-".contains($0) }), token.contains(where: \.isNumber) {
                return .real(token)
            }
            throw PDFSyntaxError("unexpected keyword '\(token.prefix(32))'", at: start)
        }
    }

    mutating func dictionary(depth: Int) throws(PDFSyntaxError) -> PDFDictionary {
        let start = position
        position += 2
        var dictionary = PDFDictionary()
        while true {
            skipSpace()
            guard position + 1 < bytes.count else { throw PDFSyntaxError("unterminated dictionary", at: start) }
            if bytes[position] == UInt8(ascii: ">"), bytes[position + 1] == UInt8(ascii: ">") {
                position += 2
                return dictionary
            }
            guard case .name(let key) = try value(depth: depth + 1) else {
                throw PDFSyntaxError("a dictionary key must be a name", at: position)
            }
            skipSpace()
            let valueStart = position
            let item = try value(depth: depth + 1)
            dictionary.entries.append(.init(key: key, value: item, span: valueStart..<position))
        }
    }

    mutating func literalString() throws(PDFSyntaxError) -> [UInt8] {
        let start = position
        position += 1
        var result: [UInt8] = []
        var depth = 1
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "("):
                depth += 1
                result.append(byte)
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return result }
                result.append(byte)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { break }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): result.append(10)
                case UInt8(ascii: "r"): result.append(13)
                case UInt8(ascii: "t"): result.append(9)
                case UInt8(ascii: "b"): result.append(8)
                case UInt8(ascii: "f"): result.append(12)
                case 13: if position < bytes.count, bytes[position] == 10 { position += 1 }  // line continuation
                case 10: break
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var code = Int(escaped - UInt8(ascii: "0"))
                    for _ in 0..<2 where position < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[position]) {
                        code = code * 8 + Int(bytes[position] - UInt8(ascii: "0"))
                        position += 1
                    }
                    result.append(UInt8(truncatingIfNeeded: code))
                default: result.append(escaped)
                }
            default:
                result.append(byte)
            }
        }
        throw PDFSyntaxError("unterminated string", at: start)
    }

    mutating func hexString() throws(PDFSyntaxError) -> [UInt8] {
        let start = position
        position += 1
        var result: [UInt8] = []
        var high: UInt8?
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: ">") {
                if let high { result.append(high << 4) }
                return result
            }
            if Self.isWhitespace(byte) { continue }
            guard let nibble = Self.hexValue(byte) else { throw PDFSyntaxError("not a hexadecimal digit in a string", at: position - 1) }
            if let value = high {
                result.append(value << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        throw PDFSyntaxError("unterminated hexadecimal string", at: start)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Writes PDF objects.
extension PDFValue {
    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .boolean(let value): out += Array((value ? "true" : "false").utf8)
        case .integer(let value): out += Array(String(value).utf8)
        case .real(let text): out += Array(text.utf8)
        case .name(let name): out.append(UInt8(ascii: "/")); out += Array(name.utf8)
        case .string(let bytes):
            out.append(UInt8(ascii: "("))
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
                case 13: out += Array("\\r".utf8)  // a raw CR would be read back as a line end
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: ")"))
        case .hexString(let bytes):
            out.append(UInt8(ascii: "<"))
            out += Hex.encode(bytes)
            out.append(UInt8(ascii: ">"))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(32) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            out += Array("<<".utf8)
            for entry in dictionary.entries {
                out += [32, UInt8(ascii: "/")] + Array(entry.key.utf8) + [32]
                entry.value.write(to: &out)
            }
            out += Array(" >>".utf8)
        case .reference(let number, let generation): out += Array("\(number) \(generation) R".utf8)
        }
    }

    /// A text string: PDFDocEncoding's ASCII subset as is, anything else as UTF-16BE with BOM.
    static func text(_ text: String) -> PDFValue {
        if text.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) { return .string(Array(text.utf8)) }
        return .string([0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
    }

    /// The reverse of `text`, for reading back what a signature dictionary says.
    static func decodeText(_ bytes: [UInt8]) -> String {
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            let units = stride(from: 2, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            return String(decoding: units, as: UTF16.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

enum Hex {
    static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }
}
