import IsoFindMetrics
import Metrics
import Testing

@Suite struct ServiceMetricsTests {
    func text(_ metrics: ServiceMetrics) -> String { String(decoding: metrics.exposition(), as: UTF8.self) }

    @Test func seriesThatMustStartAtZeroAreThereBeforeAnyEvent() {
        let text = text(ServiceMetrics())
        #expect(text.contains("isofind_signing_failures_total 0"))
        for reason in Metric.WorkerKillReason.allCases {
            #expect(text.contains(#"isofind_python_workers_killed_total{reason="\#(reason.rawValue)"} 0"#))
        }
        #expect(text.contains(#"isofind_renders_in_progress{kind="generate"} 0"#))
        #expect(text.contains("isofind_http_requests_in_flight 0"))
    }

    @Test func eachRegistryIsItsOwn() {
        let one = ServiceMetrics(), two = ServiceMetrics()
        Counter(label: Metric.signingFailures, factory: one.factory).increment()
        #expect(text(one).contains("isofind_signing_failures_total 1"))
        #expect(text(two).contains("isofind_signing_failures_total 0"))
    }

    @Test func histogramsUseTheirOwnBuckets() {
        let metrics = ServiceMetrics()
        Recorder(label: Metric.reportPages, dimensions: [("kind", "preview")], factory: metrics.factory).record(3)
        Timer(label: Metric.reportDuration, dimensions: [("kind", "preview")], factory: metrics.factory).record(duration: .milliseconds(40))
        let text = text(metrics)
        #expect(text.contains(#"isofind_report_pages_bucket{kind="preview",le="3.0"} 1"#))
        #expect(text.contains(#"isofind_report_pages_bucket{kind="preview",le="2.0"} 0"#))
        #expect(text.contains(#"isofind_report_pages_count{kind="preview"} 1"#))
        #expect(text.contains(#"isofind_report_duration_seconds_bucket{kind="preview",le="0.05"} 1"#))
        #expect(text.contains(#"isofind_report_duration_seconds_bucket{kind="preview",le="0.025"} 0"#))
    }

    @Test func unusualMethodsShareOneLabel() {
        #expect(Metric.method("GET") == "GET")
        #expect(Metric.method("BREW") == "other")
        #expect(Metric.method("get /x") == "other")
    }
}
