package dev.profundo.train;

/** Thrown when the loss becomes NaN or infinite: training stops instead of producing garbage weights. */
public class TrainingDivergedException extends RuntimeException {
    /** Creates the exception with a message naming the step and a likely cause. */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
