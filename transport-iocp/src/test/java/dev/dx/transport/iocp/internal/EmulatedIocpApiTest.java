/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The emulated completion port honours the {@link IocpApi} contract. */
class EmulatedIocpApiTest {

    private static final long LISTEN_KEY = 1;
    private static final long CLIENT_KEY = 2;
    private static final long SERVER_KEY = 3;

    private final IocpApi api = EmulatedIocpApi.instance();
    private final ByteBuffer entries = ByteBuffer.allocateDirect(16 * IocpApi.ENTRY_SIZE).order(ByteOrder.nativeOrder());
    private final List<Long> sockets = new ArrayList<>();
    private long port;

    /** One dequeued record. */
    record Completion(long key, long op, int bytes, int error) {
    }

    @BeforeEach
    void setUp() {
        port = api.createPort(1);
        assertThat(port).isPositive();
    }

    @AfterEach
    void tearDown() {
        for (long s : sockets) {
            api.closeSocket(s);
        }
        while (api.dequeue(port, entries, 16, 100) > 0) {
            // drain aborted completions
        }
        assertThat(api.closePort(port)).isZero();
    }

    private long socket(int type) {
        long s = api.socket(IocpApi.FAMILY_IPV4, type);
        assertThat(s).isPositive();
        sockets.add(s);
        return s;
    }

    private List<Completion> await(int count) {
        List<Completion> out = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (out.size() < count && System.nanoTime() < deadline) {
            int n = api.dequeue(port, entries, 16, 200);
            assertThat(n).isGreaterThanOrEqualTo(0);
            for (int i = 0; i < n; i++) {
                int b = i * IocpApi.ENTRY_SIZE;
                out.add(new Completion(entries.getLong(b), entries.getLong(b + 8), entries.getInt(b + 16),
                        entries.getInt(b + 20)));
            }
        }
        assertThat(out).hasSize(count);
        return out;
    }

    private static byte[] loopback(int port) {
        return SockAddr.encode(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** A connected pair: [client, server-side accepted socket]. */
    private long[] connectedPair() {
        long listener = socket(IocpApi.TYPE_STREAM);
        assertThat(api.bind(listener, loopback(0))).isZero();
        assertThat(api.listen(listener, 16)).isZero();
        assertThat(api.associate(port, listener, LISTEN_KEY)).isZero();
        byte[] local = new byte[IocpApi.SOCKADDR_SIZE];
        assertThat(api.localAddress(listener, local)).isZero();

        long accepted = socket(IocpApi.TYPE_STREAM);
        long acceptOp = api.newOperation();
        assertThat(api.accept(listener, accepted, acceptOp)).isZero();

        long client = socket(IocpApi.TYPE_STREAM);
        assertThat(api.bind(client, loopback(0))).isZero();
        assertThat(api.associate(port, client, CLIENT_KEY)).isZero();
        long connectOp = api.newOperation();
        assertThat(api.connect(client, local, connectOp)).isZero();

        List<Completion> done = await(2);
        assertThat(done).allSatisfy(c -> assertThat(c.error()).isZero());
        assertThat(done).extracting(Completion::op).containsExactlyInAnyOrder(acceptOp, connectOp);
        assertThat(api.updateAcceptContext(accepted, listener)).isZero();
        assertThat(api.updateConnectContext(client)).isZero();
        assertThat(api.associate(port, accepted, SERVER_KEY)).isZero();
        api.freeOperation(acceptOp);
        api.freeOperation(connectOp);
        return new long[] {client, accepted};
    }

    @Test
    void acceptConnectAndEcho() {
        long[] pair = connectedPair();
        byte[] peer = new byte[IocpApi.SOCKADDR_SIZE];
        assertThat(api.remoteAddress(pair[1], peer)).isZero();
        assertThat(SockAddr.decode(peer).getAddress().isLoopbackAddress()).isTrue();

        ByteBuffer out = ByteBuffer.allocateDirect(16);
        out.put("hello, ".getBytes(StandardCharsets.US_ASCII)).put("port".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer in = ByteBuffer.allocateDirect(64);
        long recvOp = api.newOperation();
        long sendOp = api.newOperation();
        assertThat(api.recv(pair[1], in, 8, 32, recvOp)).isZero();
        assertThat(api.send(pair[0], new ByteBuffer[] {out, out}, new int[] {0, 7}, new int[] {7, 4}, 2, sendOp))
                .isZero();
        List<Completion> done = await(2);
        Completion recv = done.stream().filter(c -> c.op() == recvOp).findFirst().orElseThrow();
        Completion send = done.stream().filter(c -> c.op() == sendOp).findFirst().orElseThrow();
        assertThat(send.key()).isEqualTo(CLIENT_KEY);
        assertThat(send.bytes()).isEqualTo(11);
        assertThat(recv.key()).isEqualTo(SERVER_KEY);
        assertThat(recv.error()).isZero();
        byte[] got = new byte[recv.bytes()];
        in.get(8, got);
        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("hello, port".substring(0, got.length));
        assertThat(in.position()).isZero(); // positions are never touched
        api.freeOperation(recvOp);
        api.freeOperation(sendOp);
    }

    @Test
    void cancelCompletesAbortedAndOnlyThenTheOperationMayBeFreed() {
        long[] pair = connectedPair();
        long op = api.newOperation();
        assertThat(api.recv(pair[0], ByteBuffer.allocateDirect(8), 0, 8, op)).isZero();
        assertThatThrownBy(() -> api.freeOperation(op)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in flight");
        assertThat(api.cancel(pair[0], op)).isZero();
        Completion c = await(1).get(0);
        assertThat(c.op()).isEqualTo(op);
        assertThat(c.error()).isEqualTo(IocpApi.ERROR_OPERATION_ABORTED);
        assertThat(api.cancel(pair[0], op)).isEqualTo(IocpApi.ERROR_NOT_FOUND);
        api.freeOperation(op);
    }

    @Test
    void closeCompletesPendingOperationsWithNetnameDeleted() {
        long[] pair = connectedPair();
        long op1 = api.newOperation();
        assertThat(api.recv(pair[0], ByteBuffer.allocateDirect(8), 0, 8, op1)).isZero();
        assertThat(api.closeSocket(pair[0])).isZero();
        sockets.remove(Long.valueOf(pair[0]));
        Completion c = await(1).get(0);
        assertThat(c.op()).isEqualTo(op1);
        assertThat(c.error()).isEqualTo(IocpApi.ERROR_NETNAME_DELETED);
        api.freeOperation(op1);
    }

    @Test
    void closingAListenerCompletesItsPendingAcceptWithNetnameDeleted() {
        long listener = socket(IocpApi.TYPE_STREAM);
        assertThat(api.bind(listener, loopback(0))).isZero();
        assertThat(api.listen(listener, 4)).isZero();
        assertThat(api.associate(port, listener, LISTEN_KEY)).isZero();
        long op = api.newOperation();
        assertThat(api.accept(listener, socket(IocpApi.TYPE_STREAM), op)).isZero();
        assertThat(api.closeSocket(listener)).isZero();
        sockets.remove(Long.valueOf(listener));
        Completion c = await(1).get(0);
        assertThat(c.op()).isEqualTo(op);
        assertThat(c.error()).isEqualTo(IocpApi.ERROR_NETNAME_DELETED);
        api.freeOperation(op);
    }

    @Test
    void anAcceptedSocketHasNoAddressesAndCannotShutDownUntilItsContextIsUpdated() {
        long listener = socket(IocpApi.TYPE_STREAM);
        assertThat(api.bind(listener, loopback(0))).isZero();
        assertThat(api.listen(listener, 4)).isZero();
        assertThat(api.associate(port, listener, LISTEN_KEY)).isZero();
        byte[] local = new byte[IocpApi.SOCKADDR_SIZE];
        assertThat(api.localAddress(listener, local)).isZero();
        long accepted = socket(IocpApi.TYPE_STREAM);
        long op = api.newOperation();
        assertThat(api.accept(listener, accepted, op)).isZero();
        long client = socket(IocpApi.TYPE_STREAM);
        assertThat(api.bind(client, loopback(0))).isZero();
        assertThat(api.associate(port, client, CLIENT_KEY)).isZero();
        long connectOp = api.newOperation();
        assertThat(api.connect(client, local, connectOp)).isZero();
        assertThat(await(2)).allSatisfy(c -> assertThat(c.error()).isZero());

        byte[] out = new byte[IocpApi.SOCKADDR_SIZE];
        for (long s : new long[] {accepted, client}) {
            assertThat(api.localAddress(s, out)).isEqualTo(IocpApi.WSAENOTCONN);
            assertThat(api.remoteAddress(s, out)).isEqualTo(IocpApi.WSAENOTCONN);
            assertThat(api.shutdown(s, IocpApi.SD_SEND)).isEqualTo(IocpApi.WSAENOTCONN);
        }
        assertThat(api.updateAcceptContext(accepted, client)).as("not the listener").isEqualTo(IocpApi.WSAEINVAL);
        assertThat(api.updateAcceptContext(accepted, listener)).isZero();
        assertThat(api.updateConnectContext(client)).isZero();
        assertThat(api.updateConnectContext(listener)).as("no ConnectEx").isEqualTo(IocpApi.WSAENOTCONN);
        for (long s : new long[] {accepted, client}) {
            assertThat(api.localAddress(s, out)).isZero();
            assertThat(api.remoteAddress(s, out)).isZero();
        }
        assertThat(api.shutdown(client, IocpApi.SD_SEND)).isZero();
        api.freeOperation(op);
        api.freeOperation(connectOp);
    }

    @Test
    void aDatagramLongerThanTheBufferCompletesWithItsHeadAndWsaemsgsize() {
        long a = socket(IocpApi.TYPE_DGRAM);
        long b = socket(IocpApi.TYPE_DGRAM);
        assertThat(api.bind(a, loopback(0))).isZero();
        assertThat(api.bind(b, loopback(0))).isZero();
        assertThat(api.associate(port, a, CLIENT_KEY)).isZero();
        assertThat(api.associate(port, b, SERVER_KEY)).isZero();
        byte[] to = new byte[IocpApi.SOCKADDR_SIZE];
        assertThat(api.localAddress(b, to)).isZero();
        ByteBuffer in = ByteBuffer.allocateDirect(4);
        long recvOp = api.newOperation();
        long sendOp = api.newOperation();
        assertThat(api.recvFrom(b, in, 0, 4, recvOp)).isZero();
        ByteBuffer out = ByteBuffer.allocateDirect(10).put("0123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat(api.sendTo(a, out, 0, 10, to, sendOp)).isZero();
        List<Completion> done = await(2);
        Completion recv = done.stream().filter(c -> c.op() == recvOp).findFirst().orElseThrow();
        assertThat(recv.error()).isEqualTo(IocpApi.WSAEMSGSIZE);
        assertThat(recv.bytes()).isEqualTo(4);
        byte[] head = new byte[4];
        in.get(0, head);
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("0123");
        api.freeOperation(recvOp);
        api.freeOperation(sendOp);
    }

    @Test
    void limitedSendsCompleteWithFewerBytesThanGiven() {
        long[] pair = connectedPair();
        EmulatedIocpApi.instance().limitSends(pair[0], 3);
        ByteBuffer out = ByteBuffer.allocateDirect(8).put("abcdefgh".getBytes(StandardCharsets.US_ASCII));
        long op = api.newOperation();
        assertThat(api.send(pair[0], new ByteBuffer[] {out, out}, new int[] {0, 4}, new int[] {2, 4}, 2, op))
                .isZero();
        Completion c = await(1).get(0);
        assertThat(c.error()).isZero();
        assertThat(c.bytes()).isEqualTo(3); // "ab" + "e"; "fgh" was not sent
        ByteBuffer in = ByteBuffer.allocateDirect(16);
        long recvOp = api.newOperation();
        assertThat(api.recv(pair[1], in, 0, 16, recvOp)).isZero();
        Completion r = await(1).get(0);
        assertThat(r.bytes()).isEqualTo(3);
        byte[] got = new byte[3];
        in.get(0, got);
        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("abe");
        api.freeOperation(op);
        api.freeOperation(recvOp);
    }

    @Test
    void heldSendCompletionsComeAfterLaterOperationsAndOnRelease() {
        long[] pair = connectedPair();
        EmulatedIocpApi emulator = EmulatedIocpApi.instance();
        emulator.holdSendCompletions(pair[0]);
        ByteBuffer out = ByteBuffer.allocateDirect(1).put((byte) 'x');
        long sendOp = api.newOperation();
        assertThat(api.send(pair[0], new ByteBuffer[] {out}, new int[] {0}, new int[] {1}, 1, sendOp)).isZero();
        long recvOp = api.newOperation();
        ByteBuffer in = ByteBuffer.allocateDirect(4);
        assertThat(api.recv(pair[1], in, 0, 4, recvOp)).isZero();
        Completion first = await(1).get(0);
        assertThat(first.op()).as("the receive started later completes first").isEqualTo(recvOp);
        assertThat(emulator.heldSends(pair[0])).isEqualTo(1);
        assertThat(api.cancel(pair[0], sendOp)).as("completed, only not dequeued").isEqualTo(IocpApi.ERROR_NOT_FOUND);
        assertThat(emulator.releaseHeldSends(pair[0])).isEqualTo(1);
        Completion send = await(1).get(0);
        assertThat(send.op()).isEqualTo(sendOp);
        assertThat(send.bytes()).isEqualTo(1);
        api.freeOperation(sendOp);
        api.freeOperation(recvOp);
    }

    @Test
    void theProviderHandsOutTheEmulator() {
        IocpApiProvider provider = new EmulatedIocpApiProvider();
        assertThat(provider.name()).isEqualTo(IocpApiProvider.EMULATED);
        assertThat(provider.api()).isSameAs(EmulatedIocpApi.instance());
        assertThat(IocpApiProviders.find(IocpApiProvider.EMULATED, getClass().getClassLoader()))
                .as("registered in META-INF/services").isSameAs(EmulatedIocpApi.instance());
    }

    @Test
    void resetByPeerIsWsaeconnreset() {
        long[] pair = connectedPair();
        long op = api.newOperation();
        assertThat(api.recv(pair[0], ByteBuffer.allocateDirect(8), 0, 8, op)).isZero();
        assertThat(api.setOption(pair[1], IocpApi.OPT_SO_LINGER, 0)).isZero();
        assertThat(api.closeSocket(pair[1])).isZero();
        sockets.remove(Long.valueOf(pair[1]));
        Completion c = await(1).get(0);
        assertThat(c.error()).isEqualTo(IocpApi.WSAECONNRESET);
        api.freeOperation(op);
    }

    @Test
    void halfCloseGivesZeroBytesToThePeer() {
        long[] pair = connectedPair();
        long op = api.newOperation();
        assertThat(api.recv(pair[1], ByteBuffer.allocateDirect(8), 0, 8, op)).isZero();
        assertThat(api.shutdown(pair[0], IocpApi.SD_SEND)).isZero();
        Completion c = await(1).get(0);
        assertThat(c.error()).isZero();
        assertThat(c.bytes()).isZero();
        api.freeOperation(op);
    }

    @Test
    void zeroByteRecvWaitsForDataOrFinAndConsumesNothing() {
        long[] pair = connectedPair();
        ByteBuffer none = ByteBuffer.allocateDirect(1);
        ByteBuffer in = ByteBuffer.allocateDirect(16);
        ByteBuffer out = ByteBuffer.allocateDirect(16);
        out.put("data".getBytes(StandardCharsets.US_ASCII));
        long op = api.newOperation();
        long sendOp = api.newOperation();
        // pending while nothing arrives
        assertThat(api.recv(pair[0], none, 0, 0, op)).isZero();
        assertThat(api.dequeue(port, entries, 16, 200)).isZero();
        assertThat(api.recv(pair[0], none, 0, 0, op)).isEqualTo(IocpApi.ERROR_INVALID_PARAMETER); // in flight
        // data: 0 bytes, no error, nothing consumed
        assertThat(api.send(pair[1], new ByteBuffer[] {out}, new int[] {0}, new int[] {4}, 1, sendOp)).isZero();
        List<Completion> done = await(2);
        Completion zero = done.stream().filter(c -> c.op() == op).findFirst().orElseThrow();
        assertThat(zero.key()).isEqualTo(CLIENT_KEY);
        assertThat(zero.error()).isZero();
        assertThat(zero.bytes()).isZero();
        assertThat(api.recv(pair[0], in, 0, 16, op)).isZero();
        Completion data = await(1).get(0);
        assertThat(data.error()).isZero();
        byte[] got = new byte[data.bytes()];
        in.get(0, got);
        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("data");
        // the same through the non-blocking receive
        assertThat(api.send(pair[1], new ByteBuffer[] {out}, new int[] {0}, new int[] {4}, 1, sendOp)).isZero();
        assertThat(api.recv(pair[0], none, 0, 0, op)).isZero();
        assertThat(await(2)).allSatisfy(c -> assertThat(c.error()).isZero());
        assertThat(((NonBlockingRecv) api).tryRecv(pair[0], in, 0, 16)).isEqualTo(4);
        assertThat(((NonBlockingRecv) api).tryRecv(pair[0], in, 0, 16)).isEqualTo(-IocpApi.WSAEWOULDBLOCK);
        // FIN: 0 bytes, no error; the next real receive reports the end of the stream
        assertThat(api.recv(pair[0], none, 0, 0, op)).isZero();
        assertThat(api.shutdown(pair[1], IocpApi.SD_SEND)).isZero();
        Completion fin = await(1).get(0);
        assertThat(fin.error()).isZero();
        assertThat(fin.bytes()).isZero();
        assertThat(api.recv(pair[0], in, 0, 16, op)).isZero();
        Completion eof = await(1).get(0);
        assertThat(eof.error()).isZero();
        assertThat(eof.bytes()).isZero();
        api.freeOperation(op);
        api.freeOperation(sendOp);
    }

    @Test
    void zeroByteRecvFailsOnReset() {
        long[] pair = connectedPair();
        long op = api.newOperation();
        assertThat(api.recv(pair[0], ByteBuffer.allocateDirect(1), 0, 0, op)).isZero();
        assertThat(api.setOption(pair[1], IocpApi.OPT_SO_LINGER, 0)).isZero();
        assertThat(api.closeSocket(pair[1])).isZero();
        sockets.remove(Long.valueOf(pair[1]));
        Completion c = await(1).get(0);
        assertThat(c.error()).isEqualTo(IocpApi.WSAECONNRESET);
        api.freeOperation(op);
    }

    @Test
    void refusedConnectIsWsaeconnrefused() throws Exception {
        int closedPort;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = ss.getLocalPort();
        }
        long client = socket(IocpApi.TYPE_STREAM);
        assertThat(api.bind(client, loopback(0))).isZero();
        assertThat(api.associate(port, client, CLIENT_KEY)).isZero();
        long op = api.newOperation();
        assertThat(api.connect(client, loopback(closedPort), op)).isZero();
        assertThat(await(1).get(0).error()).isEqualTo(IocpApi.WSAECONNREFUSED);
        api.freeOperation(op);
    }

    @Test
    void connectRequiresABoundSocket() {
        long client = socket(IocpApi.TYPE_STREAM);
        assertThat(api.associate(port, client, CLIENT_KEY)).isZero();
        long op = api.newOperation();
        assertThat(api.connect(client, loopback(9), op)).isEqualTo(IocpApi.ERROR_INVALID_PARAMETER);
        api.freeOperation(op); // never started, so never in flight
    }

    @Test
    void postFromAnotherThreadWakesABlockedDequeue() throws Exception {
        Thread poster = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            api.post(port, 0, 7);
        });
        poster.start();
        int n = api.dequeue(port, entries, 16, IocpApi.INFINITE);
        poster.join();
        assertThat(n).isEqualTo(1);
        assertThat(entries.getLong(0)).isZero();
        assertThat(entries.getLong(8)).isZero();
        assertThat(entries.getInt(16)).isEqualTo(7);
    }

    @Test
    void dequeueReturnsRecordsInBatchesOfAtMostMaxEntries() {
        for (int i = 1; i <= 5; i++) {
            assertThat(api.post(port, 100 + i, i)).isZero();
        }
        assertThat(api.dequeue(port, entries, 3, 1000)).isEqualTo(3);
        assertThat(entries.getLong(0)).isEqualTo(101);
        assertThat(entries.getLong(2 * IocpApi.ENTRY_SIZE)).isEqualTo(103);
        assertThat(api.dequeue(port, entries, 16, 1000)).isEqualTo(2);
        assertThat(api.dequeue(port, entries, 16, 0)).isZero();
    }

    @Test
    void udpSendToAndRecvFromWithSourceAddress() {
        long a = socket(IocpApi.TYPE_DGRAM);
        long b = socket(IocpApi.TYPE_DGRAM);
        assertThat(api.bind(a, loopback(0))).isZero();
        assertThat(api.bind(b, loopback(0))).isZero();
        assertThat(api.associate(port, a, CLIENT_KEY)).isZero();
        assertThat(api.associate(port, b, SERVER_KEY)).isZero();
        byte[] bAddr = new byte[IocpApi.SOCKADDR_SIZE];
        byte[] aAddr = new byte[IocpApi.SOCKADDR_SIZE];
        api.localAddress(b, bAddr);
        api.localAddress(a, aAddr);
        ByteBuffer in = ByteBuffer.allocateDirect(32);
        ByteBuffer out = ByteBuffer.allocateDirect(4).put(new byte[] {1, 2, 3, 4});
        long recvOp = api.newOperation();
        long sendOp = api.newOperation();
        assertThat(api.recvFrom(b, in, 4, 16, recvOp)).isZero();
        assertThat(api.sendTo(a, out, 1, 3, bAddr, sendOp)).isZero();
        List<Completion> done = await(2);
        Completion recv = done.stream().filter(c -> c.op() == recvOp).findFirst().orElseThrow();
        assertThat(recv.bytes()).isEqualTo(3);
        assertThat(in.get(4)).isEqualTo((byte) 2);
        byte[] from = new byte[IocpApi.SOCKADDR_SIZE];
        assertThat(api.operationAddress(recvOp, from)).isZero();
        assertThat(SockAddr.port(from)).isEqualTo(SockAddr.port(aAddr));
        api.freeOperation(recvOp);
        api.freeOperation(sendOp);
    }

    @Test
    void overlappedFileReadAtPositionAndEof(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("data.bin");
        Files.write(p, "0123456789".getBytes(StandardCharsets.US_ASCII));
        long file = api.openFile(p.toString());
        assertThat(file).isPositive();
        assertThat(api.fileSize(file)).isEqualTo(10);
        assertThat(api.associate(port, file, CLIENT_KEY)).isZero();
        ByteBuffer buf = ByteBuffer.allocateDirect(8);
        long op = api.newOperation();
        assertThat(api.readFile(file, 6, buf, 2, 6, op)).isZero();
        Completion c = await(1).get(0);
        assertThat(c.error()).isZero();
        assertThat(c.bytes()).isEqualTo(4);
        assertThat(buf.get(2)).isEqualTo((byte) '6');
        assertThat(api.readFile(file, 10, buf, 0, 8, op)).isZero();
        assertThat(await(1).get(0).error()).isEqualTo(IocpApi.ERROR_HANDLE_EOF);
        assertThat(api.closeFile(file)).isZero();
        api.freeOperation(op);
        assertThat(api.openFile(dir.resolve("missing").toString())).isEqualTo(-2);
    }

    @Test
    void anAddressMustBeOfTheSocketsFamilyAsWinsockRequires() throws Exception {
        long v6 = api.socket(IocpApi.FAMILY_IPV6, IocpApi.TYPE_DGRAM);
        assertThat(v6).isPositive();
        sockets.add(v6);
        assertThat(api.bind(v6, loopback(0))).as("a sockaddr_in for an AF_INET6 socket")
                .isEqualTo(EmulatedIocpApi.WSAEFAULT);
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        byte[] mappedLoopback = SockAddr.encode(new InetSocketAddress(
                java.net.Inet6Address.getByAddress(null, mapped, -1), 0));
        assertThat(api.bind(v6, mappedLoopback)).as("the IPv4-mapped form").isZero();
        long op = api.newOperation();
        try {
            assertThat(api.associate(port, v6, 9)).isZero();
            ByteBuffer b = ByteBuffer.allocateDirect(1);
            assertThat(api.sendTo(v6, b, 0, 1, loopback(9), op)).isEqualTo(EmulatedIocpApi.WSAEFAULT);
            assertThat(api.connectDatagram(v6, loopback(9))).isEqualTo(EmulatedIocpApi.WSAEFAULT);
        } finally {
            api.freeOperation(op);
        }

        long v4 = socket(IocpApi.TYPE_STREAM);
        assertThat(api.bind(v4, SockAddr.encode(new InetSocketAddress(InetAddress.getByName("::1"), 0))))
                .isEqualTo(EmulatedIocpApi.WSAEFAULT);
        assertThat(api.bind(v4, loopback(0))).isZero();
        assertThat(api.associate(port, v4, 10)).isZero();
        long connectOp = api.newOperation();
        try {
            assertThat(api.connect(v4, mappedLoopback, connectOp)).isEqualTo(EmulatedIocpApi.WSAEFAULT);
        } finally {
            api.freeOperation(connectOp);
        }
    }
}
