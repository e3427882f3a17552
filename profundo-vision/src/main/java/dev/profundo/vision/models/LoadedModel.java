package dev.profundo.vision.models;

import dev.profundo.nn.Layer;

/** A trained model rebuilt from its file, in eval mode, with the card that says how to feed it. */
public record LoadedModel(Layer model, ModelCard card) {}
