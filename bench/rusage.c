/* rusage: what a command cost, to the microsecond: GNU time prints CPU
 * seconds to 10 ms, too coarse for a receiver that spends 0.05 s on 100,000
 * datagrams.
 *
 *   rusage OUTFILE CMD [ARGS...]
 *
 * Runs CMD (stdin, stdout and stderr inherited), waits for it and writes one
 * line to OUTFILE, in the order of GNU time's -f '%M %U %S':
 *   peak_rss_kib user_seconds system_seconds
 * (seconds with 6 decimals; CMD's threads included). Exits with CMD's
 * status, 128 + N when a signal N ended it, 127 when it could not be run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* A signal meant for the command (timeout's TERM) reaches it through us. */
static volatile pid_t child;
static void pass_on(int sig) {
    if (child > 0) kill(child, sig);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: rusage OUTFILE CMD [ARGS...]\n");
        return 2;
    }
    signal(SIGTERM, pass_on);
    signal(SIGINT, pass_on);
    pid_t pid = fork();
    if (pid < 0) {
        perror("rusage: fork");
        return 127;
    }
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        execvp(argv[2], &argv[2]);
        fprintf(stderr, "rusage: cannot run %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    child = pid;
    int status = 0;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("rusage: wait4");
            return 127;
        }
    }
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror("rusage: OUTFILE");
        return 127;
    }
    fprintf(out, "%ld %ld.%06ld %ld.%06ld\n", ru.ru_maxrss, (long)ru.ru_utime.tv_sec,
            (long)ru.ru_utime.tv_usec, (long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec);
    fclose(out);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
