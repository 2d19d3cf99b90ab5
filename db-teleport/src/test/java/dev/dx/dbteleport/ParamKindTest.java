package dev.dx.dbteleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.dbteleport.internal.ParamKind;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Parameter kinds: which PostgreSQL types they take, what they accept, and the key form they keep. */
@Timeout(10)
class ParamKindTest {

    @Test
    void kindsFromTypeNames() {
        assertThat(ParamKind.of(Types.SMALLINT, "int2")).isEqualTo(ParamKind.SMALLINT);
        assertThat(ParamKind.of(Types.INTEGER, "INT4")).isEqualTo(ParamKind.INTEGER);
        assertThat(ParamKind.of(Types.BIGINT, "int8")).isEqualTo(ParamKind.BIGINT);
        assertThat(ParamKind.of(Types.REAL, "float4")).isEqualTo(ParamKind.FLOAT);
        assertThat(ParamKind.of(Types.NUMERIC, "numeric")).isEqualTo(ParamKind.NUMERIC);
        assertThat(ParamKind.of(Types.VARCHAR, "varchar")).isEqualTo(ParamKind.TEXT);
        assertThat(ParamKind.of(Types.VARCHAR, "mood")).as("an enum, sent untyped").isEqualTo(ParamKind.ENUM);
        assertThat(ParamKind.of(Types.OTHER, "point")).isNull();
        assertThat(ParamKind.of(Types.OTHER, null)).isNull();
        assertThat(ParamKind.of(Types.BINARY, "bytea")).isEqualTo(ParamKind.BYTES);
    }

    @Test
    void integersAreOneKeyAndRangeChecked() {
        assertThat(ParamKind.INTEGER.normalize((short) 5, "q", 1)).isEqualTo(5L);
        assertThat(ParamKind.INTEGER.normalize(5, "q", 1)).isEqualTo(5L);
        assertThat(ParamKind.INTEGER.normalize(5L, "q", 1)).isEqualTo(5L);
        assertThatThrownBy(() -> ParamKind.SMALLINT.normalize(40_000, "q", 1))
                .hasMessage("query q: parameter 1 : 40000 (expected: smallint (Short, Integer or Long) in -32768..32767)");
        assertThatThrownBy(() -> ParamKind.INTEGER.normalize(1L << 40, "q", 1)).hasMessageContaining("in -2147483648..");
        assertThatThrownBy(() -> ParamKind.BIGINT.normalize(1.0, "q", 1))
                .hasMessage("query q: parameter 1 : java.lang.Double (expected: bigint (Short, Integer or Long))");
    }

    @Test
    void everyKindNormalisesAndRefusesOthers() {
        assertThat(ParamKind.FLOAT.normalize(1.5f, "q", 1)).isEqualTo(1.5);
        assertThat(ParamKind.NUMERIC.normalize(new BigDecimal("1.500"), "q", 1)).isEqualTo(new BigDecimal("1.5"));
        assertThat(ParamKind.NUMERIC.normalize(new BigDecimal("1E+3"), "q", 1)).isEqualTo(new BigDecimal("1000"));
        assertThat(ParamKind.NUMERIC.normalize(7, "q", 1)).isEqualTo(new BigDecimal("7"));
        assertThat(ParamKind.BOOLEAN.normalize(true, "q", 1)).isEqualTo(true);
        UUID u = UUID.randomUUID();
        assertThat(ParamKind.UUID_.normalize(u, "q", 1)).isEqualTo(u);
        assertThat(ParamKind.DATE.normalize(LocalDate.EPOCH, "q", 1)).isEqualTo(LocalDate.EPOCH);
        assertThat(ParamKind.TIMESTAMP.normalize(Instant.EPOCH, "q", 1)).isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 0));
        assertThat(ParamKind.TIMESTAMPTZ.normalize(OffsetDateTime.of(2024, 1, 1, 2, 0, 0, 0, ZoneOffset.ofHours(2)), "q", 1))
                .isEqualTo(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        byte[] bytes = {1, 2};
        Object copy = ParamKind.BYTES.normalize(bytes, "q", 1);
        assertThat(copy).isEqualTo(bytes).isNotSameAs(bytes);
        assertThat(ParamKind.TEXT.normalize(null, "q", 1)).isNull();
        for (ParamKind kind : ParamKind.values()) {
            assertThatThrownBy(() -> kind.normalize(new Object(), "q", 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("query q: parameter 1 : java.lang.Object (expected: " + kind.expected());
        }
    }

    @Test
    void keyTextIsPostgresText() {
        assertThat(ParamKind.keyText(42L)).isEqualTo("42");
        assertThat(ParamKind.keyText(new BigDecimal("1E+2"))).isEqualTo("100");
        assertThat(ParamKind.keyText("a b")).isEqualTo("a b");
    }
}
