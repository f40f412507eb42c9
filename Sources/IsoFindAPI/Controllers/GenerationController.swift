import IsoFindGeneration
import IsoFindJSON
import IsoFindMetrics
import IsoFindRender
import Metrics

/// Generation (2): `POST /preview` and `POST /generate`, thin callers of the generation
/// pipeline. The body is read once into a `GenerateRequest`; the pipeline validates the rest,
/// renders, and (for `/generate`) signs, writes and records. Each call is counted by kind and
/// outcome, and each report made is timed with its pages and warnings (`Metric.reports`…);
/// never by template, title or caller.
///
/// The body is read and parsed on the request's thread; the rest runs on the render pool
/// (`renders`), whose queue is bounded: a report that finds it full, or waits too long, gets 503
/// with Retry-After. Without a pool (tests, the CLI) the report is made on the calling thread.
struct GenerationController: Sendable {
    let generator: ReportGenerator
    let metrics: ServiceMetrics
    let renders: RenderPool?

    static let queueRefusal = OperationDoc.ResponseDoc(
        503, "Busy: the render queue is full, or no render thread became free within the configured wait; the Retry-After header says after how many seconds to try again. Also when the reports module is not loaded.",
        .json(.ref("HTTPError", .any)))

    static let validationOrder = """
        Validation, in this order: everything the body alone decides (types, unknown fields, a template or \
        blocks, at most 10 scenarios, decodable snapshots) is listed in one 422; then the template (404), known \
        block keys (422), simulation_result for sim_* blocks (422), the licence (403), the Nexus session (404), \
        the samples (422) and mbtiles_path (422). A data source that cannot be read does not fail the report: \
        the blocks that need it say so, and a warning tells why.
        """

    static func routes(_ controller: Self?) -> [Route] {
        [
            Route("POST", "/preview", access: .role(.editor), doc: OperationDoc(
                "previewReport", tag: "Generation", summary: "Render a preview PDF (not stored, not signed)",
                description: validationOrder + " Headers X-Report-Pages and X-Report-Warnings give the page and warning counts.",
                body: GenerateRequest.schema,
                responses: [.init(200, "The preview PDF.", .media("application/pdf")), .notFound("No such template or Nexus session."),
                            queueRefusal]),
                controller, Self.preview),
            Route("POST", "/generate", access: .role(.editor), doc: OperationDoc(
                "generateReport", tag: "Generation", summary: "Generate, store and record a final report",
                description: validationOrder + " The PDF is rendered, signed, written (synced, renamed into place) and recorded in one step: either all of it happens or none of it does. The Server-Timing header gives the time each phase took (validate, gather, render, sign, record), in milliseconds.",
                body: GenerateRequest.schema,
                responses: [.init(200, "The report record, with the generation warnings.", .json(ReportJSON.schema)),
                            .notFound("No such template or Nexus session."), queueRefusal]),
                controller, Self.generate),
        ]
    }

    /// `POST /preview`: the PDF itself, never stored, never signed, marked PREVIEW on every page.
    func preview(_ context: RouteContext) throws -> Response {
        let rendered: RenderedReport
        do {
            rendered = try measured(.preview, pages: \.pages, warnings: \.warnings.count) {
                let request = try GenerateRequest(body: context.request.body)
                return try onRenderThread { [generator, logger = context.logger] in try generator.preview(request, logger: logger) }
            }
        } catch let refusal as RenderPool.Refusal {
            return Self.busy(refusal)
        }
        var response = Response(status: 200, headers: [
            ("Content-Type", "application/pdf"),
            ("Content-Disposition", "inline; filename=\"preview.pdf\""),
            ("X-Report-Pages", String(rendered.pages)),
            ("X-Report-Warnings", String(rendered.warnings.count)),
            ("Cache-Control", "no-store"),
        ], body: rendered.bytes)
        response.logFields = [("pages", String(rendered.pages))]
        return response
    }

    /// `POST /generate`: the report record with the generation's warnings.
    func generate(_ context: RouteContext) throws -> Response {
        let generated: GeneratedReport
        do {
            generated = try measured(.generate, pages: \.record.pages, warnings: \.warnings.count) {
                let request = try GenerateRequest(body: context.request.body)
                let createdBy = context.identity.role == nil ? nil : context.identity.subject
                return try onRenderThread { [generator, logger = context.logger] in
                    try generator.generate(request, createdBy: createdBy, logger: logger)
                }
            }
        } catch let refusal as RenderPool.Refusal {
            return Self.busy(refusal)
        }
        guard case .object(var body) = ReportJSON.record(generated.record) else { return .detail(500, "Unexpected record shape.") }
        body["warnings"] = JSONValue(strings: generated.warnings)
        var response = Response.json(.object(body))
        response.headers.append(("Server-Timing", generated.timings.serverTiming))
        response.logFields = [("report_id", String(generated.record.id)), ("pages", String(generated.record.pages))]
        return response
    }

    /// Runs `body` on the render pool, or here when there is none, and counts the text layouts
    /// it found in the thread's cache and those it had to make.
    func onRenderThread<Value>(_ body: @escaping () throws -> Value) throws -> Value {
        let counted = { [metrics] () throws -> Value in
            let before = TextLayoutCache.threadStatistics
            defer {
                let after = TextLayoutCache.threadStatistics
                for (result, count) in [("hit", after.hits - before.hits), ("miss", after.misses - before.misses)] where count > 0 {
                    Counter(label: Metric.textLayoutCacheLookups, dimensions: [("result", result)], factory: metrics.factory)
                        .increment(by: count)
                }
            }
            return try body()
        }
        guard let renders else { return try counted() }
        return try renders.run(counted)
    }

    /// The 503 of a report the render pool did not take, with Retry-After.
    static func busy(_ refusal: RenderPool.Refusal) -> Response {
        let seconds = refusal.retryAfterSeconds
        let detail = switch refusal {
        case .queueFull(let depth, _):
            "The service is busy: \(depth) reports are already waiting to be rendered. Retry after \(seconds) s."
        case .waitedTooLong(let wait, _):
            "The service is busy: no render thread became free within \(wait.components.seconds) s. Retry after \(seconds) s."
        case .stopped:
            "The service is stopping and renders no more reports. Retry after \(seconds) s."
        }
        var response = Response.detail(503, detail)
        response.headers.append(("Retry-After", String(seconds)))
        return response
    }

    /// Runs `make`, one report of `kind`, and records it: in progress while it runs, then its
    /// outcome, and for a report made its duration, pages and warnings. A signing failure is
    /// also counted on its own (`Metric.signingFailures`).
    func measured<Made>(_ kind: Metric.ReportKind, pages: (Made) -> Int, warnings: (Made) -> Int,
                        _ make: () throws -> Made) throws -> Made {
        let factory = metrics.factory
        let kindLabel = ("kind", kind.rawValue)
        let inProgress = Meter(label: Metric.rendersInProgress, dimensions: [kindLabel], factory: factory)
        let started = ContinuousClock.now
        inProgress.increment()
        defer { inProgress.decrement() }
        let outcome: Metric.ReportOutcome
        do {
            let made = try make()
            Timer(label: Metric.reportDuration, dimensions: [kindLabel], factory: factory).record(duration: started.duration(to: .now))
            Recorder(label: Metric.reportPages, dimensions: [kindLabel], factory: factory).record(pages(made))
            Recorder(label: Metric.reportWarnings, dimensions: [kindLabel], factory: factory).record(warnings(made))
            count(kind, .made)
            return made
        } catch let error as GenerationError {
            switch error {
            case .invalid: outcome = .invalid
            case .notFound: outcome = .notFound
            case .licence: outcome = .licence
            case .failed: outcome = .failed
            case .signingFailed:
                outcome = .signingFailed
                Counter(label: Metric.signingFailures, factory: factory).increment()
            }
            count(kind, outcome)
            throw error
        } catch let refusal as RenderPool.Refusal {
            count(kind, .refused)
            throw refusal
        } catch let error as APIError {
            if case .validation = error { outcome = .invalid } else { outcome = .failed }
            count(kind, outcome)
            throw error
        } catch {
            count(kind, .failed)
            throw error
        }
    }

    func count(_ kind: Metric.ReportKind, _ outcome: Metric.ReportOutcome) {
        Counter(label: Metric.reports, dimensions: [("kind", kind.rawValue), ("outcome", outcome.rawValue)],
                factory: metrics.factory).increment()
    }
}
