// The kernel interfaces the Python worker's sandbox uses, as small non-variadic inline wrappers
// that Swift can call: prctl, Landlock (no library wraps it on Debian 12, so its three syscalls
// are called directly), unshare, close_range, and the posix_spawn extensions of glibc. Seccomp
// filters are built with libseccomp (<seccomp.h>), whose non-variadic API Swift calls as is.
#ifndef ISOFIND_CSANDBOX_SHIM_H
#define ISOFIND_CSANDBOX_SHIM_H

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <seccomp.h>
#include <spawn.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

// Debian 12's kernel headers (6.1) predate these; the kernel reports the ABI it offers.
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif

// <sched.h> defines these only under _GNU_SOURCE.
static const int isofind_clone_newnet = 0x40000000;
static const int isofind_clone_newuser = 0x10000000;
static const unsigned long isofind_clone_thread = 0x00010000;
// <fcntl.h> defines O_PATH only under _GNU_SOURCE.
static const int isofind_o_path = 010000000;

static inline int isofind_no_new_privs(void) {
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/// Ask the kernel to send `signal` to this process when its parent dies.
static inline int isofind_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0);
}

/// The Landlock ABI version the kernel offers, or -1 (errno set) when it offers none.
static inline int isofind_landlock_abi(void) {
    return (int)syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
}

/// A ruleset that handles `handled` file-system accesses; -1 and errno on failure.
static inline int isofind_landlock_ruleset(uint64_t handled) {
    struct landlock_ruleset_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.handled_access_fs = handled;
    return (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
}

/// Allow `allowed` accesses beneath the folder (or on the file) open as `parent_fd`.
static inline int isofind_landlock_allow(int ruleset_fd, int parent_fd, uint64_t allowed) {
    struct landlock_path_beneath_attr rule;
    memset(&rule, 0, sizeof rule);
    rule.allowed_access = allowed;
    rule.parent_fd = parent_fd;
    return (int)syscall(SYS_landlock_add_rule, ruleset_fd, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
}

static inline int isofind_landlock_restrict(int ruleset_fd) {
    return (int)syscall(SYS_landlock_restrict_self, ruleset_fd, 0);
}

static inline int isofind_unshare(int flags) {
    return unshare(flags);
}

/// Close every descriptor from `first` up.
static inline int isofind_close_from(unsigned int first) {
    return (int)syscall(SYS_close_range, first, ~0U, 0);
}

/// glibc ≥ 2.34: close every descriptor from `from` up in the spawned child.
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
/// glibc ≥ 2.29: the spawned child's working directory.
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);

#ifndef POSIX_SPAWN_SETSID
#define POSIX_SPAWN_SETSID 0x80
#endif
static const short isofind_posix_spawn_setsid = POSIX_SPAWN_SETSID;

#endif
