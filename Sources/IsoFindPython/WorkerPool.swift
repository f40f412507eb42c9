import CSandbox
import Foundation
import Glibc
import IsoFindJSON
import IsoFindMetrics
import Metrics

/// The responder's pool of `python-worker` processes. Each worker is this same binary, started
/// with `posix_spawn` (never a `fork` of the multi-threaded responder), with a clean environment,
/// no descriptor but its job channel (a socketpair) and an empty folder of its own. Workers are
/// started ahead of need, and each runs one job at a time.
///
/// `run` takes a free worker (waiting for one at most until the job's deadline, holding no lock
/// while it waits or while the job runs), sends the job and reads the reply before the deadline.
/// A worker that misses the deadline, breaks a limit, dies or answers out of protocol is killed,
/// reaped and replaced, and the caller gets the reason: the rest of its report goes on.
///
/// Metrics (through the factory it is given): workers busy and idle, workers killed by reason,
/// replaced by reason, and how long jobs waited for a free worker (`Metric.pythonWorkers`…).
public final class WorkerPool: @unchecked Sendable {
    public struct Settings: Sendable, Equatable {
        /// This program: the workers are `<executable> python-worker …`.
        public var executable: String
        public var size: Int
        public var limits: Sandbox.Limits
        /// Per job, the CPU seconds the harness allows (its soft `RLIMIT_CPU`).
        public var cpuSecondsPerJob: Int
        public var network: Bool
        /// A worker is replaced after this many jobs, whatever they did.
        public var maxJobsPerWorker: Int
        /// Where the workers' own folders are made.
        public var folder: String
        /// The largest reply a worker may send.
        public var maxReplyBytes: Int

        public init(executable: String, size: Int, limits: Sandbox.Limits, cpuSecondsPerJob: Int, network: Bool,
                    maxJobsPerWorker: Int, folder: String, maxReplyBytes: Int) {
            self.executable = executable
            self.size = size
            self.limits = limits
            self.cpuSecondsPerJob = cpuSecondsPerJob
            self.network = network
            self.maxJobsPerWorker = maxJobsPerWorker
            self.folder = folder
            self.maxReplyBytes = maxReplyBytes
        }
    }

    /// Why a job has no reply.
    public enum JobFailure: Error, Equatable, CustomStringConvertible {
        /// The deadline passed while the job ran; the worker was killed.
        case timedOut
        /// Every worker stayed busy until the deadline.
        case noFreeWorker
        /// The worker ended while it ran the job (a signal, or an exit status).
        case died(Termination)
        /// The worker did not start, or broke the protocol.
        case broken(String)

        public var description: String {
            switch self {
            case .timedOut: "the deadline passed"
            case .noFreeWorker: "no worker was free before the deadline"
            case .died(let termination): "the worker ended: \(termination)"
            case .broken(let reason): reason
            }
        }
    }

    public enum Termination: Equatable, CustomStringConvertible, Sendable {
        case exited(Int32)
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): "exit status \(status)"
            case .signalled(let signal): "signal \(Self.name(signal))"
            }
        }

        public static func name(_ signal: Int32) -> String {
            switch signal {
            case SIGKILL: "SIGKILL"
            case SIGSEGV: "SIGSEGV"
            case SIGBUS: "SIGBUS"
            case SIGABRT: "SIGABRT"
            case SIGILL: "SIGILL"
            case SIGFPE: "SIGFPE"
            case SIGXCPU: "SIGXCPU"
            case SIGXFSZ: "SIGXFSZ"
            case SIGSYS: "SIGSYS"
            default: "\(signal)"
            }
        }
    }

    final class Worker {
        let pid: pid_t
        let channel: Int32
        let folder: String
        var ready = false
        var jobs = 0

        init(pid: pid_t, channel: Int32, folder: String) {
            self.pid = pid
            self.channel = channel
            self.folder = folder
        }
    }

    public let settings: Settings
    let spawner: Spawner
    /// The isolation layers the workers installed, from the first worker's greeting.
    public let layers: Sandbox.Report
    /// Guards `idle`, `live` and `stopped`; held only to change them, never during a job.
    private let condition = NSCondition()
    private var idle: [Worker] = []
    private var live = 0
    private var stopped = false
    let factory: any MetricsFactory
    private let busyGauge: Gauge
    private let idleGauge: Gauge
    private let waitTimer: Timer

    /// What becomes of a worker after its job.
    enum Disposal: Equatable {
        case keep
        /// Its job limit was reached, or it asked to be replaced.
        case recycle
        case kill(Metric.WorkerKillReason)
    }

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `settings.size` workers and waits until each has installed its sandbox and greeted.
    public init(_ settings: Settings, startTimeout: Duration = .seconds(20),
                metrics factory: any MetricsFactory = NOOPMetricsHandler.instance) throws(StartError) {
        self.settings = settings
        self.factory = factory
        busyGauge = Gauge(label: Metric.pythonWorkers, dimensions: [("state", "busy")], factory: factory)
        idleGauge = Gauge(label: Metric.pythonWorkers, dimensions: [("state", "idle")], factory: factory)
        waitTimer = Timer(label: Metric.pythonWorkerWait, factory: factory)
        let spawner = Spawner(settings: settings)
        self.spawner = spawner
        let deadline = ContinuousClock.now + startTimeout
        var started: [Worker] = []
        for _ in 0..<settings.size {
            do {
                started.append(try spawner.spawn())
            } catch {
                started.forEach(spawner.terminate)
                throw StartError(description: "a Python worker could not be started: \(error)")
            }
        }
        var layers: Sandbox.Report = [:]
        for worker in started {
            do {
                let greeting = try spawner.greet(worker, deadline: deadline)
                if layers.isEmpty, let report = greeting["layers"]?.objectValue {
                    layers = report.compactMapValues(\.stringValue)
                }
            } catch {
                started.forEach(spawner.terminate)
                throw StartError(description: "\(error)")
            }
        }
        self.layers = layers
        idle = started
        live = started.count
        recordWorkers()
    }

    deinit { shutdown() }

    /// Runs one job: `job` (a JSON object) gets the worker's folder as `temp_dir`. Returns the
    /// worker's reply (a JSON object), or why there is none.
    public func run(_ job: [String: JSONValue], deadline: ContinuousClock.Instant) -> Result<[String: JSONValue], JobFailure> {
        guard let worker = acquire(until: deadline) else { return .failure(.noFreeWorker) }
        var disposal = Disposal.kill(.protocolError)
        defer { release(worker, disposal) }
        do {
            if !worker.ready { _ = try spawner.greet(worker, deadline: deadline) }
            var job = job
            job["temp_dir"] = .string(worker.folder)
            // A block can write frames of its own on the channel: the reply must echo this job's
            // random id, or the worker is killed, so one job's answer never reaches another.
            let id = UUID().uuidString
            job["id"] = .string(id)
            try Frame.write(JSONWriter.bytes(.object(job)), to: worker.channel, deadline: deadline)
            let reply = try Frame.read(from: worker.channel, limit: settings.maxReplyBytes, deadline: deadline)
            guard let object = try? JSONParser.parse(reply).objectValue, object["id"]?.stringValue == id else {
                return .failure(.broken("the worker's reply was not the answer to its job"))
            }
            worker.jobs += 1
            if object["ok"]?.boolValue == false, object["error"]?.objectValue?["type"]?.stringValue == "MemoryError" {
                disposal = .kill(.memory)
            } else {
                disposal = object["recycle"]?.boolValue != true && worker.jobs < settings.maxJobsPerWorker ? .keep : .recycle
            }
            return .success(object)
        } catch let failure as Frame.Failure {
            switch failure {
            case .timedOut:
                disposal = .kill(.timeout)
                return .failure(.timedOut)
            case .closed:
                let termination = spawner.reap(worker)
                disposal = .kill(termination == .signalled(SIGXCPU) ? .cpu : .crash)
                return .failure(.died(termination))
            case .tooLarge, .failed: return .failure(.broken("the job channel failed: \(failure)"))
            }
        } catch let failure as JobFailure {
            return .failure(failure)
        } catch {
            return .failure(.broken("the job channel failed: \(error)"))
        }
    }

    /// Kills every worker; later jobs fail with `noFreeWorker`.
    public func shutdown() {
        condition.lock()
        stopped = true
        let workers = idle
        idle = []
        live -= workers.count
        recordWorkers()
        condition.broadcast()
        condition.unlock()
        workers.forEach(spawner.terminate)
    }

    // MARK: - Taking and giving back

    func acquire(until deadline: ContinuousClock.Instant) -> Worker? {
        let started = ContinuousClock.now
        let wallDeadline = Date(timeIntervalSinceNow: Self.seconds(started.duration(to: deadline)))
        condition.lock()
        defer {
            recordWorkers()
            condition.unlock()
            waitTimer.record(duration: started.duration(to: .now))
        }
        while idle.isEmpty, !stopped {
            // A worker lost to a failed replacement is started again here, by the job that needs it.
            if live < settings.size, let worker = try? spawner.spawn() {
                live += 1
                countReplaced(.failure)
                return worker
            }
            guard condition.wait(until: wallDeadline) else { return nil }
        }
        return stopped ? nil : idle.removeFirst()
    }

    func release(_ worker: Worker, _ disposal: Disposal) {
        if disposal == .keep {
            condition.lock()
            if !stopped {
                idle.append(worker)
                recordWorkers()
                condition.signal()
                condition.unlock()
                return
            }
            live -= 1
            recordWorkers()
            condition.unlock()
            spawner.terminate(worker)
            return
        }
        if case .kill(let reason) = disposal {
            Counter(label: Metric.pythonWorkersKilled, dimensions: [("reason", reason.rawValue)], factory: factory).increment()
        }
        spawner.terminate(worker)
        let replacement = try? spawner.spawn()
        condition.lock()
        if let replacement, !stopped {
            idle.append(replacement)
            countReplaced(disposal == .recycle ? .recycled : .failure)
            condition.signal()
        } else {
            live -= 1
            if let replacement { spawner.terminate(replacement) }
        }
        recordWorkers()
        condition.unlock()
    }

    /// The busy and idle gauges; called with the lock held, after `idle` or `live` changed.
    private func recordWorkers() {
        idleGauge.record(idle.count)
        busyGauge.record(live - idle.count)
    }

    private func countReplaced(_ reason: Metric.WorkerReplacementReason) {
        Counter(label: Metric.pythonWorkersReplaced, dimensions: [("reason", reason.rawValue)], factory: factory).increment()
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Starts, greets, kills and reaps worker processes.
struct Spawner: Sendable {
    let settings: WorkerPool.Settings
    typealias Worker = WorkerPool.Worker
    typealias StartError = WorkerPool.StartError
    typealias JobFailure = WorkerPool.JobFailure
    typealias Termination = WorkerPool.Termination


    /// Reads the worker's greeting: it has installed its sandbox and runs the harness.
    func greet(_ worker: Worker, deadline: ContinuousClock.Instant) throws -> [String: JSONValue] {
        let bytes: [UInt8]
        do {
            bytes = try Frame.read(from: worker.channel, limit: 1 << 20, deadline: deadline)
        } catch .closed {
            throw JobFailure.broken("the Python worker ended while starting (\(reap(worker)))")
        } catch .timedOut {
            throw JobFailure.broken("the Python worker did not start before the deadline")
        } catch {
            throw JobFailure.broken("the Python worker's channel failed while starting: \(error)")
        }
        guard let greeting = try? JSONParser.parse(bytes).objectValue, greeting["ready"]?.boolValue == true else {
            let reason = (try? JSONParser.parse(bytes).objectValue?["error"]?.stringValue).flatMap { $0 }
            throw JobFailure.broken("the Python worker did not start: \(reason ?? "an unreadable greeting")")
        }
        worker.ready = true
        return greeting
    }

    func spawn() throws(StartError) -> Worker {
        let folder = try makeFolder()
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            removeFolder(folder)
            throw StartError(description: "socketpair: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pair[1], WorkerProcess.channel)
        posix_spawn_file_actions_addclosefrom_np(&actions, WorkerProcess.channel + 1)
        posix_spawn_file_actions_addchdir_np(&actions, folder)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | isofind_posix_spawn_setsid)

        let limits = settings.limits
        let arguments = [
            settings.executable, "python-worker", "--parent", "\(getpid())", "--folder", folder,
            "--memory-bytes", "\(limits.memoryBytes)", "--cpu-seconds", "\(limits.cpuSecondsHard)",
            "--file-size-bytes", "\(limits.fileSizeBytes)", "--open-files", "\(limits.openFiles)",
        ] + (settings.network ? ["--network"] : [])
        let environment = [
            "LANG=C.UTF-8", "HOME=\(folder)", "TMPDIR=\(folder)", "MPLCONFIGDIR=\(folder)", "MPLBACKEND=Agg",
            "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1", "MKL_NUM_THREADS=1",
        ]
        var pid: pid_t = 0
        let status = withCStrings(arguments) { argv in
            withCStrings(environment) { envp in posix_spawn(&pid, settings.executable, &actions, &attributes, argv, envp) }
        }
        close(pair[1])
        guard status == 0 else {
            close(pair[0])
            removeFolder(folder)
            throw StartError(description: "posix_spawn \(settings.executable): \(String(cString: strerror(status)))")
        }
        return Worker(pid: pid, channel: pair[0], folder: folder)
    }

    /// Kills the worker, reaps it, closes its channel and removes its folder.
    func terminate(_ worker: Worker) {
        kill(worker.pid, SIGKILL)
        _ = reap(worker)
        close(worker.channel)
        removeFolder(worker.folder)
    }

    /// Waits for the worker's end (it has ended or been killed) and says how it ended.
    @discardableResult
    func reap(_ worker: Worker) -> Termination {
        var status: Int32 = 0
        while waitpid(worker.pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(-1) }  // already reaped
        }
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    func makeFolder() throws(StartError) -> String {
        var template = Array((settings.folder as NSString).appendingPathComponent("isofind-worker-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw StartError(description: "cannot make a worker folder in \(settings.folder): \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    func removeFolder(_ folder: String) {
        try? FileManager.default.removeItem(atPath: folder)
    }

}

/// Calls `body` with a NULL-terminated array of C strings.
func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T) -> T {
    var pointers = strings.map { strdup($0) }
    pointers.append(nil)
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}
