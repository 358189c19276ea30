/* relay_client: clients of a UDP echo behind a relay, for the relay benchmark
 * (bench/scenarios/relay.sh).
 *
 *   relay_client PORT CLIENTS REQUESTS INFLIGHT [SIZE [TIMEOUT_MS [LIMIT_MS]]]
 *
 * CLIENTS sockets (each its own sender, on a port of its own) send to
 * 127.0.0.1:PORT; each sends REQUESTS requests of SIZE bytes (default 64),
 * keeping INFLIGHT of them out: a request answered lets the next one go. All
 * clients send their first requests together, so that a relay meets them at
 * once. A request carries its client's number and its own
 * ("c00007 s000000042 xxx..."): an answer that carries another client's
 * number is misrouted (the relay gave it to the wrong client); one of this
 * client's own that is not out any more (given up on, or a duplicate) is
 * late. When a client gets nothing for TIMEOUT_MS (default 1000), what it
 * has out counts as lost and it sends the next ones; the run ends when every
 * client is done, or after LIMIT_MS (default 60000), what is out then lost.
 *
 * Prints one line:
 *   answered A lost L late T misrouted M seconds S rate R
 * where S runs from the first send to the last answer (or give-up) and
 * R = A / S, answers per second over all clients.
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

enum { MAX_CLIENTS = 1000, MAX_INFLIGHT = 1024, MAX_SIZE = 1400, PREFIX = 19, BATCH = 64 };

struct client {
  int fd;
  long next;            /* the next request's number */
  long out;             /* requests out, not answered */
  long long heard_ns;   /* the last answer or send, for the give-up */
  unsigned char *open;  /* open[s]: request s is out */
};

static long requests, inflight;
static int size;

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Sends client c's next requests until INFLIGHT are out or all were sent. */
static void fill(struct client *c, int id) {
  char buf[MAX_SIZE + 1];
  while (c->out < inflight && c->next < requests) {
    snprintf(buf, sizeof buf, "c%05d s%09ld ", id, c->next);
    memset(buf + PREFIX, 'x', (size_t)(size - PREFIX));
    c->open[c->next] = 1;
    c->next++;
    c->out++;
    /* A failed send is a request that gets no answer: it is given up on. */
    (void)send(c->fd, buf, (size_t)size, MSG_DONTWAIT);
  }
  c->heard_ns = now_ns();
}

int main(int argc, char **argv) {
  if (argc < 5 || argc > 8) {
    fprintf(stderr,
            "usage: relay_client PORT CLIENTS REQUESTS INFLIGHT [SIZE [TIMEOUT_MS [LIMIT_MS]]]\n");
    return 2;
  }
  int port = atoi(argv[1]), clients = atoi(argv[2]);
  requests = atol(argv[3]);
  inflight = atol(argv[4]);
  size = argc > 5 ? atoi(argv[5]) : 64;
  long long timeout_ns = (argc > 6 ? atoll(argv[6]) : 1000) * 1000000LL;
  long long limit_ns = (argc > 7 ? atoll(argv[7]) : 60000) * 1000000LL;
  if (port < 1 || port > 65535 || clients < 1 || clients > MAX_CLIENTS || requests < 1 ||
      inflight < 1 || inflight > MAX_INFLIGHT || size < PREFIX || size > MAX_SIZE ||
      timeout_ns <= 0 || limit_ns <= 0) {
    fprintf(stderr, "relay_client: bad arguments\n");
    return 2;
  }
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct client *cs = calloc((size_t)clients, sizeof *cs);
  struct pollfd *pfd = calloc((size_t)clients, sizeof *pfd);
  for (int i = 0; i < clients; i++) {
    cs[i].fd = socket(AF_INET, SOCK_DGRAM, 0);
    cs[i].open = calloc((size_t)requests, 1);
    int rcvbuf = 1 << 20;
    (void)setsockopt(cs[i].fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (cs[i].fd < 0 || !cs[i].open ||
        connect(cs[i].fd, (struct sockaddr *)&to, sizeof to) != 0) {
      perror("relay_client: socket");
      return 1;
    }
    pfd[i].fd = cs[i].fd;
    pfd[i].events = POLLIN;
  }

  long answered = 0, lost = 0, late = 0, misrouted = 0;
  long long start = now_ns(), end = start;
  for (int i = 0; i < clients; i++) fill(&cs[i], i);
  for (;;) {
    long long now = now_ns();
    int busy = 0;
    long long wait_ns = timeout_ns;
    for (int i = 0; i < clients; i++) {
      struct client *c = &cs[i];
      if (c->out == 0) continue;
      long long left = c->heard_ns + timeout_ns - now;
      if (now - start >= limit_ns || left <= 0) {
        /* Given up on: what is out is lost; then the next ones go. */
        for (long s = 0; s < c->next; s++) c->open[s] = 0;
        lost += c->out;
        c->out = 0;
        end = now;
        if (now - start < limit_ns) fill(c, i);
        if (c->out == 0) continue;
        left = timeout_ns;
      }
      if (left < wait_ns) wait_ns = left;
      busy = 1;
    }
    if (!busy) break;
    int ready = poll(pfd, (nfds_t)clients, (int)(wait_ns / 1000000LL) + 1);
    if (ready < 0 && errno != EINTR) {
      perror("relay_client: poll");
      return 1;
    }
    for (int i = 0; ready > 0 && i < clients; i++) {
      if (!(pfd[i].revents & (POLLIN | POLLERR))) continue;
      struct client *c = &cs[i];
      static char bufs[BATCH][MAX_SIZE + 1];
      struct mmsghdr msgs[BATCH];
      struct iovec iovs[BATCH];
      for (int k = 0; k < BATCH; k++) {
        iovs[k].iov_base = bufs[k];
        iovs[k].iov_len = MAX_SIZE;
        memset(&msgs[k], 0, sizeof msgs[k]);
        msgs[k].msg_hdr.msg_iov = &iovs[k];
        msgs[k].msg_hdr.msg_iovlen = 1;
      }
      int got = recvmmsg(c->fd, msgs, BATCH, MSG_DONTWAIT, NULL);
      for (int k = 0; k < got; k++) {
        bufs[k][msgs[k].msg_len] = '\0';
        int id = -1;
        long seq = -1;
        if (sscanf(bufs[k], "c%d s%ld", &id, &seq) != 2 || id != i) {
          misrouted++;
        } else if (seq >= 0 && seq < c->next && c->open[seq]) {
          c->open[seq] = 0;
          c->out--;
          answered++;
          end = now_ns();
        } else {
          late++;
        }
      }
      if (got > 0) fill(c, i);
    }
  }
  double secs = (double)(end - start) / 1e9;
  printf("answered %ld lost %ld late %ld misrouted %ld seconds %.6f rate %.1f\n", answered, lost,
         late, misrouted, secs, secs > 0 ? (double)answered / secs : 0.0);
  return 0;
}
