import CPython
import CSandbox
import Glibc
import IsoFindJSON

/// The `python-worker` process: started by the responder's `PythonWorkerPool` with its job
/// channel on descriptor 3, a clean environment and an empty folder of its own as working
/// directory. It installs its sandbox, starts the interpreter and hands the channel to the
/// harness (`Harness/harness.py`), which runs one job at a time until the channel closes.
public enum WorkerProcess {
    /// The job channel's descriptor in the worker.
    public static let channel: Int32 = 3

    public struct Settings: Sendable {
        public var sandbox: Sandbox
        /// The responder's process id: the worker ends when its parent is not that process.
        public var parent: Int32

        public init(sandbox: Sandbox, parent: Int32) {
            self.sandbox = sandbox
            self.parent = parent
        }
    }

    /// Runs the worker; returns its exit status (0 when the channel closed).
    public static func run(_ settings: Settings) -> Int32 {
        // Die with the responder, whatever kills it; and never outlive a parent that is gone.
        _ = isofind_parent_death_signal(SIGKILL)
        if settings.parent > 0, getppid() != settings.parent { return 69 }
        // No descriptor but the standard ones (the spawner made them /dev/null) and the channel.
        _ = isofind_close_from(UInt32(channel + 1))

        let sandbox = settings.sandbox
        var report: Sandbox.Report = [:]
        report["network"] = sandbox.isolateNetwork()
        report["resource_limits"] = sandbox.applyResourceLimits()
        let python: EmbeddedPython
        do {
            python = try EmbeddedPython.start(importSite: true)
        } catch {
            send(["ready": false, "error": .string(error.description)])
            return 70
        }
        report["landlock"] = sandbox.applyLandlock()
        report["no_new_privs"] = sandbox.applyNoNewPrivileges()
        report["seccomp"] = sandbox.applySeccomp()

        let hello: JSONValue = ["layers": .object(report.mapValues(JSONValue.string)), "pid": .int(Int64(getpid()))]
        return python.withGIL { runHarness(hello: hello) }
    }

    /// Executes the harness's source in a fresh module and calls `main(channel, hello)`.
    /// Called with the GIL held.
    static func runHarness(hello: JSONValue) -> Int32 {
        guard let globals = PyDict_New(), let sources = PyDict_New(), let builtins = PyImport_ImportModule("builtins") else {
            return 70
        }
        PyDict_SetItemString(globals, "__builtins__", builtins)
        set(globals, "__name__", "isofind_harness")
        for (name, source) in HarnessSources.modules { set(sources, name, source) }
        PyDict_SetItemString(globals, "_SOURCES", sources)
        set(globals, "_HELLO", String(decoding: JSONWriter.bytes(hello), as: UTF8.self))
        guard let module = PyRun_StringFlags(HarnessSources.main, Py_file_input, globals, globals, nil) else {
            send(["ready": false, "error": .string("the harness did not load: \(EmbeddedPython.currentProblem().message)")])
            return 70
        }
        Py_DecRef(module)
        let call = "import json as _json\nmain(\(channel), _json.loads(_HELLO))\n"
        guard let result = PyRun_StringFlags(call, Py_file_input, globals, globals, nil) else {
            let problem = EmbeddedPython.currentProblem()
            send(["ready": false, "error": .string("the harness stopped: \(problem.error): \(problem.message)")])
            return 70
        }
        Py_DecRef(result)
        return 0
    }

    static func set(_ dictionary: UnsafeMutablePointer<PyObject>, _ key: String, _ value: String) {
        guard let object = PyUnicode_FromString(value) else { return }
        PyDict_SetItemString(dictionary, key, object)
        Py_DecRef(object)
    }

    /// A frame on the channel from Swift (only before the harness runs, or when it could not).
    static func send(_ message: JSONValue) {
        try? Frame.write(JSONWriter.bytes(message), to: channel, deadline: .now + .seconds(2))
    }
}
