import CPython
import Synchronization

/// CPython embedded in this process, initialised once, in isolated configuration: no `site`
/// unless asked, no user site, no `PYTHON*` variables, no signal handlers (Python never takes
/// SIGTERM or SIGINT from the server). Between uses the GIL is released, so any thread may take it
/// for one call and give it back.
///
/// The responder uses it only to compile custom blocks' code (`compile`, which parses without
/// running anything); user code runs in `python-worker` processes, never here.
public final class EmbeddedPython: Sendable {
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The interpreter's version, e.g. "3.11.2".
    public let version: String
    /// `builtins.compile`, kept for the life of the process.
    nonisolated(unsafe) private let compileFunction: UnsafeMutablePointer<PyObject>

    private static let started = Mutex(false)

    /// Initialises the interpreter; call once, on the main thread, before other threads use
    /// Python. `importSite`: whether `site` runs (it adds the system's `dist-packages`).
    public static func start(importSite: Bool = false) throws(StartError) -> EmbeddedPython {
        let first = started.withLock { started in
            defer { started = true }
            return !started
        }
        guard first else { throw StartError(description: "the embedded Python interpreter is already started") }
        var config = PyConfig()
        PyConfig_InitIsolatedConfig(&config)
        config.site_import = importSite ? 1 : 0
        config.install_signal_handlers = 0
        config.write_bytecode = 0
        let status = Py_InitializeFromConfig(&config)
        PyConfig_Clear(&config)
        if PyStatus_Exception(status) != 0 {
            let message = status.err_msg.map { String(cString: $0) } ?? "unknown error"
            throw StartError(description: "the embedded Python interpreter did not start: \(message)")
        }
        guard let builtins = PyImport_ImportModule("builtins"),
              let compile = PyObject_GetAttrString(builtins, "compile") else {
            PyErr_Clear()
            throw StartError(description: "the embedded Python interpreter has no builtins.compile")
        }
        Py_DecRef(builtins)
        let version = String(cString: Py_GetVersion()).split(separator: " ").first.map(String.init) ?? "?"
        // Release the GIL: every later use takes it for its own call only.
        _ = PyEval_SaveThread()
        return EmbeddedPython(compile: compile, version: version)
    }

    private init(compile: UnsafeMutablePointer<PyObject>, version: String) {
        compileFunction = compile
        self.version = version
    }

    /// Runs `body` with the GIL held by the calling thread.
    public func withGIL<T>(_ body: () throws -> T) rethrows -> T {
        let state = PyGILState_Ensure()
        defer { PyGILState_Release(state) }
        return try body()
    }

    /// Why code does not compile.
    public struct CompileProblem: Error, Sendable, Equatable {
        /// The exception's type: `SyntaxError` (and its subclasses `IndentationError`,
        /// `TabError`), `ValueError` (NUL bytes), `RecursionError` or `MemoryError` (nesting).
        public var error: String
        public var message: String
        public var line: Int?
        public var offset: Int?
        /// The offending line's text, without its line break.
        public var text: String?
    }

    /// `compile(code, '<custom_block>', 'exec')`: parses and compiles `code` as a module body
    /// without running any of it. The GIL is held for this call only.
    public func compile(_ code: String, filename: String = "<custom_block>") -> CompileProblem? {
        withGIL {
            var utf8 = Array(code.utf8)
            guard let source = utf8.withUnsafeMutableBufferPointer({ buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                    PyUnicode_DecodeUTF8($0, buffer.count, "strict")
                }
            }) ?? (utf8.isEmpty ? PyUnicode_FromString("") : nil) else {
                return Self.currentProblem()
            }
            defer { Py_DecRef(source) }
            guard let arguments = PyTuple_New(3) else { return Self.currentProblem() }
            defer { Py_DecRef(arguments) }
            // PyTuple_SetItem steals the references.
            Py_IncRef(source)
            PyTuple_SetItem(arguments, 0, source)
            PyTuple_SetItem(arguments, 1, PyUnicode_FromString(filename))
            PyTuple_SetItem(arguments, 2, PyUnicode_FromString("exec"))
            guard let compiled = PyObject_Call(compileFunction, arguments, nil) else { return Self.currentProblem() }
            Py_DecRef(compiled)
            return nil
        }
    }

    /// The pending exception as a `CompileProblem`, cleared. Called with the GIL held.
    static func currentProblem() -> CompileProblem {
        var type: UnsafeMutablePointer<PyObject>?
        var value: UnsafeMutablePointer<PyObject>?
        var traceback: UnsafeMutablePointer<PyObject>?
        PyErr_Fetch(&type, &value, &traceback)
        PyErr_NormalizeException(&type, &value, &traceback)
        defer {
            type.map(Py_DecRef)
            value.map(Py_DecRef)
            traceback.map(Py_DecRef)
        }
        let name = type.flatMap { attributeString($0, "__name__") } ?? "Error"
        guard let value else { return CompileProblem(error: name, message: emptyMessage(name), line: nil, offset: nil, text: nil) }
        if PyErr_GivenExceptionMatches(value, isofind_syntax_error_type()) != 0 {
            return CompileProblem(
                error: name, message: attributeString(value, "msg") ?? "invalid syntax",
                line: attributeInt(value, "lineno"), offset: attributeInt(value, "offset"),
                text: attributeString(value, "text").map { String($0.trimmingSuffix(while: { $0 == "\n" || $0 == "\r" })) })
        }
        let message = string(value).flatMap { $0.isEmpty ? nil : $0 } ?? emptyMessage(name)
        return CompileProblem(error: name, message: message, line: nil, offset: nil, text: nil)
    }

    /// What an exception raised without a message means here: the parser's MemoryError is its
    /// way of refusing nesting too deep for its stacks.
    static func emptyMessage(_ name: String) -> String {
        name == "MemoryError"
            ? "the code is nested too deeply (or is too large) for Python's parser"
            : "compile() raised \(name) without a message"
    }

    static func attributeString(_ object: UnsafeMutablePointer<PyObject>, _ name: String) -> String? {
        guard let attribute = PyObject_GetAttrString(object, name) else {
            PyErr_Clear()
            return nil
        }
        defer { Py_DecRef(attribute) }
        return attribute == pyNone ? nil : string(attribute)
    }

    static func attributeInt(_ object: UnsafeMutablePointer<PyObject>, _ name: String) -> Int? {
        guard let attribute = PyObject_GetAttrString(object, name) else {
            PyErr_Clear()
            return nil
        }
        defer { Py_DecRef(attribute) }
        guard PyLong_Check(attribute) else { return nil }
        let value = PyLong_AsLong(attribute)
        if value == -1, PyErr_Occurred() != nil {
            PyErr_Clear()
            return nil
        }
        return value
    }

    /// `str(object)` as a Swift string.
    static func string(_ object: UnsafeMutablePointer<PyObject>) -> String? {
        guard let text = PyObject_Str(object) else {
            PyErr_Clear()
            return nil
        }
        defer { Py_DecRef(text) }
        var size = 0
        guard let utf8 = PyUnicode_AsUTF8AndSize(text, &size) else {
            PyErr_Clear()
            return nil
        }
        return String(decoding: UnsafeRawBufferPointer(start: utf8, count: size), as: UTF8.self)
    }

    static var pyNone: UnsafeMutablePointer<PyObject> { isofind_none() }
}

extension String {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[..<end]
    }
}

func PyLong_Check(_ object: UnsafeMutablePointer<PyObject>) -> Bool {
    PyType_GetFlags(object.pointee.ob_type) & UInt(Py_TPFLAGS_LONG_SUBCLASS) != 0
}
