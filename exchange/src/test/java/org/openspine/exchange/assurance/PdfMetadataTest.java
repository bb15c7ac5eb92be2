package org.openspine.exchange.assurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openspine.platform.identifier.NhsNumber;

class PdfMetadataTest {

    @Test
    void aPdfsNhsNumberTitleAndCreationDateAreReadInOneGo() {
        byte[] pdf = TestLetters.pdf(Map.of("NHSNumber", "943 476 5919", "CreationDate", "D:20261119143000Z"));

        PdfMetadata.Facts facts = PdfMetadata.read(pdf);

        assertThat(facts.nhsNumber()).isEqualTo(new PdfMetadata.Finding.Found(new NhsNumber(TestLetters.NHS_NUMBER)));
        assertThat(facts.title()).contains("Clinic letter");
        assertThat(facts.created()).contains(Instant.parse("2026-11-19T14:30:00Z"));
    }

    @Test
    void aPdfWithoutACreationDateHasNoneAndABrokenOneReadsNothing() {
        assertThat(PdfMetadata.read(TestLetters.pdf(Map.of())).created()).isEmpty();
        PdfMetadata.Facts broken = PdfMetadata.read("%PDF-1.4 and then nothing".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(broken.nhsNumber()).isInstanceOf(PdfMetadata.Finding.Unreadable.class);
        assertThat(broken.title()).isEmpty();
    }

    @Test
    void aPdfDateIsReadWithItsOffsetAndInUkTimeWhenItHasNone() {
        assertThat(PdfMetadata.date("D:20260105103000+01'00'")).contains(Instant.parse("2026-01-05T09:30:00Z"));
        assertThat(PdfMetadata.date("D:20260705103000")).contains(Instant.parse("2026-07-05T09:30:00Z"));
        assertThat(PdfMetadata.date("D:2026")).contains(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(PdfMetadata.date("20260105103000Z")).contains(Instant.parse("2026-01-05T10:30:00Z"));
        assertThat(PdfMetadata.date("D:20261345")).isEmpty();
        assertThat(PdfMetadata.date("yesterday")).isEmpty();
        assertThat(PdfMetadata.date(null)).isEmpty();
    }

    @Test
    void everyFindingButFoundSaysWhatIsWrong() {
        assertThat(new PdfMetadata.Finding.Found(new NhsNumber(TestLetters.NHS_NUMBER)).problem()).isEmpty();
        assertThat(new PdfMetadata.Finding.Absent().problem()).contains("this PDF's metadata carries no NHS Number "
                + "(looked for in its document information entries and its XMP metadata)");
        assertThat(new PdfMetadata.Finding.Conflicting(2).problem()).contains("this PDF's metadata carries 2 different "
                + "NHS Numbers, so it cannot be filed for one patient");
    }
}
