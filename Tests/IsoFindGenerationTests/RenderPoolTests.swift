import Foundation
import IsoFindGeneration
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The render pool: its threads, its bounded queue and its refusals, with real threads.
/// Jobs are held on semaphores, so every assertion is about order and counts, never timing
/// (the one deadline, `maxWait`, is only ever waited for in full).
@Suite struct RenderPoolTests {
    /// A job that blocks until `release` is signalled, and says when it started.
    final class Gate: Sendable {
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
    }

    /// Values recorded from several threads.
    final class Log<Value: Sendable>: Sendable {
        private let values = Mutex<[Value]>([])
        func append(_ value: Value) { values.withLock { $0.append(value) } }
        var all: [Value] { values.withLock { $0 } }
    }

    /// Calls `pool.run` on a new thread; `result` is filled in when it returns.
    final class Caller: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: Result<Int, any Error>?
        let done = DispatchSemaphore(value: 0)

        init(_ pool: RenderPool, value: Int, gate: Gate? = nil, order: Log<Int>? = nil) {
            Thread.detachNewThread { [self] in
                let result = Result {
                    try pool.run {
                        order?.append(value)
                        if let gate {
                            gate.started.signal()
                            gate.release.wait()
                        }
                        return value
                    }
                }
                lock.withLock { stored = result }
                done.signal()
            }
        }

        var result: Result<Int, any Error>? { lock.withLock { stored } }

        func wait() -> Result<Int, any Error> {
            done.wait()
            return result!
        }
    }

    /// Waits (polling, bounded) until `condition` holds.
    func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<2000 {
            if condition() { return true }
            usleep(1000)
        }
        return condition()
    }

    @Test func returnsTheValueAndRethrowsTheError() throws {
        let pool = try RenderPool(limits: .init(workers: 2, queueDepth: 4, maxWait: .seconds(10)))
        defer { pool.shutdown() }
        #expect(try pool.run { 42 } == 42)
        struct Broken: Error, Equatable {}
        #expect(throws: Broken()) { try pool.run { () throws -> Int in throw Broken() } }
    }

    @Test func neverRendersMoreThanItsWorkersAtOnce() throws {
        let pool = try RenderPool(limits: .init(workers: 2, queueDepth: 8, maxWait: .seconds(30)))
        defer { pool.shutdown() }
        // One gate for all five jobs: whichever two the pool takes first start, the others wait.
        let gate = Gate()
        let callers = (0..<5).map { Caller(pool, value: $0, gate: gate) }
        gate.started.wait()
        gate.started.wait()
        #expect(eventually { pool.queued == 3 })
        // Two run; the other three wait in the queue and none of them starts.
        #expect(gate.started.wait(timeout: .now()) == .timedOut)
        for _ in 0..<5 { gate.release.signal() }
        #expect(callers.map { try? $0.wait().get() } == [0, 1, 2, 3, 4])
        #expect(pool.queued == 0)
    }

    @Test func waitingJobsStartInTheOrderTheyCame() throws {
        let pool = try RenderPool(limits: .init(workers: 1, queueDepth: 8, maxWait: .seconds(30)))
        defer { pool.shutdown() }
        let order = Log<Int>()
        let blocker = Gate()
        let first = Caller(pool, value: 0, gate: blocker, order: order)
        blocker.started.wait()
        var waiting: [Caller] = []
        for value in 1...5 {
            waiting.append(Caller(pool, value: value, order: order))
            #expect(eventually { pool.queued == value })
        }
        blocker.release.signal()
        _ = first.wait()
        for caller in waiting { _ = caller.wait() }
        #expect(order.all == [0, 1, 2, 3, 4, 5])
    }

    @Test func aFullQueueRefusesAtOnceAndSaysWhenToRetry() throws {
        let refusals = Log<RenderPool.Refusal>()
        let depths = Log<Int>()
        let pool = try RenderPool(
            limits: .init(workers: 1, queueDepth: 2, maxWait: .seconds(30)),
            observer: .init(queueDepth: { depth in depths.append(depth) },
                            refused: { refusal in refusals.append(refusal) }))
        defer { pool.shutdown() }
        let blocker = Gate()
        let running = Caller(pool, value: 0, gate: blocker)
        blocker.started.wait()
        let queued = [Caller(pool, value: 1), Caller(pool, value: 2)]
        #expect(eventually { pool.queued == 2 })

        #expect {
            try pool.run { 3 }
        } throws: { error in
            guard case .queueFull(let depth, let retry) = error as? RenderPool.Refusal else { return false }
            return depth == 2 && retry >= 1 && retry <= 120
        }
        #expect(refusals.all.count == 1)
        blocker.release.signal()
        #expect(try running.wait().get() == 0)
        #expect(queued.map { try? $0.wait().get() } == [1, 2])
        #expect(depths.all.max() == 2)
        #expect(depths.all.last == 0)
    }

    @Test func aJobThatWaitsTooLongLeavesTheQueue() throws {
        let waits = Log<Duration>()
        let pool = try RenderPool(limits: .init(workers: 1, queueDepth: 4, maxWait: .milliseconds(50)),
                                  observer: .init(waited: { wait in waits.append(wait) }))
        defer { pool.shutdown() }
        let blocker = Gate()
        let running = Caller(pool, value: 0, gate: blocker)
        blocker.started.wait()
        let late = Caller(pool, value: 1)
        guard case .failure(let error) = late.wait() else {
            Issue.record("the job ran although no thread was free")
            return
        }
        guard case .waitedTooLong(let maxWait, _) = error as? RenderPool.Refusal else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(maxWait == .milliseconds(50))
        #expect(pool.queued == 0)
        #expect(waits.all.contains { $0 >= .milliseconds(50) })
        blocker.release.signal()
        #expect(try running.wait().get() == 0)
        // The abandoned job never runs; the next one does.
        #expect(try pool.run { 7 } == 7)
    }

    @Test func itsThreadsRunAtALowerPriorityThanTheCaller() throws {
        let pool = try RenderPool(limits: .init(workers: 1, queueDepth: 1, maxWait: .seconds(10), niceness: 7))
        defer { pool.shutdown() }
        let mine = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let theirs = try pool.run { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        #expect(theirs == min(19, mine + 7))
        // The caller's own priority is unchanged.
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == mine)
    }

    @Test func afterShutdownEveryJobIsRefused() throws {
        let pool = try RenderPool(limits: .init(workers: 2, queueDepth: 2, maxWait: .seconds(1)))
        #expect(try pool.run { 1 } == 1)
        pool.shutdown()
        #expect(throws: RenderPool.Refusal.stopped) { try pool.run { 2 } }
    }
}
