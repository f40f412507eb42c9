#if canImport(Glibc)
import Glibc
#endif

/// Starting a joinable POSIX thread with a stack of a chosen size: what the FastCGI request
/// threads and the render threads both need, and what `Thread` (Foundation) does not give (it
/// cannot be joined, and the render threads must not depend on Foundation's run loop).
public enum PosixThread {
    /// The stack every long-lived thread of the service gets: the layout recurses, and glibc's
    /// default follows `ulimit -s`, which a service manager may set low.
    public static let serviceStackSize = 8 << 20

    /// Starts `body` on a new joinable thread with `stackSize` bytes of stack; the caller joins
    /// it (`pthread_join`). Throws the `pthread_create` error number when the thread cannot start.
    public static func start(stackSize: Int = serviceStackSize, _ body: @escaping () -> Void) throws(StartError) -> pthread_t {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        let result = pthread_create(&thread, &attributes, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw StartError(code: result)
        }
        return thread
    }

    /// A thread that could not be started, with `strerror`'s reason.
    public struct StartError: Error, CustomStringConvertible {
        public let code: Int32
        public var description: String { String(cString: strerror(code)) }
    }

    /// The closure, boxed so that it can cross `pthread_create` as one retained pointer.
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }
}
