package org.openspine.server.demo;

import org.openspine.platform.identifier.NhsNumber;

/**
 * Maps a patient index to a distinct, valid NHS Number in the 999 test range, which the NHS never issues
 * to real people.
 *
 * <p>Slot {@code k} is written as block {@code k / 9} (five digits after 999) and position {@code k % 9}:
 * the ninth stem digit is the position-th digit 0-9 whose stem has a Modulus 11 check digit. Each block of
 * ten stems has at least nine such digits (the weight-2 digit moves the sum through ten distinct residues,
 * and only one residue has no check digit), so every slot exists and no two slots share a number. The
 * index is rotated by a seed-derived offset so that different seeds mostly yield different patients.
 */
final class NhsNumberSequence {

    /** How many distinct numbers one sequence can give: 100,000 blocks of nine. */
    static final int CAPACITY = 100_000 * 9;

    private final int rotation;

    NhsNumberSequence(long mixedSeed) {
        this.rotation = (int) Math.floorMod(mixedSeed, (long) CAPACITY);
    }

    /** @throws IllegalArgumentException when {@code index} is outside {@code [0, CAPACITY)} */
    NhsNumber numberFor(int index) {
        if (index < 0 || index >= CAPACITY) {
            throw new IllegalArgumentException(
                    "synthetic population: patient index must be in [0, " + CAPACITY + "), was " + index);
        }
        int slot = (index + rotation) % CAPACITY;
        String prefix = "999" + String.format("%05d", slot / 9);
        int wanted = slot % 9;
        for (int digit = 0; digit <= 9; digit++) {
            String stem = prefix + digit;
            int check = NhsNumber.checkDigit(stem);
            if (check >= 0 && wanted-- == 0) {
                return new NhsNumber(stem + check);
            }
        }
        throw new IllegalStateException("synthetic population: no NHS Number for slot " + slot);
    }
}
