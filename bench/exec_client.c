/* exec_client: a closed-loop client for a UDP request/reply service.
 *
 *   exec_client PORT N [INFLIGHT [TIMEOUT_MS [LIMIT_MS]]]
 *   exec_client freeport
 *
 * Keeps INFLIGHT requests (default 8) outstanding to 127.0.0.1:PORT, each
 * from a connected socket of its own (so each is its own sender): a socket
 * sends a request, waits for the reply, then sends the next one, until N
 * requests have been sent and each was answered or given up on. A request not
 * answered within TIMEOUT_MS (default 2000) is counted lost and its socket
 * moves on, so a lost datagram costs a bounded wait, never a hang; the whole
 * run stops after LIMIT_MS (default 60000), requests still out counted lost.
 * Each request carries its number; the reply must be the same bytes (the
 * service is an echo, `cat`). A reply that comes after its request was given
 * up on counts as late, any other reply as wrong; neither counts as answered.
 *
 * Prints one line:
 *   answered A lost L late T wrong W refused F seconds S rate R
 * where S runs from the first send to the last answer or give-up, and
 * R = A / S (round trips per second). `freeport` prints a UDP port that is
 * free on 127.0.0.1 at that moment, for a server that cannot report its own.
 * Exit status: 0; 1 when a socket could not be made; 2 for a usage error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_INFLIGHT 256

struct slot {
  int fd;
  long seq; /* the request out, -1 when the slot is done */
  long long sent_ns;
};

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

static int free_port(void) {
  struct sockaddr_in a = loopback(0);
  socklen_t len = sizeof a;
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
      getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
    perror("exec_client: freeport");
    return 1;
  }
  printf("%d\n", ntohs(a.sin_port));
  close(fd);
  return 0;
}

static long next_seq, n_total;

/* Sends the slot's next request, or marks the slot done when all are out. */
static void send_next(struct slot *s) {
  char buf[32];
  if (next_seq >= n_total) {
    s->seq = -1;
    return;
  }
  s->seq = next_seq++;
  int len = snprintf(buf, sizeof buf, "request %ld\n", s->seq);
  s->sent_ns = now_ns();
  /* A failed send is seen as a request that gets no answer: it times out. */
  (void)send(s->fd, buf, (size_t)len, MSG_DONTWAIT);
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "freeport") == 0) return free_port();
  if (argc < 3 || argc > 6) {
    fprintf(
        stderr,
        "usage: exec_client PORT N [INFLIGHT [TIMEOUT_MS [LIMIT_MS]]] | exec_client freeport\n");
    return 2;
  }
  int port = atoi(argv[1]);
  n_total = atol(argv[2]);
  int inflight = argc > 3 ? atoi(argv[3]) : 8;
  long long timeout_ns = (argc > 4 ? atoll(argv[4]) : 2000) * 1000000LL;
  long long limit_ns = (argc > 5 ? atoll(argv[5]) : 60000) * 1000000LL;
  if (port < 1 || port > 65535 || n_total < 1 || inflight < 1 || inflight > MAX_INFLIGHT ||
      timeout_ns <= 0 || limit_ns <= 0) {
    fprintf(stderr, "exec_client: bad arguments\n");
    return 2;
  }
  if (inflight > n_total) inflight = (int)n_total;

  struct slot slots[MAX_INFLIGHT];
  struct pollfd pfd[MAX_INFLIGHT];
  struct sockaddr_in to = loopback(port);
  for (int i = 0; i < inflight; i++) {
    slots[i].fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (slots[i].fd < 0 || connect(slots[i].fd, (struct sockaddr *)&to, sizeof to) != 0) {
      perror("exec_client: socket");
      return 1;
    }
    pfd[i].fd = slots[i].fd;
    pfd[i].events = POLLIN;
  }

  long answered = 0, lost = 0, late = 0, wrong = 0, refused = 0;
  long long start = now_ns(), end = start;
  for (int i = 0; i < inflight; i++) send_next(&slots[i]);
  for (;;) {
    long long now = now_ns();
    int out = 0;
    long long wait_ns = timeout_ns;
    for (int i = 0; i < inflight; i++) {
      if (slots[i].seq < 0) continue;
      if (now - start >= limit_ns) { /* the whole run's bound */
        lost++;
        slots[i].seq = -1;
        end = now;
        continue;
      }
      long long left = slots[i].sent_ns + timeout_ns - now;
      if (left <= 0) {
        lost++;
        end = now;
        send_next(&slots[i]);
        if (slots[i].seq < 0) continue;
        left = timeout_ns;
      }
      if (left < wait_ns) wait_ns = left;
      out++;
    }
    if (!out) break;
    int ready = poll(pfd, (nfds_t)inflight, (int)(wait_ns / 1000000LL) + 1);
    if (ready < 0 && errno != EINTR) {
      perror("exec_client: poll");
      return 1;
    }
    for (int i = 0; ready > 0 && i < inflight; i++) {
      if (!(pfd[i].revents & (POLLIN | POLLERR))) continue;
      char buf[2048], want[32];
      for (;;) {
        ssize_t got = recv(slots[i].fd, buf, sizeof buf - 1, MSG_DONTWAIT);
        if (got < 0) {
          /* ICMP port unreachable: nothing listens (yet). */
          if (errno == ECONNREFUSED) {
            refused++;
            continue;
          }
          break;
        }
        buf[got] = '\0';
        long seq = -1;
        int len =
            slots[i].seq < 0 ? -1 : snprintf(want, sizeof want, "request %ld\n", slots[i].seq);
        if (len == got && memcmp(buf, want, (size_t)len) == 0) {
          answered++;
          end = now_ns();
          send_next(&slots[i]);
        } else if (sscanf(buf, "request %ld", &seq) == 1 && seq >= 0 && seq < next_seq) {
          late++;
        } else {
          wrong++;
        }
      }
    }
  }
  double secs = (double)(end - start) / 1e9;
  printf("answered %ld lost %ld late %ld wrong %ld refused %ld seconds %.6f rate %.1f\n", answered,
         lost, late, wrong, refused, secs, secs > 0 ? (double)answered / secs : 0.0);
  return 0;
}
