#ifndef CSYSTEMSHIMS_H
#define CSYSTEMSHIMS_H

#include <sys/types.h>

/// prctl(PR_SET_CHILD_SUBREAPER, 1): orphaned descendants are reparented to the caller. 0 or -1 (errno).
int csys_set_child_subreaper(void);

/// pidfd_open(2) through syscall(2): a descriptor that polls readable when `pid` exits. -1 (errno) on failure.
int csys_pidfd_open(pid_t pid);

/// pipe2(fds, O_CLOEXEC). 0 or -1 (errno).
int csys_pipe_cloexec(int fds[2]);

/// Closes every descriptor from `first` upwards except `keep` (close_range(2), with a loop as fallback):
/// the launcher may have leaked inheritable descriptors (a pipe it reads to EOF) that must not stay open.
void csys_close_descriptors_from(int first, int keep);

/// The wait(2) status macros, which are function-like macros Swift cannot call.
/// posix_spawn with every signal's default disposition and an empty signal mask in the child (a parent's
/// ignored signals and blocked mask would otherwise be inherited); `in`/`out`/`err` < 0 keep the caller's.
int csys_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[], int in, int out, int err);

int csys_wifexited(int status);
int csys_wexitstatus(int status);
int csys_wifsignaled(int status);
int csys_wtermsig(int status);

#endif
