import IsoFindPython
import XCTest

/// The interpreter is started once per process, as in the responder.
enum SharedInterpreter {
    static let python: EmbeddedPython = {
        do { return try EmbeddedPython.start() } catch { fatalError("\(error)") }
    }()
}

final class EmbeddedPythonTests: XCTestCase {
    var python: EmbeddedPython { SharedInterpreter.python }

    func testValidCodeCompiles() {
        XCTAssertNil(python.compile("x = [s['name'] for s in data['samples']]\nstory.append(x)\n"))
        XCTAssertNil(python.compile(""))
    }

    func testCompilingRunsNothing() {
        // A module body that would fail at once if it ran.
        XCTAssertNil(python.compile("raise SystemExit(3)\nimport this_module_does_not_exist\n"))
    }

    func testSyntaxErrorGivesLineOffsetAndText() throws {
        let problem = try XCTUnwrap(python.compile("x = 1\ny = (2 +\nprint(x y)\n"))
        XCTAssertEqual(problem.error, "SyntaxError")
        XCTAssertEqual(problem.line, 2)
        XCTAssertNotNil(problem.offset)
        XCTAssertEqual(problem.text, "y = (2 +")
        XCTAssertFalse(problem.message.isEmpty)
    }

    func testIndentationErrorIsNamed() throws {
        let problem = try XCTUnwrap(python.compile("if True:\nx = 1\n"))
        XCTAssertEqual(problem.error, "IndentationError")
        XCTAssertEqual(problem.line, 2)
    }

    func testNULByteIsRefused() throws {
        let problem = try XCTUnwrap(python.compile("x = 1\u{0}\n"))
        XCTAssertTrue(["ValueError", "SyntaxError"].contains(problem.error), problem.error)
    }

    func testPathologicalNestingIsRefusedQuickly() throws {
        let started = ContinuousClock.now
        for code in [String(repeating: "(", count: 60_000), String(repeating: "[", count: 60_000) + "1" + String(repeating: "]", count: 60_000),
                     String(repeating: "-", count: 60_000) + "1", "x = " + String(repeating: "not ", count: 15_000) + "1"] {
            let problem = try XCTUnwrap(python.compile(code), "nesting of \(code.prefix(1)) compiled")
            XCTAssertTrue(["SyntaxError", "RecursionError", "MemoryError"].contains(problem.error), problem.error)
            XCTAssertFalse(problem.message.isEmpty, "\(problem.error) has no message")
        }
        // Not a timing assertion on speed, a guard against a hang.
        XCTAssertLessThan(started.duration(to: .now), .seconds(30))
    }

    func testCompilesFromManyThreadsAtOnce() {
        let group = DispatchGroup()
        let failures = Counter()
        let python = python
        for index in 0..<8 {
            DispatchQueue.global().async(group: group) {
                for round in 0..<50 where python.compile("x\(index) = \(round)\n") != nil || python.compile("(") == nil {
                    failures.increment()
                }
            }
        }
        group.wait()
        XCTAssertEqual(failures.value, 0)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
