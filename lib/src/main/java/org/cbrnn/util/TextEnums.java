package org.cbrnn.util;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The stored text form of enums (lower-case names, as in CSV files and tables) and its parser. */
public final class TextEnums {
    private TextEnums() {}

    /** The lower-case name, e.g. {@code JOINT -> "joint"}. */
    public static String text(Enum<?> e) {
        Check.notNull("e", e);
        return e.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant whose {@link #text} is {@code value} (case-insensitive, trimmed).
     *
     * @param what what the value is, for the error ("phase", "status")
     * @throws IllegalArgumentException naming {@code what} and every allowed value
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        Check.notNull("type", type);
        Check.notNull("value", value);
        Check.notNull("what", what);
        String t = value.trim();
        for (E v : type.getEnumConstants()) if (text(v).equalsIgnoreCase(t)) return v;
        String allowed = Arrays.stream(type.getEnumConstants()).map(TextEnums::text).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(what + " must be one of " + allowed + "; got '" + value + "'");
    }
}
