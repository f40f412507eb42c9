import CoreMetrics
import Prometheus

/// The responder's metrics: one Prometheus registry, the swift-metrics factory over it that every
/// instrumentation point is handed, and the text `GET /metrics` answers with.
///
/// Made once by `serve` and handed to the parts it measures (the API, the generation controller,
/// the Python worker pool). The global `MetricsSystem` is never bootstrapped: each value is its own
/// registry, so unit tests make as many as they like and never see each other's counts. Safe to
/// share between threads; recording and rendering take the registry's own lock.
///
/// The series, their labels and the label values allowed are in `Metric`; a label never takes a
/// value from a request other than those listed there.
public final class ServiceMetrics: Sendable {
    /// The media type of the text exposition format (version 0.0.4).
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public let registry: PrometheusCollectorRegistry
    /// What the instrumentation points make their `Counter`s, `Timer`s, `Recorder`s and `Meter`s with.
    public let factory: any MetricsFactory

    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = Metric.durationBuckets
        factory.valueHistogramBuckets = Metric.valueBuckets
        self.registry = registry
        self.factory = factory
        // Series that must read 0 before their first event, so that rate() and alerts see them.
        _ = Counter(label: Metric.signingFailures, factory: factory)
        for reason in Metric.WorkerKillReason.allCases {
            _ = Counter(label: Metric.pythonWorkersKilled, dimensions: [("reason", reason.rawValue)], factory: factory)
        }
        for reason in Metric.WorkerReplacementReason.allCases {
            _ = Counter(label: Metric.pythonWorkersReplaced, dimensions: [("reason", reason.rawValue)], factory: factory)
        }
        for kind in Metric.ReportKind.allCases {
            _ = Meter(label: Metric.rendersInProgress, dimensions: [("kind", kind.rawValue)], factory: factory)
        }
        _ = Meter(label: Metric.httpRequestsInFlight, factory: factory)
        for reason in Metric.RenderRefusalReason.allCases {
            _ = Counter(label: Metric.renderQueueRefused, dimensions: [("reason", reason.rawValue)], factory: factory)
        }
        for result in ["hit", "miss"] {
            _ = Counter(label: Metric.textLayoutCacheLookups, dimensions: [("result", result)], factory: factory)
        }
        Gauge(label: Metric.renderQueueDepth, factory: factory).record(0)
        Gauge(label: Metric.renderWorkersBusy, factory: factory).record(0)
    }

    /// Every series, in the Prometheus text format.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 << 10)
        registry.emit(into: &buffer)
        return buffer
    }
}
