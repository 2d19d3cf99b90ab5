package dev.dx.teleport.processor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Constant names of generated offsets. */
class NamesTest {

    @ParameterizedTest
    @CsvSource({
        "id, ID",
        "homeAddress, HOME_ADDRESS",
        "urlPath2, URL_PATH2",
        "URLPath, URL_PATH",
        "a1B, A1_B",
        "x, X",
        "already_snake, ALREADY_SNAKE",
        "HTTP, HTTP"})
    void constantPrefix(String field, String constant) {
        assertThat(Names.constantPrefix(field)).isEqualTo(constant);
    }
}
