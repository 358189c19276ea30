/* proctree: the peak size of a process tree, sampled from /proc.
 *
 *   proctree PID [INTERVAL_MS [LIMIT_MS [IDLE_MS]]]
 *
 * Every INTERVAL_MS (default 10) reads /proc/N/stat of every process and
 * counts the processes descended from PID (children, grandchildren, ...),
 * its direct children among them, and the resident memory of PID and all its
 * descendants together (the sum of each one's RSS: pages they share, such as
 * a program's code, count once per process, as the kernel charges them to
 * each). Stops when PID is gone, after LIMIT_MS (default 30000), or when it
 * has had descendants and then none for IDLE_MS (default 1000), so it ends by
 * itself after a burst.
 *
 * Prints one line:
 *   peak_descendants D peak_children C peak_rss_kib K children_seen N samples S
 * where N counts the distinct direct children seen in any sample (how many
 * the root started, for children that live longer than INTERVAL_MS).
 * Exit status: 0; 2 for a usage error.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct proc {
  int pid, ppid;
  long rss_pages;
  int in_tree; /* 1: PID or one of its descendants, 2: not, 0: not known yet */
};

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Reads every process's parent and RSS; returns how many, or -1. */
static int snapshot(struct proc **procs, int *cap) {
  DIR *d = opendir("/proc");
  if (!d) return -1;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (!isdigit((unsigned char)e->d_name[0])) continue;
    char path[300], buf[1024];
    snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
    int fd = open(path, O_RDONLY);
    if (fd < 0) continue; /* it ended meanwhile */
    ssize_t got = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (got <= 0) continue;
    buf[got] = '\0';
    /* The name in parentheses may hold spaces and ')': skip to the last. */
    char *p = strrchr(buf, ')');
    if (!p) continue;
    char state;
    int ppid;
    long rss = 0;
    /* After the name: state, ppid, 19 fields (pgrp to vsize), rss. */
    if (sscanf(p + 2,
               "%c %d"
               " %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s"
               " %*s %*s %*s %*s %*s %*s %*s %*s %*s %ld",
               &state, &ppid, &rss) < 2)
      continue;
    if (n == *cap) {
      *cap = *cap ? *cap * 2 : 1024;
      *procs = realloc(*procs, (size_t)*cap * sizeof **procs);
      if (!*procs) exit(1);
    }
    (*procs)[n++] = (struct proc){atoi(e->d_name), ppid, rss, 0};
  }
  closedir(d);
  return n;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 5) {
    fprintf(stderr, "usage: proctree PID [INTERVAL_MS [LIMIT_MS [IDLE_MS]]]\n");
    return 2;
  }
  int root = atoi(argv[1]);
  long interval = argc > 2 ? atol(argv[2]) : 10;
  long long limit = argc > 3 ? atoll(argv[3]) : 30000;
  long long idle = argc > 4 ? atoll(argv[4]) : 1000;
  if (root < 1 || interval < 1 || limit < 1 || idle < 1) {
    fprintf(stderr, "proctree: bad arguments\n");
    return 2;
  }
  long page_kib = sysconf(_SC_PAGESIZE) / 1024;
  int pid_max = 4194304; /* the kernel's upper limit, when it cannot be read */
  FILE *f = fopen("/proc/sys/kernel/pid_max", "r");
  if (f) {
    if (fscanf(f, "%d", &pid_max) != 1) pid_max = 4194304;
    fclose(f);
  }
  /* Each pid's place in the snapshot, plus one (0: not in it). */
  int *slot_of = calloc((size_t)pid_max + 1, sizeof *slot_of);
  /* The direct children seen so far, by pid: how many the root started. */
  unsigned char *seen = calloc((size_t)pid_max + 1, 1);
  if (!slot_of || !seen) return 1;
  struct proc *procs = NULL;
  int cap = 0, samples = 0, peak_desc = 0, peak_children = 0, children_seen = 0;
  long peak_rss = 0;
  long long start = now_ms(), last_busy = -1;
  while (kill(root, 0) == 0 && now_ms() - start < limit) {
    int n = snapshot(&procs, &cap);
    if (n < 0) break;
    /* Mark the tree: walk up from each process through its parents
     * until the root (in the tree) or a process outside it, remembering
     * each answer (state: 0 unknown, 1 in, 2 out). */
    for (int i = 0; i < n; i++)
      if (procs[i].pid <= pid_max) slot_of[procs[i].pid] = i + 1;
    for (int i = 0; i < n; i++) procs[i].in_tree = procs[i].pid == root ? 1 : 0;
    for (int i = 0; i < n; i++) {
      int j = i, depth = 0;
      while (procs[j].in_tree == 0 && depth++ < 64) {
        int pp = procs[j].ppid;
        int k = pp > 0 && pp <= pid_max ? slot_of[pp] - 1 : -1;
        if (k < 0) {
          procs[j].in_tree = 2;
          break;
        }
        j = k;
      }
      int verdict = procs[j].in_tree == 1 ? 1 : 2;
      /* Every process on the way up shares the answer. */
      for (j = i; procs[j].in_tree == 0;) {
        procs[j].in_tree = verdict;
        int k = slot_of[procs[j].ppid] - 1;
        if (k < 0) break;
        j = k;
      }
    }
    for (int i = 0; i < n; i++)
      if (procs[i].pid <= pid_max) slot_of[procs[i].pid] = 0;
    int desc = 0, children = 0;
    long rss = 0;
    for (int i = 0; i < n; i++) {
      if (procs[i].in_tree != 1) continue;
      rss += procs[i].rss_pages * page_kib;
      if (procs[i].pid == root) continue;
      desc++;
      if (procs[i].ppid != root) continue;
      children++;
      if (!seen[procs[i].pid]) {
        seen[procs[i].pid] = 1;
        children_seen++;
      }
    }
    samples++;
    if (desc > peak_desc) peak_desc = desc;
    if (children > peak_children) peak_children = children;
    if (rss > peak_rss) peak_rss = rss;
    long long now = now_ms();
    if (desc)
      last_busy = now;
    else if (last_busy >= 0 && now - last_busy >= idle)
      break;
    usleep((useconds_t)interval * 1000);
  }
  printf("peak_descendants %d peak_children %d peak_rss_kib %ld children_seen %d samples %d\n",
         peak_desc, peak_children, peak_rss, children_seen, samples);
  return 0;
}
