#if canImport(Glibc)
import Glibc
#endif
import IsoFindThreads

/// The bounded pool that renders reports: a few threads of their own (one per core by default),
/// run at a lower CPU priority, and a bounded FIFO queue in front of them.
///
/// Rendering is the only slow work the service does (tens of milliseconds to seconds). The
/// thread that received a `/preview` or `/generate` hands the job to this pool and waits; so at
/// most `workers` reports are rendered at once, whatever the number of clients, and the
/// request threads left over (token checks, listings, health checks, downloads) always find
/// a core: the pool's threads run at `niceness` (+10 by default), so the kernel's scheduler
/// prefers every other thread of the process, and nginx, whenever they want the CPU.
///
/// A job that finds the queue full is refused at once (`Refusal.queueFull`); a job that waited
/// `maxWait` without starting leaves the queue and is refused (`Refusal.waitedTooLong`). A job
/// that has started always runs to its end: a report is never abandoned half-written. Each
/// refusal carries a retry estimate from the recent job times.
///
/// The pool knows nothing about HTTP or metrics: the caller turns a refusal into its answer,
/// and `Observer` reports the queue's depth, the busy threads and the waits.
public final class RenderPool: @unchecked Sendable {
    public struct Limits: Sendable, Equatable {
        /// Reports rendered at once: the pool's threads.
        public var workers: Int
        /// Jobs that may wait for a thread; one more is refused.
        public var queueDepth: Int
        /// How long a job may wait for a thread before it is refused.
        public var maxWait: Duration
        /// The nice value of the pool's threads (0 = the process's own priority).
        public var niceness: Int32

        public init(workers: Int, queueDepth: Int, maxWait: Duration, niceness: Int32 = 10) {
            self.workers = max(1, workers)
            self.queueDepth = max(0, queueDepth)
            self.maxWait = maxWait
            self.niceness = niceness
        }
    }

    /// Why a job was not run. `retryAfterSeconds` estimates when the queue will have room.
    public enum Refusal: Error, Sendable, Equatable {
        /// `queueDepth` jobs were already waiting.
        case queueFull(queueDepth: Int, retryAfterSeconds: Int)
        /// No thread became free within `maxWait`.
        case waitedTooLong(maxWait: Duration, retryAfterSeconds: Int)
        /// The pool is shutting down.
        case stopped

        public var retryAfterSeconds: Int {
            switch self {
            case .queueFull(_, let seconds), .waitedTooLong(_, let seconds): seconds
            case .stopped: 5
            }
        }
    }

    /// Called with the pool's lock held, so keep each one cheap (a metric update).
    public struct Observer: Sendable {
        /// Jobs waiting, after every change.
        public var queueDepth: @Sendable (Int) -> Void
        /// Threads rendering, after every change.
        public var busyWorkers: @Sendable (Int) -> Void
        /// How long a job waited before it started, or before it was refused for waiting too long.
        public var waited: @Sendable (Duration) -> Void
        /// A job refused.
        public var refused: @Sendable (Refusal) -> Void

        public init(queueDepth: @escaping @Sendable (Int) -> Void = { _ in },
                    busyWorkers: @escaping @Sendable (Int) -> Void = { _ in },
                    waited: @escaping @Sendable (Duration) -> Void = { _ in },
                    refused: @escaping @Sendable (Refusal) -> Void = { _ in }) {
            self.queueDepth = queueDepth
            self.busyWorkers = busyWorkers
            self.waited = waited
            self.refused = refused
        }
    }

    public let limits: Limits
    private let observer: Observer

    // Everything below is guarded by `mutex`. `jobQueued` wakes the pool's threads,
    // `jobChanged` the callers waiting for their job to start or finish.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let jobQueued = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let jobChanged = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [Job] = []
    private var queueHead = 0
    private var busy = 0
    private var stopping = false
    private var threads: [pthread_t] = []
    /// Exponentially weighted mean of the jobs' running times, seconds: the retry estimate.
    private var meanJobSeconds = 1.0

    private final class Job {
        enum State { case queued, running, finished, abandoned }
        let work: () -> Void
        let queuedAt = ContinuousClock.now
        var state = State.queued
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    /// Starts `limits.workers` threads.
    public init(limits: Limits, observer: Observer = Observer()) throws {
        self.limits = limits
        self.observer = observer
        pthread_mutex_init(mutex, nil)
        // Deadlines are measured on CLOCK_MONOTONIC, like ContinuousClock: a clock change never
        // refuses or holds a waiting job.
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(jobQueued, &attributes)
        pthread_cond_init(jobChanged, &attributes)
        pthread_condattr_destroy(&attributes)
        for _ in 0..<limits.workers {
            let thread = try Self.spawn { [self] in workerLoop() }
            locked { threads.append(thread) }
        }
    }

    deinit {
        pthread_cond_destroy(jobQueued)
        pthread_cond_destroy(jobChanged)
        pthread_mutex_destroy(mutex)
        jobQueued.deallocate()
        jobChanged.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` on one of the pool's threads and returns its result, once it has waited its
    /// turn; throws `Refusal` when the queue is full or the wait too long, or what `body` throws.
    public func run<Value>(_ body: @escaping () throws -> Value) throws -> Value {
        var outcome: Result<Value, any Error>?
        let job = Job { outcome = Result(catching: body) }
        try locked { () throws(Refusal) in
            if stopping { throw .stopped }
            // Room: a free thread, or a place in the queue.
            guard queue.count - queueHead < limits.queueDepth + (limits.workers - busy) else {
                let refusal = Refusal.queueFull(queueDepth: limits.queueDepth, retryAfterSeconds: retryEstimate())
                observer.refused(refusal)
                throw refusal
            }
            queue.append(job)
            observer.queueDepth(queue.count - queueHead)
            pthread_cond_signal(jobQueued)

            let deadline = timespec(monotonicAfter: limits.maxWait)
            while job.state == .queued {
                var due = deadline
                if pthread_cond_timedwait(jobChanged, mutex, &due) == ETIMEDOUT, job.state == .queued {
                    job.state = .abandoned
                    removeAbandoned()
                    observer.waited(job.queuedAt.duration(to: .now))
                    let refusal = Refusal.waitedTooLong(maxWait: limits.maxWait, retryAfterSeconds: retryEstimate())
                    observer.refused(refusal)
                    throw refusal
                }
            }
            // Started: wait for the end, without a deadline.
            while job.state != .finished { pthread_cond_wait(jobChanged, mutex) }
        }
        // The worker wrote `outcome` before it marked the job finished under the lock.
        return try outcome!.get()
    }

    /// Jobs waiting now.
    public var queued: Int { locked { queue.count - queueHead } }

    /// Stops the threads once the jobs already queued have run; later `run` calls are refused.
    public func shutdown() {
        let joining: [pthread_t] = locked {
            stopping = true
            pthread_cond_broadcast(jobQueued)
            defer { threads = [] }
            return threads
        }
        for thread in joining { pthread_join(thread, nil) }
    }

    // MARK: - The pool's threads

    private func workerLoop() {
        // On Linux the nice value is a thread's own (setpriority(2), "Bugs"): `who` 0 is this
        // thread, not the process; the FastCGI threads keep theirs.
        if limits.niceness != 0 { setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, limits.niceness) }
        while let job = nextJob() {
            let started = ContinuousClock.now
            job.work()
            let seconds = Self.seconds(started.duration(to: .now))
            locked {
                job.state = .finished
                busy -= 1
                meanJobSeconds = 0.8 * meanJobSeconds + 0.2 * seconds
                observer.busyWorkers(busy)
                pthread_cond_broadcast(jobChanged)
            }
        }
    }

    /// The next job to run, marked running; nil when the pool stops with nothing left.
    private func nextJob() -> Job? {
        locked {
            while true {
                while queueHead < queue.count, queue[queueHead].state == .abandoned { queueHead += 1 }
                if queueHead < queue.count {
                    let job = queue[queueHead]
                    queueHead += 1
                    compact()
                    job.state = .running
                    busy += 1
                    observer.queueDepth(queue.count - queueHead)
                    observer.busyWorkers(busy)
                    observer.waited(job.queuedAt.duration(to: .now))
                    pthread_cond_broadcast(jobChanged)
                    return job
                }
                if stopping { return nil }
                pthread_cond_wait(jobQueued, mutex)
            }
        }
    }

    /// Drops the abandoned job(s) so the depth counts only jobs that will run.
    private func removeAbandoned() {
        queue.removeAll { $0.state == .abandoned }
        queueHead = min(queueHead, queue.count)
        // Entries before queueHead were taken and are never abandoned, so they were kept above.
        observer.queueDepth(queue.count - queueHead)
    }

    private func compact() {
        if queueHead > 64, queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
    }

    /// Seconds until the queue likely has room: the jobs ahead, spread over the threads, at
    /// the recent mean running time; between 1 and 120.
    private func retryEstimate() -> Int {
        let ahead = Double(queue.count - queueHead + busy)
        let estimate = (ahead / Double(limits.workers) * meanJobSeconds).rounded(.up)
        return Int(min(120, max(1, estimate)))
    }

    private func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    private static func spawn(_ body: @escaping () -> Void) throws -> pthread_t {
        do { return try PosixThread.start(body) } catch { throw StartError(code: error.code) }
    }

    public struct StartError: Error, CustomStringConvertible {
        let code: Int32
        public var description: String { "cannot start a render thread: \(String(cString: strerror(code)))" }
    }
}

extension timespec {
    /// CLOCK_MONOTONIC now plus `duration`.
    init(monotonicAfter duration: Duration) {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let parts = duration.components
        var seconds = now.tv_sec + Int(parts.seconds)
        var nanoseconds = now.tv_nsec + Int(parts.attoseconds / 1_000_000_000)
        if nanoseconds >= 1_000_000_000 {
            seconds += 1
            nanoseconds -= 1_000_000_000
        }
        self.init(tv_sec: seconds, tv_nsec: nanoseconds)
    }
}
