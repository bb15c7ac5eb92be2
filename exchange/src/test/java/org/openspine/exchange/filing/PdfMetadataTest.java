package org.openspine.exchange.filing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.openspine.platform.identifier.NhsNumber;

class PdfMetadataTest {

    @Test
    void theNhsNumberIsReadFromTheInformationDictionaryAsALiteralOrHexString() {
        assertThat(of("<< /NHSNumber (943 476 5919) >>").nhsNumber()).contains("9434765919");
        assertThat(of("<< /NHSNumber <414243> >>").nhsNumber()).isEmpty();
        assertThat(of("<< /NHSNumber <39343334373635393139> >>").nhsNumber()).contains("9434765919");
    }

    @Test
    void theNhsNumberIsReadFromXmpAsAnElementOrAnAttribute() {
        assertThat(of("<x:xmpmeta><rdf:Description><nhs:NHSNumber>9434765919</nhs:NHSNumber>").nhsNumber())
                .contains("9434765919");
        assertThat(of("<rdf:Description openspine:NHSNumber=\"943 476 5919\"/>").nhsNumber()).contains("9434765919");
    }

    @Test
    void aNumberFailingItsCheckDigitIsNoNhsNumberAndALaterValidOneIsTaken() {
        assertThat(of("<< /NHSNumber (9434765918) >>").nhsNumber()).isEmpty();
        assertThat(of("<< /NHSNumber (9434765918) >> <nhs:NHSNumber>9434765919</nhs:NHSNumber>").nhsNumber())
                .contains("9434765919");
    }

    @Test
    void theCreationDateIsReadWithItsOffsetAndUkTimeWhenItHasNone() {
        assertThat(of("/CreationDate (D:20260105103000+01'00')").created()).contains(Instant.parse("2026-01-05T09:30:00Z"));
        assertThat(of("/CreationDate (D:20260705103000)").created()).contains(Instant.parse("2026-07-05T09:30:00Z"));
        assertThat(of("/CreationDate (D:2026)").created()).contains(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(of("/CreationDate (D:20261345)").created()).isEmpty();
        assertThat(of("/Title (Clinic letter)").title()).contains("Clinic letter");
    }

    @Test
    void onlyAPdfIsAPdf() {
        assertThat(PdfMetadata.isPdf("%PDF-1.7".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(PdfMetadata.isPdf("%PDF".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(PdfMetadata.isPdf("{\"resourceType\":".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Property
    void everyValidNhsNumberIsReadBackHoweverItIsSpaced(@ForAll @IntRange(min = 0, max = 999_999_999) int stem,
            @ForAll boolean spaced) {
        String digits = String.format("%09d", stem);
        int check = NhsNumber.checkDigit(digits);
        if (check < 0 || check > 9) {
            return;
        }
        String number = digits + check;
        String written = spaced ? number.substring(0, 3) + " " + number.substring(3, 6) + " " + number.substring(6) : number;
        assertThat(of("%PDF-1.4\n1 0 obj << /NHSNumber (" + written + ") >> endobj").nhsNumber()).contains(number);
    }

    private static PdfMetadata of(String text) {
        return PdfMetadata.of(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
