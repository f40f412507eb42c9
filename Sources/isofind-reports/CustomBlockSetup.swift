import Foundation
import IsoFindAPI
import IsoFindGeneration
import IsoFindMetrics
import IsoFindPython
import IsoFindReport
import Logging
import Metrics

/// What runs custom blocks in this process, made once at start: the embedded interpreter for the
/// endpoints' compile checks and the pool of sandboxed workers for generations. Either may fail
/// to start; the responder still starts, the reason is logged, the endpoints answer 503 with it
/// (no interpreter) and each custom block of a report gets an error box with it (no pool).
struct CustomBlockSetup {
    let availability: CustomBlocksAvailability
    let runner: any CustomBlockRunner
    let pool: WorkerPool?

    /// Starts both; call on the main thread before other threads use Python.
    /// The pool's metrics go to `metrics`.
    static func start(_ configuration: ServiceConfiguration, logger: Logger, metrics: ServiceMetrics) -> CustomBlockSetup {
        let availability: CustomBlocksAvailability
        do {
            let python = try EmbeddedPython.start()
            availability = .available(InterpreterCodeCheck(python: python))
            logger.info("embedded Python started", metadata: ["version": "\(python.version)"])
        } catch {
            availability = .unavailable(reason: error.description)
            logger.error("custom blocks cannot be saved", metadata: ["reason": "\(error.description)"])
        }

        let (runner, pool) = startWorkers(configuration, logger: logger, metrics: metrics)
        return CustomBlockSetup(availability: availability, runner: runner, pool: pool)
    }

    /// The worker pool and its runner; when the pool cannot start, a runner that says why.
    static func startWorkers(_ configuration: ServiceConfiguration, logger: Logger,
                             metrics: ServiceMetrics? = nil) -> (any CustomBlockRunner, WorkerPool?) {
        let settings = configuration.python
        let limits = PythonBlockRunner.Limits(
            seconds: Double(settings.blockSeconds), cpuSeconds: settings.blockCPUSeconds, memoryMiB: settings.memoryMiB,
            maxItems: settings.maxStoryItems, maxTextBytes: settings.maxTextMiB << 20, maxImageBytes: settings.maxImageMiB << 20,
            maxPrintBytes: settings.maxPrintKiB << 10)
        do {
            let pool = try WorkerPool(WorkerPool.Settings(
                executable: try executable(),
                size: settings.workers,
                limits: Sandbox.Limits(memoryBytes: settings.memoryMiB << 20,
                                       cpuSecondsHard: settings.blockCPUSeconds * settings.workerMaxJobs + 1),
                cpuSecondsPerJob: settings.blockCPUSeconds, network: settings.network,
                maxJobsPerWorker: settings.workerMaxJobs, folder: NSTemporaryDirectory(),
                maxReplyBytes: limits.maxReplyBytes), metrics: metrics?.factory ?? NOOPMetricsHandler.instance)
            for name in Sandbox.layerNames {
                logger.notice("python worker sandbox", metadata: ["layer": "\(name)", "status": "\(pool.layers[name] ?? "not reported")"])
            }
            logger.info("python workers ready", metadata: ["workers": "\(settings.workers)"])
            return (PythonBlockRunner(pool: pool, limits: limits), pool)
        } catch {
            logger.error("custom blocks cannot run", metadata: ["reason": "\(error)"])
            return (CustomBlocksNotEnabled(reason: "the Python workers did not start (\(error))"), nil)
        }
    }

    /// This program's own file, which the workers run as `python-worker`.
    static func executable() throws -> String {
        let path = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw SetupError(description: "this program's file \(path) is no longer executable")
        }
        return path
    }

    /// The sandbox layers for `/health`; empty without a pool.
    var layers: [String: String] { pool?.layers ?? [:] }
}

struct SetupError: Error, CustomStringConvertible {
    let description: String
}

/// For `render`, which makes one report: the workers start when the report has a custom block,
/// and not otherwise.
final class OnDemandRunner: CustomBlockRunner, @unchecked Sendable {
    let configuration: ServiceConfiguration
    private let lock = NSLock()
    private var started: (runner: any CustomBlockRunner, pool: WorkerPool?)?

    init(configuration: ServiceConfiguration) { self.configuration = configuration }

    func run(_ block: CustomBlock, job: CustomBlockJob, logger: Logger) -> CustomBlockOutcome {
        let runner = lock.withLock {
            if started == nil { started = CustomBlockSetup.startWorkers(configuration, logger: logger) }
            return started!.runner
        }
        return runner.run(block, job: job, logger: logger)
    }

    func shutdown() { lock.withLock { started?.pool?.shutdown() } }
}

/// The endpoints' compile check, by the embedded interpreter.
struct InterpreterCodeCheck: PythonCodeCheck {
    let python: EmbeddedPython

    func compile(_ code: String) -> PythonCompileResult {
        guard let problem = python.compile(code) else { return .compiles }
        return .refused(error: problem.error, msg: problem.message, lineno: problem.line, offset: problem.offset, text: problem.text)
    }
}
