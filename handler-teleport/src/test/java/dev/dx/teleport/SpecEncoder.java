package dev.dx.teleport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An encoder written from the Teleport spec alone (§1 header, §3 layout, §4 fingerprint, §6 types,
 * §7 query results), to cross-check the golden vectors byte for byte. It uses nothing of the
 * runtime: every offset below was worked out by hand from §3 and §6 and is written as a number,
 * every timestamp and date as the microseconds or days it stands for, every canonical string as
 * text, and the fingerprint is its own FNV-1a.
 */
final class SpecEncoder {

    /** The canonical string of {@link #everyType()}'s root struct. */
    static final String EVERY_TYPE = "struct Everything{blob:bytes@0,at:timestamp@8,day:date@16,id:uuid@24,"
            + "price:decimal@40,maybeInt:optional<i32>@48,maybeName:optional<string>@56,"
            + "maybeId:optional<uuid>@72,maybeFlag:optional<bool>@96,maybeAt:optional<timestamp>@104,"
            + "maybePrice:optional<decimal>@120,maybeBlob:optional<bytes>@132,maybeDay:optional<date>@144,"
            + "blobs:slice<bytes>@152,stamps:slice<timestamp>@160,days:slice<date>@168,ids:slice<uuid>@176,"
            + "prices:slice<decimal>@184}#192:8";

    /** The row struct of {@link #queryUsers()}: §7's mapping of its ten columns. */
    static final String USERS_ROW = "struct UsersRow{id:i64@0,full_name:optional<string>@8,"
            + "_1st_login:optional<timestamp>@24,id_2:i32@40,balance:optional<decimal>@44,status:string@56,"
            + "ref:optional<uuid>@64,active:bool@88,avatar:optional<bytes>@92,born:optional<date>@104}#112:8";

    /** §7's root struct around {@link #USERS_ROW}. */
    static final String USERS = "struct Users{rows:slice<" + USERS_ROW + ">@0}#8:4";

    private SpecEncoder() {
    }

    /**
     * Every §6 type, present and absent, and slices of the five that a slice may hold. Data: the
     * root (0–191), then the slice blocks in walk order: blobs 192–215, stamps 216–239, days
     * 240–247, ids 248–263, prices 264–287; D = 288. Strings in walk order: blob, price,
     * maybePrice, blobs[0], blobs[2], prices[0..2]; S = 31.
     */
    static byte[] everyType() {
        Message m = new Message(288);
        m.ref(0, m.string(0x00, 0xff, 0x10));                       // blob
        m.i64(8, 1709210096789012L);                                // at: 2024-02-29T12:34:56.789012Z
        m.i32(16, 19782);                                           // day: 2024-02-29
        m.uuid(24, 0x123e4567e89b12d3L, 0xa456426614174000L);       // id
        m.ref(40, m.string("-1234.50"));                            // price
        m.u8(48, 1);                                                // maybeInt present
        m.i32(52, -7);
        // maybeName (56-67) absent: all zero
        m.u8(72, 1);                                                // maybeId present, value at 80
        m.uuid(80, 0x0011223344556677L, 0x8899aabbccddeeffL);
        m.u8(96, 1);                                                // maybeFlag present, true
        m.u8(97, 1);
        // maybeAt (104-119) absent
        m.u8(120, 1);                                               // maybePrice present: 1E+3 plain
        m.ref(124, m.string("1000"));
        m.u8(132, 1);                                               // maybeBlob present, empty: (0, 0)
        // maybeDay (144-151) absent
        m.slice(152, 192, 3);                                       // blobs
        m.ref(192, m.string(0x01));
        // blobs[1] empty: (0, 0)
        m.ref(208, m.string(0xde, 0xad));
        m.slice(160, 216, 3);                                       // stamps
        m.i64(216, -1L);                                            // 1ns before the epoch, floored
        m.i64(224, 0L);
        m.i64(232, 1_000_001L);                                     // 1s + 1500ns, floored
        m.slice(168, 240, 2);                                       // days
        m.i32(240, 0);
        m.i32(244, -1);
        m.slice(176, 248, 1);                                       // ids
        m.uuid(248, 0xf81d4fae7dec11d0L, 0xa76500a0c91e6bf6L);
        m.slice(184, 264, 3);                                       // prices
        m.ref(264, m.string("0.001"));
        m.ref(272, m.string("0"));
        m.ref(280, m.string("3.14159"));
        return m.bytes(EVERY_TYPE);
    }

    /**
     * A §7 result of three rows (with NULLs) of {@link #USERS_ROW}: the root's rows slice at data
     * 0, the row block at 8 (the row's alignment), 3 × 112 bytes; D = 344. Strings in row order.
     */
    static byte[] queryUsers() {
        Message m = new Message(344);
        m.slice(0, 8, 3);
        int r = 8;                                                  // row 0
        m.i64(r, 1);
        m.u8(r + 8, 1);
        m.ref(r + 12, m.string("Ada Lovelace"));
        m.u8(r + 24, 1);
        m.i64(r + 32, 1705311000000000L);                           // 2024-01-15T09:30:00Z
        m.i32(r + 40, 10);
        m.u8(r + 44, 1);
        m.ref(r + 48, m.string("12.50"));
        m.ref(r + 56, m.string("happy"));
        m.u8(r + 64, 1);
        m.uuid(r + 72, 0x123e4567e89b12d3L, 0xa456426614174000L);
        m.u8(r + 88, 1);
        m.u8(r + 92, 1);
        m.ref(r + 96, m.string(0x89, 0x50, 0x4e, 0x47));
        m.u8(r + 104, 1);
        m.i32(r + 108, -56270);                                     // 1815-12-10
        r += 112;                                                   // row 1: every nullable column NULL
        m.i64(r, 2);
        m.i32(r + 40, 20);
        m.ref(r + 56, m.string("sad"));
        r += 112;                                                   // row 2
        m.i64(r, 3);
        m.u8(r + 8, 1);
        m.ref(r + 12, m.string("Zo\u00eb"));
        m.u8(r + 24, 1);
        m.i64(r + 32, -14182940000000L);                            // 1969-07-20T20:17:40Z
        m.i32(r + 40, 30);
        m.u8(r + 44, 1);
        m.ref(r + 48, m.string("-0.01"));
        m.ref(r + 56, m.string("ok"));
        m.u8(r + 88, 1);
        m.u8(r + 92, 1);                                            // avatar present, empty
        m.u8(r + 104, 1);
        m.i32(r + 108, 11016);                                      // 2000-02-29
        return m.bytes(USERS);
    }

    /** FNV-1a 64 over the UTF-8 bytes of {@code canonical} (§4). */
    static long fnv1a(String canonical) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : canonical.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }

    /** A data section of fixed length and a string table, put together by {@link #bytes}. */
    private static final class Message {

        private final byte[] data;
        private final ByteArrayOutputStream strings = new ByteArrayOutputStream();

        Message(int dataLength) {
            data = new byte[dataLength];
        }

        void u8(int at, int value) {
            data[at] = (byte) value;
        }

        void i32(int at, int value) {
            for (int i = 0; i < 4; i++) {
                data[at + i] = (byte) (value >>> 8 * i);
            }
        }

        void i64(int at, long value) {
            for (int i = 0; i < 8; i++) {
                data[at + i] = (byte) (value >>> 8 * i);
            }
        }

        /** §6: the 16 bytes most significant first. */
        void uuid(int at, long high, long low) {
            for (int i = 0; i < 8; i++) {
                data[at + i] = (byte) (high >>> 8 * (7 - i));
                data[at + 8 + i] = (byte) (low >>> 8 * (7 - i));
            }
        }

        /** A string-table reference: {@code offsetAndLength[0]} ‖ {@code offsetAndLength[1]}. */
        void ref(int at, int[] offsetAndLength) {
            i32(at, offsetAndLength[0]);
            i32(at + 4, offsetAndLength[1]);
        }

        void slice(int at, int offset, int count) {
            i32(at, offset);
            i32(at + 4, count);
        }

        int[] string(String text) {
            return append(text.getBytes(StandardCharsets.UTF_8));
        }

        int[] string(int... bytes) {
            byte[] b = new byte[bytes.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) bytes[i];
            }
            return append(b);
        }

        private int[] append(byte[] bytes) {
            int offset = strings.size();
            strings.writeBytes(bytes);
            return new int[] {offset, bytes.length};
        }

        byte[] bytes(String canonical) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {0x44, 0x58, 0x54, 0x50, 1, 0, 0, 0});
            long fingerprint = fnv1a(canonical);
            for (int i = 0; i < 8; i++) {
                out.write((int) (fingerprint >>> 8 * i));
            }
            for (int value : new int[] {data.length, strings.size()}) {
                for (int i = 0; i < 4; i++) {
                    out.write(value >>> 8 * i);
                }
            }
            out.writeBytes(data);
            out.writeBytes(strings.toByteArray());
            return out.toByteArray();
        }
    }
}
