/* sendmmsg_blast: the kernel's limit for sending small UDP datagrams from one
 * thread, as a yardstick for `dgram send --count`.
 *
 *   sendmmsg_blast PORT N [SIZE [gso]]
 *
 * Sends N datagrams of SIZE bytes (default 64) to 127.0.0.1:PORT, and only
 * there, with sendmmsg() in batches of 64 on a connected socket (as dgram's
 * socket is), as fast as the kernel takes them. With `gso`, each message of
 * the batch carries up to 64 datagrams that the kernel cuts apart (Linux UDP
 * segmentation offload, UDP_SEGMENT), as dgram does. Prints
 *   sent N datagrams in T s: R datagrams/s
 * Stops by itself: after N datagrams, or after 60 s, whichever comes first.
 * Exit 1 when the socket cannot be set up or sending fails for good.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { BATCH = 64, SEGMENTS = 64, MAX_SIZE = 65507 };

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: sendmmsg_blast PORT N [SIZE [gso]]\n");
        return 2;
    }
    int port = atoi(argv[1]);
    long long n = atoll(argv[2]);
    int size = argc > 3 ? atoi(argv[3]) : 64;
    int gso = argc > 4 && strcmp(argv[4], "gso") == 0;
    if (port < 1 || port > 65535 || n < 1 || size < 0 || size > MAX_SIZE ||
        (argc > 4 && !gso) || (gso && (size < 1 || size * SEGMENTS > MAX_SIZE))) {
        fprintf(stderr, "sendmmsg_blast: bad PORT, N, SIZE or mode (gso: SIZE 1-%d)\n",
                MAX_SIZE / SEGMENTS);
        return 2;
    }

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only, by design */
    if (fd < 0 || connect(fd, (struct sockaddr *)&to, sizeof to) < 0) {
        perror("sendmmsg_blast: socket/connect");
        return 1;
    }

    /* Every message of the batch points at the same payload: we measure the
     * syscall and stack cost, not memcpy. */
    static char payload[MAX_SIZE];
    memset(payload, 'x', sizeof payload);
    struct iovec iov[SEGMENTS];
    for (int i = 0; i < SEGMENTS; i++) iov[i] = (struct iovec){payload, (size_t)size};
    /* gso: every message says "cut me into SIZE-byte datagrams". */
    union {
        char buf[CMSG_SPACE(sizeof(uint16_t))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct cmsghdr *cm = (struct cmsghdr *)control.buf;
    cm->cmsg_level = SOL_UDP;
    cm->cmsg_type = UDP_SEGMENT;
    cm->cmsg_len = CMSG_LEN(sizeof(uint16_t));
    uint16_t segment = (uint16_t)size;
    memcpy(CMSG_DATA(cm), &segment, sizeof segment);
    int per_msg = gso ? SEGMENTS : 1;
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        msgs[i].msg_hdr.msg_iov = iov;
        msgs[i].msg_hdr.msg_iovlen = (size_t)per_msg;
        if (gso) {
            msgs[i].msg_hdr.msg_control = control.buf;
            msgs[i].msg_hdr.msg_controllen = sizeof control.buf;
        }
    }

    long long sent = 0, refused = 0, iter = 0;
    double t0 = now_s(), deadline = t0 + 60.0;
    while (sent < n) {
        /* Checked at the top of every iteration, retries included, so no
         * error can keep the loop going past the limit. */
        if (++iter % 256 == 0 && now_s() > deadline) {
            fprintf(stderr, "sendmmsg_blast: stopped at the 60 s limit\n");
            break;
        }
        /* Whole messages only: the last few datagrams (N not a multiple of
         * 64 with gso) go one per message. */
        long long left = n - sent;
        if (gso && left < per_msg) {
            for (int i = 0; i < BATCH; i++) {
                msgs[i].msg_hdr.msg_iovlen = 1;
                msgs[i].msg_hdr.msg_controllen = 0;
            }
            per_msg = 1;
        }
        long long messages = left / per_msg;
        unsigned k = (unsigned)(messages < BATCH ? messages : BATCH);
        int r = sendmmsg(fd, msgs, k, 0);
        if (r < 0) {
            /* A connected socket reports an earlier ICMP port unreachable on
             * the next send; the receiver may simply not be up yet. Tolerate
             * a few, then give up rather than spin. */
            if (errno == ECONNREFUSED && ++refused < 1000) continue;
            if (errno == EINTR || errno == ENOBUFS || errno == EAGAIN) continue;
            perror("sendmmsg_blast: sendmmsg");
            return 1;
        }
        sent += (long long)r * per_msg;
    }
    double t = now_s() - t0;
    printf("sent %lld datagrams in %.6f s: %.0f datagrams/s\n", sent, t, t > 0 ? sent / t : 0.0);
    if (refused) fprintf(stderr, "sendmmsg_blast: %lld sends refused (nothing listening yet)\n", refused);
    close(fd);
    return 0;
}
