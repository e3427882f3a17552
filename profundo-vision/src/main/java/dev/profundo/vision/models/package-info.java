/**
 * Vision models and their registry: {@code mlp}, {@code cnn} (the benchmark network) and
 * {@code resnet}, built by name with {@link dev.profundo.vision.models.Models#create} and rebuilt
 * from a trained file with {@link dev.profundo.vision.models.Models#load}, whose header carries a
 * {@link dev.profundo.vision.models.ModelCard} (architecture, input size, classes, normalisation).
 *
 * <pre>{@code
 * Layer cnn = Models.create("cnn", InputSpec.MNIST);                 // 421,642 parameters
 * LoadedModel m = Models.load(Path.of("runs/x/model.safetensors"));   // ready for inference
 * }</pre>
 */
package dev.profundo.vision.models;
