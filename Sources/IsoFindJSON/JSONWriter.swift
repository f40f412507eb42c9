/// Serialises `JSONValue` to UTF-8, keys sorted so output is stable. Foundation's `JSONEncoder`
/// went through `Encodable` reflection and took half of the responder's CPU time on a template
/// listing; this writer appends bytes to one buffer and nothing else.
public enum JSONWriter {
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, into: &output)
        return output
    }

    public static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: output += [0x6E, 0x75, 0x6C, 0x6C]
        case .bool(true): output += [0x74, 0x72, 0x75, 0x65]
        case .bool(false): output += [0x66, 0x61, 0x6C, 0x73, 0x65]
        case .int(let integer): output.append(contentsOf: String(integer).utf8)
        case .double(let double):
            if double.isFinite, double.rounded() == double, abs(double) < 1e15 {
                output.append(contentsOf: String(Int64(double)).utf8)
                output += [0x2E, 0x30]  // keep it a float: "2.0"
            } else if double.isFinite {
                output.append(contentsOf: String(double).utf8)
            } else {
                output += [0x6E, 0x75, 0x6C, 0x6C]  // JSON has no NaN or infinity
            }
        case .string(let string): writeString(string, into: &output)
        case .serialized(let bytes): output += bytes
        case .array(let elements):
            output.append(0x5B)
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(0x2C) }
                write(element, into: &output)
            }
            output.append(0x5D)
        case .object(let fields):
            output.append(0x7B)
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { output.append(0x2C) }
                writeString(key, into: &output)
                output.append(0x3A)
                write(fields[key]!, into: &output)
            }
            output.append(0x7D)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(0x22)
        for byte in string.utf8 {
            switch byte {
            case 0x22: output += [0x5C, 0x22]
            case 0x5C: output += [0x5C, 0x5C]
            case 0x0A: output += [0x5C, 0x6E]
            case 0x0D: output += [0x5C, 0x72]
            case 0x09: output += [0x5C, 0x74]
            case 0x00..<0x20:
                output += [0x5C, 0x75, 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            default: output.append(byte)
            }
        }
        output.append(0x22)
    }
}
