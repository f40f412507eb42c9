/// Writes JSON straight into one byte buffer, fields in the order they are written: for large
/// documents made from typed values (a report's samples for its custom blocks), where a
/// `JSONValue` tree would cost an allocation per value and a key sort per object.
///
///     var json = JSONStream()
///     json.object {
///         $0.field("name", "Well 4")
///         $0.field("depth_m", 12.5)
///         $0.array("tags") { $0.value("raw") }
///     }
///     json.bytes  // {"name":"Well 4","depth_m":12.5,"tags":["raw"]}
///
/// Scalars are written exactly as `JSONWriter` writes them (optionals as null, non-finite
/// numbers as null, integral doubles as `2.0`), so both writers' output parses to the same value.
public struct JSONStream {
    public private(set) var bytes: [UInt8] = []
    /// Whether the container being written already has an element (a comma goes first).
    private var started = false

    public init(reservingCapacity capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: Containers

    public mutating func object(_ body: (inout JSONStream) -> Void) {
        separate()
        container(open: 0x7B, close: 0x7D, body)
    }

    public mutating func array(_ body: (inout JSONStream) -> Void) {
        separate()
        container(open: 0x5B, close: 0x5D, body)
    }

    /// An array of `elements`, each written by `body`.
    public mutating func array<S: Sequence>(_ elements: S, _ body: (inout JSONStream, S.Element) -> Void) {
        array { stream in
            for element in elements { body(&stream, element) }
        }
    }

    /// An object as a field of the enclosing object.
    public mutating func object(_ key: String, _ body: (inout JSONStream) -> Void) {
        self.key(key)
        container(open: 0x7B, close: 0x7D, body)
    }

    /// An array as a field of the enclosing object.
    public mutating func array(_ key: String, _ body: (inout JSONStream) -> Void) {
        self.key(key)
        container(open: 0x5B, close: 0x5D, body)
    }

    /// An array of `elements` as a field of the enclosing object.
    public mutating func array<S: Sequence>(_ key: String, _ elements: S, _ body: (inout JSONStream, S.Element) -> Void) {
        array(key) { stream in
            for element in elements { body(&stream, element) }
        }
    }

    // MARK: Fields of an object (optionals as null)

    public mutating func field(_ key: String, _ value: String?) { field(key, JSONValue(value)) }
    public mutating func field(_ key: String, _ value: Double?) { field(key, JSONValue(value)) }
    public mutating func field(_ key: String, _ value: Int?) { field(key, JSONValue(value)) }
    public mutating func field(_ key: String, _ value: Bool?) { field(key, JSONValue(value)) }

    /// Any `JSONValue` (written by `JSONWriter`) as a field.
    public mutating func field(_ key: String, _ value: JSONValue) {
        self.key(key)
        JSONWriter.write(value, into: &bytes)
    }

    // MARK: Elements of an array

    public mutating func value(_ value: JSONValue) {
        separate()
        JSONWriter.write(value, into: &bytes)
    }

    public mutating func value(_ value: String) {
        separate()
        JSONWriter.writeString(value, into: &bytes)
    }

    // MARK: -

    private mutating func key(_ key: String) {
        separate()
        JSONWriter.writeString(key, into: &bytes)
        bytes.append(0x3A)
    }

    private mutating func separate() {
        if started { bytes.append(0x2C) }
        started = true
    }

    /// A container's brackets around what `body` writes; the caller has written the separator
    /// or the key before it.
    private mutating func container(open: UInt8, close: UInt8, _ body: (inout JSONStream) -> Void) {
        bytes.append(open)
        started = false
        body(&self)
        bytes.append(close)
        started = true  // the enclosing container now has this element
    }
}
