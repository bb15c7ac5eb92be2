package org.openspine.identity.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.openspine.fhir.FhirServices;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.SearchParameters;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.platform.database.Database;
import org.openspine.platform.database.TestDatabase;
import org.openspine.platform.error.OpenSpineException;
import org.openspine.platform.identifier.NhsNumber;

class NhsNumberAllocatorIT {

    private static final FhirCodec CODEC = new FhirCodec();
    private static final Database DATABASE = TestDatabase.shared();
    private static final FhirServices SERVICES = FhirServices.open(DATABASE, CODEC,
            SearchParameters.r4(CODEC.context().getResourceTypes()), new ProfileValidation(CODEC.context(), Optional.empty()),
            java.time.Clock.systemUTC(), "test");

    @Test
    void numbersAreValidDistinctInRangeAndNeverHandedOutTwiceEvenAfterARollbackOrARestart() {
        NhsNumberRange range = new NhsNumberRange(999_100_000L, 999_199_999L);
        Set<String> seen = new HashSet<>();
        NhsNumberAllocator first = new NhsNumberAllocator(range, SERVICES.store().paramIds());
        for (int i = 0; i < 500; i++) {
            seen.add(DATABASE.inTransaction(connection -> first.allocate(connection)).value());
        }
        String rolledBack = allocateThenRollBack(first);
        NhsNumberAllocator restarted = new NhsNumberAllocator(range, SERVICES.store().paramIds());
        for (int i = 0; i < 500; i++) {
            seen.add(DATABASE.inTransaction(connection -> restarted.allocate(connection)).value());
        }

        assertThat(seen).hasSize(1000).doesNotContain(rolledBack);
        assertThat(seen).allSatisfy(number -> {
            assertThat(NhsNumber.isValid(number)).isTrue();
            assertThat(Long.parseLong(number.substring(0, 9))).isBetween(range.first(), range.last());
        });
    }

    @Test
    void aNumberSomePatientAlreadyCarriesIsPassedOver() {
        NhsNumberRange range = new NhsNumberRange(999_200_000L, 999_299_999L);
        NhsNumberAllocator allocator = new NhsNumberAllocator(range, SERVICES.store().paramIds());
        // every candidate of the next few stems is already someone's: the allocator must go past them all
        List<String> taken = DATABASE.inTransaction(connection -> {
            long next;
            try (var statement = connection.createStatement();
                 var row = statement.executeQuery("SELECT last_value + 1 FROM nhs_number_allocation")) {
                row.next();
                next = row.getLong(1);
            }
            List<String> numbers = new java.util.ArrayList<>();
            for (long stem = range.first() + next; stem < range.first() + next + 5; stem++) {
                int check = NhsNumber.checkDigit(Long.toString(stem));
                if (check >= 0) {
                    String number = Long.toString(stem) + check;
                    numbers.add(number);
                    SERVICES.store().create(connection, CODEC.parseStored("{\"resourceType\":\"Patient\",\"identifier\":"
                            + "[{\"system\":\"" + NhsNumber.SYSTEM + "\",\"value\":\"" + number + "\"}]}"));
                }
            }
            return numbers;
        });

        String allocated = DATABASE.inTransaction(connection -> allocator.allocate(connection)).value();

        assertThat(taken).isNotEmpty().doesNotContain(allocated);
    }

    @Test
    void aUsedUpRangeIsRefused() {
        NhsNumberRange tiny = new NhsNumberRange(999_300_000L, 999_300_000L);
        NhsNumberAllocator allocator = new NhsNumberAllocator(tiny, SERVICES.store().paramIds());
        // the sequence has moved past offset 0 in the tests above, so a one-stem range is used up
        DATABASE.inTransaction(connection -> new NhsNumberAllocator(NhsNumberRange.TEST, SERVICES.store().paramIds())
                .allocate(connection));

        assertThatThrownBy(() -> DATABASE.inTransaction(connection -> allocator.allocate(connection)))
                .isInstanceOf(OpenSpineException.Unavailable.class).hasMessageContaining("used up");
    }

    @Property
    void aRangeIsTwoNineDigitStemsInOrder(@ForAll @LongRange(min = 100_000_000L, max = 999_999_999L) long a,
            @ForAll @LongRange(min = 100_000_000L, max = 999_999_999L) long b) {
        String text = a + "-" + b;
        if (a <= b) {
            assertThat(NhsNumberRange.parse(text)).isEqualTo(new NhsNumberRange(a, b));
        } else {
            assertThatThrownBy(() -> NhsNumberRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property
    void malformedRangesAreRefused(@ForAll String text) {
        boolean wellFormed = text.replace(" ", "").matches("\\d{9}-\\d{9}");
        if (!wellFormed) {
            assertThatThrownBy(() -> NhsNumberRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static String allocateThenRollBack(NhsNumberAllocator allocator) {
        String[] allocated = new String[1];
        try {
            DATABASE.inTransaction(connection -> {
                allocated[0] = allocator.allocate(connection).value();
                throw new OpenSpineException.Conflict("roll back on purpose");
            });
        } catch (OpenSpineException.Conflict expected) {
            // rolled back: the number was never used, and must still never come again
        }
        return allocated[0];
    }
}
