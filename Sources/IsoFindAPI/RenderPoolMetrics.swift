import IsoFindGeneration
import IsoFindMetrics
import Metrics

extension RenderPool.Observer {
    /// Reports the render pool in `metrics`: its queue depth, busy threads, waits and refusals
    /// (`Metric.renderQueueDepth`…). The series are looked up once, here; each event is one
    /// atomic update.
    public static func recording(in metrics: ServiceMetrics) -> Self {
        let factory = metrics.factory
        let depth = Gauge(label: Metric.renderQueueDepth, factory: factory)
        let busy = Gauge(label: Metric.renderWorkersBusy, factory: factory)
        let wait = Timer(label: Metric.renderQueueWait, factory: factory)
        let refusals = Dictionary(uniqueKeysWithValues: Metric.RenderRefusalReason.allCases.map {
            ($0, Counter(label: Metric.renderQueueRefused, dimensions: [("reason", $0.rawValue)], factory: factory))
        })
        return RenderPool.Observer(
            queueDepth: { depth.record($0) },
            busyWorkers: { busy.record($0) },
            waited: { wait.record(duration: $0) },
            refused: { refusal in
                let reason: Metric.RenderRefusalReason = switch refusal {
                case .queueFull: .full
                case .waitedTooLong: .timeout
                case .stopped: .stopping
                }
                refusals[reason]?.increment()
            })
    }
}
