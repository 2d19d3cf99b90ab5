package dev.dx.cim.jwt;

/**
 * The check nimbus does not do: that a JWS compact segment is canonical base64url (RFC 7515 §2, RFC 4648
 * §5 without padding). Canonical means only the 64 alphabet characters, no {@code =}, a length that is
 * not 1 mod 4, and zero bits in the unused low bits of the last character, so that every byte string has
 * exactly one encoding and a token cannot be varied without changing what it decodes to.
 */
final class CanonicalBase64Url {

    private CanonicalBase64Url() {
    }

    /**
     * Whether {@code s[from, to)} is canonical unpadded base64url. The empty range is canonical (it encodes
     * no bytes).
     */
    static boolean isCanonical(String s, int from, int to) {
        int length = to - from;
        int remainder = length & 3;
        if (remainder == 1) {
            return false;
        }
        int last = 0;
        for (int i = from; i < to; i++) {
            last = value(s.charAt(i));
            if (last < 0) {
                return false;
            }
        }
        if (remainder == 2) {
            return (last & 0x0F) == 0; // 12 bits carry 8: the low 4 must be zero
        }
        if (remainder == 3) {
            return (last & 0x03) == 0; // 18 bits carry 16: the low 2 must be zero
        }
        return true;
    }

    /** The 6-bit value of base64url character {@code c}, or -1 outside the alphabet. */
    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        if (c == '_') {
            return 63;
        }
        return -1;
    }
}
