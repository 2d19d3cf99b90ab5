package dev.dx.teleport;

import static dev.dx.teleport.TeleportFieldType.BOOL;
import static dev.dx.teleport.TeleportFieldType.BYTES;
import static dev.dx.teleport.TeleportFieldType.DATE;
import static dev.dx.teleport.TeleportFieldType.DECIMAL;
import static dev.dx.teleport.TeleportFieldType.I32;
import static dev.dx.teleport.TeleportFieldType.STRING;
import static dev.dx.teleport.TeleportFieldType.TIMESTAMP;
import static dev.dx.teleport.TeleportFieldType.UUID;
import static dev.dx.teleport.TeleportFieldType.optionalOf;
import static dev.dx.teleport.TeleportFieldType.sliceOf;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A value of every Teleport/1.1 §6 type ({@code null} is an absent optional), with its struct, a
 * writer through {@link TeleportWriter} at {@link TeleportStruct} offsets, and a reader through
 * {@link TeleportStructView}: the runtime path the golden vector, round-trip and hostile tests drive.
 */
record Everything(byte[] blob, Instant at, LocalDate day, UUID id, BigDecimal price,
        Integer maybeInt, String maybeName, UUID maybeId, Boolean maybeFlag, Instant maybeAt,
        BigDecimal maybePrice, byte[] maybeBlob, LocalDate maybeDay,
        List<byte[]> blobs, List<Instant> stamps, List<LocalDate> days, List<UUID> ids, List<BigDecimal> prices) {

    static final TeleportStruct STRUCT = TeleportStruct.builder("Everything")
            .field("blob", BYTES).field("at", TIMESTAMP).field("day", DATE).field("id", UUID)
            .field("price", DECIMAL)
            .field("maybeInt", optionalOf(I32)).field("maybeName", optionalOf(STRING))
            .field("maybeId", optionalOf(UUID)).field("maybeFlag", optionalOf(BOOL))
            .field("maybeAt", optionalOf(TIMESTAMP)).field("maybePrice", optionalOf(DECIMAL))
            .field("maybeBlob", optionalOf(BYTES)).field("maybeDay", optionalOf(DATE))
            .field("blobs", sliceOf(BYTES)).field("stamps", sliceOf(TIMESTAMP)).field("days", sliceOf(DATE))
            .field("ids", sliceOf(UUID)).field("prices", sliceOf(DECIMAL))
            .build();

    /** The value {@code every-type.hex} holds. */
    static Everything golden() {
        return new Everything(new byte[] {0x00, (byte) 0xff, 0x10},
                Instant.parse("2024-02-29T12:34:56.789012345Z"), LocalDate.of(2024, 2, 29),
                java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new BigDecimal("-1234.50"),
                -7, null, java.util.UUID.fromString("00112233-4455-6677-8899-aabbccddeeff"), true, null,
                new BigDecimal("1E+3"), new byte[0], null,
                List.of(new byte[] {1}, new byte[0], new byte[] {(byte) 0xde, (byte) 0xad}),
                List.of(Instant.ofEpochSecond(0, -1), Instant.EPOCH, Instant.ofEpochSecond(1, 1500)),
                List.of(LocalDate.EPOCH, LocalDate.of(1969, 12, 31)),
                List.of(java.util.UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")),
                List.of(new BigDecimal("1E-3"), new BigDecimal("-0"), new BigDecimal("3.14159")));
    }

    /** This value as a reader sees it: timestamps floored to microseconds, decimals as their plain text. */
    Everything asRead() {
        return new Everything(blob, micros(at), day, id, plain(price), maybeInt, maybeName, maybeId, maybeFlag,
                maybeAt == null ? null : micros(maybeAt), maybePrice == null ? null : plain(maybePrice),
                maybeBlob, maybeDay, blobs, stamps.stream().map(Everything::micros).toList(), days, ids,
                prices.stream().map(Everything::plain).toList());
    }

    private static Instant micros(Instant t) {
        return Instant.ofEpochSecond(t.getEpochSecond(), t.getNano() - t.getNano() % 1000);
    }

    private static BigDecimal plain(BigDecimal d) {
        return new BigDecimal(d.toPlainString());
    }

    /** Writes this value as a whole message, walking it depth-first in field order (§3). */
    void write(TeleportWriter w) {
        TeleportStruct s = STRUCT;
        int at0 = w.begin(s.layout());
        w.putBytes(at0 + s.offset("blob"), blob);
        w.putTimestamp(at0 + s.offset("at"), at);
        w.putDate(at0 + s.offset("day"), day);
        w.putUuid(at0 + s.offset("id"), id);
        w.putDecimal(at0 + s.offset("price"), price);
        int v;
        if ((v = optional(w, at0, "maybeInt", maybeInt)) >= 0) {
            w.putInt(v, maybeInt);
        }
        if ((v = optional(w, at0, "maybeName", maybeName)) >= 0) {
            w.putString(v, maybeName);
        }
        if ((v = optional(w, at0, "maybeId", maybeId)) >= 0) {
            w.putUuid(v, maybeId);
        }
        if ((v = optional(w, at0, "maybeFlag", maybeFlag)) >= 0) {
            w.putBoolean(v, maybeFlag);
        }
        if ((v = optional(w, at0, "maybeAt", maybeAt)) >= 0) {
            w.putTimestamp(v, maybeAt);
        }
        if ((v = optional(w, at0, "maybePrice", maybePrice)) >= 0) {
            w.putDecimal(v, maybePrice);
        }
        if ((v = optional(w, at0, "maybeBlob", maybeBlob)) >= 0) {
            w.putBytes(v, maybeBlob);
        }
        if ((v = optional(w, at0, "maybeDay", maybeDay)) >= 0) {
            w.putDate(v, maybeDay);
        }
        int e = w.putSlice(at0 + s.offset("blobs"), blobs.size(), 8, 4);
        for (int i = 0; i < blobs.size(); i++) {
            w.putBytes(e + 8 * i, blobs.get(i));
        }
        e = w.putSlice(at0 + s.offset("stamps"), stamps.size(), 8, 8);
        for (int i = 0; i < stamps.size(); i++) {
            w.putTimestamp(e + 8 * i, stamps.get(i));
        }
        e = w.putSlice(at0 + s.offset("days"), days.size(), 4, 4);
        for (int i = 0; i < days.size(); i++) {
            w.putDate(e + 4 * i, days.get(i));
        }
        e = w.putSlice(at0 + s.offset("ids"), ids.size(), 16, 8);
        for (int i = 0; i < ids.size(); i++) {
            w.putUuid(e + 16 * i, ids.get(i));
        }
        e = w.putSlice(at0 + s.offset("prices"), prices.size(), 8, 4);
        for (int i = 0; i < prices.size(); i++) {
            w.putDecimal(e + 8 * i, prices.get(i));
        }
    }

    /** Puts the optional's presence; returns where its value goes, or -1 when absent. */
    private static int optional(TeleportWriter w, int at0, String field, Object value) {
        TeleportStruct.Field f = STRUCT.field(field);
        if (value == null) {
            w.putAbsent(at0 + f.offset(), f.type());
            return -1;
        }
        return w.putPresent(at0 + f.offset(), f.type());
    }

    /** Reads every field back through the view. */
    static Everything read(TeleportStructView v) {
        return new Everything(v.bytes("blob"), v.timestamp("at"), v.date("day"), v.uuid("id"), v.decimal("price"),
                v.isPresent("maybeInt") ? (int) v.integer("maybeInt") : null,
                v.isPresent("maybeName") ? v.string("maybeName") : null,
                v.isPresent("maybeId") ? v.uuid("maybeId") : null,
                v.isPresent("maybeFlag") ? v.bool("maybeFlag") : null,
                v.isPresent("maybeAt") ? v.timestamp("maybeAt") : null,
                v.isPresent("maybePrice") ? v.decimal("maybePrice") : null,
                v.isPresent("maybeBlob") ? v.bytes("maybeBlob") : null,
                v.isPresent("maybeDay") ? v.date("maybeDay") : null,
                elements(v, "blobs", i -> v.bytes("blobs", i)),
                elements(v, "stamps", i -> v.timestamp("stamps", i)),
                elements(v, "days", i -> v.date("days", i)),
                elements(v, "ids", i -> v.uuid("ids", i)),
                elements(v, "prices", i -> v.decimal("prices", i)));
    }

    private static <T> List<T> elements(TeleportStructView v, String field, java.util.function.IntFunction<T> read) {
        List<T> out = new ArrayList<>();
        for (int i = 0, n = v.count(field); i < n; i++) {
            out.add(read.apply(i));
        }
        return out;
    }
}
