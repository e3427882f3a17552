package dev.profundo.io;

import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** A read-only channel over a byte array, so fuzzing does not pay for thousands of file writes. */
final class ByteArrayChannel implements SeekableByteChannel {
    private final byte[] bytes;
    private long position;

    ByteArrayChannel(byte[] bytes) { this.bytes = bytes; }

    @Override
    public int read(ByteBuffer dst) {
        if (position >= bytes.length) return -1;
        int n = (int) Math.min(dst.remaining(), bytes.length - position);
        dst.put(bytes, (int) position, n);
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) { throw new NonWritableChannelException(); }

    @Override
    public long position() { return position; }

    @Override
    public SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() { return bytes.length; }

    @Override
    public SeekableByteChannel truncate(long size) { throw new NonWritableChannelException(); }

    @Override
    public boolean isOpen() { return true; }

    @Override
    public void close() {}
}
