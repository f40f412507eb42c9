import Glibc

/// The job channel's framing: every message, both ways, is a 4-byte big-endian length and that
/// many bytes of UTF-8 JSON. Reads and writes wait at most until a deadline, so that a worker
/// that hangs or floods never holds the responder's thread past a block's time.
public enum Frame {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The deadline passed first.
        case timedOut
        /// The other end closed the channel (the worker ended).
        case closed
        /// A frame longer than allowed: the worker is not to be trusted further.
        case tooLarge(Int)
        case failed(Int32)

        public var description: String {
            switch self {
            case .timedOut: "timed out"
            case .closed: "the channel closed"
            case .tooLarge(let size): "a message of \(size) bytes is larger than allowed"
            case .failed(let code): String(cString: strerror(code))
            }
        }
    }

    public static func write(_ payload: [UInt8], to descriptor: Int32, deadline: ContinuousClock.Instant) throws(Failure) {
        let size = UInt32(payload.count)
        let header: [UInt8] = [UInt8(size >> 24), UInt8(size >> 16 & 0xff), UInt8(size >> 8 & 0xff), UInt8(size & 0xff)]
        try writeAll(header + payload, descriptor, deadline)
    }

    /// The next frame's payload; at most `limit` bytes.
    public static func read(from descriptor: Int32, limit: Int, deadline: ContinuousClock.Instant) throws(Failure) -> [UInt8] {
        let header = try readExactly(4, descriptor, deadline)
        let size = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        guard size <= limit else { throw .tooLarge(size) }
        return try readExactly(size, descriptor, deadline)
    }

    static func writeAll(_ bytes: [UInt8], _ descriptor: Int32, _ deadline: ContinuousClock.Instant) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            try wait(descriptor, Int16(POLLOUT), deadline)
            // MSG_NOSIGNAL: a worker that died gives EPIPE, not a SIGPIPE that ends the responder.
            let sent = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw errno == EPIPE || errno == ECONNRESET ? .closed : .failed(errno)
            }
            offset += sent
        }
    }

    static func readExactly(_ count: Int, _ descriptor: Int32, _ deadline: ContinuousClock.Instant) throws(Failure) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            try wait(descriptor, Int16(POLLIN), deadline)
            let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + offset, count - offset, Int32(MSG_DONTWAIT)) }
            if received == 0 { throw .closed }
            if received < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw errno == ECONNRESET ? .closed : .failed(errno)
            }
            offset += received
        }
        return buffer
    }

    /// Waits until `descriptor` is ready for `events`, or the deadline.
    static func wait(_ descriptor: Int32, _ events: Int16, _ deadline: ContinuousClock.Instant) throws(Failure) {
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { throw .timedOut }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return }  // readable, writable, or hung up: the read or write says which
            if ready < 0, errno != EINTR { throw .failed(errno) }
        }
    }
}
