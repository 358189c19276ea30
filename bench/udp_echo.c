/* udp_echo: a UDP echo server as fast as one thread goes, the upstream of the
 * relay benchmark (bench/scenarios/relay.sh).
 *
 *   udp_echo [IDLE_MS]
 *
 * Binds 127.0.0.1 on a free port with a 4 MiB receive buffer (where the
 * kernel grants it), prints
 *   port P
 * and sends every datagram back to its sender: recvmmsg() in batches of 64,
 * then one sendmmsg() for the batch. Stops when none has come for IDLE_MS
 * (default 10000) or after 300 s in all, and prints
 *   echoed N
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { BATCH = 64, BUF = 2048, TOTAL_LIMIT_MS = 300000 };

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv) {
  int idle_ms = argc > 1 ? atoi(argv[1]) : 10000;
  if (argc > 2 || idle_ms < 1) {
    fprintf(stderr, "usage: udp_echo [IDLE_MS]\n");
    return 2;
  }
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int rcvbuf = 4 << 20;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) != 0)
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
    perror("udp_echo: socket");
    return 1;
  }
  printf("port %d\n", ntohs(addr.sin_port));
  fflush(stdout);

  static char bufs[BATCH][BUF];
  struct mmsghdr msgs[BATCH];
  struct iovec iovs[BATCH];
  struct sockaddr_in from[BATCH];
  long long echoed = 0, start = now_ms();
  struct pollfd pfd = {.fd = fd, .events = POLLIN};
  for (;;) {
    if (now_ms() - start > TOTAL_LIMIT_MS) break;
    int ready = poll(&pfd, 1, idle_ms);
    if (ready <= 0) break;
    for (int i = 0; i < BATCH; i++) {
      iovs[i].iov_base = bufs[i];
      iovs[i].iov_len = BUF;
      memset(&msgs[i], 0, sizeof msgs[i]);
      msgs[i].msg_hdr.msg_iov = &iovs[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &from[i];
      msgs[i].msg_hdr.msg_namelen = sizeof from[i];
    }
    int got = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
    if (got <= 0) continue;
    /* The same headers send it back: each message's length is what came. */
    for (int i = 0; i < got; i++) iovs[i].iov_len = msgs[i].msg_len;
    int done = 0;
    while (done < got) {
      int sent = sendmmsg(fd, msgs + done, (unsigned)(got - done), 0);
      if (sent <= 0) break; /* a full queue or a closed port: those are lost */
      done += sent;
    }
    echoed += got;
  }
  printf("echoed %lld\n", echoed);
  return 0;
}
