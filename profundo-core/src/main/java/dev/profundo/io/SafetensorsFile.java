package dev.profundo.io;

import dev.profundo.tensor.Tensor;

import java.util.Map;

/**
 * The contents of a safetensors file: its tensors in file order and its {@code __metadata__}
 * strings (empty when the file has none).
 */
public record SafetensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {}
