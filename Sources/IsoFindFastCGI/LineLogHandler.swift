import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Synchronization

/// One line per log event on stderr, as `key=value` pairs (logfmt), which journald stores and
/// `journalctl -o cat` shows as written. Under systemd (JOURNAL_STREAM set) each line starts with
/// the syslog priority `<N>` so journald records the level. Values are quoted when needed; the
/// service never logs tokens, keys or request bodies.
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let journald: Bool
    private static let output = Mutex<Void>(())

    public init(label: String, level: Logger.Level, journald: Bool) {
        self.label = label
        logLevel = level
        self.journald = journald
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = journald ? "<\(Self.priority(event.level))>" : "\(Timestamp.now()) "
        line += "level=\(event.level) msg=\(Self.quote(event.message.description))"
        let merged = metadata.isEmpty ? event.metadata ?? [:] : metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new })
        for key in merged.keys.sorted() {
            line += " \(key)=\(Self.quote("\(merged[key]!)"))"
        }
        line += "\n"
        Self.output.withLock { _ in
            var bytes = Array(line.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
                if written <= 0 { break }
                offset += written
            }
        }
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.utf8.contains { $0 <= 0x20 || $0 == 0x22 || $0 == 0x3D || $0 == 0x5C }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        return "\"\(escaped)\""
    }

    enum Timestamp {
        /// `2026-11-29T10:15:00.123Z`, from the C library: Foundation's formatters cost more than
        /// the rest of a log line.
        static func now() -> String {
            var time = timespec()
            clock_gettime(CLOCK_REALTIME, &time)
            var parts = tm()
            gmtime_r(&time.tv_sec, &parts)
            func pad(_ value: Int32, _ width: Int) -> String {
                let digits = String(value)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
                + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(time.tv_nsec / 1_000_000), 3))Z"
        }
    }
}
