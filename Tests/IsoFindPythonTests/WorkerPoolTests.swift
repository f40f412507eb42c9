import Foundation
import IsoFindJSON
import IsoFindMetrics
import IsoFindPython
import XCTest

/// The worker pool with real `python-worker` processes of the built binary: jobs, deadlines,
/// crashes and each sandbox layer, seen from the responder's side.
final class WorkerPoolTests: XCTestCase {
    /// The `isofind-reports` binary next to the test bundle (`swift build` builds both).
    static var executable: String {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return folder.appendingPathComponent("isofind-reports").path
    }

    static func settings(size: Int = 1, network: Bool = false, memoryMiB: Int = 512) -> WorkerPool.Settings {
        WorkerPool.Settings(
            executable: executable, size: size, limits: Sandbox.Limits(memoryBytes: memoryMiB << 20, cpuSecondsHard: 600),
            cpuSecondsPerJob: 5, network: network, maxJobsPerWorker: 100, folder: NSTemporaryDirectory(),
            maxReplyBytes: 32 << 20)
    }

    static let shared: WorkerPool = {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            fatalError("\(executable) is missing: run `swift build` before the tests")
        }
        do { return try WorkerPool(settings(size: 2)) } catch { fatalError("\(error)") }
    }()

    func job(_ code: String, data: [String: JSONValue] = [:]) -> [String: JSONValue] {
        ["key": "test_block", "code": .string(code), "lang": "en", "data": .object(data),
         "limits": ["max_items": 5000, "max_text_bytes": 2_097_152, "max_image_bytes": 10_485_760, "max_print_bytes": 65536,
                    "cpu_seconds": 5]]
    }

    func run(_ code: String, seconds: Int = 5, data: [String: JSONValue] = [:]) -> Result<[String: JSONValue], WorkerPool.JobFailure> {
        Self.shared.run(job(code, data: data), deadline: .now + .seconds(seconds))
    }

    /// The exception type the block's reply names, or nil when it succeeded.
    func errorType(_ code: String) throws -> String? {
        let reply = try run(code).get()
        if reply["ok"]?.boolValue == true { return nil }
        return reply["error"]?["type"]?.stringValue
    }

    func testWorkersReportTheirLayers() {
        let layers = Self.shared.layers
        XCTAssertEqual(Set(layers.keys), Set(Sandbox.layerNames))
        for name in Sandbox.layerNames { XCTAssertTrue(layers[name]?.hasPrefix("active") == true, "\(name): \(layers[name] ?? "")") }
    }

    func testAJobRunsAndSeesItsData() throws {
        let reply = try run("story.append(Paragraph(str(data['n'] * 2)))", data: ["n": 21]).get()
        XCTAssertEqual(reply["ok"], .bool(true))
        XCTAssertEqual(reply["story"]?.arrayValue?.first?["text"], .string("42"))
    }

    func testAnEndlessLoopIsKilledAtTheDeadlineAndTheWorkerReplaced() throws {
        let started = ContinuousClock.now
        guard case .failure(.timedOut) = run("while True:\n    pass\n", seconds: 1) else { return XCTFail("not timed out") }
        XCTAssertLessThan(started.duration(to: .now), .seconds(3))
        XCTAssertEqual(try run("story.append(Paragraph('ok'))").get()["ok"], .bool(true))
    }

    func testAnOperationThatHoldsTheGILIsStoppedAtTheDeadline() {
        // 7 ** (7 ** 8) is one C-level operation: no in-process watchdog could interrupt it.
        guard case .failure(.timedOut) = run("x = 7 ** (7 ** 8)\n", seconds: 1) else { return XCTFail("not timed out") }
    }

    func testAFrameForgedByTheBlockIsNotTakenForTheReply() throws {
        let forged = "import os, json, struct\nb = json.dumps({'ok': True, 'story': [], 'warnings': []}).encode()\n"
            + "os.write(3, struct.pack('>I', len(b)) + b)\nimport time\ntime.sleep(0.2)\n"
        guard case .failure(.broken) = run(forged) else { return XCTFail("a forged frame was taken for the reply") }
        XCTAssertEqual(try run("story.append(Paragraph('ok'))").get()["ok"], .bool(true))
    }

    func testAnExitIsReportedWithItsStatus() {
        guard case .failure(.died(.exited(7))) = run("import os\nos._exit(7)\n") else { return XCTFail("exit not reported") }
    }

    func testACrashIsReportedWithItsSignal() {
        guard case .failure(.died(.signalled(SIGSEGV))) = run("import ctypes\nctypes.string_at(0)\n") else {
            return XCTFail("segfault not reported")
        }
    }

    func testProcessesAndProgramsAreRefused() throws {
        XCTAssertEqual(try errorType("import os\nos.fork()\n"), "PermissionError")
        XCTAssertEqual(try errorType("import subprocess\nsubprocess.run(['/bin/true'])\n"), "PermissionError")
        let system = try run("import os\nstory.append(Paragraph(str(os.system('true'))))\n").get()
        XCTAssertTrue(system["ok"] == .bool(false) || system["story"]?.arrayValue?.first?.objectValue?["text"]?.stringValue != "0",
                      "os.system ran a program: \(system)")
    }

    func testFilesOutsideTheStandardLibraryAreUnreachable() throws {
        XCTAssertEqual(try errorType("open('/etc/passwd').read()\n"), "PermissionError")
        XCTAssertEqual(try errorType("open(\(String(reflecting: NSTemporaryDirectory()))+'/x', 'w')\n"), "PermissionError")
        XCTAssertNil(try errorType("open('own.txt', 'w').write('ok')\nstory.append(Paragraph(open('own.txt').read()))\n"))
        XCTAssertNil(try errorType("import json, decimal\nstory.append(Paragraph(json.dumps(1)))\n"))
    }

    func testSocketsAreRefused() throws {
        XCTAssertEqual(try errorType("import socket\nsocket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"), "PermissionError")
    }

    func testUnboundedAllocationIsAMemoryError() throws {
        let reply = try run("x = []\nwhile True:\n    x.append(bytearray(10 << 20))\n").get()
        XCTAssertEqual(reply["error"]?["type"]?.stringValue, "MemoryError")
        XCTAssertEqual(try run("story.append(Paragraph('ok'))").get()["ok"], .bool(true))
    }

    func testThePoolCountsItsWorkersKillsAndReplacements() throws {
        let metrics = ServiceMetrics()
        let pool = try WorkerPool(Self.settings(size: 1, memoryMiB: 256), metrics: metrics.factory)
        defer { pool.shutdown() }
        func text() -> String { String(decoding: metrics.exposition(), as: UTF8.self) }
        XCTAssertTrue(text().contains(#"isofind_python_workers{state="idle"} 1"#), text())
        XCTAssertTrue(text().contains(#"isofind_python_workers{state="busy"} 0"#), text())
        let ok = job("story.append(Paragraph('ok'))\n")
        XCTAssertEqual(try pool.run(ok, deadline: .now + .seconds(5)).get()["ok"], .bool(true))
        guard case .failure(.timedOut) = pool.run(job("while True:\n    pass\n"), deadline: .now + .seconds(1)) else {
            return XCTFail("not timed out")
        }
        guard case .failure(.died) = pool.run(job("import os\nos._exit(7)\n"), deadline: .now + .seconds(5)) else {
            return XCTFail("exit not reported")
        }
        let memory = try pool.run(job("x = []\nwhile True:\n    x.append(bytearray(10 << 20))\n"), deadline: .now + .seconds(10)).get()
        XCTAssertEqual(memory["error"]?["type"]?.stringValue, "MemoryError")
        let after = text()
        for line in [#"isofind_python_workers_killed_total{reason="timeout"} 1"#, #"isofind_python_workers_killed_total{reason="crash"} 1"#,
                     #"isofind_python_workers_killed_total{reason="memory"} 1"#, #"isofind_python_workers_killed_total{reason="cpu"} 0"#,
                     #"isofind_python_workers_replaced_total{reason="failure"} 3"#, #"isofind_python_workers_replaced_total{reason="recycled"} 0"#,
                     #"isofind_python_workers{state="idle"} 1"#, #"isofind_python_workers{state="busy"} 0"#,
                     "isofind_python_worker_wait_seconds_count 4"] {
            XCTAssertTrue(after.contains(line), "\(line) not in:\n\(after)")
        }
    }

    func testAllBusyWaitsUntilTheDeadline() {
        let pool = Self.shared
        let group = DispatchGroup()
        let results = ResultBox()
        let sleeper = job("import time\ntime.sleep(0.6)\nstory.append(Paragraph('slept'))\n")
        for _ in 0..<3 {
            DispatchQueue.global().async(group: group) {
                let result = pool.run(sleeper, deadline: .now + .seconds(5))
                results.add(result)
            }
        }
        group.wait()
        // Two workers, three jobs: the third waited for a free worker and then ran.
        XCTAssertEqual(results.successes, 3)
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<[String: JSONValue], WorkerPool.JobFailure>] = []
    func add(_ result: Result<[String: JSONValue], WorkerPool.JobFailure>) { lock.withLock { results.append(result) } }
    var successes: Int {
        lock.withLock { results.filter { if case .success(let reply) = $0 { reply["ok"] == .bool(true) } else { false } }.count }
    }
}
