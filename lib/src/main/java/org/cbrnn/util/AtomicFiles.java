package org.cbrnn.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;

/** Write-then-rename: readers see either the old file or the complete new one, never a partial write. */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void write(Path target, byte[] content) throws IOException {
        // an interrupt (a notebook's stop button) must not abort a write half way: FileChannel would close with
        // ClosedByInterruptException; the flag is cleared for the write and restored after it
        boolean interrupted = Thread.interrupted();
        try {
            writeUninterrupted(target, content);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static void writeUninterrupted(Path target, byte[] content) throws IOException {
        Check.notNull("target", target);
        Check.notNull("content", content);
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String content) throws IOException {
        Check.notNull("target", target);
        Check.notNull("content", content);
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }
}
