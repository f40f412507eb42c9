import CFcgi
import Foundation
import IsoFindAPI
import IsoFindDomain
import IsoFindThreads
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The FastCGI responder: libfcgi with N OS threads, each looping on `FCGX_Accept_r`.
///
/// libfcgi does not multiplex: one nginx connection per request in flight, so the thread count is
/// the number of requests served at once. Shutdown follows platform-notes A2: SIGTERM and SIGINT
/// are blocked in every thread and awaited with `sigwait`; idle acceptors are woken with SIGUSR2
/// (a no-op handler without SA_RESTART) and stop; busy workers finish their request first.
public final class FastCGIServer: Sendable {
    public enum Listen: Sendable, Equatable {
        /// The socket systemd (`StandardInput=socket`) or spawn-fcgi hands over on fd 0.
        case inherited
        /// A Unix socket this process creates, with these permission bits.
        case unixSocket(path: String, mode: UInt16)
    }

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    let listen: Listen
    /// Requests served at once.
    public let threadCount: Int
    let application: any HTTPResponder
    let logger: Logger
    /// Bodies above this are refused with 413 without being read (nginx's limit is lower).
    let maxBodyBytes: Int
    private let stopping = Atomic<Bool>(false)
    private let workers = Mutex<[WorkerSlot]>([])

    struct WorkerSlot {
        var thread: pthread_t
        var idle: Bool
        var finished: Bool
    }

    public init(listen: Listen, threads: Int, application: any HTTPResponder, logger: Logger, maxBodyBytes: Int = 64 << 20) {
        self.listen = listen
        threadCount = max(1, threads)
        self.application = application
        self.logger = logger
        self.maxBodyBytes = maxBodyBytes
    }

    /// Serves until SIGTERM or SIGINT, then drains and returns. `onListening` runs once every
    /// worker thread is accepting.
    public func run(onListening: () -> Void = {}) throws {
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        // Blocked here, inherited by every thread created below: only sigwait sees them.
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        installWakeHandler()
        signal(SIGPIPE, SIG_IGN)

        guard FCGX_Init() == 0 else { throw StartError(description: "FCGX_Init failed") }
        let listenFD = try openListener()
        logger.notice("listening", metadata: ["socket": "\(listen == .inherited ? "fd 0 (inherited)" : describe(listen))",
                                              "threads": "\(threadCount)"])

        // Every slot exists before any worker runs; each thread id is filled in once known, and
        // before the shutdown path can read it (that waits for the stop signal).
        workers.withLock { $0 = Array(repeating: WorkerSlot(thread: pthread_t(), idle: false, finished: false), count: threadCount) }
        for index in 0..<threadCount {
            let thread = try spawn { [self] in self.workerLoop(index: index, listenFD: listenFD) }
            workers.withLock { $0[index].thread = thread }
        }
        onListening()

        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        logger.notice("stopping", metadata: ["signal": "\(received == SIGTERM ? "SIGTERM" : "SIGINT")"])
        stopping.store(true, ordering: .releasing)
        FCGX_ShutdownPending()
        // Wake idle acceptors until every worker has left its loop; busy ones stop after their request.
        while !workers.withLock({ $0.allSatisfy(\.finished) }) {
            workers.withLock { slots in
                for slot in slots where slot.idle && !slot.finished { pthread_kill(slot.thread, SIGUSR2) }
            }
            usleep(20_000)
        }
        for slot in workers.withLock({ $0 }) { pthread_join(slot.thread, nil) }
        if case .unixSocket(let path, _) = listen { unlink(path) }
        logger.notice("stopped")
    }

    private func describe(_ listen: Listen) -> String {
        switch listen {
        case .inherited: return "fd 0"
        case .unixSocket(let path, let mode): return "\(path) (mode \(String(mode, radix: 8)))"
        }
    }

    private func openListener() throws -> Int32 {
        switch listen {
        case .inherited:
            guard FCGX_IsCGI() == 0 else {
                throw StartError(description: "standard input is not a listening socket: start under systemd (StandardInput=socket) or spawn-fcgi, or pass --socket PATH")
            }
            return 0
        case .unixSocket(let path, let mode):
            unlink(path)
            let fd = FCGX_OpenSocket(path, 128)
            guard fd >= 0 else { throw StartError(description: "cannot listen on \(path): \(String(cString: strerror(errno)))") }
            guard chmod(path, mode_t(mode)) == 0 else {
                throw StartError(description: "cannot set mode \(String(mode, radix: 8)) on \(path): \(String(cString: strerror(errno)))")
            }
            return fd
        }
    }

    private func installWakeHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: accept() must return EINTR
        sigaction(SIGUSR2, &action, nil)
    }

    private func setIdle(_ index: Int, _ idle: Bool) {
        workers.withLock { $0[index].idle = idle }
    }

    private func workerLoop(index: Int, listenFD: Int32) {
        let request = UnsafeMutablePointer<FCGX_Request>.allocate(capacity: 1)
        defer {
            FCGX_Free(request, 0)
            request.deallocate()
            workers.withLock { $0[index].finished = true }
        }
        FCGX_InitRequest(request, listenFD, FCGI_FAIL_ACCEPT_ON_INTR)
        while !stopping.load(ordering: .acquiring) {
            setIdle(index, true)
            let accepted = FCGX_Accept_r(request)
            setIdle(index, false)
            if accepted < 0 {
                if stopping.load(ordering: .acquiring) { break }
                continue  // interrupted, or the connection failed before a request was read
            }
            serve(request)
            FCGX_Finish_r(request)
        }
    }

    // MARK: - One request

    private func serve(_ fcgi: UnsafeMutablePointer<FCGX_Request>) {
        let started = ContinuousClock.now
        let params = Self.parameters(fcgi.pointee.envp)
        let gatewayRequestID = params["REQUEST_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let requestID = gatewayRequestID ?? Self.newRequestID()
        let method = params["REQUEST_METHOD"] ?? "GET"
        let path = params["DOCUMENT_URI"] ?? Self.path(of: params["REQUEST_URI"] ?? "/")
        var response: Response
        var request: Request?
        // The auth subrequest never carries a body (fastcgi_pass_request_body off).
        switch readBody(fcgi, declared: path == GatewayPaths.authorization ? nil : params["CONTENT_LENGTH"]) {
        case .success(let body):
            let built = Self.request(params: params, method: method, path: path, body: body, requestID: requestID)
            request = built
            response = application.respond(to: built, requestID: requestID)
        case .failure(let refusal):
            response = refusal.response
        }
        // nginx adds its own `$request_id` header to every answer; without nginx, this one tells it.
        if gatewayRequestID == nil { response.headers.append(("X-Request-Id", requestID)) }
        write(response, method: method, to: fcgi)

        // Auth subrequests (one per authenticated API call) are logged at debug level only; the
        // line is not even built unless that level is on.
        let isAuth = path == GatewayPaths.authorization
        guard logger.logLevel <= (isAuth ? .debug : .info) else { return }
        let elapsed = (ContinuousClock.now - started).components
        let microseconds = elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000
        var metadata: Logger.Metadata = [
            "method": "\(method)", "path": "\(path)", "status": "\(response.status)",
            "duration_ms": "\(microseconds / 1000).\(String(microseconds % 1000 / 10 + 100).dropFirst())",
            "token": "\(request?.identity.subject ?? "anonymous")", "request_id": "\(requestID)",
        ]
        for (key, value) in response.logFields { metadata[key] = "\(value)" }
        if isAuth {
            metadata["for"] = "\(params["X_ORIGINAL_METHOD"] ?? "") \(Self.withoutQuery(params["X_ORIGINAL_URI"] ?? ""))"
            metadata["token"] = "\(response.header("X-Auth-Subject") ?? "-")"
            logger.debug("auth", metadata: metadata)
        } else {
            logger.info("request", metadata: metadata)
        }
    }

    private func readBody(_ fcgi: UnsafeMutablePointer<FCGX_Request>, declared: String?) -> Result<[UInt8], ResponseRefusal> {
        guard let declared, !declared.isEmpty else { return .success([]) }
        guard let length = Int(declared), length >= 0 else {
            return .failure(ResponseRefusal(.detail(400, "The Content-Length header is not a number.")))
        }
        guard length <= maxBodyBytes else {
            return .failure(ResponseRefusal(.detail(413, "The request body is larger than \(maxBodyBytes) bytes.")))
        }
        var body = [UInt8](repeating: 0, count: length)
        var received = 0
        while received < length {
            let count = body.withUnsafeMutableBytes { buffer in
                FCGX_GetStr(buffer.baseAddress!.advanced(by: received).assumingMemoryBound(to: CChar.self),
                            Int32(min(length - received, 1 << 20)), fcgi.pointee.in)
            }
            if count <= 0 { break }
            received += Int(count)
        }
        guard received == length else {
            return .failure(ResponseRefusal(.detail(400, "The request body ended after \(received) of its \(length) bytes.")))
        }
        return .success(body)
    }

    private func write(_ response: Response, method: String, to fcgi: UnsafeMutablePointer<FCGX_Request>) {
        let reason = Response.reasonPhrases[response.status] ?? "Status"
        var head = "Status: \(response.status) \(reason)\r\n"
        for (name, value) in response.headers {
            // Header values come from handlers; never let one inject another header.
            let safe = value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A })
                ? value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") : value
            head += "\(name): \(safe)\r\n"
        }
        if response.header("Content-Length") == nil, response.status != 204 {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if method != "HEAD" { bytes += response.body }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                var offset = 0
                while offset < chars.count {
                    let written = FCGX_PutStr(chars.baseAddress! + offset, Int32(min(chars.count - offset, 1 << 20)), fcgi.pointee.out)
                    if written <= 0 { return }  // the client went away
                    offset += Int(written)
                }
            }
        }
    }

    struct ResponseRefusal: Error {
        let response: Response
        init(_ response: Response) { self.response = response }
    }

    // MARK: - CGI variables → Request

    /// The CGI variables the responder reads; nginx sends about thirty, most of them unused.
    static let wantedParameters: [[CChar]] = [
        "REQUEST_METHOD", "DOCUMENT_URI", "REQUEST_URI", "QUERY_STRING", "CONTENT_LENGTH", "CONTENT_TYPE",
        "ISOFIND_AUTH_SUBJECT", "ISOFIND_AUTH_ROLE", "X_ORIGINAL_URI", "X_ORIGINAL_METHOD", "REQUEST_ID", "ISOFIND_METRICS",
    ].map { Array($0.utf8CString.dropLast()) }

    /// The wanted variables and every `HTTP_*` one (the client's headers), copied out of libfcgi's
    /// buffers at once (the next accept frees them). Names are compared in C, so the variables
    /// that are not wanted cost no Swift string.
    static func parameters(_ envp: FCGX_ParamArray?) -> [String: String] {
        var result: [String: String] = [:]
        guard var cursor = envp else { return result }
        while let entry = cursor.pointee {
            cursor += 1
            guard let equals = strchr(entry, 0x3D) else { continue }
            let nameLength = entry.distance(to: equals)
            let wanted = (nameLength > 5 && strncmp(entry, "HTTP_", 5) == 0)
                || wantedParameters.contains { name in name.count == nameLength && memcmp(entry, name, nameLength) == 0 }
            guard wanted else { continue }
            equals.pointee = 0  // split "NAME=value" in place for the two conversions below
            let name = String(cString: entry)
            equals.pointee = 0x3D
            let value = String(cString: equals + 1)
            if name.hasPrefix("HTTP_"), let previous = result[name] {
                // A client header sent several times reaches us as several params (nginx 1.22):
                // combined as RFC 9110 §5.3 says, so none is silently dropped (a repeated token
                // header is refused by the token check, not judged by its last copy).
                result[name] = previous + ", " + value
            } else {
                // Last wins: nginx sends a `fastcgi_param` both from fastcgi_params and from a later
                // override (e.g. CONTENT_LENGTH "" on /_auth), and the override is what was meant.
                // (A `fastcgi_param HTTP_…` override stops nginx from sending the client's header.)
                result[name] = value
            }
        }
        return result
    }

    static func request(params: [String: String], method: String, path: String, body: [UInt8], requestID: String) -> Request {
        var headers: [String: String] = [:]
        for (name, value) in params where name.hasPrefix("HTTP_") {
            headers[headerName(cgiName: name)] = value
        }
        if let contentType = params["CONTENT_TYPE"], !contentType.isEmpty { headers["content-type"] = contentType }
        var identity: Identity?
        if let roleName = params["ISOFIND_AUTH_ROLE"], !roleName.isEmpty {
            identity = Identity(subject: params["ISOFIND_AUTH_SUBJECT"] ?? "anonymous", role: Role(rawValue: roleName))
        }
        let gateway = GatewayInfo(identity: identity, originalMethod: params["X_ORIGINAL_METHOD"],
                                  originalURI: params["X_ORIGINAL_URI"], requestID: requestID,
                                  metricsAllowed: params["ISOFIND_METRICS"] == "1")
        return Request(method: method, path: path, query: params["QUERY_STRING"] ?? "", headers: headers, body: body,
                       gateway: gateway)
    }

    /// `HTTP_X_ISOFIND_TOKEN` → `x-isofind-token`.
    static func headerName(cgiName: String) -> String {
        String(decoding: cgiName.utf8.dropFirst(5).map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "_"): return UInt8(ascii: "-")
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte + 32
            default: return byte
            }
        }, as: UTF8.self)
    }

    static func path(of uri: String) -> String {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "/"
        return path.removingPercentEncoding ?? path
    }

    /// A request URI for the log: its query string could hold a token (`?access_token=…`), so it
    /// is left out, as in nginx's access log.
    static func withoutQuery(_ uri: String) -> String {
        guard let mark = uri.firstIndex(of: "?") else { return uri }
        return uri[..<mark] + "?[query omitted]"
    }

    static func newRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    // MARK: - Threads

    private func spawn(_ body: @escaping @Sendable () -> Void) throws -> pthread_t {
        do { return try PosixThread.start(body) } catch {
            throw StartError(description: "cannot start a worker thread: \(error)")
        }
    }
}
