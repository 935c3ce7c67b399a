package org.cbrnn.util;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;

/** The kit's binary files end with a CRC32 of everything before it: {@link #seal} appends it, {@link #verify} checks it. */
public final class Crc {
    private Crc() {}

    /** {@code body} followed by its CRC32 (8 bytes, big-endian long). */
    public static byte[] seal(byte[] body) {
        Check.notNull("body", body);
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream all = new ByteArrayOutputStream(body.length + 8);
        try {
            all.write(body);
            new DataOutputStream(all).writeLong(crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream failed", e); // cannot happen for byte arrays
        }
        return all.toByteArray();
    }

    /** True if the last 8 bytes of {@code all} are the CRC32 of the rest. */
    public static boolean verify(byte[] all) {
        Check.notNull("all", all);
        if (all.length < 8) return false;
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        try {
            return crc.getValue() == new DataInputStream(new ByteArrayInputStream(all, all.length - 8, 8)).readLong();
        } catch (IOException e) {
            return false;
        }
    }
}
