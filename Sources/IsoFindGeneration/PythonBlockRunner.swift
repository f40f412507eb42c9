import Foundation
import IsoFindDomain
import IsoFindJSON
import IsoFindPython
import IsoFindReport
import Logging

/// Runs custom blocks in the sandboxed `python-worker` pool: the block's code and its `data` go
/// to a worker as one job; the story that comes back is checked again here (the worker is not
/// trusted) and becomes story items. Every failure is an outcome naming what stopped the block,
/// in terms fit for a report's reader: its exception and line, or the limit it broke.
public struct PythonBlockRunner: CustomBlockRunner {
    public struct Limits: Sendable, Equatable {
        /// Wall time per block, waiting for a free worker included.
        public var seconds: Double
        public var cpuSeconds: Int
        public var memoryMiB: Int
        public var maxItems: Int
        public var maxTextBytes: Int
        public var maxImageBytes: Int
        public var maxPrintBytes: Int

        public init(seconds: Double = 5, cpuSeconds: Int = 5, memoryMiB: Int = 512, maxItems: Int = 5000,
                    maxTextBytes: Int = 2 << 20, maxImageBytes: Int = 10 << 20, maxPrintBytes: Int = 64 << 10) {
            self.seconds = seconds
            self.cpuSeconds = cpuSeconds
            self.memoryMiB = memoryMiB
            self.maxItems = maxItems
            self.maxTextBytes = maxTextBytes
            self.maxImageBytes = maxImageBytes
            self.maxPrintBytes = maxPrintBytes
        }

        /// The largest reply a worker may send: the story's bounds, base64 images, and room for
        /// the JSON around them.
        public var maxReplyBytes: Int { maxTextBytes * 2 + maxImageBytes / 3 * 4 + maxPrintBytes * 2 + maxItems * 256 + (1 << 20) }
    }

    let pool: WorkerPool
    let limits: Limits

    public init(pool: WorkerPool, limits: Limits) {
        self.pool = pool
        self.limits = limits
    }

    public func run(_ block: CustomBlock, job: CustomBlockJob, logger: Logger) -> CustomBlockOutcome {
        let started = ContinuousClock.now
        let request: [String: JSONValue] = [
            "key": .string(block.key.rawValue), "code": .string(block.code), "lang": .string(job.language.rawValue),
            "data": .object(job.data),
            "limits": [
                "max_items": .int(Int64(limits.maxItems)), "max_text_bytes": .int(Int64(limits.maxTextBytes)),
                "max_image_bytes": .int(Int64(limits.maxImageBytes)), "max_print_bytes": .int(Int64(limits.maxPrintBytes)),
                "cpu_seconds": .int(Int64(limits.cpuSeconds)),
            ],
        ]
        let result = pool.run(request, deadline: started + .milliseconds(Int64(limits.seconds * 1000)))
        let elapsed = started.duration(to: .now)
        switch result {
        case .failure(let failure):
            logger.warning("custom block stopped", metadata: ["block": "\(block.key)", "reason": "\(failure)", "elapsed": "\(elapsed)"])
            return .failed(describe(failure))
        case .success(let reply):
            logPrinted(reply, block, logger)
            logger.debug("custom block ran", metadata: ["block": "\(block.key)", "elapsed": "\(elapsed)"])
            let warnings = (reply["warnings"]?.arrayValue ?? []).compactMap(\.stringValue).prefix(100).map { String($0.prefix(500)) }
            if reply["ok"]?.boolValue != true {
                let error = reply["error"]?.objectValue ?? [:]
                return .failed(CustomBlockFailure(
                    kind: String((error["type"]?.stringValue ?? "Error").prefix(100)),
                    message: String((error["message"]?.stringValue ?? "").prefix(500)),
                    line: error["line"]?.integerValue))
            }
            do {
                return .story(try StoryDecoder(limits: limits).items(reply["story"]), warnings: Array(warnings))
            } catch {
                return .failed(error)
            }
        }
    }

    /// What stopped the block, as its error box says it.
    func describe(_ failure: WorkerPool.JobFailure) -> CustomBlockFailure {
        let seconds = limits.seconds.formatted(.number.precision(.fractionLength(0...1)))
        switch failure {
        case .timedOut:
            return CustomBlockFailure(kind: "TimeoutError", message: "the block ran longer than its \(seconds) s limit and was stopped")
        case .noFreeWorker:
            return CustomBlockFailure(kind: "TimeoutError", message: "no Python worker became free within the block's \(seconds) s limit")
        case .died(.signalled(let signal)) where signal == SIGXCPU:
            return CustomBlockFailure(kind: "TimeoutError", message: "the block used more than its \(limits.cpuSeconds) s of CPU time and was stopped")
        case .died(.signalled(let signal)) where signal == SIGXFSZ:
            return CustomBlockFailure(kind: "OSError", message: "the block wrote a file larger than allowed and was stopped")
        case .died(.signalled(let signal)):
            return CustomBlockFailure(kind: "WorkerCrashed",
                                      message: "the block's Python process crashed (\(WorkerPool.Termination.name(signal)))")
        case .died(.exited(let status)):
            return CustomBlockFailure(kind: "WorkerExited", message: "the block ended its Python process (exit status \(status))")
        case .broken(let reason):
            return CustomBlockFailure(kind: "WorkerError", message: reason)
        }
    }

    /// What the block printed goes to the log, bounded, with the block's key and the request id.
    func logPrinted(_ reply: [String: JSONValue], _ block: CustomBlock, _ logger: Logger) {
        let printed = reply["printed"]?.stringValue ?? ""
        let dropped = reply["printed_dropped"]?.integerValue ?? 0
        guard !printed.isEmpty || dropped > 0 else { return }
        logger.info("custom block printed", metadata: [
            "block": "\(block.key)", "output": "\(printed.prefix(limits.maxPrintBytes))",
            "dropped_bytes": "\(dropped)",
        ])
    }
}

/// Reads the worker's story items (the JSON shapes of the harness) into `StoryItem`s, checking
/// every item and the story's bounds again: a worker is untrusted, and what it sends is data.
struct StoryDecoder {
    let limits: PythonBlockRunner.Limits

    struct Problem: Error {
        let message: String
    }

    func items(_ value: JSONValue?) throws(CustomBlockFailure) -> [StoryItem] {
        guard let array = value?.arrayValue else { throw invalid("the story is not a list") }
        guard array.count <= limits.maxItems else {
            throw invalid("the story has \(array.count) items; at most \(limits.maxItems) are allowed")
        }
        var textBytes = 0
        var imageBytes = 0
        var items: [StoryItem] = []
        for (index, element) in array.enumerated() {
            guard let object = element.objectValue, let kind = object["kind"]?.stringValue else {
                throw invalid("story item \(index) is not an object with a kind")
            }
            func string(_ key: String) throws(CustomBlockFailure) -> String {
                guard let text = object[key]?.stringValue else { throw invalid("story item \(index) (\(kind)) has no \(key)") }
                textBytes += text.utf8.count
                return text
            }
            func optionalString(_ key: String) -> String? {
                let text = object[key]?.stringValue
                textBytes += text?.utf8.count ?? 0
                return text
            }
            func strings(_ value: JSONValue?) throws(CustomBlockFailure) -> [String] {
                guard let array = value?.arrayValue else { throw invalid("story item \(index) (\(kind)) has a list missing") }
                var out: [String] = []
                for element in array {
                    guard let text = element.stringValue else { throw invalid("story item \(index) (\(kind)) has a cell that is not text") }
                    textBytes += text.utf8.count
                    out.append(text)
                }
                return out
            }
            func numbers(_ value: JSONValue?) throws(CustomBlockFailure) -> [Double] {
                guard let array = value?.arrayValue else { throw invalid("story item \(index) (\(kind)) has a list missing") }
                var out: [Double] = []
                for element in array {
                    guard let number = element.numberValue, number.isFinite else {
                        throw invalid("story item \(index) (\(kind)) has a value that is not a finite number")
                    }
                    out.append(number)
                }
                return out
            }
            let item: StoryItem
            switch kind {
            case "paragraph":
                let style = object["style"]?.stringValue.flatMap(StoryItem.TextStyle.init(rawValue:)) ?? .normal
                item = .paragraph(text: try string("text"), style: style)
            case "heading":
                item = .heading(text: try string("text"), level: object["level"]?.integerValue ?? 2)
            case "spacer":
                item = .spacer(height: object["height"]?.numberValue.flatMap { $0.isFinite ? $0 : nil } ?? 0)
            case "page_break":
                item = .pageBreak
            case "table":
                var rows: [[String]] = []
                for row in object["rows"]?.arrayValue ?? [] { rows.append(try strings(row)) }
                let widths = object["col_widths"].flatMap { $0.isNull ? nil : $0 }
                item = .table(rows: rows, header: object["header"]?.boolValue ?? true,
                              columnWidths: try widths.map { value throws(CustomBlockFailure) in try numbers(value) })
            case "key_value":
                var pairs: [StoryItem.KeyValuePair] = []
                for pair in object["pairs"]?.arrayValue ?? [] {
                    let texts = try strings(pair)
                    guard texts.count == 2 else { throw invalid("story item \(index) (key_value) has a pair that is not two texts") }
                    pairs.append(.init(texts[0], texts[1]))
                }
                item = .keyValue(pairs)
            case "note":
                item = .note(text: try string("text"), kind: object["note_kind"]?.stringValue == "warning" ? .warning : .info)
            case "image":
                guard let encoded = object["data"]?.stringValue, let bytes = Data(base64Encoded: encoded) else {
                    throw invalid("story item \(index) (image) has no base64 data")
                }
                imageBytes += bytes.count
                guard imageBytes <= limits.maxImageBytes else {
                    throw invalid("the story's images exceed \(limits.maxImageBytes >> 20) MiB")
                }
                let image: DecodedImage
                do {
                    image = try DecodedImage(validating: Array(bytes))
                } catch {
                    throw CustomBlockFailure(kind: "ValueError", message: "story item \(index) is not a readable PNG or JPEG image")
                }
                item = .image(image, width: object["width"]?.numberValue, caption: optionalString("caption"))
            case "bar_chart":
                let labels = try strings(object["labels"])
                let values = try numbers(object["values"])
                guard labels.count == values.count else { throw invalid("story item \(index) (bar_chart) has \(labels.count) labels and \(values.count) values") }
                item = .barChart(labels: labels, values: values, title: optionalString("title"), unit: optionalString("unit"))
            case "scatter_plot":
                var points: [StoryItem.PlotPoint] = []
                for point in object["points"]?.arrayValue ?? [] {
                    guard let parts = point.arrayValue, parts.count >= 2, let x = parts[0].numberValue, let y = parts[1].numberValue,
                          x.isFinite, y.isFinite else {
                        throw invalid("story item \(index) (scatter_plot) has a point that is not (x, y[, label])")
                    }
                    let label = parts.count > 2 ? parts[2].stringValue : nil
                    textBytes += label?.utf8.count ?? 0
                    points.append(.init(x: x, y: y, label: label))
                }
                item = .scatterPlot(points: points, xLabel: try string("x_label"), yLabel: try string("y_label"),
                                    title: optionalString("title"))
            default:
                throw invalid("story item \(index) has an unknown kind '\(kind.prefix(40))'")
            }
            guard textBytes <= limits.maxTextBytes else {
                throw invalid("the story's text exceeds \(limits.maxTextBytes >> 20) MiB")
            }
            items.append(item)
        }
        return items
    }

    func invalid(_ message: String) -> CustomBlockFailure {
        CustomBlockFailure(kind: "ValueError", message: message)
    }
}
