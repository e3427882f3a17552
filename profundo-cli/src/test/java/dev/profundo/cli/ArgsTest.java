package dev.profundo.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgsTest {
    private static final OptionSpec SPEC = new OptionSpec()
            .value("epochs", "N", "epochs").value("lr", "X", "rate").value("model", "NAME", "model").flag("augment", "aug")
            .value("label-smoothing", "X", "smoothing").value("weight-decay", "X", "decay");

    private static Args parse(String... tokens) {
        return Args.parse("train", SPEC, List.of(tokens), false);
    }

    @Test
    void readsSpacedAndEqualsFormsFlagsAndPositionals() {
        Args a = parse("--epochs", "3", "--lr=0.5", "--augment", "file.png");
        assertEquals(3, a.getInt("epochs", 1, 1, 10));
        assertEquals(0.5, a.getPositive("lr", 1));
        assertTrue(a.has("augment"));
        assertEquals(List.of("file.png"), a.positional());
    }

    @Test
    void absentOptionsGiveTheirDefaults() {
        Args a = parse();
        assertEquals(7, a.getInt("epochs", 7, 1, 10));
        assertFalse(a.has("augment"));
        assertEquals("cnn", a.getChoice("model", "cnn", List.of("cnn", "mlp")));
    }

    @Test
    void anUnknownOptionIsAUsageErrorNamingItAndTheHelp() {
        var e = assertThrows(UsageException.class, () -> parse("--epoch", "3"));
        assertEquals("unknown option '--epoch' for 'train'; see 'profundo train --help'", e.getMessage());
    }

    @Test
    void aMissingValueIsAUsageError() {
        var e = assertThrows(UsageException.class, () -> parse("--epochs"));
        assertTrue(e.getMessage().contains("--epochs needs a value (N)"), e.getMessage());
    }

    @Test
    void aFlagGivenAValueIsAUsageError() {
        assertThrows(UsageException.class, () -> parse("--augment=yes"));
    }

    @Test
    void malformedAndOutOfRangeNumbersNameTheOption() {
        assertEquals("option --epochs expects a whole number, got 'three'",
                assertThrows(UsageException.class, () -> parse("--epochs", "three").getInt("epochs", 1, 1, 10)).getMessage());
        assertEquals("option --epochs must be between 1 and 10, got 0",
                assertThrows(UsageException.class, () -> parse("--epochs", "0").getInt("epochs", 1, 1, 10)).getMessage());
        assertTrue(assertThrows(UsageException.class, () -> parse("--lr", "-1").getPositive("lr", 1))
                .getMessage().contains("positive"));
        assertTrue(assertThrows(UsageException.class, () -> parse("--lr", "NaN").getPositive("lr", 1))
                .getMessage().contains("positive"));
    }

    @Test
    void aFractionMustLieInZeroToOne() {
        assertEquals(0.1, parse("--label-smoothing", "0.1").getFraction("label-smoothing", 0));
        assertEquals(0.0, parse().getFraction("label-smoothing", 0));
        assertEquals("option --label-smoothing must be at least 0 and below 1, got 1",
                assertThrows(UsageException.class, () -> parse("--label-smoothing", "1").getFraction("label-smoothing", 0))
                        .getMessage());
        assertThrows(UsageException.class, () -> parse("--label-smoothing", "-0.1").getFraction("label-smoothing", 0));
        assertThrows(UsageException.class, () -> parse("--label-smoothing", "NaN").getFraction("label-smoothing", 0));
    }

    @Test
    void aNonNegativeNumberAcceptsZeroAndRejectsNegativesAndNonFiniteValues() {
        assertEquals(0.0, parse("--weight-decay", "0").getNonNegative("weight-decay", 1));
        assertEquals(1.5, parse("--weight-decay", "1.5").getNonNegative("weight-decay", 0));
        assertEquals(0.05, parse().getNonNegative("weight-decay", 0.05));
        assertEquals("option --weight-decay must be a number at least 0, got -1",
                assertThrows(UsageException.class, () -> parse("--weight-decay", "-1").getNonNegative("weight-decay", 0))
                        .getMessage());
        assertThrows(UsageException.class, () -> parse("--weight-decay", "NaN").getNonNegative("weight-decay", 0));
        assertThrows(UsageException.class, () -> parse("--weight-decay", "Infinity").getNonNegative("weight-decay", 0));
        assertTrue(assertThrows(UsageException.class, () -> parse("--weight-decay", "lots").getNonNegative("weight-decay", 0))
                .getMessage().contains("expects a number"));
    }

    @Test
    void aChoiceOutsideTheListNamesTheChoices() {
        var e = assertThrows(UsageException.class, () -> parse("--model", "vgg").getChoice("model", "cnn", List.of("cnn", "mlp")));
        assertEquals("option --model must be one of cnn, mlp, got 'vgg'", e.getMessage());
    }

    @Test
    void doubleDashEndsOptionsAndRunModeKeepsTheProgramsArguments() {
        assertEquals(List.of("--epochs"), parse("--", "--epochs").positional());
        Args run = Args.parse("run", new OptionSpec(), List.of("Train.java", "--epochs", "3"), true);
        assertEquals(List.of("Train.java", "--epochs", "3"), run.positional());
    }
}
