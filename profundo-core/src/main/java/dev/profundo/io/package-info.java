/**
 * Files: {@link dev.profundo.io.Safetensors} reads and writes model weights in the safetensors
 * format shared with PyTorch; {@link dev.profundo.io.AtomicFile} replaces a file all at once or
 * not at all; {@link dev.profundo.io.Json} is the strict JSON reader and writer used by headers,
 * run logs and command-line output.
 *
 * <p>Loading never trusts a file: every length, offset, dtype and shape is checked before any
 * data is read, and any problem is a {@link dev.profundo.io.SafetensorsException} naming the file.
 */
package dev.profundo.io;
