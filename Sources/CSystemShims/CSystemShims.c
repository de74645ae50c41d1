#define _GNU_SOURCE
#include "CSystemShims.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

int csys_set_child_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }

int csys_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

int csys_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

static void close_span(unsigned first, unsigned last) {
    if (first > last) return;
    if (syscall(SYS_close_range, first, last, 0) == 0) return;
    struct rlimit limit;
    unsigned top = last;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur - 1 < top) {
        top = (unsigned)(limit.rlim_cur - 1);
    }
    for (unsigned fd = first; fd <= top; fd++) close((int)fd);
}

void csys_close_descriptors_from(int first, int keep) {
    if (keep >= first) {
        close_span((unsigned)first, (unsigned)keep - 1);
        close_span((unsigned)keep + 1, ~0U);
    } else {
        close_span((unsigned)first, ~0U);
    }
}

int csys_wifexited(int status) { return WIFEXITED(status); }
int csys_wexitstatus(int status) { return WEXITSTATUS(status); }
int csys_wifsignaled(int status) { return WIFSIGNALED(status); }
int csys_wtermsig(int status) { return WTERMSIG(status); }

int csys_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[], int in, int out, int err) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    sigset_t all, none;
    int result;
    posix_spawn_file_actions_init(&actions);
    if (in >= 0) posix_spawn_file_actions_adddup2(&actions, in, 0);
    if (out >= 0) posix_spawn_file_actions_adddup2(&actions, out, 1);
    if (err >= 0) posix_spawn_file_actions_adddup2(&actions, err, 2);
    posix_spawnattr_init(&attributes);
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    result = posix_spawn(pid, path, &actions, &attributes, argv, envp);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return result;
}
