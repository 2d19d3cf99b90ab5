/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 *
 * Tests of the C core (dx_iocp.h) over real Winsock/IOCP, run under Wine on Linux (and natively on Windows).
 * Every wait is bounded (WAIT_MS); no sleep is used for synchronisation.
 */
#include "dx_iocp.h"
#include "dx_op.h" /* internal: the tests corrupt a guard canary on purpose */
#include "dx_test.h"
#include "test_support.h"

/* ---- tests ---- */

static void test_address_round_trip(void) {
    uint8_t in[DX_SOCKADDR_SIZE];
    uint8_t out[DX_SOCKADDR_SIZE];
    SOCKADDR_STORAGE sa;
    int len;
    addr4(in, 10, 1, 2, 3, 8080);
    CHECK_EQ(0, dx_addr_decode(in, &sa, &len));
    CHECK_EQ(AF_INET, sa.ss_family);
    CHECK_EQ(sizeof(struct sockaddr_in), len);
    CHECK_EQ(8080, ntohs(((struct sockaddr_in *) &sa)->sin_port));
    CHECK_EQ(0, dx_addr_encode((struct sockaddr *) &sa, out));
    CHECK(memcmp(in, out, DX_SOCKADDR_SIZE) == 0);
    addr6_loopback(in, 443);
    in[0] = 0xfe; in[1] = 0x80; in[22] = 7;
    CHECK_EQ(0, dx_addr_decode(in, &sa, &len));
    CHECK_EQ(AF_INET6, sa.ss_family);
    CHECK_EQ(7, ((struct sockaddr_in6 *) &sa)->sin6_scope_id);
    CHECK_EQ(0, dx_addr_encode((struct sockaddr *) &sa, out));
    CHECK(memcmp(in, out, DX_SOCKADDR_SIZE) == 0);
    in[16] = 5;
    CHECK_EQ(ERROR_INVALID_PARAMETER, dx_addr_decode(in, &sa, &len));
}

static void echo(int family) {
    int64_t port = new_port();
    tcp_pair p;
    uint8_t a[DX_SOCKADDR_SIZE];
    uint8_t b[DX_SOCKADDR_SIZE];
    char head[] = "hello ";
    char tail[] = "iocp";
    char got[11];
    dx_buf bufs[2];
    int64_t op = dx_op_new();
    dx_completion c;
    CHECK(port > 0);
    CHECK_EQ(0, make_pair(port, family, &p));
    CHECK_EQ(0, dx_local_address(p.client, a));
    CHECK_EQ(0, dx_remote_address(p.server, b));
    CHECK(memcmp(a, b, DX_SOCKADDR_SIZE) == 0);
    CHECK_EQ(family == DX_FAMILY_IPV6 ? 16 : 4, a[16]);
    /* a gathering send of two buffers */
    bufs[0].base = head; bufs[0].len = 6;
    bufs[1].base = tail; bufs[1].len = 4;
    CHECK_EQ(0, dx_send(p.client, bufs, 2, op));
    CHECK(take(port, op, &c));
    CHECK_EQ(0, c.error);
    CHECK_EQ(10, c.bytes);
    CHECK_EQ(KEY_CLIENT, c.key);
    memset(got, 0, sizeof(got));
    CHECK_EQ(0, recv_all(port, p.server, got, 10));
    CHECK(memcmp(got, "hello iocp", 10) == 0);
    CHECK_EQ(0, send_all(port, p.server, got, 10));
    memset(got, 0, sizeof(got));
    CHECK_EQ(0, recv_all(port, p.client, got, 10));
    CHECK(memcmp(got, "hello iocp", 10) == 0);
    close_pair(&p);
    dx_op_free(op);
    CHECK_EQ(0, dx_port_close(port));
}

static void test_accept_connect_echo(void) {
    echo(DX_FAMILY_IPV4);
}

static void test_ipv6_echo(void) {
    uint8_t a[DX_SOCKADDR_SIZE];
    int64_t s = dx_socket(DX_FAMILY_IPV6, DX_TYPE_STREAM);
    uint32_t err;
    if (s <= 0) {
        SKIP("no IPv6 sockets here (error %ld)", (long) -s);
    }
    addr6_loopback(a, 0);
    err = dx_bind(s, a);
    dx_close_socket(s);
    if (err != 0) {
        SKIP("cannot bind [::1] here (error %lu): the loopback has no IPv6", (unsigned long) err);
    }
    echo(DX_FAMILY_IPV6);
}

#define BIG (4u * 1024u * 1024u)
#define CHUNK (64u * 1024u)

static void test_transfer_4mib(void) {
    int64_t port = new_port();
    tcp_pair p;
    char *src = (char *) malloc(BIG);
    char *dst = (char *) malloc(BIG);
    int64_t send_op = dx_op_new();
    int64_t recv_op = dx_op_new();
    uint32_t sent = 0;
    uint32_t received = 0;
    uint32_t i;
    int sending = 0;
    int receiving = 0;
    DWORD deadline = GetTickCount() + 4 * WAIT_MS;
    CHECK(src != NULL && dst != NULL);
    for (i = 0; i < BIG; i++) {
        src[i] = (char) (i * 31u + (i >> 13));
    }
    CHECK_EQ(0, make_pair(port, DX_FAMILY_IPV4, &p));
    while (received < BIG) {
        dx_completion batch[16];
        int32_t n;
        int32_t k;
        if (!sending && sent < BIG) {
            dx_buf bufs[4];
            int32_t count = 0;
            uint32_t at = sent;
            while (count < 4 && at < BIG) {
                bufs[count].base = src + at;
                bufs[count].len = BIG - at < CHUNK ? BIG - at : CHUNK;
                at += bufs[count].len;
                count++;
            }
            CHECK_EQ(0, dx_send(p.client, bufs, count, send_op));
            sending = 1;
        }
        if (!receiving) {
            CHECK_EQ(0, dx_recv(p.server, dst + received, BIG - received, recv_op));
            receiving = 1;
        }
        CHECK((LONG) (deadline - GetTickCount()) > 0);
        n = dx_dequeue(port, batch, 16, WAIT_MS);
        CHECK(n > 0);
        for (k = 0; k < n; k++) {
            CHECK_EQ(0, batch[k].error);
            if (batch[k].op == (uint64_t) send_op) {
                sent += batch[k].bytes;
                sending = 0;
            } else if (batch[k].op == (uint64_t) recv_op) {
                CHECK(batch[k].bytes > 0);
                received += batch[k].bytes;
                receiving = 0;
            } else {
                DX_FAIL("unexpected record for op %llx", (unsigned long long) batch[k].op);
            }
        }
    }
    CHECK_EQ(BIG, sent);
    CHECK_EQ(BIG, received);
    CHECK(memcmp(src, dst, BIG) == 0);
    close_pair(&p);
    dx_op_free(send_op);
    dx_op_free(recv_op);
    free(src);
    free(dst);
    CHECK_EQ(0, dx_port_close(port));
}

static void test_batch_dequeue(void) {
    int64_t port = new_port();
    dx_completion batch[100];
    int32_t i;
    CHECK(port > 0);
    for (i = 0; i < 100; i++) {
        CHECK_EQ(0, dx_post(port, KEY_POSTED, (uint32_t) i));
    }
    CHECK_EQ(64, dx_dequeue(port, batch, 64, WAIT_MS));
    CHECK_EQ(36, dx_dequeue(port, batch + 64, 64, WAIT_MS));
    for (i = 0; i < 100; i++) {
        CHECK_EQ(KEY_POSTED, batch[i].key);
        CHECK_EQ(0, batch[i].op);
        CHECK_EQ(i, batch[i].bytes);
        CHECK_EQ(0, batch[i].error);
    }
    CHECK_EQ(0, dx_dequeue(port, batch, 64, 0)); /* empty: a poll times out with 0 records */
    CHECK_EQ(-(int32_t) ERROR_INVALID_PARAMETER, dx_dequeue(port, batch, 0, 0));
    CHECK_EQ(0, dx_port_close(port));
}

static void test_cancel_pending_recv(void) {
    int64_t port = new_port();
    tcp_pair p;
    char buf[16];
    int64_t op = dx_op_new();
    dx_completion c;
    dx_stats st;
    CHECK_EQ(0, make_pair(port, DX_FAMILY_IPV4, &p));
    CHECK_EQ(0, dx_recv(p.client, buf, sizeof(buf), op));
    dx_get_stats(&st);
    CHECK_EQ(1, st.in_flight_ops);
    CHECK_EQ(0, dx_cancel(p.client, op));
    CHECK(take(port, op, &c));
    CHECK_EQ(ERROR_OPERATION_ABORTED, c.error);
    CHECK_EQ(0, c.bytes);
    CHECK_EQ(ERROR_NOT_FOUND, dx_cancel(p.client, op));
    dx_get_stats(&st);
    CHECK_EQ(0, st.in_flight_ops);
    /* the connection and the operation block are still usable */
    CHECK_EQ(0, send_all(port, p.server, "after", 5));
    CHECK_EQ(0, dx_recv(p.client, buf, sizeof(buf), op));
    CHECK(take(port, op, &c));
    CHECK_EQ(0, c.error);
    CHECK_EQ(5, c.bytes);
    CHECK(memcmp(buf, "after", 5) == 0);
    close_pair(&p);
    dx_op_free(op);
    CHECK_EQ(0, dx_port_close(port));
}

static void test_close_with_operations_in_flight(void) {
    int64_t port;
    tcp_pair p;
    char buf1[64], buf2[64], buf3[64];
    int64_t ops[4];
    int64_t accepted;
    int64_t udp;
    int64_t leaked;
    int freed_before;
    uint8_t a[DX_SOCKADDR_SIZE];
    dx_completion c;
    dx_stats before, st;
    int i;
    quarantine_n = 0;
    dx_set_allocator(q_alloc, q_free);
    dx_get_stats(&before);
    port = new_port();
    CHECK_EQ(0, make_pair(port, DX_FAMILY_IPV4, &p));
    freed_before = quarantine_n;
    for (i = 0; i < 4; i++) {
        ops[i] = dx_op_new();
    }
    accepted = dx_socket(DX_FAMILY_IPV4, DX_TYPE_STREAM);
    udp = dx_socket(DX_FAMILY_IPV4, DX_TYPE_DGRAM);
    addr4(a, 127, 0, 0, 1, 0);
    CHECK_EQ(0, dx_bind(udp, a));
    CHECK_EQ(0, dx_associate(port, udp, KEY_UDP_A));
    CHECK_EQ(0, dx_recv(p.client, buf1, sizeof(buf1), ops[0]));
    CHECK_EQ(0, dx_recv(p.server, buf2, sizeof(buf2), ops[1]));
    CHECK_EQ(0, dx_accept(p.listener, accepted, ops[2]));
    CHECK_EQ(0, dx_recv_from(udp, buf3, sizeof(buf3), ops[3]));
    dx_get_stats(&st);
    CHECK_EQ(before.in_flight_ops + 4, st.in_flight_ops);
    /* freeing an op in flight is refused: the block is leaked, never freed under the kernel */
    leaked = ops[0];
    dx_op_free(leaked);
    dx_get_stats(&st);
    CHECK_EQ(before.leaked_in_flight + 1, st.leaked_in_flight);
    CHECK_EQ(freed_before, quarantine_n);
    /* close every handle with its operations pending */
    close_pair(&p);
    CHECK_EQ(0, dx_close_socket(accepted));
    CHECK_EQ(0, dx_close_socket(udp));
    for (i = 0; i < 4; i++) {
        CHECK(take(port, ops[i], &c));
        printf("    op %d completed with error %lu, %lu bytes\n", i, (unsigned long) c.error, (unsigned long) c.bytes);
        CHECK_EQ(0, c.bytes);
        if (i == 1) {
            /* the server's receive may see the client's close first: EOF (0 bytes, no error) or an abort */
            CHECK(c.error == 0 || c.error == ERROR_OPERATION_ABORTED || c.error == ERROR_NETNAME_DELETED
                    || c.error == WSAECONNRESET || c.error == WSAECONNABORTED);
        } else {
            /* its own handle was closed: aborted */
            CHECK(c.error == ERROR_OPERATION_ABORTED || c.error == ERROR_NETNAME_DELETED
                    || c.error == WSAECONNABORTED);
        }
    }
    dx_get_stats(&st);
    CHECK_EQ(before.in_flight_ops, st.in_flight_ops);
    for (i = 0; i < 4; i++) {
        dx_op_free(ops[i]);
    }
    CHECK_EQ(0, dx_port_close(port));
    dx_get_stats(&st);
    CHECK_EQ(before.live_ops, st.live_ops);
    CHECK_EQ(freed_before + 4, quarantine_n);
    CHECK_EQ(0, quarantine_dirty());
    dx_set_allocator(NULL, NULL);
}

static void test_rst_is_connection_reset(void) {
    int64_t port = new_port();
    tcp_pair p;
    char buf[16];
    int64_t op = dx_op_new();
    dx_completion c;
    CHECK_EQ(0, make_pair(port, DX_FAMILY_IPV4, &p));
    CHECK_EQ(0, dx_recv(p.client, buf, sizeof(buf), op));
    CHECK_EQ(0, dx_set_option(p.server, DX_OPT_SO_LINGER, 0));
    CHECK_EQ(0, dx_close_socket(p.server));
    p.server = 0;
    CHECK(take(port, op, &c));
    printf("    recv after RST: error %lu, %lu bytes\n", (unsigned long) c.error, (unsigned long) c.bytes);
    CHECK(c.error == WSAECONNRESET || c.error == ERROR_NETNAME_DELETED);
    close_pair(&p);
    dx_op_free(op);
    CHECK_EQ(0, dx_port_close(port));
}

static void test_connection_refused(void) {
    int64_t port = new_port();
    uint8_t a[DX_SOCKADDR_SIZE];
    int64_t probe = dx_socket(DX_FAMILY_IPV4, DX_TYPE_STREAM);
    int64_t s = dx_socket(DX_FAMILY_IPV4, DX_TYPE_STREAM);
    int64_t op = dx_op_new();
    uint32_t err;
    dx_completion c;
    /* a port nobody listens on: bind one, read it, close it */
    addr4(a, 127, 0, 0, 1, 0);
    CHECK_EQ(0, dx_bind(probe, a));
    CHECK_EQ(0, dx_local_address(probe, a));
    CHECK_EQ(0, dx_close_socket(probe));
    {
        uint8_t any[DX_SOCKADDR_SIZE];
        addr4(any, 127, 0, 0, 1, 0);
        CHECK_EQ(0, dx_bind(s, any));
    }
    CHECK_EQ(0, dx_associate(port, s, KEY_CLIENT));
    err = dx_connect(s, a, op);
    if (err == 0) {
        CHECK(take(port, op, &c));
        err = c.error;
    }
    printf("    connect to port %u: error %lu\n", (unsigned) addr_port(a), (unsigned long) err);
    CHECK(err == WSAECONNREFUSED || err == ERROR_CONNECTION_REFUSED);
    CHECK_EQ(0, dx_close_socket(s));
    dx_op_free(op);
    CHECK_EQ(0, dx_port_close(port));
}

static void test_udp(void) {
    int64_t port = new_port();
    int64_t a = dx_socket(DX_FAMILY_IPV4, DX_TYPE_DGRAM);
    int64_t b = dx_socket(DX_FAMILY_IPV4, DX_TYPE_DGRAM);
    int64_t send_op = dx_op_new();
    int64_t recv_op = dx_op_new();
    uint8_t addr[DX_SOCKADDR_SIZE];
    uint8_t a_addr[DX_SOCKADDR_SIZE];
    uint8_t b_addr[DX_SOCKADDR_SIZE];
    uint8_t from[DX_SOCKADDR_SIZE];
    char buf[64];
    char small[4];
    dx_completion c;
    CHECK(a > 0 && b > 0);
    addr4(addr, 127, 0, 0, 1, 0);
    CHECK_EQ(0, dx_bind(a, addr));
    CHECK_EQ(0, dx_bind(b, addr));
    CHECK_EQ(0, dx_local_address(a, a_addr));
    CHECK_EQ(0, dx_local_address(b, b_addr));
    CHECK_EQ(0, dx_associate(port, a, KEY_UDP_A));
    CHECK_EQ(0, dx_associate(port, b, KEY_UDP_B));
    CHECK_EQ(0, dx_recv_from(b, buf, sizeof(buf), recv_op));
    CHECK_EQ(ERROR_INVALID_PARAMETER, dx_op_address(recv_op, from)); /* still in flight */
    CHECK_EQ(0, dx_send_to(a, "datagram", 8, b_addr, send_op));
    CHECK(take(port, send_op, &c));
    CHECK_EQ(0, c.error);
    CHECK_EQ(8, c.bytes);
    CHECK(take(port, recv_op, &c));
    CHECK_EQ(0, c.error);
    CHECK_EQ(8, c.bytes);
    CHECK_EQ(KEY_UDP_B, c.key);
    CHECK(memcmp(buf, "datagram", 8) == 0);
    CHECK_EQ(0, dx_op_address(recv_op, from));
    CHECK(memcmp(from, a_addr, DX_SOCKADDR_SIZE) == 0);
    /* a datagram larger than the buffer: WSAEMSGSIZE with the head */
    CHECK_EQ(0, dx_recv_from(b, small, sizeof(small), recv_op));
    CHECK_EQ(0, dx_send_to(a, "truncated", 9, b_addr, send_op));
    CHECK(take(port, send_op, &c));
    CHECK_EQ(0, c.error);
    CHECK(take(port, recv_op, &c));
    printf("    truncated datagram: error %lu, %lu bytes\n", (unsigned long) c.error, (unsigned long) c.bytes);
    CHECK_EQ(WSAEMSGSIZE, c.error);
    CHECK(memcmp(small, "trun", 4) == 0);
    /* connected datagram socket: send/recv use the default peer */
    CHECK_EQ(0, dx_connect_datagram(a, b_addr));
    {
        dx_buf one;
        one.base = "hi";
        one.len = 2;
        CHECK_EQ(0, dx_recv(b, buf, sizeof(buf), recv_op));
        CHECK_EQ(0, dx_send(a, &one, 1, send_op));
        CHECK(take(port, send_op, &c));
        CHECK_EQ(0, c.error);
        CHECK(take(port, recv_op, &c));
        CHECK_EQ(0, c.error);
        CHECK_EQ(2, c.bytes);
    }
    CHECK_EQ(0, dx_connect_datagram(a, NULL));
    CHECK_EQ(0, dx_close_socket(a));
    CHECK_EQ(0, dx_close_socket(b));
    dx_op_free(send_op);
    dx_op_free(recv_op);
    CHECK_EQ(0, dx_port_close(port));
}

#define FILE_SIZE 100000u

static void test_file_read(void) {
    wchar_t dir[MAX_PATH];
    wchar_t path[MAX_PATH];
    HANDLE w;
    DWORD written;
    char *data = (char *) malloc(FILE_SIZE);
    char buf[4096];
    int64_t port = new_port();
    int64_t f;
    int64_t op = dx_op_new();
    uint32_t err;
    dx_completion c;
    uint32_t i;
    CHECK(data != NULL);
    CHECK(GetTempPathW(MAX_PATH, dir) > 0);
    CHECK(GetTempFileNameW(dir, L"dxi", 0, path) != 0);
    for (i = 0; i < FILE_SIZE; i++) {
        data[i] = (char) (i % 251u);
    }
    w = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    CHECK(w != INVALID_HANDLE_VALUE);
    CHECK(WriteFile(w, data, FILE_SIZE, &written, NULL));
    CHECK(CloseHandle(w));
    CHECK_EQ(FILE_SIZE, written);

    CHECK_EQ(-(int64_t) ERROR_FILE_NOT_FOUND, dx_open_file(L"C:\\no-such-dx-file.bin"));
    f = dx_open_file(path);
    CHECK(f > 0);
    CHECK_EQ(FILE_SIZE, dx_file_size(f));
    CHECK_EQ(0, dx_associate(port, f, KEY_FILE));
    CHECK_EQ(0, dx_read_file(f, 12345, buf, sizeof(buf), op));
    CHECK(take(port, op, &c));
    CHECK_EQ(0, c.error);
    CHECK_EQ(KEY_FILE, c.key);
    CHECK_EQ(sizeof(buf), c.bytes);
    CHECK(memcmp(buf, data + 12345, sizeof(buf)) == 0);
    /* a short read at the end */
    CHECK_EQ(0, dx_read_file(f, FILE_SIZE - 1000, buf, sizeof(buf), op));
    CHECK(take(port, op, &c));
    CHECK_EQ(0, c.error);
    CHECK_EQ(1000, c.bytes);
    CHECK(memcmp(buf, data + FILE_SIZE - 1000, 1000) == 0);
    /* at the end: ERROR_HANDLE_EOF, either from the call or from the completion */
    err = dx_read_file(f, FILE_SIZE, buf, sizeof(buf), op);
    if (err == 0) {
        CHECK(take(port, op, &c));
        err = c.error;
        CHECK_EQ(0, c.bytes);
    }
    printf("    read at end of file: error %lu\n", (unsigned long) err);
    CHECK_EQ(ERROR_HANDLE_EOF, err);
    CHECK_EQ(0, dx_close_file(f));
    CHECK(DeleteFileW(path));
    dx_op_free(op);
    free(data);
    CHECK_EQ(0, dx_port_close(port));
}

typedef struct wake_state {
    int64_t port;
    HANDLE waiting;
    int32_t n;
    dx_completion record;
} wake_state;

static DWORD WINAPI wake_thread(LPVOID arg) {
    wake_state *w = (wake_state *) arg;
    SetEvent(w->waiting);
    w->n = dx_dequeue(w->port, &w->record, 1, DX_INFINITE);
    return 0;
}

static void test_wakeup_from_another_thread(void) {
    wake_state w;
    HANDLE t;
    memset(&w, 0, sizeof(w));
    w.port = new_port();
    w.waiting = CreateEventW(NULL, TRUE, FALSE, NULL);
    CHECK(w.waiting != NULL);
    t = CreateThread(NULL, 0, wake_thread, &w, 0, NULL);
    CHECK(t != NULL);
    CHECK_EQ(WAIT_OBJECT_0, WaitForSingleObject(w.waiting, WAIT_MS));
    CHECK_EQ(0, dx_post(w.port, 0, 42));
    CHECK_EQ(WAIT_OBJECT_0, WaitForSingleObject(t, WAIT_MS));
    CHECK_EQ(1, w.n);
    CHECK_EQ(0, w.record.key);
    CHECK_EQ(0, w.record.op);
    CHECK_EQ(42, w.record.bytes);
    CloseHandle(t);
    CloseHandle(w.waiting);
    CHECK_EQ(0, dx_port_close(w.port));
}

static void test_half_close(void) {
    int64_t port = new_port();
    tcp_pair p;
    char buf[8];
    int64_t op = dx_op_new();
    dx_completion c;
    CHECK_EQ(0, make_pair(port, DX_FAMILY_IPV4, &p));
    CHECK_EQ(0, send_all(port, p.client, "bye", 3));
    CHECK_EQ(0, dx_shutdown(p.client, SD_SEND));
    CHECK_EQ(0, recv_all(port, p.server, buf, 3));
    CHECK_EQ(0, dx_recv(p.server, buf, sizeof(buf), op));
    CHECK(take(port, op, &c));
    CHECK_EQ(0, c.error);
    CHECK_EQ(0, c.bytes); /* EOF */
    /* the other direction still works */
    CHECK_EQ(0, send_all(port, p.server, "ok", 2));
    CHECK_EQ(0, recv_all(port, p.client, buf, 2));
    CHECK(memcmp(buf, "ok", 2) == 0);
    close_pair(&p);
    dx_op_free(op);
    CHECK_EQ(0, dx_port_close(port));
}

static void test_try_recv(void) {
    int64_t port = new_port();
    tcp_pair p;
    char buf[16];
    int64_t op = dx_op_new();
    dx_completion c;
    CHECK_EQ(0, make_pair(port, DX_FAMILY_IPV4, &p));
    CHECK_EQ(-WSAEWOULDBLOCK, dx_try_recv(p.client, buf, sizeof(buf)));
    CHECK_EQ(0, send_all(port, p.server, "ready", 5));
    CHECK(readable(p.client));
    CHECK_EQ(5, dx_try_recv(p.client, buf, sizeof(buf)));
    CHECK(memcmp(buf, "ready", 5) == 0);
    CHECK_EQ(-WSAEWOULDBLOCK, dx_try_recv(p.client, buf, sizeof(buf)));
    /* overlapped receives still pend and complete on the now non-blocking socket */
    CHECK_EQ(0, dx_recv(p.client, buf, sizeof(buf), op));
    CHECK_EQ(0, send_all(port, p.server, "later", 5));
    CHECK(take(port, op, &c));
    CHECK_EQ(0, c.error);
    CHECK_EQ(5, c.bytes);
    CHECK(memcmp(buf, "later", 5) == 0);
    /* end of stream */
    CHECK_EQ(0, dx_shutdown(p.server, SD_SEND));
    CHECK(readable(p.client));
    CHECK_EQ(0, dx_try_recv(p.client, buf, sizeof(buf)));
    /* a lingering close of a non-blocking socket still closes it */
    CHECK_EQ(0, dx_set_option(p.client, DX_OPT_SO_LINGER, 2));
    CHECK_EQ(0, dx_close_socket(p.client));
    p.client = 0;
    CHECK_EQ(-WSAENOTSOCK, dx_try_recv(p.client, buf, sizeof(buf)));
    close_pair(&p);
    dx_op_free(op);
    CHECK_EQ(0, dx_port_close(port));
}

/* The zero-byte WSARecv the Java channel keeps posted while no read is pending: it stays pending on an empty
 * socket, completes with 0 bytes and no error when data arrives (the data stays in the socket for the next receive)
 * and when the peer's FIN arrives, and with an error on RST. */
static void test_zero_byte_recv(void) {
    int64_t port = new_port();
    tcp_pair p;
    char buf[16];
    char none[1];
    char raw[4 * DX_ENTRY_SIZE];
    int64_t op = dx_op_new();
    dx_completion c;
    dx_stats st;
    CHECK_EQ(0, make_pair(port, DX_FAMILY_IPV4, &p));
    /* pending while nothing arrives */
    CHECK_EQ(0, dx_recv(p.client, none, 0, op));
    CHECK_EQ(0, dx_dequeue(port, raw, 4, 200));
    dx_get_stats(&st);
    CHECK_EQ(1, st.in_flight_ops);
    /* data: 0 bytes, no error, and the data is still there */
    CHECK_EQ(0, send_all(port, p.server, "data", 4));
    CHECK(take(port, op, &c));
    CHECK_EQ(0, c.error);
    CHECK_EQ(0, c.bytes);
    CHECK_EQ(KEY_CLIENT, c.key);
    CHECK_EQ(0, dx_recv(p.client, buf, sizeof(buf), op));
    CHECK(take(port, op, &c));
    CHECK_EQ(0, c.error);
    CHECK_EQ(4, c.bytes);
    CHECK(memcmp(buf, "data", 4) == 0);
    /* FIN: 0 bytes, no error; the next real receive then reports the end of the stream */
    CHECK_EQ(0, dx_recv(p.client, none, 0, op));
    CHECK_EQ(0, dx_shutdown(p.server, SD_SEND));
    CHECK(take(port, op, &c));
    CHECK_EQ(0, c.error);
    CHECK_EQ(0, c.bytes);
    CHECK_EQ(0, dx_recv(p.client, buf, sizeof(buf), op));
    CHECK(take(port, op, &c));
    CHECK_EQ(0, c.error);
    CHECK_EQ(0, c.bytes);
    close_pair(&p);
    /* RST: an error */
    CHECK_EQ(0, make_pair(port, DX_FAMILY_IPV4, &p));
    CHECK_EQ(0, dx_recv(p.client, none, 0, op));
    CHECK_EQ(0, dx_set_option(p.server, DX_OPT_SO_LINGER, 0));
    CHECK_EQ(0, dx_close_socket(p.server));
    p.server = 0;
    CHECK(take(port, op, &c));
    printf("    zero-byte recv after RST: error %lu, %lu bytes\n", (unsigned long) c.error, (unsigned long) c.bytes);
    CHECK(c.error == WSAECONNRESET || c.error == ERROR_NETNAME_DELETED);
    close_pair(&p);
    dx_op_free(op);
    CHECK_EQ(0, dx_port_close(port));
}

/* A second submit on an operation still in flight is refused and leaves the pending one intact. */
static void test_resubmit_in_flight_is_refused(void) {
    int64_t port = new_port();
    tcp_pair p;
    char buf[16];
    char other[16];
    uint8_t a[DX_SOCKADDR_SIZE];
    dx_buf one;
    int64_t op = dx_op_new();
    dx_completion c;
    dx_stats before, after;
    CHECK_EQ(0, make_pair(port, DX_FAMILY_IPV4, &p));
    CHECK_EQ(0, dx_recv(p.client, buf, sizeof(buf), op));
    dx_get_stats(&before);
    CHECK_EQ(ERROR_INVALID_PARAMETER, dx_recv(p.client, other, sizeof(other), op));
    one.base = other;
    one.len = 1;
    CHECK_EQ(ERROR_INVALID_PARAMETER, dx_send(p.client, &one, 1, op));
    loopback(DX_FAMILY_IPV4, a, 9);
    CHECK_EQ(ERROR_INVALID_PARAMETER, dx_connect(p.client, a, op));
    dx_get_stats(&after);
    CHECK_EQ(before.in_flight_ops, after.in_flight_ops);
    CHECK_EQ(0, send_all(port, p.server, "first", 5));
    CHECK(take(port, op, &c));
    CHECK_EQ(0, c.error);
    CHECK_EQ(5, c.bytes);
    CHECK(memcmp(buf, "first", 5) == 0);
    close_pair(&p);
    dx_op_free(op);
    CHECK_EQ(0, dx_port_close(port));
}

static void test_options(void) {
    int64_t s = dx_socket(DX_FAMILY_IPV4, DX_TYPE_STREAM);
    int32_t v = -7;
    CHECK(s > 0);
    CHECK_EQ(0, dx_set_option(s, DX_OPT_TCP_NODELAY, 1));
    CHECK_EQ(0, dx_get_option(s, DX_OPT_TCP_NODELAY, &v));
    CHECK_EQ(1, v);
    CHECK_EQ(0, dx_set_option(s, DX_OPT_SO_KEEPALIVE, 1));
    CHECK_EQ(0, dx_get_option(s, DX_OPT_SO_KEEPALIVE, &v));
    CHECK_EQ(1, v);
    CHECK_EQ(0, dx_set_option(s, DX_OPT_SO_LINGER, 0));
    CHECK_EQ(0, dx_get_option(s, DX_OPT_SO_LINGER, &v));
    CHECK_EQ(0, v);
    CHECK_EQ(0, dx_set_option(s, DX_OPT_SO_LINGER, -1));
    CHECK_EQ(0, dx_get_option(s, DX_OPT_SO_LINGER, &v));
    CHECK_EQ(-1, v);
    CHECK_EQ(0, dx_set_option(s, DX_OPT_SO_RCVBUF, 65536));
    CHECK_EQ(0, dx_get_option(s, DX_OPT_SO_RCVBUF, &v));
    CHECK(v > 0);
    CHECK_EQ(ERROR_INVALID_PARAMETER, dx_set_option(s, 99, 1));
    CHECK_EQ(ERROR_INVALID_PARAMETER, dx_get_option(s, 99, &v));
    CHECK_EQ(-(int64_t) ERROR_INVALID_PARAMETER, dx_socket(5, DX_TYPE_STREAM));
    CHECK_EQ(0, dx_close_socket(s));
}

static void test_failed_submit_is_not_in_flight(void) {
    int64_t s = dx_socket(DX_FAMILY_IPV4, DX_TYPE_STREAM);
    int64_t op = dx_op_new();
    char buf[4];
    dx_stats before, after;
    uint32_t err;
    CHECK_EQ(0, dx_close_socket(s));
    dx_get_stats(&before);
    err = dx_recv(s, buf, sizeof(buf), op); /* a closed handle */
    printf("    recv on a closed socket: error %lu\n", (unsigned long) err);
    CHECK(err != 0);
    dx_get_stats(&after);
    CHECK_EQ(before.in_flight_ops, after.in_flight_ops);
    dx_op_free(op);
    dx_get_stats(&after);
    CHECK_EQ(before.live_ops - 1, after.live_ops);
}

/* Child mode: overwrite one guard canary of an op, then hand the op to the core, which must abort the process. */
static int corrupt_and_use(const char *which) {
    int64_t h = dx_op_new();
    dx_op *op = (dx_op *) (intptr_t) h;
    if (strcmp(which, "inflight") == 0) {
        /* an overrun while the op is in flight: caught when its completion is dequeued */
        int64_t port = dx_port_create(1);
        int64_t u = dx_socket(DX_FAMILY_IPV4, DX_TYPE_DGRAM);
        uint8_t a[DX_SOCKADDR_SIZE];
        char buf[8];
        dx_completion c;
        addr4(a, 127, 0, 0, 1, 0);
        if (port <= 0 || u <= 0 || dx_bind(u, a) != 0 || dx_associate(port, u, KEY_UDP_A) != 0
                || dx_recv_from(u, buf, sizeof(buf), h) != 0) {
            printf("    child: setup failed\n");
            return 0;
        }
        ((unsigned char *) &op->tail)[3] ^= 0x5a;
        dx_close_socket(u);
        dx_dequeue(port, &c, 1, WAIT_MS);
        printf("    child: corrupted op was dequeued\n");
        return 0;
    }
    if (strcmp(which, "head") == 0) {
        ((unsigned char *) &op->head)[7] ^= 0x5a; /* an underrun into the block */
    } else {
        ((unsigned char *) &op->tail)[0] ^= 0x5a; /* an overrun past the OVERLAPPED and scratch space */
    }
    dx_op_free(h);
    printf("    child: corrupted op was accepted\n");
    return 0; /* not reached when the check works */
}

static void expect_abort(const char *which) {
    wchar_t exe[MAX_PATH];
    wchar_t cmd[MAX_PATH + 64];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    DWORD code = 0;
    CHECK(GetModuleFileNameW(NULL, exe, MAX_PATH) > 0);
    wcscpy(cmd, L"\"");
    wcscat(cmd, exe);
    wcscat(cmd, strcmp(which, "head") == 0 ? L"\" --corrupt-head"
            : strcmp(which, "tail") == 0 ? L"\" --corrupt-tail" : L"\" --corrupt-inflight");
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    CHECK(CreateProcessW(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    CHECK_EQ(WAIT_OBJECT_0, WaitForSingleObject(pi.hProcess, 2 * WAIT_MS));
    CHECK(GetExitCodeProcess(pi.hProcess, &code));
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    printf("    corrupted %s canary: child exit code %lu\n", which, (unsigned long) code);
    CHECK(code != 0);
}

static void test_corrupted_canary_aborts(void) {
    expect_abort("head");
    if (dx_test_current_failed) {
        return;
    }
    expect_abort("tail");
    if (dx_test_current_failed) {
        return;
    }
    expect_abort("inflight");
}

int main(int argc, char **argv) {
    uint32_t err;
    setvbuf(stdout, NULL, _IONBF, 0);
    err = dx_initialize();
    if (err != 0) {
        printf("dx_initialize failed: %lu\n", (unsigned long) err);
        return 2;
    }
    if (argc == 2 && strncmp(argv[1], "--corrupt-", 10) == 0) {
        return corrupt_and_use(argv[1] + 10);
    }
    RUN(test_address_round_trip);
    RUN(test_accept_connect_echo);
    RUN(test_transfer_4mib);
    RUN(test_batch_dequeue);
    RUN(test_cancel_pending_recv);
    RUN(test_close_with_operations_in_flight);
    RUN(test_rst_is_connection_reset);
    RUN(test_connection_refused);
    RUN(test_ipv6_echo);
    RUN(test_udp);
    RUN(test_file_read);
    RUN(test_wakeup_from_another_thread);
    RUN(test_half_close);
    RUN(test_try_recv);
    RUN(test_zero_byte_recv);
    RUN(test_resubmit_in_flight_is_refused);
    RUN(test_options);
    RUN(test_failed_submit_is_not_in_flight);
    RUN(test_corrupted_canary_aborts);
    if (dx_test_failures != 0) {
        printf("test_iocp: %d test(s) FAILED\n", dx_test_failures);
        return 1;
    }
    printf("test_iocp: all tests passed\n");
    return 0;
}
