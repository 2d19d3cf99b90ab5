package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every Teleport/1.1 type (§6), in the shape of the {@code teleport/every-type.hex} golden
 * vector: the five fixed types, optionals of several of them held as a boxed primitive or an
 * {@code Optional}, and slices of the five, as Lists and as arrays.
 */
@Teleport
public record Everything(byte[] blob, Instant at, LocalDate day, UUID id, BigDecimal price,
        Integer maybeInt, Optional<String> maybeName, Optional<UUID> maybeId, Boolean maybeFlag,
        Optional<Instant> maybeAt, Optional<BigDecimal> maybePrice, Optional<byte[]> maybeBlob,
        Optional<LocalDate> maybeDay, List<byte[]> blobs, Instant[] stamps, List<LocalDate> days,
        UUID[] ids, List<BigDecimal> prices) {
}
