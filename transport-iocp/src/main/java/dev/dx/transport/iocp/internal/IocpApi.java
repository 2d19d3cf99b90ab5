/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.nio.ByteBuffer;

/**
 * The one boundary between the Java IOCP transport and the operating system: every Win32 / Winsock call the
 * transport makes goes through this interface. It has two implementations with <em>the same observable
 * semantics</em>:
 * <ul>
 *   <li>{@code JniIocpApi} — the real thing, static {@code native} methods in {@code Native} implemented in C
 *       ({@code src/main/c}) over {@code CreateIoCompletionPort}, {@code GetQueuedCompletionStatusEx}, Winsock
 *       extension functions and overlapped {@code ReadFile}. Windows only.</li>
 *   <li>{@code EmulatedIocpApi} — a pure-Java completion port over {@code java.nio} non-blocking channels, used to
 *       run the transport (and Netty's transport testsuite) on Linux and macOS. It is a test vehicle, not a
 *       production transport: it lives in the module's test-jar and is found through {@link IocpApiProvider}. It
 *       enforces what real Windows requires (the context updates after AcceptEx and ConnectEx, truncated datagrams
 *       reported as {@link #WSAEMSGSIZE}, {@link #ERROR_NETNAME_DELETED} for operations pending at close) so that a
 *       channel forgetting one of them fails its tests on Linux too.</li>
 * </ul>
 *
 * <p>An implementation may also implement the optional {@link NonBlockingRecv} (a synchronous non-blocking
 * {@code recv}); both do, which lets a read loop continue with data already buffered.
 *
 * <h2>How the JNI implementation is found</h2>
 * {@code dev.dx.transport.iocp.Iocp} never links {@code JniIocpApi} statically: on Windows it loads the class
 * {@code dev.dx.transport.iocp.internal.JniIocpApi} by reflection and calls its
 * {@code public static IocpApi create()}. {@code create()} loads the DLL, calls {@link #initialize()} and returns
 * the instance; if anything fails it throws (for example {@link UnsatisfiedLinkError}, or an
 * {@link IllegalStateException} naming the error number of {@code initialize()}), and that throwable becomes
 * {@code Iocp.unavailabilityCause()}.
 *
 * <h2>Conventions (binding for both implementations)</h2>
 * <ul>
 *   <li><b>Handles</b> (completion ports, sockets, files) are {@code long}s. A valid handle is {@code > 0}.</li>
 *   <li><b>Errors are return values, never exceptions.</b> Methods returning {@code int} return {@code 0} on
 *       success or a positive Windows error number ({@code GetLastError()} / {@code WSAGetLastError()}, e.g.
 *       {@link #WSAECONNREFUSED}). Methods returning a handle return the handle ({@code > 0}) or the negated
 *       error number ({@code < 0}). No method throws for an operating-system failure; a
 *       {@code NullPointerException}/{@code IllegalArgumentException} is allowed only for a broken precondition
 *       in the caller.</li>
 *   <li><b>Buffers</b> are <em>direct</em> {@link ByteBuffer}s addressed absolutely: {@code (buffer, offset, length)}
 *       names the memory {@code [address(buffer) + offset, address(buffer) + offset + length)} where
 *       {@code address} is {@code GetDirectBufferAddress}. The buffer's position and limit are <em>ignored</em>
 *       (implementations never read or change them); {@code offset + length <= capacity} is the caller's
 *       precondition. The caller keeps the memory alive and untouched until the operation's completion has been
 *       dequeued (also when it was cancelled).</li>
 *   <li><b>Socket addresses</b> travel in a {@code byte[]} of {@link #SOCKADDR_SIZE} bytes laid out as
 *       <pre>
 *   offset 0..15  address bytes in network order (IPv4 uses bytes 0..3, the rest is zero)
 *   offset 16     address length: 4 (AF_INET) or 16 (AF_INET6)
 *   offset 17..18 port, big-endian unsigned
 *   offset 19..22 IPv6 scope id, big-endian (0 for IPv4)
 *   offset 23     zero
 *       </pre>
 *       See {@code SockAddr} for the Java encoder/decoder.</li>
 *   <li><b>Operations.</b> Every asynchronous call takes an <em>operation</em> handle obtained from
 *       {@link #newOperation()}. On Windows it is the address of a native block holding the {@code OVERLAPPED}
 *       (plus guard canaries and scratch space: the AcceptEx address area, the WSARecvFrom source address and its
 *       length, the WSASendTo destination, the WSABUF array). The native side owns that memory. An operation is
 *       <em>in flight</em> from a call that returned {@code 0} until its completion record has been returned by
 *       {@link #dequeue}. An operation can be reused for a new call once it is not in flight (a call on an operation
 *       still in flight returns {@link #ERROR_INVALID_PARAMETER} and changes nothing), and must be freed
 *       with {@link #freeOperation(long)} only when it is not in flight — so after {@link #cancel} or a close the
 *       caller still waits for the aborted completion before freeing.</li>
 *   <li><b>Completions.</b> If an asynchronous call returns {@code 0}, exactly one completion record for that
 *       operation will later be queued on the port the handle is associated with — also when the I/O finished
 *       synchronously (implementations never set {@code FILE_SKIP_COMPLETION_PORT_ON_SUCCESS}), also when it fails
 *       or is cancelled. If it returns non-zero, the operation was not started, no completion will come, and the
 *       operation is not in flight. ({@code WSA_IO_PENDING} / {@code ERROR_IO_PENDING} are success, i.e. {@code 0}.)
 *       Completions are never delivered from inside a call: only {@link #dequeue} returns them.</li>
 *   <li><b>Threads.</b> {@link #dequeue} is called by one thread per port (the event loop); {@link #post} may be
 *       called from any thread; all other calls are made from the event-loop thread that owns the port, except
 *       {@link #createPort}/{@link #closePort}.</li>
 * </ul>
 *
 * <h2>Completion records</h2>
 * {@link #dequeue} writes up to {@code maxEntries} records into a direct buffer, {@link #ENTRY_SIZE} bytes each, in
 * native byte order:
 * <pre>
 *   offset  0  long  completion key   (the key given to associate(), or the key given to post())
 *   offset  8  long  operation handle (0 for a record queued by post())
 *   offset 16  int   bytes transferred (for post(): the value given to post())
 *   offset 20  int   error: 0 on success, else a Windows error number (NTSTATUS of OVERLAPPED_ENTRY.Internal
 *                    converted to a Win32/Winsock error, e.g. 995, 10054, 64, 1236, 38)
 * </pre>
 */
public interface IocpApi {

    // ---- Windows error numbers used by the transport (values from winerror.h / winsock2.h) ----

    /** {@code ERROR_HANDLE_EOF} (38): a file read at or past the end of the file. */
    int ERROR_HANDLE_EOF = 38;
    /** {@code ERROR_NETNAME_DELETED} (64): the connection was reset or the socket closed under a pending op. */
    int ERROR_NETNAME_DELETED = 64;
    /** {@code ERROR_INVALID_PARAMETER} (87). */
    int ERROR_INVALID_PARAMETER = 87;
    /** {@code WAIT_TIMEOUT} (258); never returned by {@link #dequeue} (a timeout returns 0 records). */
    int WAIT_TIMEOUT = 258;
    /** {@code ERROR_OPERATION_ABORTED} (995): the operation was cancelled or its handle closed. */
    int ERROR_OPERATION_ABORTED = 995;
    /** {@code ERROR_NOT_FOUND} (1168): {@link #cancel} found no such pending operation. */
    int ERROR_NOT_FOUND = 1168;
    /** {@code ERROR_CONNECTION_REFUSED} (1225): ConnectEx completion status for a refused connection. */
    int ERROR_CONNECTION_REFUSED = 1225;
    /** {@code ERROR_CONNECTION_ABORTED} (1236): the local system aborted the connection. */
    int ERROR_CONNECTION_ABORTED = 1236;
    /** {@code ERROR_PORT_UNREACHABLE} (1234): an ICMP port unreachable was received (UDP). */
    int ERROR_PORT_UNREACHABLE = 1234;
    /** {@code WSAEBADF}/{@code WSAENOTSOCK} (10038): not a socket (for example already closed). */
    int WSAENOTSOCK = 10038;
    /** {@code WSAEINVAL} (10022): an invalid argument, e.g. a context update naming the wrong listener. */
    int WSAEINVAL = 10022;
    /** {@code WSAEWOULDBLOCK} (10035): a non-blocking call found nothing to do now. */
    int WSAEWOULDBLOCK = 10035;
    /** {@code WSAEMSGSIZE} (10040): a datagram was larger than the buffer (the buffer holds its head). */
    int WSAEMSGSIZE = 10040;
    /** {@code WSAEADDRINUSE} (10048). */
    int WSAEADDRINUSE = 10048;
    /** {@code WSAEADDRNOTAVAIL} (10049). */
    int WSAEADDRNOTAVAIL = 10049;
    /** {@code WSAENETUNREACH} (10051). */
    int WSAENETUNREACH = 10051;
    /** {@code WSAECONNABORTED} (10053). */
    int WSAECONNABORTED = 10053;
    /** {@code WSAECONNRESET} (10054): the peer reset the connection (RST). */
    int WSAECONNRESET = 10054;
    /** {@code WSAENOTCONN} (10057). */
    int WSAENOTCONN = 10057;
    /** {@code WSAESHUTDOWN} (10058): send after {@code shutdown(SD_SEND)}. */
    int WSAESHUTDOWN = 10058;
    /** {@code WSAETIMEDOUT} (10060). */
    int WSAETIMEDOUT = 10060;
    /** {@code WSAECONNREFUSED} (10061): the connection was refused. */
    int WSAECONNREFUSED = 10061;
    /** {@code WSAEHOSTUNREACH} (10065). */
    int WSAEHOSTUNREACH = 10065;

    // ---- constants of this interface ----

    /** Size in bytes of one completion record written by {@link #dequeue}. */
    int ENTRY_SIZE = 24;
    /** Size in bytes of an encoded socket address (see the class javadoc). */
    int SOCKADDR_SIZE = 24;
    /** The largest {@code count} accepted by {@link #send}; larger gathers are split by the caller. */
    int MAX_GATHER = 64;
    /** {@code timeoutMillis} value of {@link #dequeue} meaning "wait forever" ({@code INFINITE}). */
    int INFINITE = -1;

    /** Address family argument of {@link #socket}: IPv4 ({@code AF_INET}). */
    int FAMILY_IPV4 = 4;
    /** Address family argument of {@link #socket}: IPv6 ({@code AF_INET6}). */
    int FAMILY_IPV6 = 6;
    /** Socket type argument of {@link #socket}: TCP ({@code SOCK_STREAM}). */
    int TYPE_STREAM = 1;
    /** Socket type argument of {@link #socket}: UDP ({@code SOCK_DGRAM}). */
    int TYPE_DGRAM = 2;

    /** {@code how} argument of {@link #shutdown}: {@code SD_RECEIVE}. */
    int SD_RECEIVE = 0;
    /** {@code how} argument of {@link #shutdown}: {@code SD_SEND} (sends FIN after queued data). */
    int SD_SEND = 1;
    /** {@code how} argument of {@link #shutdown}: {@code SD_BOTH}. */
    int SD_BOTH = 2;

    // Socket option ids of setOption/getOption (our own numbering; the native side maps them to level/name).
    /** {@code IPPROTO_TCP/TCP_NODELAY}, value 0/1. */
    int OPT_TCP_NODELAY = 1;
    /** {@code SOL_SOCKET/SO_KEEPALIVE}, value 0/1. */
    int OPT_SO_KEEPALIVE = 2;
    /** {@code SOL_SOCKET/SO_REUSEADDR}, value 0/1. */
    int OPT_SO_REUSEADDR = 3;
    /** {@code SOL_SOCKET/SO_RCVBUF}, value in bytes. */
    int OPT_SO_RCVBUF = 4;
    /** {@code SOL_SOCKET/SO_SNDBUF}, value in bytes. */
    int OPT_SO_SNDBUF = 5;
    /**
     * {@code SOL_SOCKET/SO_LINGER}: value {@code < 0} means off ({@code l_onoff = 0}); {@code >= 0} means on with
     * that many seconds ({@code 0} = abortive close: {@link #closeSocket} sends RST). getOption returns -1 when off.
     */
    int OPT_SO_LINGER = 6;
    /** {@code SOL_SOCKET/SO_BROADCAST}, value 0/1. */
    int OPT_SO_BROADCAST = 7;
    /** {@code IPPROTO_IP/IP_TOS} (or {@code IPPROTO_IPV6/IPV6_TCLASS} on an IPv6 socket), value 0..255. */
    int OPT_IP_TOS = 8;
    /** {@code IPPROTO_IPV6/IPV6_V6ONLY}, value 0/1; IPv6 sockets only, before bind. */
    int OPT_IPV6_V6ONLY = 9;
    /** {@code SOL_SOCKET/SO_EXCLUSIVEADDRUSE}, value 0/1 (Windows only; the emulator accepts and ignores it). */
    int OPT_SO_EXCLUSIVEADDRUSE = 10;

    /**
     * One-time process initialisation ({@code WSAStartup(2.2)} and loading the {@code AcceptEx}/{@code ConnectEx}
     * extension pointers). Idempotent and thread-safe.
     *
     * @return 0 or a Windows error number
     */
    int initialize();

    // ---- completion ports ----

    /**
     * {@code CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, concurrency)}.
     *
     * @param concurrency the {@code NumberOfConcurrentThreads}; 0 means the number of processors
     * @return the port handle, or the negated error number
     */
    long createPort(int concurrency);

    /**
     * {@code CloseHandle(port)}. The caller has closed every handle associated with the port and drained (dequeued)
     * every completion first; operations still in flight after this call are leaked (never freed), never
     * use-after-free.
     *
     * @return 0 or a Windows error number
     */
    int closePort(long port);

    /**
     * {@code CreateIoCompletionPort(handle, port, key, 0)}: from now on every completion of an operation on
     * {@code handle} is queued on {@code port} with {@code key}. A handle is associated at most once, before its
     * first asynchronous call. {@code key} must not be 0 (0 is reserved for {@link #post}ed wake-ups).
     *
     * @return 0 or a Windows error number
     */
    int associate(long port, long handle, long key);

    /**
     * {@code GetQueuedCompletionStatusEx(port, entries, maxEntries, &n, timeoutMillis, FALSE)}: waits up to
     * {@code timeoutMillis} for at least one completion and writes between 1 and {@code maxEntries} records (format
     * in the class javadoc) into {@code entries} starting at absolute offset 0. Records dequeued here are removed
     * from the port; an operation whose record was returned is no longer in flight.
     *
     * @param entries a direct buffer with capacity {@code >= maxEntries * ENTRY_SIZE}; position/limit ignored
     * @param maxEntries 1 or more
     * @param timeoutMillis 0 to poll, {@link #INFINITE} to wait forever, else milliseconds
     * @return the number of records written ({@code 0} on timeout), or the negated error number
     */
    int dequeue(long port, ByteBuffer entries, int maxEntries, int timeoutMillis);

    /**
     * {@code PostQueuedCompletionStatus(port, bytes, key, NULL)}: queues a record with operation 0. Callable from
     * any thread. Used for event-loop wake-ups (key 0).
     *
     * @return 0 or a Windows error number
     */
    int post(long port, long key, int bytes);

    // ---- operations (OVERLAPPED blocks) ----

    /**
     * Allocates a zeroed operation block (see the class javadoc). The block is reused across calls; its
     * {@code OVERLAPPED} is reset by each asynchronous call.
     *
     * @return the operation handle ({@code > 0}), or the negated error number ({@code ERROR_NOT_ENOUGH_MEMORY}, 8)
     */
    long newOperation();

    /**
     * Frees an operation block that is not in flight. The JNI implementation checks the guard canaries and aborts
     * the process on corruption; freeing an operation in flight is a caller bug.
     */
    void freeOperation(long operation);

    /**
     * {@code CancelIoEx(handle, overlapped(operation))}: asks for the cancellation of one in-flight operation. The
     * operation then completes (later, through {@link #dequeue}) with {@link #ERROR_OPERATION_ABORTED} — or with its
     * real result if it had already finished. The operation stays in flight until that record is dequeued.
     *
     * @return 0 if a cancellation was requested, {@link #ERROR_NOT_FOUND} if the operation is not pending on the
     *         handle (it already completed; its record may still be queued), or another error number
     */
    int cancel(long handle, long operation);

    // ---- sockets ----

    /**
     * {@code WSASocketW(family, type, protocol, NULL, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT)}.
     *
     * @param family {@link #FAMILY_IPV4} or {@link #FAMILY_IPV6}
     * @param type {@link #TYPE_STREAM} or {@link #TYPE_DGRAM}
     * @return the socket handle, or the negated error number
     */
    long socket(int family, int type);

    /**
     * {@code closesocket(socket)}. Every operation in flight on the socket completes through the port with an
     * error (normally {@link #ERROR_OPERATION_ABORTED}; {@link #ERROR_NETNAME_DELETED} or
     * {@link #WSAECONNABORTED} are possible for accepts/receives): the caller treats any error of an operation on a
     * closed socket as an abort. With {@link #OPT_SO_LINGER} 0 the connection is reset (RST). After this call the
     * handle value is invalid; the caller never uses it again.
     *
     * @return 0 or a Windows error number
     */
    int closeSocket(long socket);

    /**
     * {@code bind(socket, address)}.
     *
     * @param address encoded socket address ({@link #SOCKADDR_SIZE} bytes); port 0 picks an ephemeral port
     * @return 0 or a Windows error number (e.g. {@link #WSAEADDRINUSE})
     */
    int bind(long socket, byte[] address);

    /**
     * {@code listen(socket, backlog)} on a bound stream socket.
     *
     * @return 0 or a Windows error number
     */
    int listen(long socket, int backlog);

    /**
     * {@code getsockname}: writes the local address into {@code out} ({@link #SOCKADDR_SIZE} bytes).
     *
     * @return 0 or a Windows error number
     */
    int localAddress(long socket, byte[] out);

    /**
     * {@code getpeername}: writes the remote address into {@code out} ({@link #SOCKADDR_SIZE} bytes). Valid on an
     * accepted socket after {@link #updateAcceptContext} and on a connected one after {@link #updateConnectContext}.
     *
     * @return 0 or a Windows error number ({@link #WSAENOTCONN} when not connected)
     */
    int remoteAddress(long socket, byte[] out);

    /**
     * {@code shutdown(socket, how)}; {@link #SD_SEND} sends FIN once queued data is sent.
     *
     * @return 0 or a Windows error number
     */
    int shutdown(long socket, int how);

    /**
     * {@code setsockopt} for one of the {@code OPT_*} ids.
     *
     * @return 0 or a Windows error number ({@link #ERROR_INVALID_PARAMETER} for an unknown id)
     */
    int setOption(long socket, int option, int value);

    /**
     * {@code getsockopt} for one of the {@code OPT_*} ids; the value is written to {@code out[0]}.
     *
     * @return 0 or a Windows error number
     */
    int getOption(long socket, int option, int[] out);

    /**
     * Posts {@code AcceptEx(listenSocket, acceptSocket, scratch, 0, addrLen, addrLen, ...)} with no receive data.
     * {@code acceptSocket} is a fresh, unbound, unassociated stream socket of the listener's family created by
     * {@link #socket}. The completion comes on the listener's port and key; on success the caller calls
     * {@link #updateAcceptContext} and then associates {@code acceptSocket} with a port of its choice. On failure
     * (or after cancellation) the caller closes {@code acceptSocket}.
     *
     * @return 0 if posted, or a Windows error number (not started)
     */
    int accept(long listenSocket, long acceptSocket, long operation);

    /**
     * {@code setsockopt(acceptSocket, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, &listenSocket)}; makes
     * {@code getpeername}/{@code getsockname}/{@code shutdown} work on the accepted socket.
     *
     * @return 0 or a Windows error number
     */
    int updateAcceptContext(long acceptSocket, long listenSocket);

    /**
     * Posts {@code ConnectEx(socket, address, NULL, 0, NULL, overlapped)}. The socket must already be bound (bind to
     * the wildcard address and port 0 if the user gave no local address) and associated. A refused connection
     * completes with {@link #WSAECONNREFUSED} or {@link #ERROR_CONNECTION_REFUSED} (callers accept both).
     *
     * @return 0 if posted, or a Windows error number (not started)
     */
    int connect(long socket, byte[] address, long operation);

    /**
     * Plain synchronous {@code connect(socket, address)} on a <em>datagram</em> socket: fixes the default peer
     * (subsequent {@link #send}/{@link #recv} use it and datagrams from other peers are dropped). A {@code null}
     * address dissolves the association ({@code connect} with an {@code AF_UNSPEC} address).
     *
     * @return 0 or a Windows error number
     */
    int connectDatagram(long socket, byte[] address);

    /**
     * {@code setsockopt(socket, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0)} after a successful ConnectEx.
     *
     * @return 0 or a Windows error number
     */
    int updateConnectContext(long socket);

    /**
     * Posts {@code WSARecv} of at most {@code length} bytes into {@code buffer[offset..]} (one WSABUF, flags 0).
     * The completion's byte count is the number of bytes received; 0 bytes with error 0 means the peer shut down
     * its sending side (EOF). An RST completes with {@link #WSAECONNRESET} (or {@link #ERROR_NETNAME_DELETED}).
     *
     * <p>A <em>zero-byte</em> receive ({@code length} 0; any direct buffer) consumes nothing: it stays pending
     * while the socket holds no data, and completes with 0 bytes and error 0 as soon as data <em>or</em> the peer's
     * FIN is there (the next receive tells which), or with an error on RST.
     *
     * @return 0 if posted, or a Windows error number (not started)
     */
    int recv(long socket, ByteBuffer buffer, int offset, int length, long operation);

    /**
     * Posts a gathering {@code WSASend} of {@code count} ({@code 1..MAX_GATHER}) buffers;
     * buffer {@code i} contributes {@code lengths[i]} bytes from {@code buffers[i]} at absolute offset
     * {@code offsets[i]}. The arrays are read during the call only (the WSABUF array is copied into the operation
     * block); the memory they describe must stay valid until the completion. Its byte count is the number of bytes
     * sent (all of them unless the connection failed).
     *
     * @return 0 if posted, or a Windows error number (not started)
     */
    int send(long socket, ByteBuffer[] buffers, int[] offsets, int[] lengths, int count, long operation);

    /**
     * Posts {@code WSARecvFrom} of at most {@code length} bytes into {@code buffer[offset..]}; the source address
     * is kept in the operation block and read with {@link #operationAddress} after the completion. A datagram
     * larger than the buffer completes with {@link #WSAEMSGSIZE} and the truncated head in the buffer.
     *
     * @return 0 if posted, or a Windows error number (not started)
     */
    int recvFrom(long socket, ByteBuffer buffer, int offset, int length, long operation);

    /**
     * Posts {@code WSASendTo} of {@code length} bytes from {@code buffer[offset..]} to {@code address} (copied into
     * the operation block during the call).
     *
     * @return 0 if posted, or a Windows error number (not started)
     */
    int sendTo(long socket, ByteBuffer buffer, int offset, int length, byte[] address, long operation);

    /**
     * Copies the source address recorded by the last completed {@link #recvFrom} on {@code operation} into
     * {@code out} ({@link #SOCKADDR_SIZE} bytes). Only valid after that completion was dequeued without error.
     *
     * @return 0 or a Windows error number
     */
    int operationAddress(long operation, byte[] out);

    // ---- files ----

    /**
     * {@code CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
     * FILE_FLAG_OVERLAPPED, NULL)}.
     *
     * @param path a file system path (the JNI side converts it to UTF-16)
     * @return the file handle, or the negated error number (e.g. {@code ERROR_FILE_NOT_FOUND}, 2)
     */
    long openFile(String path);

    /**
     * {@code GetFileSizeEx(file)}.
     *
     * @return the size in bytes ({@code >= 0}), or the negated error number
     */
    long fileSize(long file);

    /**
     * Posts an overlapped {@code ReadFile} of at most {@code length} bytes at file {@code position}
     * ({@code OVERLAPPED.Offset/OffsetHigh}) into {@code buffer[offset..]}. The file must be associated with a port.
     * Reading at or past the end completes with {@link #ERROR_HANDLE_EOF} and 0 bytes (or the call returns
     * {@link #ERROR_HANDLE_EOF} directly — callers accept both).
     *
     * @return 0 if posted, or a Windows error number (not started)
     */
    int readFile(long file, long position, ByteBuffer buffer, int offset, int length, long operation);

    /**
     * {@code CloseHandle(file)}; pending reads complete with {@link #ERROR_OPERATION_ABORTED}.
     *
     * @return 0 or a Windows error number
     */
    int closeFile(long file);
}
