/* gro_sink: the floor for receiving small UDP datagrams in one thread, as
 * the yardstick of `dgram listen`'s CPU per datagram: recvmmsg() *and* UDP
 * GRO (the kernel hands a burst of same-sized datagrams from one sender over
 * as one message, and says their size in a UDP_GRO control message), and
 * nothing done with them but counting. dgram listen reads the same way on
 * Linux, then splits, checks and prints; what it spends above this is its own.
 *
 *   gro_sink PORT [COUNT] [IDLE_MS] [START_MS] [RCVBUF]
 *
 * Arguments, the "port P" line and the closing
 *   received C datagrams B bytes span_ns S
 * line as recvmmsg_sink.c's. It reads up to 32 messages of up to 64 KiB per
 * recvmmsg, as dgram does; a message of L bytes with segment size G holds
 * ceil(L / G) datagrams (the last may be shorter), one without the control
 * message a single datagram. COUNT is reached when at least that many have come.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef UDP_GRO
#define UDP_GRO 104 /* linux/udp.h, for headers older than the kernel */
#endif
#ifndef SOL_UDP
#define SOL_UDP 17
#endif

enum { BATCH = 32, BUF = 65536, TOTAL_LIMIT_MS = 120000 };

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The datagrams in one message: its segment size from the control message. */
static long long datagrams_in(struct msghdr *m, unsigned len) {
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
        if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO) {
            int seg = 0;
            memcpy(&seg, CMSG_DATA(c), sizeof seg);
            if (seg > 0) return ((long long)len + seg - 1) / seg;
        }
    }
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: gro_sink PORT [COUNT] [IDLE_MS] [START_MS] [RCVBUF]\n");
        return 2;
    }
    int port = atoi(argv[1]);
    long long count = argc > 2 ? atoll(argv[2]) : 0;
    int idle_ms = argc > 3 ? atoi(argv[3]) : 1000;
    int start_ms = argc > 4 ? atoi(argv[4]) : 30000;
    int rcvbuf = argc > 5 ? atoi(argv[5]) : 0;
    if (port < 0 || port > 65535 || count < 0 || idle_ms < 1 || start_ms < 1 || rcvbuf < 0) {
        fprintf(stderr, "gro_sink: bad argument\n");
        return 2;
    }

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int on = 1;
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd >= 0 && rcvbuf > 0 &&
        setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (fd < 0 || setsockopt(fd, SOL_UDP, UDP_GRO, &on, sizeof on) < 0) {
        perror("gro_sink: socket/UDP_GRO");
        return 1;
    }
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) < 0) {
        perror("gro_sink: bind");
        return 1;
    }
    printf("port %d\n", ntohs(addr.sin_port));
    fflush(stdout);

    static char bufs[BATCH][BUF];
    static char controls[BATCH][CMSG_SPACE(sizeof(int))];
    struct iovec iov[BATCH];
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = bufs[i];
        iov[i].iov_len = BUF;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }

    long long got = 0, bytes = 0, first = 0, last = 0;
    long long end = now_ns() + TOTAL_LIMIT_MS * 1000000LL;
    while (count == 0 || got < count) {
        long long left_ms = (end - now_ns()) / 1000000;
        if (left_ms <= 0) break;
        int wait_ms = got ? idle_ms : start_ms;
        if (wait_ms > left_ms) wait_ms = (int)left_ms;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int pr = poll(&p, 1, wait_ms);
        if (pr < 0 && errno == EINTR) continue;
        if (pr <= 0) break; /* idle (or error): done */

        /* Drain what is queued without blocking, then poll again. */
        for (;;) {
            for (int i = 0; i < BATCH; i++) {
                msgs[i].msg_hdr.msg_control = controls[i];
                msgs[i].msg_hdr.msg_controllen = sizeof controls[i];
            }
            int r = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
            if (r <= 0) break;
            long long t = now_ns();
            if (got == 0) first = t;
            last = t;
            for (int i = 0; i < r; i++) {
                got += datagrams_in(&msgs[i].msg_hdr, msgs[i].msg_len);
                bytes += msgs[i].msg_len;
            }
            if (count && got >= count) break;
        }
    }
    printf("received %lld datagrams %lld bytes span_ns %lld\n", got, bytes, last - first);
    close(fd);
    return 0;
}
