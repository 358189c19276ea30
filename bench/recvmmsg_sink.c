/* recvmmsg_sink: the kernel's limit for receiving small UDP datagrams in one
 * thread, as a yardstick for `dgram listen`; also the receiver every other
 * benchmark sends to (dgram's socket is connected, so a closed port would
 * stop it with "nothing is listening").
 *
 *   recvmmsg_sink PORT [COUNT] [IDLE_MS] [START_MS] [RCVBUF] [DRAIN_MS]
 *
 * Binds 127.0.0.1:PORT (0: a free port) with the kernel's default receive
 * buffer, like `dgram listen` without --rcvbuf, or RCVBUF bytes when given
 * (where the sink is only an observer, so that it drops nothing), and prints
 *   port P
 * as soon as it is bound (the caller waits for that line). Then it receives
 * with recvmmsg() in batches of 64 and stops after COUNT datagrams (0: no
 * limit), when none arrives for IDLE_MS (default 1000) after the first one, when
 * the first one has not come within START_MS (default 30000), or after 120 s
 * in all. At exit it prints
 *   received C datagrams B bytes span_ns S
 * where S is the time from the first arrival to the last one, measured when
 * recvmmsg returns them: the receiver's view of a sender's rate.
 *
 * With DRAIN_MS (up to 999) it sleeps that long before each wait and then drains what
 * queued meanwhile, so that a sender is not the one who wakes it for each
 * datagram (the one-shot scenario times senders one process at a time: on
 * loopback the sender's own system call wakes the receiver, which a sender
 * on a network never pays, and on 2 cores the woken receiver then competes
 * with the sender's exit and its parent). The queue must hold what comes in
 * DRAIN_MS.
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

enum { BATCH = 64, BUF = 2048, TOTAL_LIMIT_MS = 120000 };

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: recvmmsg_sink PORT [COUNT] [IDLE_MS] [START_MS] [RCVBUF] [DRAIN_MS]\n");
        return 2;
    }
    int port = atoi(argv[1]);
    long long count = argc > 2 ? atoll(argv[2]) : 0;
    int idle_ms = argc > 3 ? atoi(argv[3]) : 1000;
    int start_ms = argc > 4 ? atoi(argv[4]) : 30000;
    int rcvbuf = argc > 5 ? atoi(argv[5]) : 0;
    int drain_ms = argc > 6 ? atoi(argv[6]) : 0;
    if (port < 0 || port > 65535 || count < 0 || idle_ms < 1 || start_ms < 1 || rcvbuf < 0 ||
        drain_ms < 0 || drain_ms > 999) {
        fprintf(stderr, "recvmmsg_sink: bad argument\n");
        return 2;
    }

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    /* SO_RCVBUFFORCE goes past net.core.rmem_max but needs CAP_NET_ADMIN;
     * without it, take what SO_RCVBUF grants. */
    if (fd >= 0 && rcvbuf > 0 &&
        setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) < 0) {
        perror("recvmmsg_sink: socket/bind");
        return 1;
    }
    printf("port %d\n", ntohs(addr.sin_port));
    fflush(stdout);

    static char bufs[BATCH][BUF];
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
        if (drain_ms > 0) {
            struct timespec pause = {0, drain_ms * 1000000L};
            nanosleep(&pause, NULL);
        }
        int wait_ms = got ? idle_ms : start_ms;
        if (wait_ms > left_ms) wait_ms = (int)left_ms;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int pr = poll(&p, 1, wait_ms);
        if (pr < 0 && errno == EINTR) continue;
        if (pr <= 0) break; /* idle (or error): done */

        /* Drain what is queued without blocking, then poll again. */
        for (;;) {
            unsigned want = BATCH;
            if (count && count - got < BATCH) want = (unsigned)(count - got);
            int r = recvmmsg(fd, msgs, want, MSG_DONTWAIT, NULL);
            if (r <= 0) break;
            long long t = now_ns();
            if (got == 0) first = t;
            last = t;
            got += r;
            for (int i = 0; i < r; i++) bytes += msgs[i].msg_len;
            if (count && got >= count) break;
        }
    }
    printf("received %lld datagrams %lld bytes span_ns %lld\n", got, bytes, last - first);
    close(fd);
    return 0;
}
