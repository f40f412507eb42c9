/// The names of the responder's series, their labels and every value a label may take. A label
/// is a route template, a method, a status code or one of the closed lists below: never a
/// token, a token's name, a report's title, a template's or a user's name, nor a raw path.
///
/// Counters end in `_total`; durations are histograms in seconds; pages and warnings are
/// histograms of counts.
public enum Metric {
    // MARK: HTTP

    /// Counter, labels `route` (the route template, `/_auth`, `/metrics` or `unmatched`),
    /// `method` (`Metric.method(_:)`) and `status`.
    public static let httpRequests = "isofind_http_requests_total"
    /// Histogram (seconds), labels `route` and `method`: from the request's arrival in the API to its response.
    public static let httpRequestDuration = "isofind_http_request_duration_seconds"
    /// Gauge: requests the API is answering now (at most the FastCGI thread count).
    public static let httpRequestsInFlight = "isofind_http_requests_in_flight"
    /// Gauge: the FastCGI worker threads, so many requests can be answered at once.
    public static let fastCGIThreads = "isofind_fastcgi_threads"

    /// The `route` label of a request no route matched (404, 405, default deny).
    public static let unmatchedRoute = "unmatched"

    /// The `method` label: the usual HTTP methods as sent, anything else `other`.
    public static func method(_ method: String) -> String {
        switch method {
        case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS": method
        default: "other"
        }
    }

    // MARK: Token checks

    /// Counter, labels `outcome` (`accepted`, `refused`), `reason` (`TokenCheckReason`) and
    /// `scheme` (`TokenScheme`): the gateway's token checks (`/_auth`).
    public static let tokenChecks = "isofind_token_checks_total"

    public enum TokenCheckReason: String, CaseIterable, Sendable {
        /// Accepted: a valid token whose role is enough.
        case valid
        /// Accepted: no token, and the route needs none.
        case anonymous
        /// Refused (401): no token, and the route needs one.
        case tokenRequired = "token_required"
        /// Refused (401): not `Bearer <token>`, or two different tokens.
        case malformed
        case unknown
        case expired
        case revoked
        /// Refused (403): a valid token whose role is too low.
        case roleTooLow = "role_too_low"
        /// The check itself failed (500).
        case error
    }

    /// How the client sent its token.
    public enum TokenScheme: String, CaseIterable, Sendable {
        /// `Authorization: Bearer …`
        case bearer
        /// `X-IsoFind-Token: …`
        case header
        /// Both headers.
        case both
        /// An `Authorization` header of another scheme.
        case other
        /// No token.
        case none
    }

    // MARK: Reports

    /// Counter, labels `kind` (`ReportKind`) and `outcome` (`ReportOutcome`).
    public static let reports = "isofind_reports_total"
    /// Histogram (seconds), label `kind`: reports made, from the body read to the PDF (and, for
    /// `generate`, signed, written and recorded).
    public static let reportDuration = "isofind_report_duration_seconds"
    /// Histogram, label `kind`: pages of each report made.
    public static let reportPages = "isofind_report_pages"
    /// Histogram, label `kind`: warnings of each report made.
    public static let reportWarnings = "isofind_report_warnings"
    /// Gauge, label `kind`: reports being made now, from the body read to the answer, waiting
    /// in the render queue included.
    public static let rendersInProgress = "isofind_renders_in_progress"
    /// Counter: final reports that could not be signed (nothing was recorded).
    public static let signingFailures = "isofind_signing_failures_total"

    // MARK: Render queue

    /// Gauge: the render pool's threads (`render_workers`), reports rendered at once.
    public static let renderWorkers = "isofind_render_workers"
    /// Gauge: render threads rendering now.
    public static let renderWorkersBusy = "isofind_render_workers_busy"
    /// Gauge: reports waiting for a render thread (at most `render_queue_depth`).
    public static let renderQueueDepth = "isofind_render_queue_depth"
    /// Histogram (seconds): how long each report waited for a render thread (also when it gave
    /// up at `render_queue_wait_seconds`).
    public static let renderQueueWait = "isofind_render_queue_wait_seconds"
    /// Counter, label `reason` (`RenderRefusalReason`): reports refused with 503 and Retry-After.
    public static let renderQueueRefused = "isofind_render_queue_refused_total"

    /// Counter, label `result` (`hit`, `miss`): lookups of the render threads' text layout caches
    /// (each distinct text, font and width is shaped once per thread and reused).
    public static let textLayoutCacheLookups = "isofind_text_layout_cache_lookups_total"

    public enum RenderRefusalReason: String, CaseIterable, Sendable {
        /// `render_queue_depth` reports were already waiting.
        case full
        /// No render thread was free within `render_queue_wait_seconds`.
        case timeout
        /// The responder is stopping.
        case stopping
    }

    public enum ReportKind: String, CaseIterable, Sendable {
        case preview
        case generate
    }

    public enum ReportOutcome: String, CaseIterable, Sendable {
        case made
        /// 422
        case invalid
        /// 404
        case notFound = "not_found"
        /// 403
        case licence
        /// 500
        case failed
        /// 500, signing only
        case signingFailed = "signing_failed"
        /// 503: the render queue was full or the wait too long (`renderQueueRefused` says which)
        case refused
    }

    // MARK: Python workers

    /// Gauge, label `state` (`busy`, `idle`): the workers of the custom-block pool.
    public static let pythonWorkers = "isofind_python_workers"
    /// Counter, label `reason` (`WorkerKillReason`): workers ended because of a job.
    public static let pythonWorkersKilled = "isofind_python_workers_killed_total"
    /// Counter, label `reason` (`WorkerReplacementReason`): workers started in place of one that left.
    public static let pythonWorkersReplaced = "isofind_python_workers_replaced_total"
    /// Histogram (seconds): how long a job waited for a free worker (also when none came).
    public static let pythonWorkerWait = "isofind_python_worker_wait_seconds"

    public enum WorkerKillReason: String, CaseIterable, Sendable {
        /// The job's deadline passed; the pool killed the worker.
        case timeout
        /// The worker ran out of memory (a MemoryError) and was replaced.
        case memory
        /// The worker passed its CPU-time limit (SIGXCPU).
        case cpu
        /// The worker died: a signal or an exit status.
        case crash
        /// The worker broke the protocol (a wrong or unreadable reply, a failed channel).
        case protocolError = "protocol"
    }

    public enum WorkerReplacementReason: String, CaseIterable, Sendable {
        /// After one of `WorkerKillReason`.
        case failure
        /// Its job limit was reached, or it asked to be (threads or files left behind).
        case recycled
    }

    // MARK: Buckets

    static let durationBuckets: [String: [Duration]] = [
        httpRequestDuration: [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                              .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
                              .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120)],
        reportDuration: [.milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                         .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120)],
        renderQueueWait: [.microseconds(100), .milliseconds(1), .milliseconds(10), .milliseconds(100), .milliseconds(500),
                          .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(60)],
        pythonWorkerWait: [.microseconds(100), .milliseconds(1), .milliseconds(10), .milliseconds(100), .milliseconds(500),
                           .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30)],
    ]

    static let valueBuckets: [String: [Double]] = [
        reportPages: [1, 2, 3, 5, 10, 20, 50, 100, 200, 500],
        reportWarnings: [0, 1, 2, 5, 10, 20, 50, 100],
    ]
}
