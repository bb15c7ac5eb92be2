package org.openspine.server.demo;

import org.openspine.platform.identifier.NhsNumber;

/**
 * Maps a patient index to a distinct, valid NHS Number beginning with 9, which the NHS never issues to real
 * people: the first {@value #TIER} indexes to the 999 test range, each further {@value #TIER} to the next
 * prefix down (998, 997, ... 990), so a population can hold more people than the 999 range has numbers.
 *
 * <p>Within a tier, slot {@code k} is written as block {@code k / 9} (five digits after the prefix) and
 * position {@code k % 9}: the ninth stem digit is the position-th digit 0-9 whose stem has a Modulus 11 check
 * digit. Each block of ten stems has at least nine such digits (the weight-2 digit moves the sum through ten
 * distinct residues, and only one residue has no check digit), so every slot exists and no two slots share a
 * number. The index is rotated within its tier by a seed-derived offset so that different seeds mostly yield
 * different patients; the first tier's numbers are those the sequence gave before it had tiers.
 */
final class NhsNumberSequence {

    /** How many distinct numbers one prefix gives: 100,000 blocks of nine. */
    static final int TIER = 100_000 * 9;
    /** How many distinct numbers one sequence can give: ten prefixes, 999 down to 990. */
    static final int CAPACITY = 10 * TIER;

    private final int rotation;

    NhsNumberSequence(long mixedSeed) {
        this.rotation = (int) Math.floorMod(mixedSeed, (long) TIER);
    }

    /** @throws IllegalArgumentException when {@code index} is outside {@code [0, CAPACITY)} */
    NhsNumber numberFor(int index) {
        if (index < 0 || index >= CAPACITY) {
            throw new IllegalArgumentException(
                    "synthetic population: patient index must be in [0, " + CAPACITY + "), was " + index);
        }
        int slot = (index % TIER + rotation) % TIER;
        String prefix = (999 - index / TIER) + String.format("%05d", slot / 9);
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
