package test;

import dev.dx.teleport.TeleportLayout;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportMessageFlyweight;
import dev.dx.teleport.TeleportType;
import dev.dx.teleport.TeleportWriter;
import dev.dx.teleport.runtime.TeleportRuntime;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.RandomAccess;
import java.util.UUID;
import javax.annotation.processing.Generated;

/**
 * Teleport/1 layout, flyweight view and codec of {@link Account}, generated from its components.
 *
 * <p>Canonical layout: {@code struct Account{id:uuid@0,createdAt:timestamp@16,birthday:date@24,balance:decimal@28,avatar:bytes@36,nickname:optional<string>@44,age:optional<i32>@56,lastSeen:optional<i64>@64,status:optional<enum<Status>:u8>@80,lastLine:optional<struct Line{sku:string@0,quantity:i32@8}#12:4>@84,logins:slice<timestamp>@100}#112:8}
 */
@Generated("dev.dx.teleport.processor.TeleportProcessor")
public final class Account_Teleport {
    /**
     * The canonical layout string (§4).
     */
    public static final String CANONICAL = "struct Account{id:uuid@0,createdAt:timestamp@16,birthday:date@24,balance:decimal@28,avatar:bytes@36,nickname:optional<string>@44,age:optional<i32>@56,lastSeen:optional<i64>@64,status:optional<enum<Status>:u8>@80,lastLine:optional<struct Line{sku:string@0,quantity:i32@8}#12:4>@84,logins:slice<timestamp>@100}#112:8";

    /**
     * Size of the struct in bytes.
     */
    public static final int SIZE = 112;

    /**
     * Alignment of the struct.
     */
    public static final int ALIGN = 8;

    /**
     * FNV-1a 64 of {@link #CANONICAL}, computed at compile time.
     */
    public static final long FINGERPRINT = 0x134f9d8dc850dc3fL;

    /**
     * Offset of {@code id} (uuid) in the struct.
     */
    public static final int ID_OFFSET = 0;

    /**
     * Offset of {@code createdAt} (timestamp) in the struct.
     */
    public static final int CREATED_AT_OFFSET = 16;

    /**
     * Offset of {@code birthday} (date) in the struct.
     */
    public static final int BIRTHDAY_OFFSET = 24;

    /**
     * Offset of {@code balance} (decimal) in the struct.
     */
    public static final int BALANCE_OFFSET = 28;

    /**
     * Offset of {@code avatar} (bytes) in the struct.
     */
    public static final int AVATAR_OFFSET = 36;

    /**
     * Offset of {@code nickname} (optional&lt;string&gt;) in the struct.
     */
    public static final int NICKNAME_OFFSET = 44;

    /**
     * Offset of {@code age} (optional&lt;i32&gt;) in the struct.
     */
    public static final int AGE_OFFSET = 56;

    /**
     * Offset of {@code lastSeen} (optional&lt;i64&gt;) in the struct.
     */
    public static final int LAST_SEEN_OFFSET = 64;

    /**
     * Offset of {@code status} (optional&lt;enum&lt;Status&gt;:u8&gt;) in the struct.
     */
    public static final int STATUS_OFFSET = 80;

    /**
     * Offset of {@code lastLine} (optional&lt;struct Line{sku:string@0,quantity:i32@8}#12:4&gt;) in the struct.
     */
    public static final int LAST_LINE_OFFSET = 84;

    /**
     * Offset of {@code logins} (slice&lt;timestamp&gt;) in the struct.
     */
    public static final int LOGINS_OFFSET = 100;

    /**
     * The runtime version this class was generated for, checked against the runtime's when the
     * class loads (see {@link TeleportRuntime}).
     */
    private static final int RUNTIME_VERSION = TeleportRuntime.requireVersion(3, "Account_Teleport");

    /**
     * The layout, for {@link dev.dx.teleport.TeleportMessage#wrap} and the decoder.
     */
    public static final TeleportLayout LAYOUT = TeleportLayout.of(CANONICAL, SIZE, ALIGN);

    /**
     * This type for {@link dev.dx.teleport.TeleportEncoder}.
     */
    public static final TeleportType<Account> TYPE = new TeleportType<Account>() {
        @Override
        public Class<Account> javaType() {
            return Account.class;
        }

        @Override
        public TeleportLayout layout() {
            return LAYOUT;
        }

        @Override
        public void write(TeleportWriter writer, Account value) {
            Account_Teleport.write(writer, value);
        }

        @Override
        public Account read(TeleportMessage message) {
            return Account_Teleport.read(message);
        }
    };

    private static final Status[] STATUS_VALUES = Status.values();

    private Account_Teleport() {
    }

    /**
     * Writes {@code value} as a whole message on {@code writer}: begins it and fills it in;
     * the caller then calls {@link TeleportWriter#finish()}. On failure the message is aborted.
     */
    public static void write(TeleportWriter writer, Account value) {
        Objects.requireNonNull(value, "value");
        int at = writer.beginSized(LAYOUT, dataEnd(SIZE, value));
        try {
            writeFields(writer, at, value);
        } catch (RuntimeException | Error e) {
            writer.abort();
            throw e;
        }
    }

    /**
     * Encodes {@code value} into a new buffer from {@code alloc}, which the caller owns.
     */
    public static ByteBuf encode(ByteBufAllocator alloc, Account value) {
        TeleportWriter writer = new TeleportWriter(alloc);
        write(writer, value);
        return writer.finish();
    }

    /**
     * Writes the fields of {@code value} into the struct at data offset {@code at}, appending its
     * strings and slices depth-first in declaration order. Used by {@link #write} and by the code
     * generated for records that contain a Account.
     */
    public static void writeFields(TeleportWriter writer, int at, Account value) {
        writer.putUuid(at + ID_OFFSET, Objects.requireNonNull(value.id(), "Account.id"));
        writer.putTimestamp(at + CREATED_AT_OFFSET, Objects.requireNonNull(value.createdAt(), "Account.createdAt"));
        writer.putDate(at + BIRTHDAY_OFFSET, Objects.requireNonNull(value.birthday(), "Account.birthday"));
        writer.putDecimal(at + BALANCE_OFFSET, Objects.requireNonNull(value.balance(), "Account.balance"));
        writer.putBytes(at + AVATAR_OFFSET, Objects.requireNonNull(value.avatar(), "Account.avatar"));
        {
            Optional<String> o = Objects.requireNonNull(value.nickname(), "Account.nickname");
            if (o.isPresent()) {
                writer.putInt(at + NICKNAME_OFFSET, 1);
                writer.putString(at + NICKNAME_OFFSET + 4, o.get());
            } else {
                writer.putLong(at + NICKNAME_OFFSET, 0L);
                writer.putInt(at + NICKNAME_OFFSET + 8, 0);
            }
        }
        {
            Integer o = value.age();
            if (o != null) {
                writer.putInt(at + AGE_OFFSET, 1);
                writer.putInt(at + AGE_OFFSET + 4, o);
            } else {
                writer.putLong(at + AGE_OFFSET, 0L);
            }
        }
        {
            OptionalLong o = Objects.requireNonNull(value.lastSeen(), "Account.lastSeen");
            if (o.isPresent()) {
                writer.putLong(at + LAST_SEEN_OFFSET, 1L);
                writer.putLong(at + LAST_SEEN_OFFSET + 8, o.getAsLong());
            } else {
                writer.putLong(at + LAST_SEEN_OFFSET, 0L);
                writer.putLong(at + LAST_SEEN_OFFSET + 8, 0L);
            }
        }
        {
            Optional<Status> o = Objects.requireNonNull(value.status(), "Account.status");
            if (o.isPresent()) {
                writer.putByte(at + STATUS_OFFSET, (byte) 1);
                writer.putByte(at + STATUS_OFFSET + 1, (byte) o.get().ordinal());
            } else {
                writer.putShort(at + STATUS_OFFSET, (short) 0);
            }
        }
        writer.putShort(at + 82, (short) 0);
        {
            Optional<Line> o = Objects.requireNonNull(value.lastLine(), "Account.lastLine");
            if (o.isPresent()) {
                writer.putInt(at + LAST_LINE_OFFSET, 1);
                Line_Teleport.writeFields(writer, at + LAST_LINE_OFFSET + 4, o.get());
            } else {
                writer.putLong(at + LAST_LINE_OFFSET, 0L);
                writer.putLong(at + LAST_LINE_OFFSET + 8, 0L);
            }
        }
        {
            List<Instant> slice = Objects.requireNonNull(value.logins(), "Account.logins");
            int base = writer.putSlice(at + LOGINS_OFFSET, slice.size(), 8, 8);
            if (slice instanceof RandomAccess) {
                for (int i = 0, n = slice.size(); i < n; i++) {
                    writer.putTimestamp(base + i * 8, Objects.requireNonNull(slice.get(i), "Account.logins[]"));
                }
            } else {
                int i = 0;
                for (Instant e : slice) {
                    writer.putTimestamp(base + i * 8, Objects.requireNonNull(e, "Account.logins[]"));
                    i++;
                }
            }
        }
        writer.putInt(at + 108, 0);
    }

    /**
     * The length of a data section {@code end} bytes long once the slice blocks of {@code value}
     * (and of the structs in it) are appended in the order {@link #writeFields} appends them, each
     * after its alignment gap. Used to size a message before writing it.
     */
    public static long dataEnd(long end, Account value) {
        {
            List<Instant> slice = Objects.requireNonNull(value.logins(), "Account.logins");
            int n = slice.size();
            if (n != 0) {
                end = ((end + 7) & -8) + (long) n * 8;
            }
        }
        return end;
    }

    /**
     * A new view of the root struct of {@code message}, which must be a Account.
     */
    public static View view(TeleportMessage message) {
        return new View().wrap(message);
    }

    /**
     * Builds the Account held by {@code message}, decoding every string and slice.
     */
    public static Account read(TeleportMessage message) {
        return read(view(message));
    }

    /**
     * Builds a Account from {@code view}, decoding every string and slice.
     */
    public static Account read(View view) {
        Instant[] s10 = new Instant[view.loginsCount()];
        for (int i = 0; i < s10.length; i++) {
            s10[i] = view.logins(i);
        }
        return new Account(view.id(), view.createdAt(), view.birthday(), view.balance(), view.avatar(), view.nickname(), view.age(), view.lastSeen(), view.status(), view.hasLastLine() ? Optional.of(Line_Teleport.read(view.lastLine())) : Optional.empty(), List.of(s10));
    }

    /**
     * A flyweight over a {@code Account} struct: each accessor reads its field at an absolute little-endian
     * offset from the wrapped index, checking string and slice references before following them.
     * The buffer's indexes never move and nothing is allocated except decoded strings and
     * byte slices. Not thread-safe; reuse one per thread.
     *
     * <pre>
     * offset  size  field            type
     *      0    16  id               uuid
     *     16     8  createdAt        timestamp
     *     24     4  birthday         date
     *     28     8  balance          decimal (u32 offset, u32 length)
     *     36     8  avatar           bytes (u32 offset, u32 length)
     *     44    12  nickname         optional&lt;string&gt;
     *     56     8  age              optional&lt;i32&gt;
     *     64    16  lastSeen         optional&lt;i64&gt;
     *     80     2  status           optional&lt;enum&lt;Status&gt;:u8&gt;
     *     82     2  (padding)
     *     84    16  lastLine         optional&lt;struct Line&gt;
     *    100     8  logins           slice&lt;timestamp&gt; (u32 offset, u32 count)
     *    108     4  (padding)
     *          112  (total)          align 8
     * </pre>
     */
    public static final class View {
        /**
         * The message this view reads through.
         */
        private TeleportMessageFlyweight message;

        /**
         * Absolute index of the struct in the message.
         */
        private int offset;

        /**
         * The flyweight {@link #wrap(TeleportMessage)} wraps messages in, made on first use.
         */
        private TeleportMessageFlyweight own;

        private final Line_Teleport.View lastLineView = new Line_Teleport.View();

        /**
         * The checked reference of {@code logins}, or -1 (never a valid reference) until it is first checked.
         */
        private long ref$logins = -1L;

        /**
         * Wraps the root struct of the message {@code message} has validated; allocates nothing.
         * Returns {@code this}; nothing else is read or checked until an accessor is called.
         * @throws dev.dx.teleport.TeleportFormatException if the message is another type
         */
        public View wrap(TeleportMessageFlyweight message) {
            message.expect(LAYOUT);
            return wrap(message, TeleportRuntime.HEADER_SIZE);
        }

        /**
         * Wraps the struct at absolute index {@code offset} of the message {@code message} wraps.
         * Returns {@code this}. Generated views wrap nested structs and slice elements with it.
         */
        public View wrap(TeleportMessageFlyweight message, int offset) {
            // a reference store only when it changes: each costs a GC barrier, and an element view
            // is re-wrapped for every element
            if (this.message != message) {
                this.message = message;
            }
            this.offset = offset;
            this.ref$logins = -1L;
            return this;
        }

        /**
         * Wraps the root struct of {@code message}, which must be a Account, through a flyweight this view
         * keeps. Reads after the message's last release throw {@link IndexOutOfBoundsException}.
         * @throws dev.dx.teleport.TeleportFormatException if the message is another type
         */
        public View wrap(TeleportMessage message) {
            message.expect(LAYOUT);
            TeleportMessageFlyweight m = own;
            if (m == null) {
                m = own = new TeleportMessageFlyweight();
            }
            return wrap(m.wrap(message), TeleportRuntime.HEADER_SIZE);
        }

        /**
         * Reads {@code id} ({@code uuid}) as a UUID.
         */
        public UUID id() {
            return message.uuid(offset + ID_OFFSET);
        }

        /**
         * The most significant 64 bits of {@code id}; allocates nothing.
         */
        public long idHigh() {
            return message.uuidHigh(offset + ID_OFFSET);
        }

        /**
         * The least significant 64 bits of {@code id}; allocates nothing.
         */
        public long idLow() {
            return message.uuidLow(offset + ID_OFFSET);
        }

        /**
         * Reads {@code createdAt} ({@code timestamp}) as an Instant.
         */
        public Instant createdAt() {
            return message.timestamp(offset + CREATED_AT_OFFSET);
        }

        /**
         * Reads {@code createdAt} as stored: microseconds since 1970-01-01T00:00:00Z; allocates nothing.
         */
        public long createdAtMicros() {
            return message.i64(offset + CREATED_AT_OFFSET);
        }

        /**
         * Reads {@code birthday} ({@code date}) as a LocalDate.
         */
        public LocalDate birthday() {
            return message.date(offset + BIRTHDAY_OFFSET);
        }

        /**
         * Reads {@code birthday} as stored: days since 1970-01-01; allocates nothing.
         */
        public int birthdayEpochDay() {
            return message.i32(offset + BIRTHDAY_OFFSET);
        }

        /**
         * Reads {@code balance} ({@code decimal}), checking that its text is a plain decimal.
         */
        public BigDecimal balance() {
            return message.decimal(offset + BALANCE_OFFSET);
        }

        /**
         * A copy of {@code avatar} ({@code bytes}).
         */
        public byte[] avatar() {
            return message.bytes(offset + AVATAR_OFFSET);
        }

        /**
         * The bytes of {@code avatar} without a copy: a slice sharing the message's memory, valid
         * until the message is released (not retained).
         */
        public ByteBuf avatarSlice() {
            return message.stringBytes(offset + AVATAR_OFFSET);
        }

        /**
         * The number of bytes of {@code avatar}.
         */
        public int avatarLength() {
            return TeleportMessageFlyweight.refLength(message.stringRef(offset + AVATAR_OFFSET));
        }

        /**
         * Whether {@code nickname} ({@code optional<string>}) is present; reads its presence byte.
         * @throws dev.dx.teleport.TeleportFormatException if that byte is neither 0 nor 1
         */
        public boolean hasNickname() {
            return message.present(offset + NICKNAME_OFFSET);
        }

        /**
         * Reads {@code nickname} ({@code optional<string>}): when absent, empty, allocating nothing.
         */
        public Optional<String> nickname() {
            return hasNickname() ? Optional.of(message.string(offset + NICKNAME_OFFSET + 4)) : Optional.empty();
        }

        /**
         * Whether {@code age} ({@code optional<i32>}) is present; reads its presence byte.
         * @throws dev.dx.teleport.TeleportFormatException if that byte is neither 0 nor 1
         */
        public boolean hasAge() {
            return message.present(offset + AGE_OFFSET);
        }

        /**
         * Reads {@code age} ({@code optional<i32>}): when absent, null, allocating nothing.
         */
        public Integer age() {
            return hasAge() ? (Integer) message.i32(offset + AGE_OFFSET + 4) : null;
        }

        /**
         * Reads {@code age}, or returns {@code otherwise} when it is absent; never allocates.
         */
        public int ageOr(int otherwise) {
            return hasAge() ? message.i32(offset + AGE_OFFSET + 4) : otherwise;
        }

        /**
         * Whether {@code lastSeen} ({@code optional<i64>}) is present; reads its presence byte.
         * @throws dev.dx.teleport.TeleportFormatException if that byte is neither 0 nor 1
         */
        public boolean hasLastSeen() {
            return message.present(offset + LAST_SEEN_OFFSET);
        }

        /**
         * Reads {@code lastSeen} ({@code optional<i64>}): when absent, empty, allocating nothing.
         */
        public OptionalLong lastSeen() {
            return hasLastSeen() ? OptionalLong.of(message.i64(offset + LAST_SEEN_OFFSET + 8)) : OptionalLong.empty();
        }

        /**
         * Reads {@code lastSeen}, or returns {@code otherwise} when it is absent; never allocates.
         */
        public long lastSeenOr(long otherwise) {
            return hasLastSeen() ? message.i64(offset + LAST_SEEN_OFFSET + 8) : otherwise;
        }

        /**
         * Whether {@code status} ({@code optional<enum<Status>:u8>}) is present; reads its presence byte.
         * @throws dev.dx.teleport.TeleportFormatException if that byte is neither 0 nor 1
         */
        public boolean hasStatus() {
            return message.present(offset + STATUS_OFFSET);
        }

        /**
         * Reads {@code status} ({@code optional<enum<Status>:u8>}): when absent, empty, allocating nothing.
         */
        public Optional<Status> status() {
            return hasStatus() ? Optional.of(STATUS_VALUES[TeleportMessageFlyweight.ordinal(message.u8(offset + STATUS_OFFSET + 1), 3)]) : Optional.empty();
        }

        /**
         * Whether {@code lastLine} ({@code optional<struct Line{sku:string@0,quantity:i32@8}#12:4>}) is present; reads its presence byte.
         * @throws dev.dx.teleport.TeleportFormatException if that byte is neither 0 nor 1
         */
        public boolean hasLastLine() {
            return message.present(offset + LAST_LINE_OFFSET);
        }

        /**
         * Returns the view of {@code lastLine} ({@code optional<struct Line{sku:string@0,quantity:i32@8}#12:4>}), re-wrapped on each call (the same object each
         * time), or null when it is absent.
         */
        public Line_Teleport.View lastLine() {
            return hasLastLine() ? lastLineView.wrap(message, offset + LAST_LINE_OFFSET + 4) : null;
        }

        /**
         * The reference of {@code logins}, checked on first use after each wrap (and then kept: the
         * checked value is what later calls follow).
         */
        private long ref$logins() {
            long ref = ref$logins;
            if (ref == -1L) {
                ref = ref$logins = message.sliceRef(offset + LOGINS_OFFSET, 8, 8);
            }
            return ref;
        }

        /**
         * The number of elements of {@code logins} ({@code slice<timestamp>}).
         */
        public int loginsCount() {
            return TeleportMessageFlyweight.refLength(ref$logins());
        }

        /**
         * Reads element {@code index} of {@code logins}.
         * @throws IndexOutOfBoundsException if {@code index} is not below the count
         */
        public Instant logins(int index) {
            return message.timestamp(TeleportMessageFlyweight.element(ref$logins(), 8, index));
        }

        /**
         * The fields as read from the message, for logs and debugging; allocates.
         */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("Account{");
            try {
                out.append("id=");
                out.append(message.uuid(offset + ID_OFFSET));
                out.append(", createdAt=");
                out.append(message.timestamp(offset + CREATED_AT_OFFSET));
                out.append(", birthday=");
                out.append(message.date(offset + BIRTHDAY_OFFSET));
                out.append(", balance=");
                out.append(message.decimal(offset + BALANCE_OFFSET).toPlainString());
                out.append(", avatar=");
                out.append("0x").append(HexFormat.of().formatHex(message.bytes(offset + AVATAR_OFFSET)));
                out.append(", nickname=");
                if (hasNickname()) {
                    out.append('"').append(message.string(offset + NICKNAME_OFFSET + 4)).append('"');
                } else {
                    out.append("null");
                }
                out.append(", age=");
                if (hasAge()) {
                    out.append(message.i32(offset + AGE_OFFSET + 4));
                } else {
                    out.append("null");
                }
                out.append(", lastSeen=");
                if (hasLastSeen()) {
                    out.append(message.i64(offset + LAST_SEEN_OFFSET + 8));
                } else {
                    out.append("null");
                }
                out.append(", status=");
                if (hasStatus()) {
                    out.append(STATUS_VALUES[TeleportMessageFlyweight.ordinal(message.u8(offset + STATUS_OFFSET + 1), 3)]);
                } else {
                    out.append("null");
                }
                out.append(", lastLine=");
                if (hasLastLine()) {
                    out.append(lastLine());
                } else {
                    out.append("null");
                }
                out.append(", logins=");
                out.append('[');
                for (int i = 0, n = loginsCount(); i < n; i++) {
                    if (i != 0) {
                        out.append(", ");
                    }
                    out.append(logins(i));
                }
                out.append(']');
                out.append('}');
            } catch (RuntimeException e) {
                out.append(" (unreadable: ").append(e.getMessage()).append(')');
            }
            return out.toString();
        }
    }
}
