/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The emulator's file operations on their own, with no kernel thread performing the queued reads: what happens to a
 * read that is still queued when it is cancelled or its file is closed (through the emulator a read is performed
 * too soon to be caught in the queue).
 */
@Timeout(30)
class EmulatedFilesTest {

    private static final long KEY = 7;

    private final EmulatedHandles handles = new EmulatedHandles();
    private final EmulatedFiles files = new EmulatedFiles(handles);
    private final EmulatedIocpApi api = EmulatedIocpApi.instance();
    private final EmulatedPort port = new EmulatedPort();
    private final ByteBuffer entries = ByteBuffer.allocateDirect(4 * IocpApi.ENTRY_SIZE).order(ByteOrder.nativeOrder());
    private long file;

    @BeforeEach
    void setUp(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("data.bin");
        Files.write(p, "0123456789".getBytes(StandardCharsets.US_ASCII));
        file = files.open(p.toString());
        assertThat(file).isPositive();
        EmulatedFile f = handles.get(file, EmulatedFile.class);
        f.port = port;
        f.key = KEY;
    }

    @AfterEach
    void tearDown() {
        files.close(api, file);
    }

    private EmulatedOperation queuedRead(long position) {
        EmulatedOperation op = new EmulatedOperation(handles.next());
        assertThat(files.startRead(file, position, ByteBuffer.allocateDirect(4), op)).isZero();
        return op;
    }

    @Test
    void aQueuedReadCancelledCompletesAbortedAndIsNotPerformed() {
        EmulatedOperation op = queuedRead(0);
        assertThat(files.cancel(api, file + 16, op)).as("another handle").isFalse();
        assertThat(files.cancel(api, file, op)).isTrue();
        assertThat(port.dequeue(entries, 4, 0)).isEqualTo(1);
        assertThat(entries.getLong(0)).isEqualTo(KEY);
        assertThat(entries.getLong(8)).isEqualTo(op.handle);
        assertThat(entries.getInt(16)).isZero();
        assertThat(entries.getInt(20)).isEqualTo(IocpApi.ERROR_OPERATION_ABORTED);
        assertThat(files.cancel(api, file, op)).as("no longer queued").isFalse();
        files.performReads(api);
        assertThat(port.dequeue(entries, 4, 0)).as("nothing left to perform").isZero();
    }

    @Test
    void closingAFileCompletesItsQueuedReadsAborted() {
        EmulatedOperation first = queuedRead(0);
        EmulatedOperation second = queuedRead(4);
        int open = files.openCount();
        assertThat(files.close(api, file)).isZero();
        assertThat(files.openCount()).isEqualTo(open - 1);
        assertThat(port.dequeue(entries, 4, 0)).isEqualTo(2);
        assertThat(entries.getLong(8)).isEqualTo(first.handle);
        assertThat(entries.getInt(20)).isEqualTo(IocpApi.ERROR_OPERATION_ABORTED);
        assertThat(entries.getLong(IocpApi.ENTRY_SIZE + 8)).isEqualTo(second.handle);
        assertThat(entries.getInt(IocpApi.ENTRY_SIZE + 20)).isEqualTo(IocpApi.ERROR_OPERATION_ABORTED);
        assertThat(files.close(api, file)).as("closed already").isEqualTo(IocpApi.ERROR_INVALID_PARAMETER);
    }

    @Test
    void queuedReadsArePerformedInOrderAtTheirPositions() {
        EmulatedOperation tail = queuedRead(8);
        EmulatedOperation end = queuedRead(10);
        files.performReads(api);
        assertThat(port.dequeue(entries, 4, 0)).isEqualTo(2);
        assertThat(entries.getLong(8)).isEqualTo(tail.handle);
        assertThat(entries.getInt(16)).isEqualTo(2);
        assertThat(entries.getInt(20)).isZero();
        assertThat(entries.getLong(IocpApi.ENTRY_SIZE + 8)).isEqualTo(end.handle);
        assertThat(entries.getInt(IocpApi.ENTRY_SIZE + 20)).isEqualTo(IocpApi.ERROR_HANDLE_EOF);
    }
}
