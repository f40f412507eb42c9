/// The syntax of a block key, built-in or custom: a lower-case letter, then 2–49 lower-case
/// letters, digits or underscores (`api.md`, custom blocks).
public enum BlockKey {
    public static let pattern = "^[a-z][a-z0-9_]{2,49}$"

    public static func isWellFormed(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard (3...50).contains(bytes.count), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }
}
