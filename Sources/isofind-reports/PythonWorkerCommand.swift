import ArgumentParser
import IsoFindPython

/// `isofind-reports python-worker`: one sandboxed Python worker. Started by the responder's
/// worker pool (never by hand), with its job channel on descriptor 3.
struct PythonWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "python-worker",
        abstract: "Internal: one sandboxed Python worker process, started by the responder.",
        discussion: "Reads jobs from descriptor 3, runs each custom block's code, and answers on the same descriptor.",
        shouldDisplay: false)

    @Option(help: "The responder's process id: the worker ends when its parent is another process.")
    var parent: Int32 = 0

    @Option(help: "The worker's own folder, the only one it may write in.")
    var folder: String

    @Option(help: "RLIMIT_AS, bytes.")
    var memoryBytes: Int

    @Option(help: "RLIMIT_CPU hard limit over the worker's life, seconds.")
    var cpuSeconds: Int

    @Option(help: "RLIMIT_FSIZE, bytes.")
    var fileSizeBytes: Int = 64 << 20

    @Option(help: "RLIMIT_NOFILE.")
    var openFiles: Int = 64

    @Flag(help: "Allow outbound network (python_network).")
    var network = false

    func run() throws {
        let sandbox = Sandbox(limits: .init(memoryBytes: memoryBytes, cpuSecondsHard: cpuSeconds,
                                            fileSizeBytes: fileSizeBytes, openFiles: openFiles),
                              network: network, folder: folder)
        let status = WorkerProcess.run(.init(sandbox: sandbox, parent: parent))
        if status != 0 { throw ExitCode(status) }
    }
}
