package dev.dx.teleport;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Teleport/1.1 §7's field names for a result's columns, given in select-list order: each label
 * lowercased, every character other than {@code a-z}, {@code 0-9} and {@code _} replaced by
 * {@code _}, a leading digit prefixed with {@code _}, and a name already taken suffixed with
 * {@code _2}, {@code _3}, ..., the first of these not yet taken. Not thread-safe; one per result.
 */
final class ColumnFieldNames {

    private final Set<String> taken = new HashSet<>();

    /** The field name for the next column, labelled {@code label}. */
    String next(String label) {
        String name = fieldName(label);
        String unique = name;
        for (int suffix = 2; !taken.add(unique); suffix++) {
            unique = name + "_" + suffix;
        }
        return unique;
    }

    /** {@code label} under §7's rules, before repeats are told apart. */
    static String fieldName(String label) {
        String lower = label.toLowerCase(Locale.ROOT);
        StringBuilder name = new StringBuilder(lower.length() + 1);
        for (int i = 0; i < lower.length(); ) {
            int c = lower.codePointAt(i);
            boolean kept = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
            name.append(kept ? (char) c : '_');
            i += Character.charCount(c);
        }
        if (name.length() > 0 && name.charAt(0) >= '0' && name.charAt(0) <= '9') {
            name.insert(0, '_');
        }
        return name.toString();
    }
}
