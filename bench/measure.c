/* measure.c — runs a command RUNS times with its output thrown away and prints, on one line,
 * the best wall time in seconds, the largest peak RSS in KiB (getrusage of the child, so the
 * figures do not depend on /usr/bin/time being installed) and the exit status of the last run.
 * Usage: measure RUNS COMMAND [ARG...] */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One run: wall seconds, peak RSS and status through the pointers; -1 when it cannot run. */
static int run_once(char **argv, double *wall, long *rss_kib, int *status) {
    double start = now();
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) { dup2(null, 0); dup2(null, 1); dup2(null, 2); }
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) != pid) return -1;
    *wall = now() - start;
    *rss_kib = ru.ru_maxrss;
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3 || atoi(argv[1]) < 1) {
        fputs("usage: measure RUNS COMMAND [ARG...]\n", stderr);
        return 2;
    }
    int runs = atoi(argv[1]), status = 0;
    double best = 0;
    long peak = 0;
    for (int i = 0; i < runs; i++) {
        double wall;
        long rss;
        if (run_once(argv + 2, &wall, &rss, &status) != 0) { perror("measure"); return 2; }
        if (i == 0 || wall < best) best = wall;
        if (rss > peak) peak = rss;
    }
    printf("%.6f %ld %d\n", best, peak, status);
    return 0;
}
