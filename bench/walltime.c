/* walltime: whole-process wall time of one or more commands, interleaved.
 *
 *   walltime RUNS WARMUP INPUT CMD [ARGS...] [::: CMD [ARGS...]]...
 *
 * Runs the commands round-robin (A B C A B C ...) so that a noisy neighbour
 * slows all of them alike instead of whichever happened to run at that moment.
 * The first WARMUP rounds are not counted (they fill the page cache and warm
 * the dynamic loader). Each run is timed from just before fork() to just
 * after waitpid() with CLOCK_MONOTONIC, which is what a user or a script
 * waiting on the command sees. stdin comes from INPUT, stdout goes to
 * /dev/null, stderr is inherited (so the caller can log errors).
 *
 * Prints one line per command, in order:
 *   median_ns min_ns max_ns failed_runs counted_runs
 * A run that exits non-zero (or cannot exec: 127) counts as failed but is
 * still timed. Exit status: 0, or 2 for a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* Returns the wall time in ns; *failed is set when the command did not exit 0. */
static long long run_once(char **argv, const char *input, int *failed) {
    long long t0 = now_ns();
    pid_t pid = fork();
    if (pid < 0) {
        perror("walltime: fork");
        exit(1);
    }
    if (pid == 0) {
        int in = open(input, O_RDONLY);
        int out = open("/dev/null", O_WRONLY);
        if (in < 0 || out < 0) _exit(127);
        dup2(in, 0);
        dup2(out, 1);
        close(in);
        close(out);
        execvp(argv[0], argv);
        fprintf(stderr, "walltime: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("walltime: waitpid");
            exit(1);
        }
    }
    long long t1 = now_ns();
    *failed = !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return t1 - t0;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: walltime RUNS WARMUP INPUT CMD [ARGS...] [::: CMD [ARGS...]]...\n");
        return 2;
    }
    int runs = atoi(argv[1]), warmup = atoi(argv[2]);
    const char *input = argv[3];
    if (runs < 1 || runs > 100000 || warmup < 0 || warmup > 1000) {
        fprintf(stderr, "walltime: RUNS must be 1..100000 and WARMUP 0..1000\n");
        return 2;
    }

    /* Split argv[4..] at ":::" into NULL-terminated command vectors, in place. */
    char **cmds[64];
    int ncmd = 0;
    cmds[ncmd++] = &argv[4];
    for (int i = 4; i < argc; i++) {
        if (strcmp(argv[i], ":::") == 0) {
            argv[i] = NULL;
            if (ncmd == 64 || i + 1 >= argc) {
                fprintf(stderr, "walltime: bad command list\n");
                return 2;
            }
            cmds[ncmd++] = &argv[i + 1];
        }
    }

    long long *times = calloc((size_t)ncmd * (size_t)runs, sizeof *times);
    int *fails = calloc((size_t)ncmd, sizeof *fails);
    if (!times || !fails) return 1;

    for (int r = -warmup; r < runs; r++) {
        for (int c = 0; c < ncmd; c++) {
            int failed = 0;
            long long t = run_once(cmds[c], input, &failed);
            if (r >= 0) {
                times[c * runs + r] = t;
                fails[c] += failed;
            }
        }
    }

    for (int c = 0; c < ncmd; c++) {
        long long *t = &times[c * runs];
        qsort(t, (size_t)runs, sizeof *t, cmp_ll);
        long long median = runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
        printf("%lld %lld %lld %d %d\n", median, t[0], t[runs - 1], fails[c], runs);
    }
    return 0;
}
