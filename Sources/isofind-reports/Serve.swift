import ArgumentParser
import Foundation
import IsoFindAPI
import IsoFindFastCGI
import IsoFindGeneration
import IsoFindMetrics
import IsoFindSigning
import Logging
import Metrics

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the FastCGI responder (behind nginx).",
        discussion: """
            Listens on the socket systemd hands over on standard input (StandardInput=socket), or on --socket. \
            SIGTERM or SIGINT stops accepting, finishes the requests in flight and exits 0.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Create and listen on this Unix socket instead of standard input.", valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp("Permission bits of the --socket file, in octal.", valueName: "mode"))
    var socketMode: String = "660"

    @Option(help: "FastCGI threads kept for everything but rendering (default: the configuration's `threads`); render_workers + render_queue_depth more are started.")
    var threads: Int?

    func run() throws {
        let configuration = try options.load()
        Logging.bootstrap(level: configuration.logLevel)
        let logger = Logger(label: "isofind-reports")
        guard let mode = UInt16(socketMode, radix: 8), mode <= 0o777 else {
            throw ValidationError("--socket-mode must be octal permission bits such as 660, not '\(socketMode)'")
        }
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be between 1 and 256") }

        // One registry for the process: what GET /metrics shows (the global MetricsSystem is not used).
        let metrics = ServiceMetrics()
        // Python first: the interpreter starts on this (main) thread, and the workers are warm
        // before the first request.
        let python = CustomBlockSetup.start(configuration, logger: logger, metrics: metrics)
        defer { python.pool?.shutdown() }
        // Rendering runs on its own bounded pool; the FastCGI threads are sized so that the
        // renders running and waiting never hold the ones that token checks and listings need.
        let renderSettings = configuration.render
        let renders: RenderPool
        do {
            renders = try RenderPool(limits: .init(workers: renderSettings.workers, queueDepth: renderSettings.queueDepth,
                                                   maxWait: .seconds(renderSettings.queueWaitSeconds)),
                                     observer: .recording(in: metrics))
        } catch {
            logger.critical("cannot start", metadata: ["reason": "\(error)"])
            throw ExitCode(1)
        }
        defer { renders.shutdown() }
        Gauge(label: Metric.renderWorkers, factory: metrics.factory).record(renders.limits.workers)
        let state: ReportsAPI.ModuleState
        do {
            let service = try ReportsService.open(configuration, runner: python.runner, customBlocks: python.availability,
                                                  sandboxLayers: python.layers, metrics: metrics, renders: renders)
            let swept = try service.sweepReportFiles()
            if swept > 0 { logger.notice("removed report files that no record names", metadata: ["files": "\(swept)"]) }
            if let certification = service.signing.signer.certification {
                logger.notice("signing final reports", metadata: [
                    "certificate_sha256": "\(certification.certificateSHA256)", "subject": "\(certification.subject)",
                    "algorithm": "\(certification.algorithm)"])
            }
            state = .loaded(service)
        } catch let error as SigningSetupError {
            // A key that cannot sign must not let the server start and record unsigned reports.
            logger.critical("cannot start: the signing key cannot be used", metadata: ["reason": "\(error)"])
            throw ExitCode(1)
        } catch {
            // The responder still starts: /health says why, and every API route answers 503.
            logger.critical("reports module not loaded", metadata: ["reason": "\(error)"])
            state = .failed("\(error)")
        }
        let application = ReportsAPI(state: state, logger: logger, metrics: metrics)
        let server = FastCGIServer(
            listen: socket.map { .unixSocket(path: $0, mode: mode) } ?? .inherited,
            threads: (threads ?? configuration.threads) + renderSettings.workers + renderSettings.queueDepth,
            application: application, logger: logger)
        Gauge(label: Metric.fastCGIThreads, factory: metrics.factory).record(server.threadCount)
        do {
            try server.run(onListening: { application.markReady() })
        } catch let error as FastCGIServer.StartError {
            logger.critical("cannot start", metadata: ["reason": "\(error.description)"])
            throw ExitCode(1)
        }
    }
}
