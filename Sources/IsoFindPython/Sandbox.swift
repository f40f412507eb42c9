import CSandbox
import Glibc

/// The isolation layers a `python-worker` process installs on itself before it runs any block's
/// code (python-blocks.md, "Limits and isolation"). Each layer that the kernel grants is applied;
/// one that it refuses is reported, never silently skipped: the responder logs the report at start
/// and `/health` shows it. The order matters: the network namespace is made while the process is
/// still single-threaded, resource limits before the interpreter allocates, Landlock and
/// `PR_SET_NO_NEW_PRIVS` before the seccomp filter, which refuses the calls that set them up.
public struct Sandbox: Sendable {
    public struct Limits: Sendable, Equatable {
        /// `RLIMIT_AS`: the worker's whole address space.
        public var memoryBytes: Int
        /// `RLIMIT_CPU` hard limit over the worker's life; each job lowers its own soft limit.
        public var cpuSecondsHard: Int
        /// `RLIMIT_FSIZE`: the largest file the block may write in its folder.
        public var fileSizeBytes: Int
        /// `RLIMIT_NOFILE`.
        public var openFiles: Int

        public init(memoryBytes: Int, cpuSecondsHard: Int, fileSizeBytes: Int = 64 << 20, openFiles: Int = 64) {
            self.memoryBytes = memoryBytes
            self.cpuSecondsHard = cpuSecondsHard
            self.fileSizeBytes = fileSizeBytes
            self.openFiles = openFiles
        }
    }

    /// The layers, by name, and what became of each: "active…", "off…" or "not available: why".
    public typealias Report = [String: String]

    public static let layerNames = ["resource_limits", "network", "landlock", "no_new_privs", "seccomp"]

    /// Folders and files the block's code may read (where they exist): the interpreter's standard
    /// library and the system's packages live under /usr, with the shared libraries they load;
    /// the dynamic loader's cache, matplotlib's configuration, the CPU description numpy reads.
    public static let readablePaths = [
        "/usr", "/etc/ld.so.cache", "/etc/matplotlibrc", "/etc/localtime",
        "/sys/devices/system/cpu", "/proc/cpuinfo", "/dev/urandom",
    ]

    public let limits: Limits
    public let network: Bool
    /// The worker's own folder: the only place it may write.
    public let folder: String

    public init(limits: Limits, network: Bool, folder: String) {
        self.limits = limits
        self.network = network
        self.folder = folder
    }

    // MARK: - Network

    /// Without network: a new, empty network namespace (only a loopback that is down). As root
    /// that is `unshare(CLONE_NEWNET)`; otherwise inside a new user namespace, which needs the
    /// process to be single-threaded. Refused under a unit that sets `RestrictNamespaces=`; the
    /// seccomp filter refuses sockets anyway.
    func isolateNetwork() -> String {
        guard !network else { return "off by configuration (python_network): outbound network allowed" }
        if isofind_unshare(isofind_clone_newnet) == 0 { return "active: empty network namespace, and sockets refused by seccomp" }
        let first = errno
        if isofind_unshare(isofind_clone_newuser | isofind_clone_newnet) == 0 {
            return "active: empty network namespace (in a user namespace), and sockets refused by seccomp"
        }
        return "active: sockets refused by seccomp (no network namespace: \(describe(first)))"
    }

    // MARK: - Resource limits

    func applyResourceLimits() -> String {
        let settings: [(Int32, Int, String)] = [
            (Int32(RLIMIT_AS.rawValue), limits.memoryBytes, "address space"),
            (Int32(RLIMIT_CPU.rawValue), limits.cpuSecondsHard, "CPU time"),
            (Int32(RLIMIT_FSIZE.rawValue), limits.fileSizeBytes, "file size"),
            (Int32(RLIMIT_NOFILE.rawValue), limits.openFiles, "open files"),
            (Int32(RLIMIT_CORE.rawValue), 0, "core dumps"),
        ]
        var failed: [String] = []
        for (resource, value, name) in settings {
            var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
            if setrlimit(__rlimit_resource_t(UInt32(resource)), &limit) != 0 { failed.append("\(name): \(describe(errno))") }
        }
        if !failed.isEmpty { return "not available: " + failed.joined(separator: "; ") }
        return "active: address space \(limits.memoryBytes >> 20) MiB, CPU \(limits.cpuSecondsHard) s over the worker's life, "
            + "files \(limits.fileSizeBytes >> 20) MiB, \(limits.openFiles) open files, no core dumps"
    }

    // MARK: - Landlock

    func applyLandlock() -> String {
        let abi = isofind_landlock_abi()
        guard abi >= 1 else { return "not available: the kernel offers no Landlock (\(describe(errno)))" }
        var handled: UInt64 = Access.abi1
        if abi >= 2 { handled |= Access.refer }
        if abi >= 3 { handled |= Access.truncate }
        let ruleset = isofind_landlock_ruleset(handled)
        guard ruleset >= 0 else { return "not available: \(describe(errno))" }
        defer { close(ruleset) }
        var readable: [String] = []
        for path in Self.readablePaths {
            let access = isDirectory(path) ? Access.readDirectory : Access.readFile
            if allow(ruleset, path, access & handled) { readable.append(path) }
        }
        let fileWrite = Access.writeFile | (abi >= 3 ? Access.truncate : 0)
        guard allow(ruleset, folder, handled & ~Access.execute) else {
            return "not available: the worker's folder could not be granted (\(describe(errno)))"
        }
        _ = allow(ruleset, "/dev/null", Access.readFile | fileWrite)
        // Landlock needs PR_SET_NO_NEW_PRIVS (or CAP_SYS_ADMIN) to restrict the process.
        guard isofind_no_new_privs() == 0 else { return "not available: PR_SET_NO_NEW_PRIVS refused (\(describe(errno)))" }
        guard isofind_landlock_restrict(ruleset) == 0 else { return "not available: \(describe(errno))" }
        return "active (ABI \(abi)): reads only \(readable.joined(separator: ", ")); writes only in its own folder"
    }

    func allow(_ ruleset: Int32, _ path: String, _ access: UInt64) -> Bool {
        let descriptor = open(path, isofind_o_path | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return isofind_landlock_allow(ruleset, descriptor, access) == 0
    }

    func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    enum Access {
        static let execute = UInt64(LANDLOCK_ACCESS_FS_EXECUTE)
        static let writeFile = UInt64(LANDLOCK_ACCESS_FS_WRITE_FILE)
        static let readFile = UInt64(LANDLOCK_ACCESS_FS_READ_FILE)
        static let readDirectory = readFile | UInt64(LANDLOCK_ACCESS_FS_READ_DIR)
        static let refer = UInt64(LANDLOCK_ACCESS_FS_REFER)
        static let truncate = UInt64(LANDLOCK_ACCESS_FS_TRUNCATE)
        static let abi1 = UInt64(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE
            | LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE
            | LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG
            | LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK
            | LANDLOCK_ACCESS_FS_MAKE_SYM)
    }

    // MARK: - No new privileges

    func applyNoNewPrivileges() -> String {
        isofind_no_new_privs() == 0 ? "active" : "not available: \(describe(errno))"
    }

    // MARK: - Seccomp

    /// Calls refused with EPERM: new programs and processes, tracing and other processes' memory,
    /// mounts and namespaces, kernel modules, keys, BPF, io_uring (which would bypass this
    /// filter), and machine-wide settings.
    static let refusedCalls = [
        "execve", "execveat", "fork", "vfork", "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd",
        "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen", "fsmount", "fsconfig",
        "fspick", "mount_setattr", "unshare", "setns", "init_module", "finit_module", "delete_module", "add_key",
        "request_key", "keyctl", "kexec_load", "kexec_file_load", "bpf", "perf_event_open", "userfaultfd",
        "io_uring_setup", "io_uring_enter", "io_uring_register", "reboot", "swapon", "swapoff", "acct",
        "sethostname", "setdomainname", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
        "iopl", "ioperm", "quotactl", "syslog", "personality", "landlock_create_ruleset",
    ]

    func applySeccomp() -> String {
        guard let filter = seccomp_init(Self.allow) else { return "not available: libseccomp could not start a filter" }
        defer { seccomp_release(filter) }
        var refused = 0
        func refuse(_ name: String, _ error: Int32, _ comparisons: [scmp_arg_cmp] = []) {
            let number = seccomp_syscall_resolve_name(name)
            guard number != __NR_SCMP_ERROR else { return }
            var comparisons = comparisons
            let status = comparisons.withUnsafeMutableBufferPointer {
                seccomp_rule_add_array(filter, Self.seccompErrno(error), number, UInt32($0.count), $0.baseAddress)
            }
            if status == 0 { refused += 1 }
        }
        for name in Self.refusedCalls { refuse(name, EPERM) }
        // clone of a thread is allowed (numpy and matplotlib may start threads); of a process not.
        refuse("clone", EPERM, [scmp_arg_cmp(arg: 0, op: SCMP_CMP_MASKED_EQ, datum_a: UInt64(isofind_clone_thread), datum_b: 0)])
        // clone3 passes its flags in memory, which a filter cannot read: ENOSYS makes the C
        // library fall back to clone, which the rule above judges.
        refuse("clone3", ENOSYS)
        if network {
            refuse("socket", EACCES, [scmp_arg_cmp(arg: 0, op: SCMP_CMP_EQ, datum_a: UInt64(AF_PACKET), datum_b: 0)])
        } else {
            refuse("socket", EACCES)
            refuse("socketpair", EACCES)
        }
        guard seccomp_load(filter) == 0 else { return "not available: the kernel refused the filter (\(describe(errno)))" }
        return "active: \(refused) rules (no new processes or programs, no ptrace, mounts, namespaces, modules, keys"
            + (network ? ", no packet sockets)" : ", no sockets)")
    }

    static let allow = UInt32(0x7fff_0000)  // SCMP_ACT_ALLOW
    static func seccompErrno(_ value: Int32) -> UInt32 { 0x0005_0000 | (UInt32(value) & 0xffff) }  // SCMP_ACT_ERRNO(value)

    func describe(_ code: Int32) -> String { String(cString: strerror(code)) }
}
